"""Who may use the meetings pages of bookings, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.bookings.meetings.models import MeetingBooking, MeetingSet, MeetingSlot
from app.bookings.meetings.services import manage_key
from app.extensions import db
from tests.routes_common import ANYONE, SIGNED_IN  # noqa: F401

#: the school staff who organise meetings: their own school's (admins: any school of the cluster)
ORGANISERS = {"admin", "leader", "staff"}
#: the sample set is Darland High's: the matrix's leader and staff are Holt's, so they are refused
#: (tests/test_meetings.py shows Darland High's own staff and leader using these pages)
DARLAND_HIGH_ONLY = {"admin"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "meetings.index": ORGANISERS,
    "meetings.new": ORGANISERS,
    "meetings.show": DARLAND_HIGH_ONLY,
    "meetings.edit": DARLAND_HIGH_ONLY,
    "meetings.new_slots": DARLAND_HIGH_ONLY,
    "meetings.remove": DARLAND_HIGH_ONLY,
    "meetings.state": DARLAND_HIGH_ONLY,
    "meetings.cancel_booking": DARLAND_HIGH_ONLY,
    "meetings.print_list": DARLAND_HIGH_ONLY,
    "meetings.slips": DARLAND_HIGH_ONLY,
    "meetings.book": ANYONE,
    "meetings.manage": ANYONE,
    "meetings.calendar_file": ANYONE,
    "meetings.change": ANYONE,
    "meetings.cancel": ANYONE,
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _demo_set() -> MeetingSet:
    return db.session.scalar(select(MeetingSet).order_by(MeetingSet.id))


def _bookings() -> list[MeetingBooking]:
    return db.session.scalars(select(MeetingBooking).join(MeetingSlot)
                              .where(MeetingSlot.set_id == _demo_set().id).order_by(MeetingBooking.id)).all()


def _free_slot_id() -> int:
    booked = {booking.slot_id for booking in _bookings()}
    return next(slot.id for slot in _demo_set().slots if slot.id not in booked)


#: URL argument name → how to fill it from the demo (names must not clash with other parts).
#: They read the demo's meetings from the database: the route walk runs in an app context.
SAMPLES = {
    "meeting_set_id": lambda demo: _demo_set().id,
    "meeting_slot_id": lambda demo: _free_slot_id(),
    "meeting_booking_id": lambda demo: _bookings()[0].id,
    "meeting_token": lambda demo: _demo_set().token,
    # another family's booking than the school cancels in the walk, so its pages still open
    "meeting_key": lambda demo: manage_key(_bookings()[1]),
}
