"""Every kind of question in one table: how its answer is read from the form and checked, where it is
stored, how its input is drawn, and how its results are summed up.

A new kind is an entry here, a value of `QuestionKind` (with a migration for the column's CHECK
constraint), and, if none of the inputs below fits it, a branch in `surveys/macros.html`'s
`question_input`. The date kind was added that way.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from app.form_input import without_control_characters
from app.forms import EARLIEST_DAY, LATEST_DAY, whole_number
from app.surveys.models import Question, QuestionKind
from app.surveys.register import say

#: the value of the "Other" choice, in drafts and forms
OTHER = "other"
#: the longest words kept under "Other", in characters
OTHER_LIMIT = 200


class Stored(Enum):
    """Where an answer lives in its row of `survey_answers`."""

    NUMBER = "number"
    TEXT = "text"
    #: one row per choice made (no choice and the words: "Other")
    CHOICES = "choices"


class Summary(Enum):
    """How the results page sums up a question's answers."""

    #: a count and share for each point or choice
    COUNTS = "counts"
    #: the mean of the numbers given
    MEAN = "mean"
    #: the words people wrote, read one by one
    WORDS = "words"
    #: a count and share for each month of the days given
    MONTHS = "months"


class Input(Enum):
    """How a question is answered on the page (surveys/macros.html, `question_input`)."""

    #: a radio button for each point or choice (a checkbox where several may be chosen)
    OPTIONS = "options"
    #: one line to type into
    LINE = "line"
    #: a box for a few sentences
    BOX = "box"
    #: the browser's date picker, which a browser without one shows as a line
    DAY = "day"


Reader = Callable[[Question, object], tuple[object, str | None]]


@dataclass(frozen=True)
class Kind:
    """What one kind of question is; `QuestionKind.rules` finds it."""

    #: reads and checks the answer on the form: (the value to keep, or None; a message, or None)
    read: Reader
    stored: Stored
    summary: Summary
    input: Input
    #: the points to choose from, lowest first: (stored value, label)
    points: tuple = ()
    #: answered by picking from the question's own choices
    has_choices: bool = False
    #: several may be picked
    several: bool = False
    #: drawn as faces beside the words
    faces: bool = False
    #: a point on a scale, stored as a number from 1: a mean makes sense
    is_scale: bool = False
    #: a scale from 1 (worst) to 5 (best): the leadership summary's headline mean
    is_five_point: bool = False
    #: its answer may decide whether a later question is shown
    can_control: bool = False
    #: the longest answer kept, in characters, for the kinds people type
    limit: int = 200

    @property
    def typed(self) -> bool:
        """Answered by typing: what was typed comes back with the message when it is refused."""
        return self.input is not Input.OPTIONS

    @property
    def is_text(self) -> bool:
        """Answered in words people write, shown only where words may be read."""
        return self.summary is Summary.WORDS


def clean_text(value: str) -> str:
    """Text as people typed it, without control characters and the spaces around it."""
    # forms arrive without them already (app/form_input.py); this keeps the rule for any other text
    return without_control_characters(value).replace("\r\n", "\n").strip()


def _read_point(question: Question, form) -> tuple[object, str | None]:
    raw = form.get(f"q{question.id}", "").strip()
    if not raw:
        return None, None
    allowed = {str(value): value for value, _label in question.options()}
    if raw == OTHER and question.allow_other:
        return OTHER, None
    if raw not in allowed:
        return None, say("Choose one of the answers")
    return allowed[raw], None


def _read_several(question: Question, form) -> tuple[object, str | None]:
    allowed = {str(choice.id): choice.id for choice in question.choices}
    if question.allow_other:
        allowed[OTHER] = OTHER
    raws = [raw.strip() for raw in form.getlist(f"q{question.id}") if raw.strip()]
    if any(raw not in allowed for raw in raws):
        return None, say("Choose from the answers given")
    chosen = list(dict.fromkeys(allowed[raw] for raw in raws))  # each once, in the order sent
    return chosen or None, None


