"""Form pieces every module reuses."""

import re
from datetime import date

from flask import abort, make_response, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectMultipleField, TimeField
from wtforms.validators import Length, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from app.errors import render_error


class OneLanguageRequired:
    """On an `_en` field: the English or the Welsh text must be given (the other may follow).

    Content falls back to the other language when one is missing, so one is enough to save;
    the editor sees a 'translation missing' marker until both are there.
    """

    def __init__(self, message=None):
        self.message = message or _l("Enter this in English, in Welsh, or both")

    def __call__(self, form, field):
        welsh_name = field.name[: -len("_en")] + "_cy"
        welsh = form[welsh_name].data if welsh_name in form else ""
        if not (field.data or "").strip() and not (welsh or "").strip():
            raise StopValidation(self.message)


def MaxLength(limit: int) -> Length:  # noqa: N802 (reads like the validator classes it stands for)
    """At most `limit` characters, said plainly in the reader's language."""
    return Length(max=limit, message=_l("Use %(max)d characters or fewer"))


#: the first and last day anyone may type or put in an address. Wide enough for any school year a
#: cluster looks back on or plans, and far from the ends of Python's calendar (year 1 and 9999), so
#: that the weeks and years the modules add to a day (a weekly repeat, next year's copy) never overflow.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def is_sane_day(day: date) -> bool:
    """Whether `day` lies between EARLIEST_DAY and LATEST_DAY."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def outside_bounds_message() -> str:
    """What to say about a real date outside EARLIEST_DAY–LATEST_DAY, in the reader's language."""
    return _("Enter a date from %(first)s to %(last)s, like 16/03/2026",
             first=EARLIEST_DAY.year, last=LATEST_DAY.year)


def day_from_address(name: str) -> date | None:
    """The date (2026-03-16) in the query string's `name`, or None when there is none.

    Anything else answers 400 with a page that says what the address should hold: the page
    asked for a particular day, and quietly showing another could mislead (a minibus that
    looks free in the wrong week).
    """
    value = request.args.get(name, "")
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not is_sane_day(day):
        abort(make_response(render_error(400, (
            _("The date in the web address is not one we can show"),
            _("Use a real date from %(first)s to %(last)s, like 2026-03-16, or go back and choose one on the page.",
              first=EARLIEST_DAY.year, last=LATEST_DAY.year)))))
    return day


class _PlainParseError:
    """A date or time field that accepts several spellings and says plainly what it wants."""

    formats: list[str]

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=self.formats, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.what_to_enter()) from error


class DayField(_PlainParseError, DateField):
    """A date from a date picker (2026-03-16) or typed the British way (16/03/2026), from 2000 to 2099."""

    formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]

    def what_to_enter(self) -> str:
        return _("Enter a real date, like 16/03/2026")

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        # None, not the date: a form's own checks (a day plus hours of meetings) must not do sums on it
        if self.data is not None and not is_sane_day(self.data):
            self.data = None
            raise ValueError(outside_bounds_message())


class ClockField(_PlainParseError, TimeField):
    """A time of day from a time picker or typed as 14:30 or 14.30."""

    formats = ["%H:%M", "%H.%M"]

    def what_to_enter(self) -> str:
        return _("Enter a time on the 24-hour clock, like 14:30")


#: a whole number as people type it: a sign perhaps, and at most nine digits. More, which nobody
#: means, is refused as words are: it would overflow the database's INTEGER, and WTForms' NumberRange
#: would turn it into a float that overflows (a 500)
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}")


def whole_number(text: str | None) -> int | None:
    """The whole number in what someone typed (spaces and thousands commas allowed), or None: words,
    a fraction, nothing, or more than nine digits. Every form and survey answer reads numbers with it."""
    compact = (text or "").strip().replace(",", "").replace(" ", "")
    return int(compact) if WHOLE_NUMBER.fullmatch(compact) else None


class WholeNumberField(IntegerField):
    """A whole number as people type it (`whole_number`), or one plain message in the reader's language."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = whole_number(valuelist[0])
        if self.data is None:
            raise ValueError(_("Enter a whole number, like 12"))


def optional_int(value):
    """Coerce a select's value to an int, or None for the 'all'/'none' choice."""
    return int(value) if value not in (None, "", "None") else None


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (WTForms has no such field of its own)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip_whitespace(value):
    """Filter for text fields: trim the spaces people paste, and make a field the request
    left out empty rather than None (which a NOT NULL column would refuse)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def year_group_label(group: int):
    """Nursery, Reception, or Year N (-1, 0, 1–13), in the reader's language."""
    if group == -1:
        return _l("Nursery")
    if group == 0:
        return _l("Reception")
    return _l("Year %(number)d", number=group)


#: a first name (hyphens and apostrophes allowed), a space, one letter of the surname, perhaps a full stop
PUPIL_NAME = re.compile(r"^([^\W\d_]+(?:['’-][^\W\d_]+)*) ([^\W\d_])\.?$")


class NumberBetweenField(WholeNumberField):
    """A whole number from `low` to `high` (places on an event, points, a score); any other answer (none,
    words, 0, too many) gets one plain message in the reader's language."""

    def __init__(self, label=None, validators=None, low: int = 1, high: int = 2000, required: bool = True,
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.low, self.high, self.required = low, high, required

    def what_to_enter(self) -> str:
        return _("Enter a whole number from %(low)d to %(high)d", low=self.low, high=self.high)

    def process_formdata(self, valuelist):
        # Anything but a whole number is None here; pre_validate says what to enter, with the bounds
        # the form sets after it is built (the capacity of this session).
        self.data = whole_number(valuelist[0] if valuelist else "")

    def pre_validate(self, form):
        if self.data is None and not self.required and not (self.raw_data and self.raw_data[0].strip()):
            return
        if self.data is None or not self.low <= self.data <= self.high:
            raise StopValidation(self.what_to_enter())


def tidy_pupil_name(text: str) -> str | None:
    """A pupil's name tidied to "Cerys M.", or None if it is more than a first name and an initial
    (a full surname is the one thing we never keep about a child)."""
    match = PUPIL_NAME.match(" ".join((text or "").split()))
    return f"{match.group(1)} {match.group(2).upper()}." if match else None
