"""The competitions panel on a calendar activity's page: its competitions, where each stands, and for
organisers a link to set one up."""

from app.calendar.panels import activity_panel
from app.competitions.services import ENTRANTS, ORGANISERS, competitions_of_activity


@activity_panel
def competitions_panel(activity, viewer):
    """Competitions of the activity, for staff, leaders and admins of its cluster."""
    if not viewer.is_authenticated or viewer.role not in ENTRANTS or viewer.cluster_id != activity.cluster_id:
        return None
    organiser = viewer.role in ORGANISERS
    competitions = competitions_of_activity(activity.id, with_drafts=organiser)
    if not competitions and not (organiser and activity.kind == "competition"):
        return None
    return "competitions/_activity_panel.html", {"activity": activity, "competitions": competitions,
                                                  "organiser": organiser}
