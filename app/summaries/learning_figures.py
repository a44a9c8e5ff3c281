"""The summary's professional learning columns: per school (or cluster) the staff who went to cluster
professional learning in the period, as a share of the school's staff with accounts, and the mean answer
to the evaluations' five-point questions, under the same disclosure rule as the feedback table: an
evaluation counts in the period it opened once THRESHOLD people have answered it, and a school hidden in
one of them is hidden here too."""

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, select

from app.auth.models import Role, User
from app.calendar.models import Activity
from app.clusters.models import School
from app.disclosure import Hidden
from app.extensions import db
from app.learning.models import LearningActivity, Participant
from app.summaries.survey_figures import SurveyCounts, counted_surveys


def learning_counts(scope, surveys: list[SurveyCounts], spans, each_period) -> list[dict[int, dict[str, float]]]:
    """Per span and row: staff (with accounts), staff who went to professional learning held in the span, and
    the sum and number of five-point answers of the evaluations counted there (and whether the row is hidden),
    of `surveys` as `read_surveys` gives them; `each_period` runs a query for every span (services.py)."""
    figures = [defaultdict(lambda: defaultdict(float)) for _dates in spans]
    key = scope.key(User.school_id)
    staff = (select(key, func.count(User.id)).join(School, School.id == User.school_id)
             .where(User.active, User.role.in_((Role.STAFF, Role.LEADER)), School.cluster_id.in_(scope.cluster_ids))
             .group_by(key))
    for group, count in db.session.execute(staff):
        for span_figures in figures:  # the staff now, whatever the span
            span_figures[group]["staff"] = count
    key = scope.key(Participant.school_id)
    went = (select(key, func.count(distinct(Participant.person_id)))
            .join(LearningActivity, LearningActivity.activity_id == Participant.activity_id)
            .join(Activity, Activity.id == LearningActivity.activity_id)
            .join(School, School.id == Participant.school_id)
            .where(Participant.attended.is_(True))
            .group_by(key))
    for span, (group, count) in each_period(went, spans, School.cluster_id, Activity.starts_on):
        figures[span][group]["learning_staff"] = count
    for span, dates in enumerate(spans):
        for survey, hidden in counted_surveys(surveys, dates):
            if not survey.is_evaluation:
                continue
            for school in survey.schools:
                group = figures[span][school.school_id if scope.by_school else school.cluster_id]
                if scope.by_school and school.school_id in hidden:
                    group["learning_hidden"] = 1
                group["learning_score_sum"] += float(school.score_sum)
                group["learning_scores"] += school.scores
    return figures


def learning_cells(raw: dict, is_total: bool, cell, rate) -> dict:
    """A row's three cells; the mean is hidden with the school, never in the total (sums of whole surveys)."""
    hidden = Hidden.IN_SET if raw.get("learning_hidden") and not is_total else None
    scores = raw.get("learning_scores", 0)
    mean = round(raw["learning_score_sum"] / scores, 2) if scores else None
    went = int(raw.get("learning_staff", 0))
    return {"learning_staff": cell(went), "learning_share": cell(rate(went, raw.get("staff", 0))),
            "learning_mean": cell(None if hidden else mean, hidden)}


LEARNING_COLUMNS_SPEC = (
    ("learning_staff", _l("Staff who took part"), "count"),
    ("learning_share", _l("% of staff"), "percent"),
    ("learning_mean", _l("Evaluation: mean (1–5)"), "mean"),
)
