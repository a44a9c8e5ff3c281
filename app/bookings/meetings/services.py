"""Operations on meeting slots: making sets and slots, booking, moving and cancelling, once each.

Every decision about who gets a slot is taken under `lock_for_write()` with the slot's row locked
(`locked(MeetingSlot, id)`), and the partial unique index on live bookings backs it up: two
families pressing Book for the same time at the same moment get one booking and one clear "taken".
"""

import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.services import record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.bookings.meetings.models import MeetingBooking, MeetingSet, MeetingSetState, MeetingSlot
from app.calendar.models import Activity
from app.clock import LONDON, local_now, utcnow
from app.clusters.models import School
from app.database import lock_for_write, locked
from app.extensions import db
from app.i18n import plain_localized
from app.ical import new_event
from app.links import public_url
from app.notifications.services import queue_message
from app.tokens import new_token

if TYPE_CHECKING:
    from icalendar import Event

#: the most slots one "add several" may make
MAX_SLOTS_AT_ONCE = 60


class SlotTaken(Exception):
    """Another family has the slot (or it has just gone): choose another."""


class SlotUnavailable(Exception):
    """The slot is not one a family may book now: another set's, in the past, or booking has closed."""


class BookingGone(Exception):
    """The booking was cancelled (or its details deleted): its link no longer works."""


def slot_is_past(slot: MeetingSlot) -> bool:
    return slot.starts <= local_now()


# --- who may manage a set ------------------------------------------------------------------------

def can_organise(user: User, meeting_set: MeetingSet) -> bool:
    """The organising school's staff and leaders, and the cluster's admins."""
    return can_change_school_records(user, meeting_set.school)


def sets_for(user: User) -> list[MeetingSet]:
    """The sets a person may manage, the newest first."""
    query = select(MeetingSet).where(MeetingSet.cluster_id == user.cluster_id).options(
        selectinload(MeetingSet.school), selectinload(MeetingSet.slots))
    if user.role != Role.ADMIN:
        query = query.where(MeetingSet.school_id == user.school_id)
    return db.session.scalars(query.order_by(MeetingSet.created_at.desc(), MeetingSet.id.desc())).all()


def schools_for(user: User) -> list[School]:
    """The schools a person may organise meetings for."""
    if user.role == Role.ADMIN:
        return db.session.scalars(select(School).where(School.cluster_id == user.cluster_id)
                                  .order_by(School.name_en)).all()
    return [user.school] if user.school is not None else []


def activities_for(cluster_id: int) -> list[Activity]:
    """Calendar activities a set may belong to: the cluster's, the latest first."""
    return db.session.scalars(select(Activity).where(Activity.cluster_id == cluster_id)
                              .order_by(Activity.starts_on.desc().nulls_last(), Activity.title_en)).all()


def save_set(actor: User, meeting_set: MeetingSet, data: dict) -> MeetingSet:
    """Create or change a set's titles, notes, school and activity."""
    is_new = meeting_set.id is None
    for name in ("title_en", "title_cy", "notes_en", "notes_cy", "activity_id"):
        setattr(meeting_set, name, data[name])
    if is_new:
        meeting_set.cluster_id = actor.cluster_id
        meeting_set.created_by_id = actor.id
        meeting_set.school_id = data["school_id"] if actor.role == Role.ADMIN else actor.school_id
        db.session.add(meeting_set)
    db.session.flush()
    record_event(actor, "created" if is_new else "updated", meeting_set,
                 meeting_set.title_en or meeting_set.title_cy, meeting_set.cluster_id)
    db.session.commit()
    return meeting_set


def change_state(actor: User, meeting_set: MeetingSet, change: str) -> None:
    """Publish (a link is made the first time), close or reopen, under the write lock."""
    set_id = meeting_set.id
    lock_for_write()
    meeting_set = locked(MeetingSet, set_id)
    before = meeting_set.state
    if change == "publish":
        meeting_set.publish(new_token())
    elif change == "close":
        meeting_set.close()
    else:
        raise ValueError(change)
    record_event(actor, change, meeting_set, meeting_set.title_en or meeting_set.title_cy, meeting_set.cluster_id,
                 {"state": [before.value, meeting_set.state.value]})
    db.session.commit()


