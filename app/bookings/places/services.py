"""Requesting, giving back and releasing places, setting sessions up and recording attendance.

Every change that moves places is decided in one transaction: lock_for_write() first (SQLite's
write lock), then the session's row under FOR UPDATE (PostgreSQL), then the sums are read, the
rows written and the transaction committed, with the e-mails it causes in the same commit.
So confirmed places never pass the capacity or a school's allocation, whatever arrives at once.
"""

from datetime import date, timedelta

from flask import current_app, has_request_context
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, select, true, update
from sqlalchemy.orm import selectinload

from app.audit.services import pending_changes, record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.bookings.places.models import (
    AllocationRule,
    BookableSession,
    PlaceAttendance,
    PlaceRequest,
    Promotion,
)
from app.calendar.models import Activity
from app.clock import today, utcnow
from app.clusters.models import Cluster, School
from app.database import all_or_nothing, lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.i18n import localized_column, plain_localized
from app.links import public_url
from app.notifications.services import queue_message
from app.retention import retention_task

#: roles that request places for a school
BOOKERS = (Role.ADMIN, Role.LEADER, Role.STAFF)
#: fields of a session the audit log follows
SESSION_FIELDS = ("held_on", "starts_at", "ends_at", "location_en", "location_cy", "capacity", "unit",
                  "allocation_rule", "fixed_places", "book_by")


class PlacesRefused(Refused):
    """A change the rules of places on events do not allow."""


# -- who may do what -------------------------------------------------------------------------------

def in_cluster(viewer: User, session: BookableSession) -> bool:
    """Whether a signed-in person belongs to the session's cluster."""
    return bool(viewer.is_authenticated and viewer.cluster_id == session.activity.cluster_id)


def can_organise(viewer: User, activity: Activity) -> bool:
    """Leaders and admins of the cluster, and the person who put the activity in the calendar, set
    sessions up and record attendance."""
    if not viewer.is_authenticated or viewer.cluster_id != activity.cluster_id:
        return False
    return viewer.role in (Role.ADMIN, Role.LEADER) or (
        viewer.role == Role.STAFF and activity.created_by_id == viewer.id)


def can_release(viewer: User, session: BookableSession) -> bool:
    """Leaders and admins of the cluster release unused allocations."""
    return in_cluster(viewer, session) and viewer.role in (Role.ADMIN, Role.LEADER)


def sees_every_school(viewer: User, session: BookableSession) -> bool:
    """Leaders, admins and the organiser see each school's requests, registers and the waiting list."""
    return can_organise(viewer, session.activity)


def cluster_schools(cluster_id: int) -> list[School]:
    """The schools of the cluster, by name in the reader's language."""
    return db.session.scalars(select(School).where(School.cluster_id == cluster_id)
                              .order_by(localized_column(School, "name"), School.id)).all()


def schools_to_book_for(viewer: User, session: BookableSession, schools: list[School]) -> list[School]:
    """The schools this person may request places for on this session: their own, or for a
    cluster admin every school taking part."""
    if not in_cluster(viewer, session) or viewer.role not in BOOKERS:
        return []
    return [school for school in session.schools_taking_part(schools) if can_change_school_records(viewer, school)]


def can_change_request(viewer: User, place_request: PlaceRequest) -> bool:
    """Staff and leaders give back their own school's places; cluster admins any school's."""
    return (in_cluster(viewer, place_request.session) and viewer.role in BOOKERS
            and can_change_school_records(viewer, place_request.school))


# -- reading -----------------------------------------------------------------------------------------

def _shown(with_drafts: bool):
    """Which sessions a list shows: every one to organisers, else those not drafts."""
    return true() if with_drafts else BookableSession.draft.is_(False)


def sessions_of(activity_id: int, with_drafts: bool = False) -> list[BookableSession]:
    """An activity's sessions in date order, with their requests; drafts only for organisers."""
    return db.session.scalars(select(BookableSession).where(BookableSession.activity_id == activity_id,
                                                            _shown(with_drafts))
                              .options(selectinload(BookableSession.requests).selectinload(PlaceRequest.school),
                                       selectinload(BookableSession.attendance))
                              .order_by(BookableSession.held_on, BookableSession.starts_at,
                                        BookableSession.id)).all()


