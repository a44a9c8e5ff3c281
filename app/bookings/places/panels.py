"""The places panel on a calendar activity's page: each session's places left, your school's
requests and a form to ask for places; for organisers, a link to add a session."""

from app.bookings.places.routes import request_box
from app.bookings.places.services import BOOKERS, can_organise, sessions_of
from app.calendar.panels import activity_panel


@activity_panel
def places_panel(activity, viewer):
    """Sessions with places, for staff, leaders and admins of the activity's cluster."""
    if not viewer.is_authenticated or viewer.role not in BOOKERS or viewer.cluster_id != activity.cluster_id:
        return None
    organiser = can_organise(viewer, activity)
    sessions = sessions_of(activity.id, with_drafts=organiser)
    if not sessions and not organiser:
        return None
    return "places/_activity_panel.html", {
        "activity": activity, "can_organise": organiser,
        "boxes": [request_box(session, viewer, "activity") for session in sessions]}
