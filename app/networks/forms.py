"""The forms of a network: the network itself, a member, and a meeting to plan. A meeting's notes and
actions use the leadership meetings' forms (app/summaries/forms.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from app.calendar.models import Strand
from app.forms import ClockField, DayField, MaxLength, OneLanguageRequired, optional_int, strip_whitespace
from app.practice.models import AreaOfLearning


class NetworkForm(FlaskForm):
    """A network's name and purpose in both languages, what it is about, and who may belong."""

    name_en = StringField(_l("Name in English"), filters=[strip_whitespace],
                          validators=[OneLanguageRequired(), MaxLength(200)])
    name_cy = StringField(_l("Name in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    purpose_en = TextAreaField(_l("What it is for, in English"), filters=[strip_whitespace],
                               validators=[MaxLength(4000)])
    purpose_cy = TextAreaField(_l("What it is for, in Welsh"), filters=[strip_whitespace],
                               validators=[MaxLength(4000)])
    strand = RadioField(_l("Strand of the policy"), choices=[SelectChoice(s.value, s.label) for s in Strand],
                        validators=[InputRequired(_l("Choose a strand"))])
    area = SelectField(_l("Area of Learning and Experience"), validate_choice=False, default="",
                       choices=[SelectChoice("", _l("None in particular"))] + [
                           SelectChoice(area.value, area.label) for area in AreaOfLearning])
    authority_wide = BooleanField(
        _l("Open to every school of the authority"),
        description=_l("Members may come from the other clusters' schools, and the authority's officer reads it."))
    submit = SubmitField(_l("Save the network"))

    def validate_area(self, field):
        if field.data and field.data not in AreaOfLearning._value2member_map_:
            raise ValidationError(_l("Choose from the list"))

    def data_for_service(self) -> dict:
        """The form's values as the save service takes them."""
        return {"name_en": self.name_en.data, "name_cy": self.name_cy.data, "purpose_en": self.purpose_en.data,
                "purpose_cy": self.purpose_cy.data, "strand": Strand(self.strand.data),
                "area": AreaOfLearning(self.area.data) if self.area.data else None,
                "authority_wide": self.authority_wide.data}


class MemberForm(FlaskForm):
    """Add a person to a network, as a member or a convenor (or change an existing member's role)."""

    person = SelectField(_l("Person"), coerce=optional_int,
                         validators=[InputRequired(_l("Choose someone from the list"))])
    convenor = BooleanField(_l("Convenor: plans its meetings and writes the notes and actions"))
    submit = SubmitField(_l("Add to the network"))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice("", _l("Choose someone"))] + [
            SelectChoice(person.id, label) for person, label in people]


class PlanMeetingForm(FlaskForm):
    """A network meeting for the calendar: its day in term time, its times and where."""

    day = DayField(_l("Day"), validators=[InputRequired(_l("Enter the day of the meeting"))])
    starts_at = ClockField(_l("Starts at"), validators=[Optional()])
    ends_at = ClockField(_l("Ends at"), validators=[Optional()])
    place_en = StringField(_l("Where, in English"), filters=[strip_whitespace], validators=[MaxLength(200)])
    place_cy = StringField(_l("Where, in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    submit = SubmitField(_l("Put it in the calendar"))

    def validate_ends_at(self, field):
        if field.data and not self.starts_at.data:
            raise ValidationError(_l("Give the start time as well as the end"))
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end time must be after the start"))
