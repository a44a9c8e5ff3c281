"""Forms for competitions: setting one up, an entry, a judge's scores, the places, publishing."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.competitions.models import MOST_CATEGORIES, MOST_CRITERIA, EntryKind, PhotoRule, Place
from app.competitions.photos import ACCEPT, kept_name, kept_token
from app.forms import (
    DayField,
    MaxLength,
    MultiCheckboxField,
    NumberBetweenField,
    OneLanguageRequired,
    strip_whitespace,
    tidy_pupil_name,
    year_group_label,
)
from app.i18n import plain_localized
from app.uploads import megabytes

#: year groups an entry may be from: nursery to year 13
YEAR_GROUPS = list(range(-1, 14))
#: the choice for "no place" in the places form (an empty value would look like a missing answer)
NO_PLACE = "none"
HIGHEST_SCORE = 100


def _id_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class CompetitionForm(FlaskForm):
    """A competition: title, rules, the activity, the window, entries, categories, rubric, judges.

    The category and criterion rows are added below the class: a fixed number of rows, so the form
    works without JavaScript; empty rows are left out.
    """

    activity_id = SelectField(_l("Calendar activity"), coerce=_id_or_none, validate_choice=False)
    title_en = StringField(_l("Title in English"), filters=[strip_whitespace],
                           validators=[OneLanguageRequired(), MaxLength(200)])
    title_cy = StringField(_l("Title in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    rules_en = TextAreaField(_l("Rules in English"), filters=[strip_whitespace], validators=[MaxLength(5000)])
    rules_cy = TextAreaField(_l("Rules in Welsh"), filters=[strip_whitespace], validators=[MaxLength(5000)])
    opens_on = DayField(_l("Entries open on"), validators=[InputRequired(_l("Enter the first day for entries"))])
    closes_on = DayField(_l("Entries close on"), validators=[InputRequired(_l("Enter the last day for entries"))],
                         description=_l("Schools can enter, change and withdraw entries until the end of this day."))
    entry_kind = RadioField(_l("Each entry is from"), default=EntryKind.INDIVIDUAL.value,
                            choices=[SelectChoice(kind.value, kind.label) for kind in EntryKind],
                            validators=[InputRequired(_l("Choose whom each entry is from"))])
    photo_rule = RadioField(_l("Photos"), default=PhotoRule.ALLOWED.value,
                            choices=[SelectChoice(rule.value, rule.label) for rule in PhotoRule],
                            validators=[InputRequired(_l("Choose whether entries have a photo"))])
    cap_per_school = NumberBetweenField(_l("Most entries per school in each category"), high=50, default=3)
    anonymous_judging = BooleanField(_l("Anonymous judging: judges do not see the schools"), default=True)
    points_first = NumberBetweenField(_l("Points for first place"), low=0, high=100, default=5)
    points_second = NumberBetweenField(_l("Points for second place"), low=0, high=100, default=3)
    points_third = NumberBetweenField(_l("Points for third place"), low=0, high=100, default=1)
    judges = MultiCheckboxField(_l("Judges"), coerce=int, validate_choice=False,
                                description=_l("Staff and leaders of the cluster who score the entries."))
    submit = SubmitField(_l("Save competition"))

    def __init__(self, *args, activities=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_id.choices = [SelectChoice(activity.id, plain_localized(activity, "title"))
                                    for activity in activities]
        self.activity_ids = {activity.id for activity in activities}
        self.judges.choices = [SelectChoice(person.id, person.name) for person in people]
        self.people_ids = {person.id for person in people}
        for number in range(1, MOST_CATEGORIES + 1):
            for part, empty in (("from", _l("Any")), ("to", _l("Any"))):
                self[f"category_{number}_{part}"].choices = [SelectChoice("", empty)] + [
                    SelectChoice(year, year_group_label(year)) for year in YEAR_GROUPS]

    def validate_activity_id(self, field):
        if field.data not in self.activity_ids:
            raise ValidationError(_("Choose an activity of the calendar"))

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_("Entries cannot close before they open"))

    def validate_judges(self, field):
        if any(person_id not in self.people_ids for person_id in field.data or []):
            raise ValidationError(_("Choose judges from the list"))

    def rows(self, kind: str, count: int) -> list[dict]:
        """The filled rows of a repeated group: [{'en': …, 'cy': …, 'max': …}]."""
        rows = []
        for number in range(1, count + 1):
            english, welsh = self[f"{kind}_{number}_en"].data, self[f"{kind}_{number}_cy"].data
            if english or welsh:
                row = {"en": english, "cy": welsh}
                for part in ("max", "from", "to"):
                    if f"{kind}_{number}_{part}" in self:
                        row[part] = self[f"{kind}_{number}_{part}"].data
                rows.append(row)
        return rows

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for number in range(1, MOST_CRITERIA + 1):
            named = self[f"criterion_{number}_en"].data or self[f"criterion_{number}_cy"].data
            if named and self[f"criterion_{number}_max"].data is None:
                self[f"criterion_{number}_max"].errors = [_("Enter the highest score for this criterion")]
                valid = False
        for number in range(1, MOST_CATEGORIES + 1):
            youngest, oldest = self[f"category_{number}_from"].data, self[f"category_{number}_to"].data
            for field in (self[f"category_{number}_from"], self[f"category_{number}_to"]):
                if field.data is not None and field.data not in YEAR_GROUPS:
                    field.errors = [_("Choose a year group from the list")]
                    valid = False
            if youngest is not None and oldest is not None and youngest > oldest:
                self[f"category_{number}_to"].errors = [_("The oldest year group cannot be younger than the youngest")]
                valid = False
        if not self.rows("category", MOST_CATEGORIES):
            self.category_1_en.errors = [*self.category_1_en.errors, _("Give at least one category")]
            valid = False
        if not self.rows("criterion", MOST_CRITERIA):
            self.criterion_1_en.errors = [*self.criterion_1_en.errors, _("Give at least one thing judges score")]
            valid = False
        return valid

    def fill_rows(self, competition) -> None:
        """Put a saved competition's categories and criteria into the rows (GET of the edit form)."""
        for number, category in enumerate(competition.categories, start=1):
            self[f"category_{number}_en"].data, self[f"category_{number}_cy"].data = category.name_en, category.name_cy
            self[f"category_{number}_from"].data = category.youngest_year
            self[f"category_{number}_to"].data = category.oldest_year
        for number, criterion in enumerate(competition.criteria, start=1):
            self[f"criterion_{number}_en"].data = criterion.name_en
            self[f"criterion_{number}_cy"].data = criterion.name_cy
            self[f"criterion_{number}_max"].data = criterion.max_score

    def competition_data(self) -> dict:
        """The fields as the service wants them."""
        return {"activity_id": self.activity_id.data, "title_en": self.title_en.data, "title_cy": self.title_cy.data,
                "rules_en": self.rules_en.data, "rules_cy": self.rules_cy.data, "opens_on": self.opens_on.data,
                "closes_on": self.closes_on.data, "entry_kind": EntryKind(self.entry_kind.data),
                "photo_rule": PhotoRule(self.photo_rule.data), "cap_per_school": self.cap_per_school.data,
                "anonymous_judging": self.anonymous_judging.data, "points_first": self.points_first.data,
                "points_second": self.points_second.data, "points_third": self.points_third.data}


