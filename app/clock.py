"""The one clock: today's date and the moment now, in Wales.

Everything that depends on the date or the time reads it here: a survey's phase and default
dates, the calendar's "this half term", bookings, meetings, competitions, summaries, retention,
e-mails, the time stamps rows keep. Nothing else in app/ asks the system (ruff's banned-API rule
refuses `date.today()`, `datetime.now()`, `datetime.utcnow()` and `time.time()` there).

Setting TODAY (an ISO date) in the configuration pins the date for all of it: a training copy can
stand in November 2025 with the demo, and tests can book "a Tuesday in October" on any real day.
The time of day stays the real one, so moments still follow one another within the pinned day.
"""

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LONDON = ZoneInfo("Europe/London")


def _pinned() -> date | None:
    """The configured TODAY, if there is one (outside an application, there is none)."""
    pinned = current_app.config.get("TODAY") if has_app_context() else None
    if not pinned:
        return None
    return pinned if isinstance(pinned, date) else date.fromisoformat(pinned)


def local_now() -> datetime:
    """The wall-clock time in Wales now, without a time zone (on the pinned day, if TODAY is set)."""
    real = datetime.now(LONDON).replace(tzinfo=None)
    pinned = _pinned()
    return datetime.combine(pinned, real.time()) if pinned else real


def today() -> date:
    """The local date now, or the configured TODAY."""
    return local_now().date()


def utcnow() -> datetime:
    """The moment now, in UTC with its time zone: what time stamps store."""
    if _pinned() is None:
        return datetime.now(UTC)
    return local_now().replace(tzinfo=LONDON).astimezone(UTC)


def system_seconds() -> float:
    """Seconds since 1970 by the machine's own clock, never pinned: only to compare with times the
    machine itself stamps, such as a file's."""
    return time.time()


def machine_utcnow() -> datetime:
    """The moment now by the machine's own clock, in UTC, never pinned: for how long something has
    really lasted (a sign-in left idle), which a training copy's pinned day must not stretch."""
    return datetime.now(UTC)


def utc_moment(day: date, clock_time) -> datetime:
    """A local (Welsh) wall-clock time on `day` as a UTC moment: how stored times are compared."""
    return datetime.combine(day, clock_time, tzinfo=LONDON).astimezone(UTC)
