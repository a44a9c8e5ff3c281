"""Today's date in Wales, which is what "in the past" and "this half term" mean for bookings.

Setting TODAY (an ISO date) in the configuration pins it: a training copy can stand in
October 2025 with the demo, and tests can book "a Tuesday in October" on any real day.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """The local date now, or the configured TODAY."""
    pinned = current_app.config.get("TODAY")
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(pinned)
    return datetime.now(LONDON).date()
