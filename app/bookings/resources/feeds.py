"""A resource's bookings as an iCalendar feed: who has the minibus when, in a member's calendar app."""

from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from flask import abort
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import clock
from app.bookings.resources.models import Resource, ResourceBooking
from app.calendar.feeds import feed_language, feed_viewer
from app.extensions import db
from app.i18n import plain_localized
from app.ical import build_calendar, ics_response, new_event
from app.links import public_url

if TYPE_CHECKING:
    from icalendar import Event

#: how far back a feed still shows bookings
FEED_HISTORY = timedelta(days=60)


def _event(resource: Resource, booking: ResourceBooking) -> "Event":
    event = new_event()
    event.add("uid", f"resource-booking-{booking.id}@clwstwr")
    event.add("dtstamp", booking.created_at)
    event.add("summary", f"{plain_localized(booking.school, 'name')}: {booking.purpose}")
    if booking.destination:
        event.add("location", booking.destination)
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("url", public_url("resources.week", resource_id=resource.id,
                                week=booking.starts_at.date().isoformat()))
    return event


def respond(resource_id: int):
    """The feed for the holder of `?key=` (or the signed-in member) who may open the resource's week page;
    404 for anyone else, a governor as much as a stranger."""
    viewer = feed_viewer("resources.week")
    resource = db.session.get(Resource, resource_id)
    if resource is None or viewer.cluster_id != resource.cluster_id:
        abort(404)
    bookings = db.session.scalars(
        select(ResourceBooking).where(ResourceBooking.resource_id == resource.id,
                                      ResourceBooking.cancelled_at.is_(None),
                                      ResourceBooking.ends_at >= clock.utcnow() - FEED_HISTORY)
        .options(selectinload(ResourceBooking.school)).order_by(ResourceBooking.starts_at)).all()
    with force_locale(feed_language()):
        calendar = build_calendar(plain_localized(resource, "name"), [_event(resource, b) for b in bookings])
    return ics_response(calendar, f"resource-{resource.id}.ics")