def _read_number(question: Question, form) -> tuple[object, str | None]:
    raw = form.get(f"q{question.id}", "")
    if not raw.strip():
        return None, None
    low, high = question.min_value, question.max_value
    if low is not None and high is not None:
        message = say("Enter a whole number from %(low)d to %(high)d", low=low, high=high)
    elif low is not None:
        message = say("Enter a whole number of %(low)d or more", low=low)
    elif high is not None:
        message = say("Enter a whole number of %(high)d or less", high=high)
    else:
        message = say("Enter a whole number, like 12")
    number = whole_number(raw)
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        return None, message
    return number, None


def _read_text(question: Question, form) -> tuple[object, str | None]:
    text = clean_text(form.get(f"q{question.id}", ""))
    limit = question.kind.rules.limit
    if len(text) > limit:
        return None, say("Use %(max)d characters or fewer", max=limit)
    return text or None, None


#: a day as the date picker sends it (2027-03-21), or as people type it in Wales (21/3/2027, 21.3.27)
_PICKED_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TYPED_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")


def _read_day(question: Question, form) -> tuple[object, str | None]:
    raw = form.get(f"q{question.id}", "").strip()
    if not raw:
        return None, None
    picked, typed = _PICKED_DAY.fullmatch(raw), _TYPED_DAY.fullmatch(raw)
    try:
        if picked:
            day = date(*(int(part) for part in picked.groups()))
        elif typed:
            day_of_month, month, year = (int(part) for part in typed.groups())
            day = date(year + 2000 if year < 100 else year, month, day_of_month)
        else:
            day = None
    except ValueError:  # 31/2, month 13
        day = None
    if day is None:
        return None, say("Enter a date, like %(example)s", example=format_date(date(2027, 3, 21), "d/M/y"))
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return None, say("Enter a date from %(first)s to %(last)s", first=EARLIEST_DAY.year, last=LATEST_DAY.year)
    return day.isoformat(), None


_SMILEY_3 = ((1, _l("Sad")), (2, _l("In between")), (3, _l("Happy")))
_SMILEY_5 = ((1, _l("Very sad")), (2, _l("Sad")), (3, _l("In between")), (4, _l("Happy")), (5, _l("Very happy")))
_AGREEMENT = ((1, _l("Strongly disagree")), (2, _l("Disagree")), (3, _l("Neither agree nor disagree")),
              (4, _l("Agree")), (5, _l("Strongly agree")))
_RATING = ((1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5"))
_YES_NO = ((1, _l("Yes")), (0, _l("No")))


def _scale(points: tuple, faces: bool = False) -> Kind:
    return Kind(read=_read_point, stored=Stored.NUMBER, summary=Summary.COUNTS, input=Input.OPTIONS, points=points,
                faces=faces, is_scale=True, is_five_point=len(points) == 5)


KINDS: dict[QuestionKind, Kind] = {
    QuestionKind.SMILEY_3: _scale(_SMILEY_3, faces=True),
    QuestionKind.SMILEY_5: _scale(_SMILEY_5, faces=True),
    QuestionKind.AGREEMENT: _scale(_AGREEMENT),
    QuestionKind.RATING: _scale(_RATING),
    QuestionKind.YES_NO: Kind(read=_read_point, stored=Stored.NUMBER, summary=Summary.COUNTS, input=Input.OPTIONS,
                              points=_YES_NO, can_control=True),
    QuestionKind.SINGLE: Kind(read=_read_point, stored=Stored.CHOICES, summary=Summary.COUNTS, input=Input.OPTIONS,
                              has_choices=True, can_control=True),
    QuestionKind.MULTIPLE: Kind(read=_read_several, stored=Stored.CHOICES, summary=Summary.COUNTS,
                                input=Input.OPTIONS, has_choices=True, several=True),
    QuestionKind.NUMBER: Kind(read=_read_number, stored=Stored.NUMBER, summary=Summary.MEAN, input=Input.LINE),
    QuestionKind.SHORT_TEXT: Kind(read=_read_text, stored=Stored.TEXT, summary=Summary.WORDS, input=Input.LINE),
    QuestionKind.LONG_TEXT: Kind(read=_read_text, stored=Stored.TEXT, summary=Summary.WORDS, input=Input.BOX,
                                 limit=2000),
    QuestionKind.DATE: Kind(read=_read_day, stored=Stored.TEXT, summary=Summary.MONTHS, input=Input.DAY),
}
