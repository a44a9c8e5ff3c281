"""Calendar forms: the filters, an activity, its status, a proposal's approval, half-term dates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from app.calendar.models import ActivityKind, ActivityStatus, Audience, Strand, TermKind
from app.forms import (
    ClockField,
    DayField,
    MaxLength,
    MultiCheckboxField,
    OneLanguageRequired,
    optional_int,
    strip_whitespace,
    year_group_label,
)
from app.i18n import plain_localized


def year_groups_text(groups: list[int]) -> str:
    """Year groups in words, runs shortened: [0..6] → "Reception – Year 6", [5, 6] → "Year 5, Year 6"."""
    runs: list[list[int]] = []
    for group in sorted(groups):
        if runs and group == runs[-1][-1] + 1:
            runs[-1].append(group)
        else:
            runs.append([group])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{year_group_label(run[0])} – {year_group_label(run[-1])}")
        else:
            parts.extend(str(year_group_label(group)) for group in run)
    return ", ".join(parts)


class CalendarFilterForm(FlaskForm):
    """The filters above the calendar: a plain GET form, so a filtered view can be shared."""

    class Meta:
        csrf = False

    year = SelectField(_l("Year"), coerce=optional_int)
    term = SelectField(_l("Term"), default="", choices=[SelectChoice("", _l("All terms"))] + [
        SelectChoice(kind.value, kind.label) for kind in TermKind])
    strand = SelectField(_l("Strand"), default="", choices=[SelectChoice("", _l("All strands"))] + [
        SelectChoice(strand.slug, strand.label) for strand in Strand])
    school = SelectField(_l("School"), coerce=optional_int)
    audience = SelectField(_l("Who for"), default="")

    def __init__(self, formdata, years=(), schools=(), member=False):
        super().__init__(formdata)
        self.year.choices = [SelectChoice(year.id, year.label) for year in reversed(years)]
        self.school.choices = [SelectChoice("", _l("All schools"))] + [
            SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        # Families see only activities for pupils and families; the other choices would be empty.
        audiences = list(Audience) if member else [Audience.PUPILS, Audience.FAMILIES]
        self.audience.choices = [SelectChoice("", _l("Everyone"))] + [
            SelectChoice(audience.value, audience.label) for audience in audiences]


class ActivityForm(FlaskForm):
    title_en = StringField(_l("Title in English"), filters=[strip_whitespace],
                           validators=[OneLanguageRequired(), MaxLength(200)])
    title_cy = StringField(_l("Title in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    description_en = TextAreaField(_l("Description in English"), filters=[strip_whitespace],
                                   validators=[MaxLength(4000)])
    description_cy = TextAreaField(_l("Description in Welsh"), filters=[strip_whitespace],
                                   validators=[MaxLength(4000)])
    strand = RadioField(_l("Strand"), choices=[SelectChoice(strand.value, strand.label) for strand in Strand],
                        validators=[InputRequired(_l("Choose a strand"))])
    kind = SelectField(_l("Kind of activity"),
                       choices=[SelectChoice(kind.value, kind.label) for kind in ActivityKind])
    term_id = SelectField(_l("Term"), coerce=optional_int, validators=[InputRequired(_l("Choose a term"))])
    half_term_id = SelectField(_l("Half term"), coerce=optional_int,
                               description=_l("Leave as 'Whole term' for work that runs through the term."))
    starts_on = DayField(_l("Date (or first day)"), validators=[Optional()],
                          description=_l("Leave empty for ongoing work with no single date."))
    ends_on = DayField(_l("Last day"), validators=[Optional()],
                        description=_l("Only for an activity over several days."))
    starts_at = ClockField(_l("Starts at"), validators=[Optional()])
    ends_at = ClockField(_l("Ends at"), validators=[Optional()])
    location_en = StringField(_l("Place in English"), filters=[strip_whitespace], validators=[MaxLength(200)])
    location_cy = StringField(_l("Place in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    host_school_id = SelectField(_l("Host school"), coerce=optional_int)
    all_schools = RadioField(_l("Who takes part"), coerce=lambda value: value in (True, "1", "True"),
                             choices=[SelectChoice("1", _l("The whole cluster")),
                                      SelectChoice("0", _l("Some schools"))], default="1")
    school_ids = MultiCheckboxField(_l("Schools taking part"), coerce=int)
    for_pupils = BooleanField(_l("Pupils"))
    year_groups = MultiCheckboxField(_l("Year groups"), coerce=int,
                                     choices=[SelectChoice(group, year_group_label(group))
                                              for group in range(-1, 14)],
                                     description=_l("Leave all unticked when it is for every year group."))
    for_families = BooleanField(_l("Families"))
    for_staff = BooleanField(_l("Staff"))
    for_leaders = BooleanField(_l("Leaders"))
    submit = SubmitField(_l("Save activity"))

    def __init__(self, *args, terms=(), schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.term_id.choices = [SelectChoice(term.id, f"{term.label} {term.academic_year.label}")
                                for term in terms]
        self.half_term_id.choices = [SelectChoice("", _l("Whole term"))] + [
            SelectChoice(half.id, f"{half.label} {term.academic_year.label}")
            for term in terms for half in term.half_terms]
        school_choices = [SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        self.host_school_id.choices = [SelectChoice("", _l("No single host"))] + school_choices
        self.school_ids.choices = school_choices

    def validate_school_ids(self, field):
        if not self.all_schools.data and not field.data:
            raise ValidationError(_l("Tick the schools taking part"))

    def validate_ends_at(self, field):
        if field.data and not self.starts_at.data:
            raise ValidationError(_l("Give the start time as well as the end"))
        if field.data and self.starts_at.data and field.data <= self.starts_at.data \
                and not (self.ends_on.data and self.ends_on.data != self.starts_on.data):
            raise ValidationError(_l("The end time must be after the start"))

    def validate_starts_at(self, field):
        if field.data and not self.starts_on.data:
            raise ValidationError(_l("Give the date as well as the time"))

    def validate_for_leaders(self, field):
        if not (self.for_pupils.data or self.for_families.data or self.for_staff.data or field.data):
            raise ValidationError(_l("Tick at least one: pupils, families, staff or leaders"))


class StatusForm(FlaskForm):
    status = RadioField(_l("Status"), choices=[SelectChoice(status.value, status.label)
                                               for status in ActivityStatus],
                        validators=[InputRequired(_l("Choose a status"))])
    status_note = StringField(_l("Note"), filters=[strip_whitespace], validators=[MaxLength(500)],
                              description=_l("Why it was cancelled, or how it went."))
    submit = SubmitField(_l("Save status"))


class ApprovalForm(FlaskForm):
    approval_note = StringField(_l("Note to the proposer"), filters=[strip_whitespace],
                                validators=[MaxLength(500)],
                                description=_l("Needed when you decline: say why."))
    approve = SubmitField(_l("Approve"))
    decline = SubmitField(_l("Decline"))

    def validate_approval_note(self, field):
        if self.decline.data and not field.data:
            raise ValidationError(_l("Say why you are declining it"))


class HalfTermDatesForm(FlaskForm):
    """First and last day of each of the six half terms of a year."""

    submit = SubmitField(_l("Save dates"))

    @classmethod
    def for_year(cls, year):
        """A form with two date fields per half term of `year`, filled with its dates."""
        fields = {}
        for half in year.half_terms:
            key = f"{half.term.kind.value}_{half.number}"
            fields[f"{key}_starts_on"] = DayField(_l("First day"), default=half.starts_on,
                                                   validators=[InputRequired(_l("Enter a date"))])
            fields[f"{key}_ends_on"] = DayField(_l("Last day"), default=half.ends_on,
                                                 validators=[InputRequired(_l("Enter a date"))])
        form_class = type("YearHalfTermDatesForm", (cls,), fields)
        return form_class()

    def half_term_fields(self, half):
        key = f"{half.term.kind.value}_{half.number}"
        return self[f"{key}_starts_on"], self[f"{key}_ends_on"]

    def dates(self, year):
        return {(half.term.kind, half.number): tuple(field.data for field in self.half_term_fields(half))
                for half in year.half_terms}