@dataclass
class SlotPlan:
    """What "add several slots" asks for: `count` slots of `length` minutes from `first`, `gap` apart."""

    day: date
    first: time
    length: int
    count: int
    gap: int
    location_en: str
    location_cy: str
    staff_name: str
    staff_role_en: str = ""
    staff_role_cy: str = ""

    def times(self) -> list[time]:
        start = datetime.combine(self.day, self.first)
        return [(start + timedelta(minutes=n * (self.length + self.gap))).time() for n in range(self.count)]


def add_slots(meeting_set: MeetingSet, plan: SlotPlan) -> tuple[int, int]:
    """Add the planned slots; a time the same person already has is skipped. (added, skipped)."""
    set_id = meeting_set.id
    lock_for_write()
    existing = set(db.session.execute(
        select(MeetingSlot.starts_at).where(MeetingSlot.set_id == set_id, MeetingSlot.starts_on == plan.day,
                                            MeetingSlot.staff_name == plan.staff_name)).scalars())
    added = skipped = 0
    for start in plan.times():
        if start in existing:
            skipped += 1
            continue
        db.session.add(MeetingSlot(set_id=set_id, starts_on=plan.day, starts_at=start, length_minutes=plan.length,
                                   location_en=plan.location_en, location_cy=plan.location_cy,
                                   staff_name=plan.staff_name, staff_role_en=plan.staff_role_en,
                                   staff_role_cy=plan.staff_role_cy))
        added += 1
    db.session.commit()
    return added, skipped


def remove_slot(meeting_set: MeetingSet, slot_id: int) -> bool:
    """Remove a slot nobody has booked; False if a family has it (cancel their booking first)."""
    lock_for_write()
    slot = locked(MeetingSlot, slot_id)
    if slot is None or slot.set_id != meeting_set.id:
        db.session.rollback()
        return True
    if live_booking_of(slot.id) is not None:
        db.session.rollback()
        return False
    db.session.delete(slot)
    db.session.commit()
    return True


# --- what families see ---------------------------------------------------------------------------

def set_for_token(token: str) -> MeetingSet | None:
    """The published (or closed) set with this public token."""
    if not token:
        return None
    return db.session.scalar(select(MeetingSet).where(MeetingSet.token == token,
                                                      MeetingSet.state != MeetingSetState.DRAFT)
                             .options(selectinload(MeetingSet.school)))


def live_booking_of(slot_id: int) -> MeetingBooking | None:
    return db.session.scalar(select(MeetingBooking).where(MeetingBooking.slot_id == slot_id,
                                                          MeetingBooking.cancelled_at.is_(None)))


def booked_slot_ids(set_id: int) -> set[int]:
    return set(db.session.scalars(select(MeetingBooking.slot_id).join(MeetingSlot)
                                  .where(MeetingSlot.set_id == set_id, MeetingBooking.cancelled_at.is_(None))))


def free_slots(meeting_set: MeetingSet) -> list[MeetingSlot]:
    """The slots still to be had: not booked, not started."""
    taken = booked_slot_ids(meeting_set.id)
    now = local_now()
    return [slot for slot in meeting_set.slots if slot.id not in taken and slot.starts > now]


def slots_by_day(slots: list[MeetingSlot]) -> list[tuple[date, list[MeetingSlot]]]:
    days: dict[date, list[MeetingSlot]] = {}
    for slot in slots:
        days.setdefault(slot.starts_on, []).append(slot)
    return list(days.items())


def bookings_by_slot(meeting_set: MeetingSet) -> dict[int, MeetingBooking]:
    """The live booking of each booked slot of the set: the school's list."""
    bookings = db.session.scalars(select(MeetingBooking).join(MeetingSlot)
                                  .where(MeetingSlot.set_id == meeting_set.id, MeetingBooking.cancelled_at.is_(None)))
    return {booking.slot_id: booking for booking in bookings}


