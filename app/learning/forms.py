"""The forms of professional learning: marking an activity, signing someone up, and who went."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from app.forms import MultiCheckboxField, optional_int
from app.learning.models import LearningKind


class HoursField(DecimalField):
    """Hours as people type them (1.5 or 1,5), or one plain message in the reader's language."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace(",", ".").strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Enter the hours, like 1.5")) from error
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(_l("Enter the hours, like 1.5"))


class MarkForm(FlaskForm):
    """What kind of professional learning an activity is, and the hours it counts for."""

    kind = RadioField(_l("Kind of professional learning"),
                      choices=[SelectChoice(kind.value, kind.label) for kind in LearningKind],
                      validators=[InputRequired(_l("Choose what kind of professional learning it is"))])
    hours = HoursField(_l("Hours for each person's record"), places=1,
                         description=_l("In hours, to the half hour: 6 for a full day, 1.5 for a twilight session."),
                         validators=[InputRequired(_l("Enter the hours, like 1.5")),
                                     NumberRange(Decimal("0.5"), Decimal("99"),
                                                 _l("Enter a number of hours from 0.5 to 99"))])
    submit = SubmitField(_l("Save"))

    def validate_hours(self, field):
        field.data = field.data.quantize(Decimal("0.1")) if field.data is not None else None


class SignUpForm(FlaskForm):
    """Sign up (oneself, or a member of one's school's staff), on a session where there are places."""

    # who may be signed up is the service's to say (with a sentence), not "not a valid choice"
    person = SelectField(_l("Who"), coerce=optional_int, validate_choice=False,
                         validators=[InputRequired(_l("Choose someone"))])
    session = RadioField(_l("Session"), coerce=optional_int, validate_choice=False)
    submit = SubmitField(_l("Sign up"))

    def __init__(self, *args, people=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice(person.id, label) for person, label in people]
        self.session.choices = [SelectChoice(session.id, label) for session, label in sessions]
        if len(self.person.choices) == 1 and not self.person.data:
            self.person.data = self.person.choices[0].value


class AttendanceForm(FlaskForm):
    """Who of a school's people went, ticked."""

    school = SelectField(_l("School"), coerce=optional_int, validate_choice=False)
    went = MultiCheckboxField(_l("Who went"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Save who went"))
