"""iCalendar (RFC 5545) files: a calendar of events, and the response that hands it to a calendar
app, for every module (the calendar's feeds, a resource's bookings, a family's booked meeting).

The icalendar library is loaded by the first request that makes a file (it and its time zones take
3.6 MiB), not by every worker at start-up: a worker serving survey pages never needs it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Response

if TYPE_CHECKING:
    from icalendar import Calendar, Event


def new_event() -> Event:
    """An empty VEVENT for a module to fill in."""
    from icalendar import Event

    return Event()


def build_calendar(name: str, events: list[Event]) -> Calendar:
    """A VCALENDAR named `name` with the events and the time zones they use."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Clwstwr//Cluster calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def ics_response(calendar: Calendar, filename: str) -> Response:
    """The calendar as a download a calendar app can subscribe to."""
    return Response(calendar.to_ical(), mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{filename}"',
                             "Cache-Control": "private, max-age=300"})
