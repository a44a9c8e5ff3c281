"""Who may use the places pages of bookings, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.bookings.places.models import BookableSession, PlaceRequest
from app.calendar.models import Activity
from app.extensions import db
from tests.routes_common import ANYONE, SIGNED_IN  # noqa: F401

BOOKERS = {"admin", "leader", "staff"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "places.index": BOOKERS,
    "places.session": BOOKERS,
    "places.request_places": BOOKERS,
    # the sample is Holt's request: staff and leaders change only their own school's
    "places.change_request": BOOKERS,
    "places.release": {"admin", "leader"},
    "places.open_session": {"admin", "leader"},
    # staff: only for an activity they put in the calendar themselves (tests/test_places.py)
    "places.new_session": {"admin", "leader"},
    "places.edit_session": {"admin", "leader"},
    "places.attendance": {"admin", "leader"},
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _maths_workshop(demo) -> int:
    """The first session of the current year's maths workshops: to come, open, with a request from
    Holt (read in the app context that tests/routes.py opens)."""
    return db.session.scalar(
        select(BookableSession.id).join(Activity).where(Activity.title_en.startswith("Maths problem-solving"),
                                                        Activity.academic_year_id == demo.year.id)
        .order_by(BookableSession.held_on).limit(1))


def _sample_request(demo) -> int:
    return db.session.scalar(select(PlaceRequest.id).where(
        PlaceRequest.session_id == _maths_workshop(demo), PlaceRequest.school_id == demo.school("holt").id))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "place_session_id": _maths_workshop,
    "place_request_id": _sample_request,
}
