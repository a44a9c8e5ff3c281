"""The professional learning panel on a calendar activity's page: what kind it is and its hours, signing up
(through places where the activity has them), and for leaders the links to mark it, record who went and
read its figures."""

from app.calendar.panels import activity_panel
from app.clock import today
from app.learning import services
from app.learning.routes import sign_up_form


@activity_panel
def learning_panel(activity, viewer):
    """For the activity's cluster: staff and leaders sign up; leaders and the admin also mark and record."""
    if not viewer.is_authenticated or viewer.cluster_id != activity.cluster_id:
        return None
    learning = services.learning_of(activity.id)
    may_mark = services.can_mark(viewer, activity)
    if learning is None and not (may_mark and activity.starts_on):
        return None
    context = {"activity": activity, "learning": learning, "may_mark": may_mark, "today": today()}
    if learning is not None:
        context.update(
            mine=services.participant_of(learning, viewer),
            form=sign_up_form(learning, viewer) if viewer.role in (*services.LEARNERS, *services.ORGANISERS) else None,
            signed_up=[p for p in learning.participants if services.acts_for(viewer, p.person, activity.cluster_id)],
            open_for_sign_up=not learning.has_taken_place(today()))
    return "learning/_activity_panel.html", context
