"""The form of a piece of practice, the search form of the library, the officer's signpost, who leads
what, and the forms of a visit to see a piece."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Optional, ValidationError

from app.calendar.models import Strand
from app.calendar.services import activity_label
from app.forms import (
    ClockField,
    DayField,
    MaxLength,
    MultiCheckboxField,
    OneLanguageRequired,
    optional_int,
    strip_whitespace,
)
from app.i18n import plain_localized
from app.practice.attachments import ACCEPT, MOST_PER_ITEM
from app.practice.models import NOTE_LENGTH, PROGRESSION_STEPS, AreaOfLearning, Responsibility, Skill, VisitKind
from app.uploads import megabytes


def _step_choices(empty_label):
    return [SelectChoice("", empty_label)] + [
        SelectChoice(step, _l("Progression step %(number)d", number=step)) for step in PROGRESSION_STEPS]


def _text(label, limit: int):
    return TextAreaField(label, filters=[strip_whitespace], validators=[MaxLength(limit)])


class PracticeForm(FlaskForm):
    """A piece of practice in both languages: what was done and why, its impact, what it concerns."""

    school_id = SelectField(_l("The school it comes from"), coerce=optional_int)
    title_en = StringField(_l("Title in English"), filters=[strip_whitespace],
                           validators=[OneLanguageRequired(), MaxLength(200)])
    title_cy = StringField(_l("Title in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    summary_en = _text(_l("Summary in English"), 1000)
    summary_cy = _text(_l("Summary in Welsh"), 1000)
    practice_en = _text(_l("What was done, and why, in English"), 8000)
    practice_cy = _text(_l("What was done, and why, in Welsh"), 8000)
    impact_en = _text(_l("The difference it made, and the evidence, in English"), 8000)
    impact_cy = _text(_l("The difference it made, and the evidence, in Welsh"), 8000)
    other_school_ids = MultiCheckboxField(_l("Other schools that took part"), coerce=int)
    contact_id = SelectField(_l("Who to ask about it"), coerce=optional_int)
    activity_ids = SelectMultipleField(
        _l("Calendar activities it came from"), coerce=int, render_kw={"size": 8},
        description=_l("A workshop or a network meeting, say: the surveys that asked about them show as its "
                       "evaluation. To choose more than one on a computer, hold Ctrl (⌘ on a Mac) as you click."))
    network_id = SelectField(_l("The network it came from"), coerce=optional_int, validate_choice=False)
    strand = RadioField(_l("Strand of the policy"), choices=[SelectChoice(s.value, s.label) for s in Strand],
                        validators=[InputRequired(_l("Choose a strand"))])
    areas = MultiCheckboxField(_l("Areas of Learning and Experience"),
                               choices=[SelectChoice(area.value, area.label) for area in AreaOfLearning])
    skills = MultiCheckboxField(_l("Cross-curricular skills"),
                                choices=[SelectChoice(skill.value, skill.label) for skill in Skill])
    youngest_step = SelectField(_l("From progression step"), coerce=optional_int, choices=_step_choices(_l("Any")))
    oldest_step = SelectField(_l("To progression step"), coerce=optional_int, choices=_step_choices(_l("Any")))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, schools=(), cluster_schools=(), people=(), activities=(), networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_ids.choices = [SelectChoice(activity.id, activity_label(activity), optgroup=term)
                                     for term, items in activities for activity in items]
        self.network_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(network.id, plain_localized(network, "name")) for network in networks]
        self.school_id.choices = [SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        self.other_school_ids.choices = [SelectChoice(school.id, plain_localized(school, "name"))
                                         for school in cluster_schools]
        self.contact_id.choices = [SelectChoice("", _l("Nobody named"))] + [
            SelectChoice(person.id, person.name) for person in people]

    def validate_school_id(self, field):
        if field.data not in {choice.value for choice in self.school_id.choices}:
            raise ValidationError(_l("Choose your school"))

    def validate_contact_id(self, field):
        if field.data is not None and field.data not in {choice.value for choice in self.contact_id.choices}:
            raise ValidationError(_l("Choose someone from the list"))

    def validate_network_id(self, field):
        if field.data is not None and field.data not in {choice.value for choice in self.network_id.choices}:
            raise ValidationError(_l("Choose a network from the list"))

    def validate_oldest_step(self, field):
        if field.data and self.youngest_step.data and field.data < self.youngest_step.data:
            raise ValidationError(_l("The last progression step cannot come before the first"))

    def data_for_service(self) -> dict:
        """The form's values as the save service takes them."""
        return {"school_id": self.school_id.data, "title_en": self.title_en.data, "title_cy": self.title_cy.data,
                "summary_en": self.summary_en.data, "summary_cy": self.summary_cy.data,
                "practice_en": self.practice_en.data, "practice_cy": self.practice_cy.data,
                "impact_en": self.impact_en.data, "impact_cy": self.impact_cy.data,
                "contact_id": self.contact_id.data, "network_id": self.network_id.data,
                "strand": Strand(self.strand.data),
                "youngest_step": self.youngest_step.data, "oldest_step": self.oldest_step.data,
                "other_school_ids": self.other_school_ids.data or [],
                "activity_ids": self.activity_ids.data or [],
                "areas": [AreaOfLearning(value) for value in self.areas.data or []],
                "skills": [Skill(value) for value in self.skills.data or []]}