for _number in range(1, MOST_CATEGORIES + 1):
    setattr(CompetitionForm, f"category_{_number}_en", StringField(
        _l("Category %(number)d in English", number=_number), filters=[strip_whitespace], validators=[MaxLength(120)]))
    setattr(CompetitionForm, f"category_{_number}_cy", StringField(
        _l("Category %(number)d in Welsh", number=_number), filters=[strip_whitespace], validators=[MaxLength(120)]))
    setattr(CompetitionForm, f"category_{_number}_from", SelectField(
        _l("Youngest year group of category %(number)d", number=_number), coerce=_id_or_none,
        validate_choice=False))
    setattr(CompetitionForm, f"category_{_number}_to", SelectField(
        _l("Oldest year group of category %(number)d", number=_number), coerce=_id_or_none, validate_choice=False))
for _number in range(1, MOST_CRITERIA + 1):
    setattr(CompetitionForm, f"criterion_{_number}_en", StringField(
        _l("Criterion %(number)d in English", number=_number), filters=[strip_whitespace],
        validators=[MaxLength(120)]))
    setattr(CompetitionForm, f"criterion_{_number}_cy", StringField(
        _l("Criterion %(number)d in Welsh", number=_number), filters=[strip_whitespace], validators=[MaxLength(120)]))
    setattr(CompetitionForm, f"criterion_{_number}_max", NumberBetweenField(
        _l("Highest score for criterion %(number)d", number=_number), high=HIGHEST_SCORE, required=False))