def upcoming_sessions(cluster_id: int, since: date, with_drafts: bool = False) -> list[BookableSession]:
    """The cluster's sessions from `since` on, in date order; drafts only for organisers."""
    return db.session.scalars(select(BookableSession).join(BookableSession.activity)
                              .where(Activity.cluster_id == cluster_id, BookableSession.held_on >= since,
                                     _shown(with_drafts))
                              .options(selectinload(BookableSession.activity),
                                       selectinload(BookableSession.requests))
                              .order_by(BookableSession.held_on, BookableSession.starts_at,
                                        BookableSession.id)).all()


def requests_of_school(school_id: int, today: date) -> list[PlaceRequest]:
    """A school's requests: the sessions still to come, soonest first, then those past, latest first."""
    held_on = BookableSession.held_on
    return db.session.scalars(select(PlaceRequest).join(PlaceRequest.session)
                              .where(PlaceRequest.school_id == school_id)
                              .options(selectinload(PlaceRequest.session).selectinload(BookableSession.activity))
                              .order_by(held_on < today, case((held_on >= today, held_on)), held_on.desc(),
                                        PlaceRequest.id)).all()


# -- messages ------------------------------------------------------------------------------------------

def _notify(place_request: PlaceRequest, template: str, **context) -> None:
    """Queue a message about a request to the person who made it, in their language."""
    person = place_request.requested_by
    if person is None or not person.active:
        return
    link = None
    if has_request_context():
        link = public_url("places.session", place_session_id=place_request.session_id)
    queue_message(person.email, person.preferred_locale or current_app.config["DEFAULT_LOCALE"], template,
                  name=person.name, place_request=place_request, session=place_request.session,
                  activity=place_request.session.activity, school=place_request.school, link=link, **context)


def _notify_promotions(promotions: list[Promotion]) -> None:
    for promotion in promotions:
        _notify(promotion.request, "places_promoted", promoted=promotion.places)


# -- changing places -------------------------------------------------------------------------------------

def request_places(actor: User, session_id: int, school_id: int, places: int, pupil_names: list[str]) -> PlaceRequest:
    """Ask for `places` for a school: confirmed as far as the capacity and the school's allocation
    allow, the rest on the waiting list behind every request already there."""
    lock_for_write()
    session = locked(BookableSession, session_id)
    school = db.session.get(School, school_id)
    with all_or_nothing():
        if session is None or school is None:
            raise PlacesRefused(_("This session no longer exists."))
        if session.draft:
            raise PlacesRefused(_("This session is still being prepared: schools cannot ask for places yet."))
        if not session.takes_requests(today()):
            raise PlacesRefused(_("Requests for this session closed on %(day)s.",
                                  day=_format_day(session.book_by)))
        if not session.takes_part(school):
            raise PlacesRefused(_("%(school)s is not taking part in this activity.",
                                  school=plain_localized(school, "name")))
        if places < 1 or places > session.capacity:
            raise PlacesRefused(_("Enter a whole number from %(low)d to %(high)d", low=1, high=session.capacity),
                                field="places")
        if len(pupil_names) > places:
            raise PlacesRefused(ngettext("List at most %(num)d pupil: one for each place.",
                                         "List at most %(num)d pupils: one for each place.", places),
                                field="pupil_names")
    allocations = session.allocations(cluster_schools(session.activity.cluster_id))
    confirmed = min(places, session.room_for(school.id, allocations))
    place_request = PlaceRequest(session=session, school=school, requested_by=actor, places=places,
                                 places_asked=places, confirmed=confirmed, waiting=places - confirmed,
                                 pupil_names="\n".join(pupil_names))
    db.session.add(place_request)
    db.session.flush()
    _notify(place_request, "places_confirmed" if place_request.waiting == 0 else "places_waiting")
    db.session.commit()
    return place_request