def counts(set_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{set id: (slots, booked)} for a list of sets."""
    if not set_ids:
        return {}
    slots = dict(db.session.execute(select(MeetingSlot.set_id, func.count(MeetingSlot.id))
                                    .where(MeetingSlot.set_id.in_(set_ids)).group_by(MeetingSlot.set_id)).all())
    booked = dict(db.session.execute(select(MeetingSlot.set_id, func.count(MeetingBooking.id)).join(MeetingSlot)
                                     .where(MeetingSlot.set_id.in_(set_ids), MeetingBooking.cancelled_at.is_(None))
                                     .group_by(MeetingSlot.set_id)).all())
    return {set_id: (slots.get(set_id, 0), booked.get(set_id, 0)) for set_id in set_ids}


# --- the private cancel/change link --------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="meeting-booking")


def manage_key(booking: MeetingBooking) -> str:
    """The signed key in a family's private link: the booking's id and its secret."""
    return _serializer().dumps([booking.id, booking.secret])


def manage_url(booking: MeetingBooking) -> str:
    return public_url("meetings.manage", meeting_key=manage_key(booking))


def meeting_event(booking: MeetingBooking) -> "Event":
    """The booked meeting as a calendar event (for "add to my calendar"), in the reader's language."""
    slot = booking.slot
    meeting_set = slot.meeting_set
    event = new_event()
    event.add("uid", f"meeting-booking-{booking.id}@clwstwr")
    event.add("dtstamp", utcnow())
    event.add("summary", f"{plain_localized(meeting_set, 'title')} – {plain_localized(meeting_set.school, 'name')}")
    event.add("dtstart", datetime.combine(slot.starts_on, slot.starts_at, tzinfo=LONDON))
    event.add("dtend", datetime.combine(slot.starts_on, slot.ends_at, tzinfo=LONDON))
    location = plain_localized(slot, "location")
    event.add("location", ", ".join(part for part in (location, plain_localized(meeting_set.school, "name")) if part))
    event.add("description", f"{slot.who}\n{manage_url(booking)}")
    return event


def read_key(key: str) -> tuple[int, str] | None:
    """(booking id, secret) from a key, if the signature holds."""
    try:
        booking_id, secret = _serializer().loads(key)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(booking_id, int) or not isinstance(secret, str):
        return None
    return booking_id, secret


def _matches(booking: MeetingBooking | None, secret: str) -> bool:
    return booking is not None and hmac.compare_digest(booking.secret.encode(), secret.encode())


def _booking_behind(key: str) -> MeetingBooking | None:
    """The booking a genuine private link was made for, live or not; None for a forged or tampered one."""
    read = read_key(key)
    if read is None:
        return None
    booking = db.session.get(MeetingBooking, read[0])
    return booking if _matches(booking, read[1]) else None


def booking_for_key(key: str) -> MeetingBooking | None:
    """The live booking a private link is for; None for a forged, tampered, cancelled or expired one."""
    booking = _booking_behind(key)
    if booking is None or not booking.is_live or booking.contact_deleted_on is not None:
        return None
    return booking


def cancelled_booking_for_key(key: str) -> MeetingBooking | None:
    """The cancelled booking a genuine private link is for, while its details are kept: its family
    is told it was cancelled, and by whom, instead of meeting a bare "not found"."""
    booking = _booking_behind(key)
    if booking is None or booking.is_live or booking.contact_deleted_on is not None:
        return None
    return booking


# --- booking, moving, cancelling -----------------------------------------------------------------

@dataclass
class FamilyDetails:
    parent_name: str
    child_name: str
    year_group: int
    email: str
    phone: str


def _usable_slot(set_id: int, slot_id: int) -> MeetingSlot:
    """The slot, locked until the transaction ends, if families may book it now."""
    slot = locked(MeetingSlot, slot_id)
    if slot is None or slot.set_id != set_id:
        raise SlotTaken(slot_id)  # removed a moment ago: to the family, it has gone
    meeting_set = db.session.get(MeetingSet, set_id)
    if not meeting_set.is_open:
        raise SlotUnavailable("closed")
    if slot_is_past(slot):
        raise SlotTaken(slot_id)
    return slot


def _message_context(booking: MeetingBooking, slot: MeetingSlot, url: str | None) -> dict:
    meeting_set = slot.meeting_set
    return {"booking": booking, "slot": slot, "meeting_set": meeting_set, "school": meeting_set.school,
            "manage_url": url, "book_url": public_url("meetings.book", meeting_token=meeting_set.token),
            "calendar_url": url and public_url("meetings.calendar_file", meeting_key=manage_key(booking))}


def book_slot(set_id: int, slot_id: int, details: FamilyDetails, submission_token: str,
              language: str) -> MeetingBooking:
    """Give the slot to this family, or raise SlotTaken. Sending the same form twice books once.

    The slot's row is locked first, then the one-time token is looked for: a double tap that
    waited for the lock finds its own booking made and gets it back.
    """
    lock_for_write()
    slot = _usable_slot(set_id, slot_id)
    earlier = db.session.scalar(select(MeetingBooking).where(MeetingBooking.submission_token == submission_token))
    if earlier is not None:  # this form was sent already: the same family gets its booking back
        db.session.rollback()
        if earlier.parent_name == details.parent_name and earlier.is_live:
            return earlier
        raise SlotTaken(slot_id)  # an old form sent again with other details: start afresh
    if live_booking_of(slot.id) is not None:
        db.session.rollback()
        raise SlotTaken(slot_id)
    booking = MeetingBooking(slot_id=slot.id, parent_name=details.parent_name, child_name=details.child_name,
                             year_group=details.year_group, email=details.email, phone=details.phone,
                             language=language, secret=new_token(), submission_token=submission_token)
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:  # the index refused a second live booking: the lock should make this rare
        db.session.rollback()
        raise SlotTaken(slot_id) from None
    queue_message(booking.email, language, "meetings_confirmed", **_message_context(booking, slot, manage_url(booking)))
    db.session.commit()
    return booking


def move(key: str, slot_id: int) -> MeetingBooking:
    """Move a booking to another free slot of its set, in one transaction (SlotTaken if it has gone)."""
    booking = _locked_live_booking(key)
    if booking.slot_id == slot_id:
        db.session.rollback()
        return booking
    set_id = db.session.scalar(select(MeetingSlot.set_id).where(MeetingSlot.id == booking.slot_id))
    if slot_is_past(booking.slot):
        db.session.rollback()
        raise SlotUnavailable("past")
    slot = _usable_slot(set_id, slot_id)
    if live_booking_of(slot.id) is not None:
        db.session.rollback()
        raise SlotTaken(slot_id)
    booking.slot_id = slot.id
    booking.slot = slot
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise SlotTaken(slot_id) from None
    queue_message(booking.email, booking.language, "meetings_changed",
                  **_message_context(booking, slot, manage_url(booking)))
    db.session.commit()
    return booking


def cancel_by_family(key: str) -> MeetingSet:
    """The family cancels: the slot is free at once, the link stops working. Returns the set."""
    booking = _locked_live_booking(key)
    if slot_is_past(booking.slot):
        db.session.rollback()
        raise SlotUnavailable("past")
    return _cancel(booking, by_school=False)


def _locked_live_booking(key: str) -> MeetingBooking:
    """The booking behind a family's private link, locked for this transaction; BookingGone if the
    link is forged, for another booking, or its booking was cancelled."""
    read = read_key(key)
    lock_for_write()
    booking = locked(MeetingBooking, read[0]) if read else None
    if not _matches(booking, read[1] if read else "") or not booking.is_live:
        db.session.rollback()
        raise BookingGone()
    return booking


def cancel_by_school(actor: User, meeting_set: MeetingSet, booking_id: int) -> MeetingBooking | None:
    """The school cancels a family's booking (the family is told). None if it was not live."""
    set_id = meeting_set.id
    lock_for_write()
    booking = locked(MeetingBooking, booking_id)
    if booking is None or not booking.is_live or booking.slot.set_id != set_id:
        db.session.rollback()
        return None
    _cancel(booking, by_school=True, actor=actor)
    return booking


def _cancel(booking: MeetingBooking, by_school: bool, actor: User | None = None) -> MeetingSet:
    slot = booking.slot
    meeting_set = slot.meeting_set
    booking.cancelled_at = utcnow()
    booking.cancelled_by_school = by_school
    # the secret stays, so the family's link can still say the meeting is cancelled (and nothing more)
    queue_message(booking.email, booking.language, "meetings_cancelled", by_school=by_school,
                  **_message_context(booking, slot, None))
    if actor is not None:
        record_event(actor, "cancelled", meeting_set, meeting_set.title_en or meeting_set.title_cy,
                     meeting_set.cluster_id, {"booking": [booking.id, None]})
    db.session.commit()
    return meeting_set
