"""Who may use the resources pages of bookings, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.bookings.resources.models import Resource, ResourceBooking
from app.extensions import db
from tests.routes_common import ANYONE

BOOKERS = {"admin", "leader", "staff"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "resources.index": BOOKERS,
    "resources.week": BOOKERS,
    "resources.new_booking": BOOKERS,
    "resources.mine": BOOKERS,
    "resources.cancel_booking": BOOKERS,  # staff: only their own school's (tests/test_resources.py)
    "resources.usage": BOOKERS,
    "resources.new_resource": {"admin", "leader"},
    "resources.edit_resource": {"admin", "leader"},
    # calendar apps send no cookies: the personal key decides, and without one the feed is a 404
    "resources.feed": ANYONE,
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()
#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "resource_id": lambda demo: db.session.scalar(select(Resource.id).where(Resource.name_en == "Cluster minibus")),
    # a booking of the matrix's staff member's own school (Holt), which staff may cancel
    "resource_booking_id": lambda demo: db.session.scalar(
        select(ResourceBooking.id).where(ResourceBooking.school_id == demo.user("staff").school_id)
        .order_by(ResourceBooking.id)),
}