#: the label of the name field for each kind of entry
NAME_LABELS = {
    EntryKind.INDIVIDUAL: _l("Pupil's first name and surname initial"),
    EntryKind.TEAM: _l("Team name"),
    EntryKind.GROUP: _l("Class or school name"),
}


class EntryForm(FlaskForm):
    """An entry: category, who it is from, year group, its title and description, and a photo."""

    category_id = SelectField(_l("Category"), coerce=_id_or_none, validate_choice=False)
    entrant_name = StringField(_l("Name"), filters=[strip_whitespace], validators=[MaxLength(60)])
    year_group = SelectField(_l("Year group"), coerce=_id_or_none, validate_choice=False)
    title = StringField(_l("Title of the entry"), filters=[strip_whitespace],
                        validators=[InputRequired(_l("Give the entry a title")), MaxLength(120)])
    description = TextAreaField(_l("Short description (optional)"), filters=[strip_whitespace],
                                validators=[MaxLength(500)])
    photo = FileField(_l("Photo"), render_kw={"accept": ACCEPT})
    photo_consent = BooleanField(_l("I confirm that the school holds photo consent for every pupil shown "
                                    "in this photo"))
    #: a photo sent with this form before it was refused, kept (photos.kept_token) so as not to be lost
    kept_photo = HiddenField()
    leave_out_photo = BooleanField(_l("Leave the photo out"))
    submit = SubmitField(_l("Send the entry"))

    def __init__(self, *args, competition=None, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.has_photo = has_photo
        self.kind = competition.entry_kind
        self.entrant_name.label.text = NAME_LABELS[self.kind]
        if self.kind == EntryKind.INDIVIDUAL:
            self.entrant_name.description = _l("Never a full surname: for example Cerys M.")
        self.category_id.choices = [SelectChoice(category.id, plain_localized(category, "name"))
                                    for category in competition.categories]
        years = [SelectChoice(year, year_group_label(year)) for year in YEAR_GROUPS]
        if self.kind != EntryKind.INDIVIDUAL:  # a team or a school may span year groups
            years.insert(0, SelectChoice("", _("Not a single year group")))
        self.year_group.choices = years
        rule = competition.photo_rule
        size = megabytes(current_app.config["COMPETITION_PHOTO_MAX_BYTES"])
        if rule == PhotoRule.REQUIRED:
            self.photo.description = _("Required. JPEG, PNG or WebP, up to %(size)s. We remove the location and "
                                       "camera details and make it smaller.", size=size)
        elif rule == PhotoRule.ALLOWED:
            self.photo.description = _("Optional. JPEG, PNG or WebP, up to %(size)s. We remove the location and "
                                       "camera details and make it smaller.", size=size)
        self.takes_photo = rule != PhotoRule.NONE

    def validate_category_id(self, field):
        if not any(category.id == field.data for category in self.competition.categories):
            raise ValidationError(_("Choose a category"))

    def validate_entrant_name(self, field):
        if not field.data:
            raise ValidationError(_("Give the pupil's first name and surname initial") if
                                  self.kind == EntryKind.INDIVIDUAL else _("Give a name"))
        if self.kind == EntryKind.INDIVIDUAL:
            name = tidy_pupil_name(field.data)
            if name is None:
                raise ValidationError(_("Give a first name and the first letter of the surname only, like Cerys M."))
            field.data = name

    def validate_year_group(self, field):
        if field.data is None and self.kind == EntryKind.INDIVIDUAL:
            raise ValidationError(_("Choose the pupil's year group"))
        if field.data is not None and field.data not in YEAR_GROUPS:
            raise ValidationError(_("Choose a year group from the list"))
        category = next((c for c in self.competition.categories if c.id == self.category_id.data), None)
        if category is not None and not category.takes_year(field.data):
            raise ValidationError(_("%(year)s is not in the category “%(category)s”: choose its category",
                                    year=year_group_label(field.data), category=plain_localized(category, "name")))

    def keep(self, photo_name: str | None) -> None:
        """Carry a stored photo with the form, so that a refusal does not lose it."""
        if photo_name:
            self.kept_photo.data = kept_token(photo_name)
            self.has_photo = True

    @property
    def kept(self) -> str | None:
        """The photo this form carries from before, unless the person chose to leave it out."""
        return None if self.leave_out_photo.data else kept_name(self.kept_photo.data)

    @property
    def upload(self):
        """The file sent, or None when the photo field was left empty (or photos are not used)."""
        data = self.photo.data
        return data if self.takes_photo and data is not None and getattr(data, "filename", "") else None

    def validate_photo(self, field):
        if self.competition.photo_rule == PhotoRule.REQUIRED and self.upload is None and not self.has_photo:
            raise ValidationError(_("This competition needs a photo of each entry"))

    def validate_photo_consent(self, field):
        if (self.upload is not None or self.has_photo) and not field.data:
            raise ValidationError(_("Confirm that the school holds photo consent for every pupil shown, or "
                                    "leave the photo out"))

    def entry_data(self) -> dict:
        return {"category_id": self.category_id.data, "entrant_name": self.entrant_name.data,
                "year_group": self.year_group.data, "title": self.title.data, "description": self.description.data,
                "photo_consent": bool(self.photo_consent.data) and (self.upload is not None or self.has_photo)}


def score_form(competition, entry, formdata=None, scores: dict | None = None, comment: str = ""):
    """A judge's scores of one entry: a number per criterion (blank: not scored yet) and a comment."""

    class ScoreForm(FlaskForm):
        comment_text = TextAreaField(_l("Comment (optional)"), filters=[strip_whitespace],
                                     validators=[MaxLength(1000)], default=comment)
        submit = SubmitField(_l("Save scores"))

    scores = scores or {}
    for criterion in competition.criteria:
        setattr(ScoreForm, f"c{criterion.id}", NumberBetweenField(
            plain_localized(criterion, "name"), low=0, high=criterion.max_score, required=False,
            default=scores.get(criterion.id),
            description=_("Out of %(max)d", max=criterion.max_score)))
    form = ScoreForm(formdata=formdata, prefix=f"e{entry.id}")
    form.criterion_fields = [(criterion, form[f"c{criterion.id}"]) for criterion in competition.criteria]
    return form


def places_form(ranked_by_category: list, formdata=None):
    """One choice of place per scored or placed entry, defaulting to what is confirmed or suggested,
    and a reason for any change from the suggestion."""

    class PlacesForm(FlaskForm):
        reason = TextAreaField(_l("Reason for any change from the suggested places"), filters=[strip_whitespace],
                               validators=[MaxLength(1000)],
                               description=_l("Needed when a place differs from the one the scores suggest. "
                                              "It is kept in the audit log."))
        submit = SubmitField(_l("Confirm places"))

    choices = [SelectChoice(NO_PLACE, _l("No place"))] + [SelectChoice(place.value, place.label) for place in Place]
    for _category, ranked in ranked_by_category:
        for line in ranked:
            current = line.entry.place or line.suggested
            setattr(PlacesForm, f"entry_{line.entry.id}", SelectField(
                _l("Place"), choices=choices, default=current.value if current else NO_PLACE))
    form = PlacesForm(formdata=formdata)
    form.lines = ranked_by_category
    return form


class PublishForm(FlaskForm):
    """Publish the results, or take them down to correct them."""

    state = HiddenField()
    submit = SubmitField(_l("Publish the results"))
    unpublish = SubmitField(_l("Take the results down"))

    def validate_state(self, field):
        if field.data not in ("published", "draft"):
            raise ValidationError(_("Use the buttons on the page."))