def change_request(actor: User, request_id: int, places_now: int) -> tuple[PlaceRequest, list[Promotion]]:
    """Give places back: the request keeps `places_now` (0 cancels it). Waiting places go first; any
    confirmed place freed goes at once to the waiting list, in arrival order, within allocations."""
    session_id = db.session.scalar(select(PlaceRequest.session_id).where(PlaceRequest.id == request_id))
    lock_for_write()
    session = locked(BookableSession, session_id) if session_id is not None else None
    place_request = db.session.get(PlaceRequest, request_id, populate_existing=True) if session else None
    with all_or_nothing():
        if place_request is None or place_request.is_cancelled:
            raise PlacesRefused(_("This request has already been cancelled."))
        if not session.takes_changes(today()):
            raise PlacesRefused(_("The session has taken place: its places can no longer change."))
        if places_now < 0 or places_now >= place_request.places:
            raise PlacesRefused(_("Enter a whole number from %(low)d to %(high)d",
                                  low=0, high=place_request.places - 1), field="places")
    given_back = place_request.places - places_now
    place_request.give_back(given_back)
    allocations = session.allocations(cluster_schools(session.activity.cluster_id))
    promotions = session.promote_waiting(allocations)
    db.session.flush()
    _notify(place_request, "places_cancelled", given_back=given_back)
    _notify_promotions(promotions)
    db.session.commit()
    return place_request, promotions


def release_allocations(actor: User, session_id: int) -> list[Promotion]:
    """After the deadline: allocations stop binding, and waiting places are confirmed in arrival
    order up to the capacity."""
    lock_for_write()
    session = locked(BookableSession, session_id)
    if session is None or not session.can_release(today()):
        db.session.rollback()
        raise PlacesRefused(_("Unused places can be released once the booking deadline has passed, "
                              "and only once."))
    session.released_at = utcnow()
    session.released_by_id = actor.id
    promotions = session.promote_waiting(None)
    record_event(actor, "released", session, session.label, session.activity.cluster_id,
                 {"promoted": [None, sum(promotion.places for promotion in promotions)]})
    db.session.flush()
    _notify_promotions(promotions)
    db.session.commit()
    return promotions


def save_session(actor: User, session: BookableSession, activity: Activity, data: dict) -> list[Promotion]:
    """Create a session, or change one under its lock: the capacity and the allocations may not drop
    below what is already confirmed; more room promotes from the waiting list."""
    fields = {name: data[name] for name in SESSION_FIELDS}
    if fields["allocation_rule"] != AllocationRule.FIXED:
        fields["fixed_places"] = None
    if session.id is None:
        session = BookableSession(activity_id=activity.id, created_by_id=actor.id, **fields)
        db.session.add(session)
        db.session.flush()
        record_event(actor, "created", session, session.label, activity.cluster_id)
        db.session.commit()
        return []
    session_id = session.id
    lock_for_write()
    session = locked(BookableSession, session_id)
    for name, value in fields.items():
        setattr(session, name, value)
    schools = cluster_schools(session.activity.cluster_id)
    with all_or_nothing():
        if session.capacity < session.confirmed_total:
            raise PlacesRefused(ngettext("%(num)d place is already confirmed: there cannot be fewer places.",
                                         "%(num)d places are already confirmed: there cannot be fewer places.",
                                         session.confirmed_total), field="capacity")
        allocations = session.allocations(schools)
        if allocations is not None and session.allocations_bind():
            for school in schools:
                if session.confirmed_for(school.id) > allocations.get(school.id, 0):
                    raise PlacesRefused(_("With this rule %(school)s would have fewer places than it already "
                                          "has confirmed.", school=plain_localized(school, "name")),
                                        field="allocation_rule")
    changes = pending_changes(session, SESSION_FIELDS)
    promotions = session.promote_waiting(allocations)
    if changes:
        record_event(actor, "updated", session, session.label, session.activity.cluster_id, changes)
    db.session.flush()
    _notify_promotions(promotions)
    db.session.commit()
    return promotions


# -- a new year ---------------------------------------------------------------------------------------

