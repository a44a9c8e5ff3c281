"""The survey responses the summary counts, read once per page: per survey and school, the responses
and the sum and number of their five-point answers, for every survey that opened in the year or in
either period compared.

The feedback table (the period and the one before), the professional learning evaluations and the
year's trend are all worked out from these rows in Python. Reading them took one scan of the
responses per figure and period before (four on a page); on an authority's 100,000 responses each
scan was tens of milliseconds, the work in Python is a few hundred rows.

The counts of a survey that closed two days ago or more are kept, per worker: it can take no more
answers (Send refuses a survey that is not open; the day between covers a Send begun before midnight),
so they change only if its dates or state change (it is reopened, say) or retention deletes its
responses, and each of those moves its `window_revision` on in the same transaction. Late responses to
a survey still open change the figures of the period it opened in, however long ago that period
closed: those surveys are counted afresh on every page. The key holds the survey's creation moment and
its cluster's calendar version too, both new in a database loaded again (`flask demo reset`), whose
surveys may have the same ids; a backup restored under running workers is the one case it cannot tell,
and needs them restarted (or `forget_kept_counts`). Kept counts are raw: the disclosure rule is applied
on every page.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, func, select

from app.clock import today
from app.clusters.models import Cluster, School
from app.disclosure import protect, threshold
from app.extensions import db
from app.learning.models import LearningActivity
from app.surveys.models import Response, Survey, SurveyAudience, SurveyState

#: {cluster id: (first day, last day)}, as Period.dates_in gives them
Dates = dict[int, tuple[date, date]]

#: surveys whose counts a worker keeps: an authority's few years of surveys, a few hundred bytes each
KEPT = 20_000
_kept: OrderedDict[Hashable, tuple["SchoolCounts", ...]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class SchoolCounts:
    """One school's responses to one survey."""

    school_id: int
    cluster_id: int
    responses: int
    score_sum: int
    scores: int


@dataclass
class SurveyCounts:
    """A survey, whether it is a professional learning evaluation, and its responses per school."""

    id: int
    cluster_id: int
    audience: SurveyAudience
    opens_on: date
    is_evaluation: bool
    schools: list[SchoolCounts]

    @property
    def responses(self) -> int:
        return sum(school.responses for school in self.schools)


def _opened_within(dates: Dates, cluster_id: int, day: date) -> bool:
    span = dates.get(cluster_id)
    return span is not None and span[0] <= day <= span[1]


def _settled_key(row) -> Hashable | None:
    """The key a survey's counts are kept under, or None while answers may still come (see above)."""
    if row.state == SurveyState.DRAFT or row.closes_on >= today() - timedelta(days=1):
        return None
    return (row.id, row.window_revision, row.created_at, row.calendar_version)


def _count_responses(survey_ids: list[int]) -> Iterator[tuple[int, SchoolCounts]]:
    """(survey id, one school's counts) for these surveys: one scan of their responses."""
    per_school = (select(Response.survey_id, Response.school_id, func.count().label("responses"),
                         func.sum(Response.five_point_sum).label("score_sum"),
                         func.sum(Response.five_point_count).label("scores"))
                  .where(Response.survey_id.in_(survey_ids)).group_by(Response.survey_id, Response.school_id)
                  .subquery())
    # the school's cluster, as the tables group an authority's rows (a school stays in its cluster),
    # joined to the few hundred sums rather than to every response
    for row in db.session.execute(select(per_school, School.cluster_id)
                                  .join(School, School.id == per_school.c.school_id)):
        yield row.survey_id, SchoolCounts(row.school_id, row.cluster_id, row.responses, int(row.score_sum or 0),
                                          int(row.scores or 0))


def read_surveys(cluster_ids: list[int], spans: list[Dates]) -> list[SurveyCounts]:
    """The clusters' surveys that opened within one of `spans` (each cluster's own dates), with their
    responses per school: kept counts for surveys closed two days or more, one scan for the others."""
    days = [day for dates in spans for span in dates.values() for day in span]
    if not days:
        return []
    is_evaluation = exists().where(LearningActivity.evaluation_id == Survey.id)
    surveys, keys = {}, {}
    for row in db.session.execute(
            select(Survey.id, Survey.cluster_id, Survey.audience, Survey.opens_on, Survey.closes_on, Survey.state,
                   Survey.created_at, Survey.window_revision, Cluster.calendar_version,
                   is_evaluation.label("is_evaluation"))
            .join(Cluster, Cluster.id == Survey.cluster_id)
            .where(Survey.cluster_id.in_(cluster_ids), Survey.opens_on.between(min(days), max(days)))):
        if any(_opened_within(dates, row.cluster_id, row.opens_on) for dates in spans):
            surveys[row.id] = SurveyCounts(row.id, row.cluster_id, row.audience, row.opens_on,
                                           bool(row.is_evaluation), [])
            keys[row.id] = _settled_key(row)
    with _lock:
        kept = {survey_id for survey_id, key in keys.items() if key in _kept}
        for survey_id in kept:
            _kept.move_to_end(keys[survey_id])
            surveys[survey_id].schools = list(_kept[keys[survey_id]])
    to_count = [survey_id for survey_id in surveys if survey_id not in kept]
    if to_count:
        for survey_id, school in _count_responses(to_count):
            surveys[survey_id].schools.append(school)
        with _lock:
            for survey_id in to_count:
                if keys[survey_id] is not None:
                    _kept[keys[survey_id]] = tuple(surveys[survey_id].schools)
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return list(surveys.values())


def forget_kept_counts() -> None:
    """Drop every kept count: for a worker whose database was replaced under it (a restored backup, the
    tests' copied demo), where a survey's key may stand for other responses."""
    with _lock:
        _kept.clear()


def counted_surveys(surveys: list[SurveyCounts], dates: Dates) -> Iterator[tuple[SurveyCounts, set[int]]]:
    """The surveys counted in a period (`app.disclosure`, rule 4): those that opened in it, as their
    cluster dates it, with THRESHOLD responses or more in all; each with the schools it hides."""
    for survey in surveys:
        if _opened_within(dates, survey.cluster_id, survey.opens_on) and survey.responses >= threshold():
            yield survey, protect({school.school_id: school.responses for school in survey.schools})
