"""Forms for meeting slots: the school's set and its slots, and the family's booking."""

import re
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, SelectField, StringField, SubmitField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional, ValidationError

from app.bookings.meetings.models import YEAR_GROUPS
from app.clock import today
from app.forms import (
    ClockField,
    DayField,
    MaxLength,
    OneLanguageRequired,
    WholeNumberField,
    optional_int,
    strip_whitespace,
    year_group_label,
)
from app.i18n import plain_localized

#: a phone number has this many digits, give or take a country code
PHONE_DIGITS = (10, 15)
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")
def safe_int(value):
    """An int from a form value, or None for anything else (a tampered value gets our own message)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class MeetingSetForm(FlaskForm):
    title_en = StringField(_l("Title in English"), filters=[strip_whitespace],
                           validators=[OneLanguageRequired(), MaxLength(200)],
                           description=_l("For example: Parent/carer transition meetings"))
    title_cy = StringField(_l("Title in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)],
                           description=_l("For example: Cyfarfodydd pontio i rieni a gofalwyr"))
    notes_en = TextAreaField(_l("Notes for families in English"), filters=[strip_whitespace],
                             validators=[MaxLength(2000)],
                             description=_l("What the meeting is for, where to go, what to bring."))
    notes_cy = TextAreaField(_l("Notes for families in Welsh"), filters=[strip_whitespace],
                             validators=[MaxLength(2000)])
    school_id = SelectField(_l("School holding the meetings"), coerce=optional_int,
                            validators=[InputRequired(_l("Choose the school"))])
    activity_id = SelectField(_l("Calendar activity they belong to"), coerce=optional_int)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, schools=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.school_id.choices = [SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        self.activity_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(activity.id, plain_localized(activity, "title")
                         + (f" ({activity.starts_on:%d/%m/%Y})" if activity.starts_on else ""))
            for activity in activities]


class SlotsForm(FlaskForm):
    """Several slots at once: a day, the first time, the length and how many, one after another."""

    day = DayField(_l("Day"), validators=[InputRequired(_l("Enter the day of the meetings"))])
    first_time = ClockField(_l("First meeting starts at"),
                            validators=[InputRequired(_l("Enter the time of the first meeting"))])
    length = WholeNumberField(_l("Length of each meeting, in minutes"), default=15,
                          validators=[InputRequired(_l("Enter how many minutes each meeting lasts")),
                                      NumberRange(5, 240, _l("Enter a number of minutes from 5 to 240"))])
    count = WholeNumberField(_l("How many meetings"), default=8,
                         validators=[InputRequired(_l("Enter how many meetings to add")),
                                     NumberRange(1, 60, _l("Enter a number from 1 to 60"))])
    gap = WholeNumberField(_l("Minutes between meetings"), default=0,
                       validators=[Optional(), NumberRange(0, 120, _l("Enter a number of minutes from 0 to 120"))])
    location_en = StringField(_l("Where, in English"), filters=[strip_whitespace], validators=[MaxLength(200)],
                              description=_l("For example: Room 12, by the main entrance"))
    location_cy = StringField(_l("Where, in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    staff_name = StringField(_l("Who the family meets"), filters=[strip_whitespace],
                             validators=[DataRequired(_l("Enter who the family meets")), MaxLength(200)],
                             description=_l("Their name, for example: Mr Hughes"))
    staff_role_en = StringField(_l("Their role, in English"), filters=[strip_whitespace], validators=[MaxLength(200)],
                                description=_l("For example: Head of Year 7"))
    staff_role_cy = StringField(_l("Their role, in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)],
                                description=_l("For example: Pennaeth Blwyddyn 7"))
    submit = SubmitField(_l("Add the meetings"))

    def validate_day(self, field):
        if field.data and field.data < today():
            raise ValidationError(_l("That day has passed: choose a day still to come"))

    def validate_count(self, field):
        if not (self.first_time.data and self.length.data and field.data and self.day.data):
            return
        start = datetime.combine(self.day.data, self.first_time.data)
        last_end = start + timedelta(minutes=field.data * self.length.data + (field.data - 1) * (self.gap.data or 0))
        if last_end.date() != start.date() and last_end.time() != datetime.min.time():
            raise ValidationError(_l("The last meeting would end after midnight: add fewer, or start earlier"))


class FamilyBookingForm(FlaskForm):
    """A family's booking: the time, who they are, and how the school can reach them."""

    slot = RadioField(_l("Choose a time"), coerce=safe_int, validate_choice=False,
                      validators=[InputRequired(_l("Choose a time for the meeting"))])
    parent_name = StringField(_l("Your name"), filters=[strip_whitespace], render_kw={"autocomplete": "name"},
                              validators=[DataRequired(_l("Enter your name")), MaxLength(120)])
    child_name = StringField(_l("Your child's first name"), filters=[strip_whitespace],
                             validators=[DataRequired(_l("Enter your child's first name")), MaxLength(60)],
                             description=_l("Their first name, and the first letter of their surname if you like."))
    year_group = SelectField(_l("Your child's year group now"), coerce=safe_int, default=6, validate_choice=False,
                             validators=[InputRequired(_l("Choose your child's year group"))])
    # the phone shows the keyboard for each, and fills them in from the person's own details
    email = EmailField(_l("Email address"), filters=[strip_whitespace],
                       render_kw={"autocomplete": "email", "spellcheck": "false"},
                       validators=[Optional(), MaxLength(254),
                                   Email(_l("Enter an email address like name@example.com"))],
                       description=_l("We send the confirmation here, with a link to change or cancel."))
    phone = TelField(_l("Phone number"), filters=[strip_whitespace], render_kw={"autocomplete": "tel"},
                     validators=[Optional(), MaxLength(30)],
                        description=_l("Give an email address, a phone number or both."))
    form_token = HiddenField()
    submit = SubmitField(_l("Book"))

    def __init__(self, *args, slot_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_ids = set(slot_ids)
        self.slot.choices = [SelectChoice(slot_id, str(slot_id)) for slot_id in slot_ids]
        self.year_group.choices = [SelectChoice(year, year_group_label(year)) for year in YEAR_GROUPS]

    def validate_slot(self, field):
        if field.data not in self.slot_ids:
            raise ValidationError(_l("Choose a time for the meeting"))

    def validate_year_group(self, field):
        if field.data not in YEAR_GROUPS:
            raise ValidationError(_l("Choose your child's year group"))

    def validate_phone(self, field):
        number = field.data or ""
        digits = sum(character.isdigit() for character in number)
        if number and (not _PHONE_CHARACTERS.match(number) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]):
            raise ValidationError(_l("Enter a phone number like 01978 123456 or 07700 900123"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.errors and not self.phone.errors and not (self.email.data or self.phone.data):
            self.email.errors = [*self.email.errors,
                                 _("Give an email address or a phone number, so the school can reach you")]
            return False
        return valid


class MoveForm(FlaskForm):
    slot = RadioField(_l("Choose a new time"), coerce=safe_int, validate_choice=False,
                      validators=[InputRequired(_l("Choose a new time"))])
    submit = SubmitField(_l("Change to this time"))

    def __init__(self, *args, slot_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_ids = set(slot_ids)
        self.slot.choices = [SelectChoice(slot_id, str(slot_id)) for slot_id in slot_ids]

    def validate_slot(self, field):
        if field.data not in self.slot_ids:
            raise ValidationError(_l("Choose a new time"))