def sessions_of_activities(activity_ids) -> list[BookableSession]:
    """The sessions of these activities, by day."""
    return db.session.scalars(select(BookableSession).where(BookableSession.activity_id.in_(list(activity_ids)))
                              .order_by(BookableSession.held_on, BookableSession.id)).all()


def copied_already(session_ids) -> set[int]:
    """Which of these sessions have a copy."""
    return set(db.session.scalars(select(BookableSession.copied_from_id).where(
        BookableSession.copied_from_id.in_(list(session_ids)))))


def copy_forward(actor: User, cluster_id: int, copies: dict[int, int], moved_by: timedelta) -> int:
    """Copy each session of the activities in `copies` ({activity: its copy}) to the copy, as a draft
    with its day and deadline moved on: its places, times, place and how the places are shared
    between schools; no requests. One copied before is not copied again, however many ask at once."""
    lock_for_write()
    locked(Cluster, cluster_id)  # on PostgreSQL the lock that makes a second copy wait
    found = sessions_of_activities(copies)
    already = copied_already(session.id for session in found)
    originals = [session for session in found if session.id not in already]
    for original in originals:
        copy = BookableSession(
            activity_id=copies[original.activity_id], held_on=original.held_on + moved_by,
            starts_at=original.starts_at, ends_at=original.ends_at, location_en=original.location_en,
            location_cy=original.location_cy, capacity=original.capacity, unit=original.unit,
            allocation_rule=original.allocation_rule, fixed_places=original.fixed_places,
            book_by=original.book_by + moved_by, draft=True, copied_from_id=original.id, created_by_id=actor.id)
        db.session.add(copy)
        db.session.flush()
        record_event(actor, "copied", copy, copy.label, cluster_id, {"from": [original.id, copy.id]})
    db.session.commit()
    return len(originals)


def open_for_requests(actor: User, session_id: int) -> BookableSession:
    """A draft session opened: schools see it and ask for places until its deadline."""
    lock_for_write()
    session = locked(BookableSession, session_id)
    if session is None or not session.draft:
        db.session.rollback()
        raise PlacesRefused(_("The session is not a draft: schools already see it."))
    session.draft = False
    record_event(actor, "updated", session, session.label, session.activity.cluster_id, {"draft": [True, False]})
    db.session.commit()
    return session


def record_attendance(actor: User, session_id: int, used: dict[int, int]) -> None:
    """Save the places each school used ({school id: places}); saving again corrects the figures."""
    lock_for_write()
    session = locked(BookableSession, session_id)
    if session is None or not session.can_record_attendance(today()):
        db.session.rollback()
        raise PlacesRefused(_("Attendance can be recorded once the session has taken place."))
    existing = {row.school_id: row for row in session.attendance}
    changes = {}
    for school_id, places in used.items():
        row = existing.get(school_id)
        if row is None:
            session.attendance.append(PlaceAttendance(school_id=school_id, places_used=places,
                                                      recorded_by_id=actor.id))
            changes[str(school_id)] = [None, places]
        elif row.places_used != places:
            changes[str(school_id)] = [row.places_used, places]
            row.places_used, row.recorded_by_id, row.recorded_at = places, actor.id, utcnow()
    record_event(actor, "attendance_recorded", session, session.label, session.activity.cluster_id, changes)
    db.session.commit()


def _format_day(day: date) -> str:
    return format_date(day, "d MMMM y")


# -- keeping children's names no longer than needed --------------------------------------------------------

@retention_task
def delete_old_registers() -> str:
    """Blank the pupils' names on requests PLACE_REGISTER_RETENTION_DAYS after their session."""
    days = current_app.config["PLACE_REGISTER_RETENTION_DAYS"]
    cutoff = today() - timedelta(days=days)
    old = select(BookableSession.id).where(BookableSession.held_on < cutoff)
    cleared = db.session.execute(update(PlaceRequest).where(PlaceRequest.session_id.in_(old),
                                                            PlaceRequest.pupil_names != "")
                                 .values(pupil_names="")).rowcount
    db.session.commit()
    return f"Registers of places on events: cleared the pupils' names of {cleared} request(s) held before {cutoff}."
