"""Summary forms: the period filter, a leadership meeting, an action and its progress."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from app.calendar.models import Strand
from app.forms import DayField, MaxLength, MultiCheckboxField, OneLanguageRequired, optional_int, strip_whitespace
from app.i18n import plain_localized
from app.summaries.models import Action, ActionStatus
from app.summaries.periods import LAST_YEAR, period_choices


class SummaryFilterForm(FlaskForm):
    """Which year and which part of it: a plain GET form, so a summary's address can be shared."""

    class Meta:
        csrf = False

    year = SelectField(_l("Academic year"), coerce=optional_int)
    period = SelectField(_l("Period"), default="")
    compare = SelectField(_l("Beside each figure"), default="",
                          choices=[SelectChoice("", _l("The period before")),
                                   SelectChoice(LAST_YEAR, _l("The same period a year before"))])

    def __init__(self, formdata, years=()):
        super().__init__(formdata)
        self.year.choices = [SelectChoice(year, f"{year}/{(year + 1) % 100:02d}") for year in years]
        self.period.choices = [SelectChoice(value, label) for value, label in period_choices()]


class NotesForm(FlaskForm):
    """Who came to a meeting and what was decided: a network's meeting, whose day the calendar keeps."""

    attendees = MultiCheckboxField(_l("Who came"), coerce=int)
    notes_en = TextAreaField(_l("Notes and decisions in English"), filters=[strip_whitespace],
                             validators=[Optional(), MaxLength(20000)])
    notes_cy = TextAreaField(_l("Notes and decisions in Welsh"), filters=[strip_whitespace],
                             validators=[Optional(), MaxLength(20000)])
    submit = SubmitField(_l("Save the meeting"))

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees.choices = [SelectChoice(person.id, person.name) for person in leaders]

    def fill(self, meeting) -> None:
        """Copy the notes into the meeting; the attendees, given as ids, are the service's to set."""
        meeting.notes_en, meeting.notes_cy = self.notes_en.data, self.notes_cy.data


class MeetingForm(NotesForm):
    """When the group met, which half term it reviewed, who came and what was decided."""

    held_on = DayField(_l("Date of the meeting"), validators=[InputRequired(_l("Enter the date of the meeting"))])
    half_term_id = SelectField(_l("Half term reviewed"), coerce=optional_int,
                               validators=[InputRequired(_l("Choose the half term the meeting reviews"))])

    def __init__(self, *args, years=(), leaders=(), **kwargs):
        super().__init__(*args, leaders=leaders, **kwargs)
        self.half_term_id.choices = [SelectChoice("", _l("Choose a half term"))] + [
            SelectChoice(half.id, f"{half.label} {year.label}") for year in years for half in year.half_terms]

    def fill(self, meeting) -> None:
        """Copy the form into the meeting: its day and half term, and the notes."""
        meeting.held_on, meeting.half_term_id = self.held_on.data, self.half_term_id.data
        super().fill(meeting)


class ActionForm(FlaskForm):
    """An action the group agrees: what, who owns it, which strand, and by when."""

    text_en = TextAreaField(_l("The action in English"), filters=[strip_whitespace],
                            validators=[OneLanguageRequired(_l("Write the action in English, in Welsh, or both")),
                                        MaxLength(500)])
    text_cy = TextAreaField(_l("The action in Welsh"), filters=[strip_whitespace], validators=[MaxLength(500)])
    owner = SelectField(_l("Owner"), default="")
    strand = SelectField(_l("Strand"), choices=[SelectChoice(strand.value, strand.label) for strand in Strand],
                         validators=[InputRequired(_l("Choose a strand"))])
    due_on = DayField(_l("Due by"), validators=[InputRequired(_l("Enter the date it is due"))])
    submit = SubmitField(_l("Add the action"))

    def __init__(self, *args, schools=(), leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.choices = [SelectChoice("", _l("The whole group"))] + [
            SelectChoice(f"school-{school.id}", plain_localized(school, "name")) for school in schools] + [
            SelectChoice(f"person-{person.id}", person.name) for person in leaders]

    def to_action(self) -> Action:
        """The action as agreed, for a meeting to add."""
        owner_kind, _sep, owner_id = self.owner.data.partition("-")
        return Action(text_en=self.text_en.data, text_cy=self.text_cy.data, strand=Strand(self.strand.data),
                      due_on=self.due_on.data,
                      owner_school_id=int(owner_id) if owner_kind == "school" else None,
                      owner_user_id=int(owner_id) if owner_kind == "person" else None)


class ActionProgressForm(FlaskForm):
    """How an action stands: open, done or dropped, with a line on why."""

    status = SelectField(_l("Status"), choices=[SelectChoice(status.value, status.label) for status in ActionStatus])
    update_note = TextAreaField(_l("Update"), filters=[strip_whitespace], validators=[Optional(), MaxLength(500)])
    submit = SubmitField(_l("Save"))


class ReportForm(FlaskForm):
    """The narrative of the annual report, each section in English and in Welsh."""

    achievements_en = TextAreaField(_l("Achievements in English"), filters=[strip_whitespace],
                                    validators=[Optional(), MaxLength(20000)])
    achievements_cy = TextAreaField(_l("Achievements in Welsh"), filters=[strip_whitespace],
                                    validators=[Optional(), MaxLength(20000)])
    challenges_en = TextAreaField(_l("Challenges in English"), filters=[strip_whitespace],
                                  validators=[Optional(), MaxLength(20000)])
    challenges_cy = TextAreaField(_l("Challenges in Welsh"), filters=[strip_whitespace],
                                  validators=[Optional(), MaxLength(20000)])
    plans_en = TextAreaField(_l("Plans in English"), filters=[strip_whitespace],
                             validators=[Optional(), MaxLength(20000)])
    plans_cy = TextAreaField(_l("Plans in Welsh"), filters=[strip_whitespace],
                             validators=[Optional(), MaxLength(20000)])
    submit = SubmitField(_l("Save the draft"))
