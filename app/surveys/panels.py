"""The surveys' panel on a calendar activity's page: give feedback, or ask for it."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import Role
from app.calendar.panels import activity_panel
from app.calendar.services import is_member
from app.clusters.models import Cluster
from app.extensions import db
from app.surveys.models import Survey, SurveyAudience, SurveyLink
from app.surveys.services import covered_schools


@activity_panel
def feedback_panel(activity, viewer):
    """Open surveys about the activity (for families: theirs only), and a leader's quick-feedback button.
    Not a survey whose names are private: professional learning's evaluations go to those who went, by
    e-mail and on their home page, and an answer from someone who did not go would count among theirs."""
    surveys = db.session.scalars(select(Survey).where(Survey.activity_id == activity.id, Survey.is_open,
                                                      Survey.names_private.is_(False))
                                 .options(selectinload(Survey.links).selectinload(SurveyLink.school))).all()
    member = is_member(viewer, db.session.get(Cluster, activity.cluster_id))
    shown = [(survey, [link for link in survey.links if link.school in covered_schools(survey)])
             for survey in surveys if member or survey.audience in (SurveyAudience.PUPILS, SurveyAudience.FAMILIES)]
    leader = member and viewer.role in (Role.ADMIN, Role.LEADER) and viewer.cluster_id == activity.cluster_id
    if not shown and not leader:
        return None
    return "surveys/_activity_panel.html", {"feedback_surveys": shown, "can_ask": leader, "activity": activity}
