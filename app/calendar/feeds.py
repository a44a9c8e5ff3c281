"""iCalendar (RFC 5545) feeds of the calendar, built with the icalendar library.

Calendar apps send no cookies, so a feed shows what families may see, unless its address
carries a member's personal key: then it shows what that person sees in Clwstwr. The key
stops working when they change their password or lose their account.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, request
from flask_babel import force_locale
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from app.auth.access import may_use
from app.auth.models import User
from app.calendar.models import Activity, ActivityStatus, Strand
from app.calendar.services import CalendarFilters, activities_query
from app.clusters.models import Cluster, School
from app.extensions import db
from app.i18n import current_language, plain_localized
from app.ical import build_calendar, ics_response, new_event
from app.links import public_url

if TYPE_CHECKING:
    from icalendar import Event

LONDON = ZoneInfo("Europe/London")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="calendar-feed")


def key_for(user: User) -> str:
    """A member's personal feed key."""
    return _serializer().dumps([user.id, user.feed_version])


def viewer_for_key(key: str | None):
    """The member a feed key belongs to, if it is still valid."""
    if not key:
        return None
    try:
        user_id, version = _serializer().loads(key)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or user.feed_version != version:
        return None
    return user


def feed_viewer(page: str):
    """Who a feed is for: the holder of the `?key=` in its address, else the visitor (a family has none).

    A feed shows what its page shows, so its reader must be allowed to open that page (`page`, an
    endpoint). Anyone else, by key, by session or with neither, gets 404, as if there were no feed:
    a calendar app cannot sign in, so a 403 or a sign-in page would tell it nothing more.
    """
    viewer = viewer_for_key(request.args.get("key")) or current_user
    if not may_use(viewer, page):
        abort(404)
    return viewer


def name_for(cluster: Cluster, school: School | None = None, strand: Strand | None = None) -> str:
    """The feed's name as a calendar app shows it."""
    parts = [plain_localized(cluster, "name")]
    if school is not None:
        parts.append(plain_localized(school, "name"))
    if strand is not None:
        parts.append(str(strand.label))
    return " – ".join(parts)


def feed_language() -> str:
    """?lang= if given, else the visitor's language."""
    wanted = request.args.get("lang")
    return wanted if wanted in current_app.config["LANGUAGES"] else current_language()


def _event(cluster: Cluster, activity: Activity) -> "Event":
    event = new_event()
    event.add("uid", f"activity-{activity.id}@{cluster.slug}.clwstwr")
    event.add("dtstamp", activity.updated_at)
    event.add("last-modified", activity.updated_at)
    event.add("summary", plain_localized(activity, "title"))
    description = plain_localized(activity, "description")
    if description:
        event.add("description", description)
    location = plain_localized(activity, "location")
    if location:
        event.add("location", location)
    event.add("url", public_url("calendar.activity", cluster=cluster.slug, activity_id=activity.id))
    event.add("categories", [str(activity.strand.label)])
    last_day = activity.ends_on or activity.starts_on
    if activity.starts_at is not None:
        event.add("dtstart", datetime.combine(activity.starts_on, activity.starts_at, tzinfo=LONDON))
        ends_at = activity.ends_at or activity.starts_at
        event.add("dtend", datetime.combine(last_day, ends_at, tzinfo=LONDON))
    else:  # all day: DTEND is the day after the last (RFC 5545, 3.6.1)
        event.add("dtstart", activity.starts_on)
        event.add("dtend", last_day + timedelta(days=1))
    event.add("status", "CANCELLED" if activity.status == ActivityStatus.CANCELLED else "CONFIRMED")
    return event


def respond(cluster: Cluster, filters: CalendarFilters, school: School | None = None) -> Response:
    """The feed of the dated activities matching `filters` that the key's holder (or a family) may see:
    those the calendar's pages show them."""
    viewer = feed_viewer("calendar.year")
    with force_locale(feed_language()):
        activities = db.session.scalars(activities_query(viewer, cluster, filters)
                                        .where(Activity.starts_on.is_not(None))).all()
        calendar = build_calendar(name_for(cluster, school, filters.strand),
                                  [_event(cluster, activity) for activity in activities])
    return ics_response(calendar, f"{cluster.slug}.ics")


def single(cluster: Cluster, activity: Activity) -> Response:
    """One activity as an .ics file, for 'add to calendar'."""
    with force_locale(feed_language()):
        calendar = build_calendar(plain_localized(cluster, "name"),
                                  [_event(cluster, activity)] if activity.starts_on else [])
    return ics_response(calendar, f"activity-{activity.id}.ics")
