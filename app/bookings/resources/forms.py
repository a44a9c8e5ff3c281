"""Forms for shared resources: a booking, and a resource itself."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.bookings.resources.models import FairShareUnit, ResourceKind
from app.forms import ClockField, DayField, MaxLength, OneLanguageRequired, WholeNumberField, strip_whitespace


class ResourceBookingForm(FlaskForm):
    """Book a resource for one day, or the same day each week to the end of the half term."""

    school = SelectField(_l("For which school"), coerce=int)
    day = DayField(_l("Day"), validators=[InputRequired(_l("Enter the day"))])
    starts = ClockField(_l("From"), validators=[InputRequired(_l("Enter the start time"))])
    ends = ClockField(_l("Until"), validators=[InputRequired(_l("Enter the end time"))])
    purpose = StringField(_l("What it is for"), filters=[strip_whitespace],
                          validators=[InputRequired(_l("Say what the booking is for")), MaxLength(200)])
    destination = StringField(_l("Where the trip goes"), filters=[strip_whitespace], validators=[MaxLength(200)])
    passengers = WholeNumberField(_l("People travelling, driver included"), validators=[
        Optional(), NumberRange(min=1, message=_l("Enter a number of people, 1 or more"))])
    driver_name = StringField(_l("Driver"), filters=[strip_whitespace], validators=[MaxLength(120)])
    driver_permit_confirmed = BooleanField(_l("I confirm the driver holds the permit needed to drive the minibus "
                                              "(D1 entitlement or a MiDAS certificate)"))
    repeat_weekly = BooleanField(_l("Book the same time every week to the end of the half term"))
    override_reason = StringField(
        _l("Reason for going beyond the fair share (leaders only)"), filters=[strip_whitespace],
        description=_l("Leave empty unless this school needs more than its share this half term."),
        validators=[MaxLength(300)])
    submit = SubmitField(_l("Book"))


class CancelForm(FlaskForm):
    """The one-button form that cancels a booking (CSRF only)."""

    submit = SubmitField(_l("Cancel booking"))


class ResourceForm(FlaskForm):
    """A shared resource's details and rules, for leaders and the cluster admin."""

    name_en = StringField(_l("Name in English"), filters=[strip_whitespace],
                          validators=[OneLanguageRequired(), MaxLength(120)])
    name_cy = StringField(_l("Name in Welsh"), filters=[strip_whitespace], validators=[MaxLength(120)])
    notes_en = TextAreaField(_l("Notes in English"), filters=[strip_whitespace], validators=[MaxLength(2000)])
    notes_cy = TextAreaField(_l("Notes in Welsh"), filters=[strip_whitespace], validators=[MaxLength(2000)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(kind.value, kind.label) for kind in ResourceKind])
    owner_school_id = SelectField(_l("School that keeps it"), coerce=int)
    capacity = WholeNumberField(_l("Seats or places"), validators=[
        InputRequired(_l("Enter the number of seats or places")),
        NumberRange(min=1, max=2000, message=_l("Enter a number from 1 to 2000"))])
    opens_at = ClockField(_l("Bookable from"), validators=[InputRequired(_l("Enter the time bookings start"))])
    closes_at = ClockField(_l("Bookable until"), validators=[InputRequired(_l("Enter the time bookings end"))])
    slot_minutes = SelectField(_l("Bookings go in steps of"), coerce=int, choices=[
        SelectChoice(15, _l("15 minutes")), SelectChoice(30, _l("30 minutes")), SelectChoice(60, _l("an hour")),
        SelectChoice(120, _l("two hours")), SelectChoice(240, _l("half a day"))])
    fair_share_limit = WholeNumberField(
        _l("Fair share per school per half term"), validators=[
            Optional(), NumberRange(min=1, max=1000, message=_l("Enter a number from 1 to 1000"))],
        description=_l("Leave empty for no limit."))
    fair_share_unit = SelectField(_l("Counted in"),
                                  choices=[SelectChoice(unit.value, unit.label) for unit in FairShareUnit])
    active = BooleanField(_l("Taking bookings"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The end of the day must be after its start"))
