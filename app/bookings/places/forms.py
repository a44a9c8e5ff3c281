"""Forms for places on events: a request, giving places back, a session, attendance."""


from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from app.bookings.places.models import AllocationRule, PlaceUnit
from app.forms import ClockField, DayField, MaxLength, NumberBetweenField, strip_whitespace, tidy_pupil_name
from app.i18n import plain_localized

#: the most places a session may have
MOST_PLACES = 2000
def pupil_register(text: str) -> list[str]:
    """The names typed, one a line, tidied to "Cerys M."; ValueError names the first line that is
    more than a first name and an initial."""
    names = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name = tidy_pupil_name(line)
        if name is None:
            raise ValueError(_("Line %(line)d: give a first name and the first letter of the surname only, "
                               "like Cerys M.", line=number))
        names.append(name)
    return names


def _whole_number(value) -> int | None:
    """An id from a form, or None for anything that is not one (the validator then says so)."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class RequestForm(FlaskForm):
    """Ask for places for a school."""

    school_id = SelectField(_l("School"), coerce=lambda value: _whole_number(value), validate_choice=False)
    places = NumberBetweenField(_l("Number of places"), high=MOST_PLACES)
    pupil_names = TextAreaField(
        _l("Pupils (optional)"), filters=[strip_whitespace], validators=[MaxLength(4000)],
        description=_l("For the register: one pupil a line, first name and the first letter of the surname "
                       "only, like Cerys M."))
    return_to = HiddenField(default="session")
    submit = SubmitField(_l("Request places"))

    def __init__(self, *args, capacity: int = MOST_PLACES, schools=(), pupils: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.places.high = capacity
        self.schools = list(schools)
        self.school_id.choices = [SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        self.asks_for_pupils = pupils
        self.register: list[str] = []

    def validate_school_id(self, field):
        if not any(school.id == field.data for school in self.schools):
            raise ValidationError(_("Choose one of the schools taking part"))

    def validate_pupil_names(self, field):
        if not self.asks_for_pupils:
            self.register = []
            return
        try:
            self.register = pupil_register(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        if self.places.data and len(self.register) > self.places.data:
            raise ValidationError(_("There are more pupils listed than places asked for."))


class ChangeRequestForm(FlaskForm):
    """Give some or all of a request's places back."""

    places = NumberBetweenField(_l("Places to keep"), low=0, high=MOST_PLACES)
    submit = SubmitField(_l("Give places back"))
    cancel = SubmitField(_l("Cancel the request"))

    def __init__(self, *args, current: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.places.high = max(current - 1, 0)

    def places_to_keep(self) -> int | None:
        """0 for the cancel button, else the number typed."""
        return 0 if self.cancel.data else self.places.data

    def validate(self, extra_validators=None) -> bool:
        if self.cancel.data:  # the number does not matter: only the form's token does
            return "csrf_token" not in self._fields or self.csrf_token.validate(self)
        return super().validate(extra_validators)


class SessionForm(FlaskForm):
    """A session of an activity with a limited number of places."""

    held_on = DayField(_l("Day"), validators=[InputRequired(_l("Enter the day of the session"))])
    starts_at = ClockField(_l("Starts at"), validators=[Optional()])
    ends_at = ClockField(_l("Ends at"), validators=[Optional()])
    location_en = StringField(_l("Place in English"), filters=[strip_whitespace], validators=[MaxLength(200)])
    location_cy = StringField(_l("Place in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    capacity = NumberBetweenField(_l("Number of places"), high=MOST_PLACES)
    unit = RadioField(_l("The places are for"), default=PlaceUnit.PUPILS.value,
                      choices=[SelectChoice(unit.value, unit.label) for unit in PlaceUnit],
                      validators=[InputRequired(_l("Choose whom the places are for"))])
    allocation_rule = RadioField(
        _l("Sharing the places between schools"), default=AllocationRule.NONE.value,
        choices=[SelectChoice(rule.value, rule.label) for rule in AllocationRule],
        description=_l("Until the booking deadline each school is confirmed up to its share; requests beyond "
                       "it wait. After the deadline a leader can release the unused shares."),
        validators=[InputRequired(_l("Choose how the places are shared"))])
    fixed_places = NumberBetweenField(_l("Places for each school"), high=MOST_PLACES, required=False,
                               description=_l("Only for a fixed number for each school."))
    book_by = DayField(_l("Booking deadline"), validators=[InputRequired(_l("Enter the last day to request places"))],
                       description=_l("Schools can request places until the end of this day."))
    submit = SubmitField(_l("Save session"))

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity

    def validate_held_on(self, field):
        activity = self.activity
        if field.data and activity is not None and activity.starts_on:
            last = activity.ends_on or activity.starts_on
            if not activity.starts_on <= field.data <= last:
                raise ValidationError(_("Choose a day from %(first)s to %(last)s, when the activity takes place",
                                        first=activity.starts_on.strftime("%d/%m/%Y"),
                                        last=last.strftime("%d/%m/%Y")))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_("It cannot end before it starts"))

    def validate_fixed_places(self, field):
        if self.allocation_rule.data == AllocationRule.FIXED.value:
            if field.data is None:
                raise StopValidation(_("Enter the number of places for each school"))
        else:
            field.errors = []
            field.data = None
            raise StopValidation()

    def validate_book_by(self, field):
        if field.data and self.held_on.data and field.data > self.held_on.data:
            raise ValidationError(_("The deadline cannot be after the session"))

    def session_data(self) -> dict:
        """The fields as the service wants them, enums and all."""
        return {"held_on": self.held_on.data, "starts_at": self.starts_at.data, "ends_at": self.ends_at.data,
                "location_en": self.location_en.data, "location_cy": self.location_cy.data,
                "capacity": self.capacity.data, "unit": PlaceUnit(self.unit.data),
                "allocation_rule": AllocationRule(self.allocation_rule.data),
                "fixed_places": self.fixed_places.data, "book_by": self.book_by.data}


def attendance_form(rows):
    """A form with one number per school that had places ([(school, confirmed, used or None)])."""

    class AttendanceForm(FlaskForm):
        submit = SubmitField(_l("Save attendance"))

    for school, confirmed, used in rows:
        setattr(AttendanceForm, f"school_{school.id}",
                NumberBetweenField(plain_localized(school, "name"), low=0, high=confirmed, default=used,
                            description=ngettext("%(num)d place was confirmed.", "%(num)d places were confirmed.",
                                                 confirmed)))
    return AttendanceForm()