class SearchForm(FlaskForm):
    """The library's search: words in Welsh or English, and filters. A GET form: no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), filters=[strip_whitespace], validators=[MaxLength(200)],
                    description=_l("Words in Welsh or English: “cwricwlwm” finds “gwricwlwm” and “nghwricwlwm” too."))
    # a filter the list does not offer is left out rather than refused (the route reads each safely)
    area = SelectField(_l("Area of Learning and Experience"), validate_choice=False,
                       choices=[SelectChoice("", _l("All areas"))] + [
                           SelectChoice(area.value, area.label) for area in AreaOfLearning])
    skill = SelectField(_l("Skill"), validate_choice=False, choices=[SelectChoice("", _l("All skills"))] + [
        SelectChoice(skill.value, skill.label) for skill in Skill])
    strand = SelectField(_l("Strand"), validate_choice=False, choices=[SelectChoice("", _l("All strands"))] + [
        SelectChoice(strand.value, strand.label) for strand in Strand])
    step = SelectField(_l("Progression step"), coerce=optional_int, validate_choice=False,
                       choices=_step_choices(_l("All steps")))
    school = SelectField(_l("School"), coerce=optional_int, validate_choice=False)
    year = SelectField(_l("Academic year"), coerce=optional_int, validate_choice=False)

    def offered(self, name: str):
        """A filter's value if the list offers it, else None."""
        field = self[name]
        return field.data if field.data in {choice.value for choice in field.choices} - {""} else None

    @property
    def narrowed(self) -> bool:
        """Whether any filter beyond the words is chosen (the filters then show open)."""
        return any(self.offered(name) for name in ("area", "skill", "strand", "step", "school", "year"))

    def __init__(self, *args, schools=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.school.choices = [SelectChoice("", _l("All schools"))] + [
            SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        self.year.choices = [SelectChoice("", _l("All years"))] + [
            SelectChoice(year, f"{year}/{(year + 1) % 100:02d}") for year in years]


class SignpostForm(FlaskForm):
    """The officer features a piece for the authority's clusters, with a note."""

    featured = BooleanField(_l("Feature it for every cluster of the authority"))
    officer_note_en = _text(_l("Note in English"), 2000)
    officer_note_cy = _text(_l("Note in Welsh"), 2000)
    submit = SubmitField(_l("Save"))


class LeadsForm(FlaskForm):
    """A school's leads: a name (and an e-mail address) for each responsibility; blank for nobody yet."""

    submit = SubmitField(_l("Save the leads"))

    def named(self) -> dict:
        """{responsibility: (name, e-mail)} as typed."""
        return {responsibility: (self[f"name_{responsibility.value}"].data or "",
                                 self[f"email_{responsibility.value}"].data or "")
                for responsibility in Responsibility}

    def fill(self, school_leads) -> None:
        """Put a school's saved leads into the form (its GET)."""
        for responsibility, lead in school_leads.leads.items():
            self[f"name_{responsibility.value}"].data = lead.person_name
            self[f"email_{responsibility.value}"].data = lead.email


for _responsibility in Responsibility:
    # each pair sits in a fieldset whose legend is the responsibility (practice/leads_form.html)
    setattr(LeadsForm, f"name_{_responsibility.value}", StringField(
        _l("Name"), filters=[strip_whitespace], validators=[MaxLength(120)], render_kw={"autocomplete": "off"}))
    setattr(LeadsForm, f"email_{_responsibility.value}", EmailField(
        _l("Email address"), filters=[strip_whitespace],
        validators=[Optional(), Email(_l("Enter an email address like name@school.example"),
                                      check_deliverability=False), MaxLength(254)],
        render_kw={"autocomplete": "off", "spellcheck": "false"}))


class LeadsFilterForm(FlaskForm):
    """Narrow the leads to one responsibility (and, for the officer, one cluster). A GET form."""

    class Meta:
        csrf = False

    responsibility = SelectField(_l("Responsibility"), validate_choice=False, choices=[
        SelectChoice("", _l("Every responsibility"))] + [SelectChoice(r.value, r.label) for r in Responsibility])
    cluster = SelectField(_l("Cluster"), coerce=optional_int, validate_choice=False)

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cluster.choices = [SelectChoice("", _l("Every cluster"))] + [
            SelectChoice(cluster.id, plain_localized(cluster, "name")) for cluster in clusters]


class VisitRequestForm(FlaskForm):
    """Ask to come and see a piece of practice: to visit or observe, what you hope to see, and when."""

    kind = RadioField(_l("What would you like to do?"), choices=[SelectChoice(kind.value, kind.label)
                                                                 for kind in VisitKind],
                      validators=[InputRequired(_l("Choose a visit or a lesson to observe"))])
    message = TextAreaField(_l("What you hope to see"), filters=[strip_whitespace],
                            validators=[InputRequired(_l("Say what you hope to see")), MaxLength(2000)],
                            description=_l("The contact reads this before answering."))
    wanted_dates = StringField(_l("When would suit you (optional)"), filters=[strip_whitespace],
                               validators=[MaxLength(200)], description=_l("For example: any Tuesday in March"))
    submit = SubmitField(_l("Ask to visit"))


class VisitAnswerForm(FlaskForm):
    """The host accepts a request with a day (and a time), or declines it; a note either way."""

    visit_on = DayField(_l("Day of the visit"), validators=[Optional()])
    starts_at = ClockField(_l("Time (optional)"), validators=[Optional()])
    answer_note = _text(_l("Note to the visitor (optional)"), 1000)
    accept = SubmitField(_l("Accept"))
    decline = SubmitField(_l("Decline"))

    def validate(self, extra_validators=None):
        # the day is optional to decline, needed to accept (Optional() would stop a validate_visit_on)
        valid = super().validate(extra_validators)
        if not self.decline.data and self.visit_on.data is None and not self.visit_on.errors:
            self.visit_on.errors.append(_l("Enter the day of the visit"))
            return False
        return valid


class VisitNoteForm(FlaskForm):
    """What one person learned from a visit, in a few sentences."""

    text = TextAreaField(_l("What you learned"), filters=[strip_whitespace],
                         validators=[InputRequired(_l("Write what you learned")), MaxLength(NOTE_LENGTH)])
    submit = SubmitField(_l("Save the note"))


class AttachmentForm(FlaskForm):
    """A file to share with a piece of practice."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))],
                     render_kw={"accept": ACCEPT})
    submit = SubmitField(_l("Upload"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.description = _(
            "A PDF, a Word, PowerPoint or Excel file (.docx, .pptx, .xlsx), an OpenDocument file or a JPEG, PNG or "
            "WebP image, up to %(size)s; at most %(most)d files. Files with macros are refused; we remove the "
            "location and camera details from images.",
            size=megabytes(current_app.config["PRACTICE_ATTACHMENT_MAX_BYTES"]), most=MOST_PER_ITEM)
