"""Forms for building a survey: its settings, a section, a question."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.calendar.services import activity_label
from app.forms import (
    DayField,
    MaxLength,
    MultiCheckboxField,
    OneLanguageRequired,
    WholeNumberField,
    optional_int,
    strip_whitespace,
)
from app.i18n import plain_localized
from app.surveys.models import QuestionKind, SurveyAudience

NUMBER_LIMIT = 999_999_999


class SurveySettingsForm(FlaskForm):
    title_en = StringField(_l("Title in English"), filters=[strip_whitespace],
                           validators=[OneLanguageRequired(), MaxLength(200)])
    title_cy = StringField(_l("Title in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    intro_en = TextAreaField(_l("Introduction in English"), filters=[strip_whitespace], validators=[MaxLength(2000)],
                             description=_l("What the survey is for and how long it takes."))
    intro_cy = TextAreaField(_l("Introduction in Welsh"), filters=[strip_whitespace], validators=[MaxLength(2000)])
    audience = RadioField(_l("Who answers it"), validators=[InputRequired(_l("Choose who answers it"))],
                          choices=[SelectChoice(audience.value, audience.label) for audience in SurveyAudience])
    anonymous = BooleanField(_l("Anonymous"), default=True,
                             description=_l("Surveys of pupils and families are always anonymous. A staff or "
                                            "governor survey may keep names: untick this to do so."))
    all_schools = RadioField(_l("Which schools"), coerce=lambda value: value in (True, "1", "True"),
                             choices=[SelectChoice("1", _l("The whole cluster")),
                                      SelectChoice("0", _l("Some schools"))], default="1")
    school_ids = MultiCheckboxField(_l("Schools it asks"), coerce=int)
    opens_on = DayField(_l("Opens on"), validators=[InputRequired(_l("Enter the day it opens"))])
    closes_on = DayField(_l("Closes on"), validators=[InputRequired(_l("Enter the day it closes"))],
                         description=_l("It takes answers until the end of this day."))
    activity_id = SelectField(_l("Calendar activity it asks about"), coerce=optional_int)
    submit = SubmitField(_l("Save survey"))

    def __init__(self, *args, schools=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.school_ids.choices = [SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        # by term, each with its day ("Headteacher Cluster Meeting" comes twelve times a year)
        self.activity_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(activity.id, activity_label(activity), optgroup=term)
            for term, items in activities for activity in items]

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("It cannot close before it opens"))

    def validate_school_ids(self, field):
        if not self.all_schools.data and not field.data:
            raise ValidationError(_l("Tick the schools it asks"))


class SectionForm(FlaskForm):
    title_en = StringField(_l("Section title in English"), filters=[strip_whitespace], validators=[MaxLength(200)])
    title_cy = StringField(_l("Section title in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    submit = SubmitField(_l("Save section"))


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind of question"),
                       choices=[SelectChoice(kind.value, kind.label) for kind in QuestionKind])
    text_en = StringField(_l("Question in English"), filters=[strip_whitespace],
                          validators=[OneLanguageRequired(), MaxLength(500)])
    text_cy = StringField(_l("Question in Welsh"), filters=[strip_whitespace], validators=[MaxLength(500)])
    help_en = StringField(_l("Help text in English"), filters=[strip_whitespace], validators=[MaxLength(500)])
    help_cy = StringField(_l("Help text in Welsh"), filters=[strip_whitespace], validators=[MaxLength(500)])
    required = BooleanField(_l("An answer is needed"))
    min_value = WholeNumberField(_l("Smallest number allowed"), validators=[
        Optional(), NumberRange(-NUMBER_LIMIT, NUMBER_LIMIT, _l("Enter a smaller number"))])
    max_value = WholeNumberField(_l("Largest number allowed"), validators=[
        Optional(), NumberRange(-NUMBER_LIMIT, NUMBER_LIMIT, _l("Enter a smaller number"))])
    allow_other = BooleanField(_l("Offer “Other, please say”"))
    condition = SelectField(_l("Show this question"))
    new_choices_en = TextAreaField(_l("New choices in English, one a line"), filters=[strip_whitespace],
                                   validators=[MaxLength(4000)])
    new_choices_cy = TextAreaField(_l("New choices in Welsh, one a line, in the same order"),
                                   filters=[strip_whitespace], validators=[MaxLength(4000)])
    submit = SubmitField(_l("Save question"))

    def __init__(self, *args, controllers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.condition.choices = [SelectChoice("", _l("Always"))] + [
            SelectChoice(f"{question.id}:{value}", _l("Only if “%(question)s” is “%(answer)s”",
                                                      question=plain_localized(question, "text"), answer=label))
            for question, value, label in controllers]

    def validate_max_value(self, field):
        if field.data is not None and self.min_value.data is not None and field.data < self.min_value.data:
            raise ValidationError(_l("The largest number cannot be below the smallest"))

    def new_choice_pairs(self) -> list[tuple[str, str]]:
        """The new choices typed, English and Welsh paired line by line."""
        english = [line.strip() for line in (self.new_choices_en.data or "").splitlines()]
        welsh = [line.strip() for line in (self.new_choices_cy.data or "").splitlines()]
        length = max(len(english), len(welsh))
        english += [""] * (length - len(english))
        welsh += [""] * (length - len(welsh))
        return [(en[:200], cy[:200]) for en, cy in zip(english, welsh, strict=True) if en or cy]

    def validate_new_choices_cy(self, field):
        english = [line for line in (self.new_choices_en.data or "").splitlines() if line.strip()]
        welsh = [line for line in (field.data or "").splitlines() if line.strip()]
        if english and welsh and len(english) != len(welsh):
            raise ValidationError(_l("Give as many Welsh choices as English ones, in the same order, "
                                     "or leave one language empty to add it later"))


class YouSaidForm(FlaskForm):
    """The leaders' answer to the results: "You said, we did"."""

    you_said_en = TextAreaField(_l("What the schools are doing, in English"), filters=[strip_whitespace],
                                validators=[MaxLength(4000)])
    you_said_cy = TextAreaField(_l("What the schools are doing, in Welsh"), filters=[strip_whitespace],
                                validators=[MaxLength(4000)])
    you_said_published = BooleanField(_l("Show it, with the headline results, on the survey's public page"))
    submit = SubmitField(_l("Save"))
