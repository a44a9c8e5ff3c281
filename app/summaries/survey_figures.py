"""The survey responses the summary counts, read once per page: per survey and school, the responses
and the sum and number of their five-point answers, for every survey that opened in the year or in
either period compared.

The feedback table (the period and the one before), the professional learning evaluations and the
year's trend are all worked out from these rows in Python. Reading them took one scan of the
responses per figure and period before (four on a page); on an authority's 100,000 responses each
scan was tens of milliseconds, the work in Python is a few hundred rows.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select

from app.clusters.models import School
from app.disclosure import protect, threshold
from app.extensions import db
from app.learning.models import LearningActivity
from app.surveys.models import Response, Survey, SurveyAudience

#: {cluster id: (first day, last day)}, as Period.dates_by_cluster gives them
Dates = dict[int, tuple[date, date]]


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


def read_surveys(cluster_ids: list[int], spans: list[Dates]) -> list[SurveyCounts]:
    """The clusters' surveys that opened within one of `spans` (each cluster's own dates), with their
    responses per school: two queries, the second one scan of those surveys' responses."""
    days = [day for dates in spans for span in dates.values() for day in span]
    if not days:
        return []
    is_evaluation = exists().where(LearningActivity.evaluation_id == Survey.id)
    surveys = {row.id: SurveyCounts(row.id, row.cluster_id, row.audience, row.opens_on, bool(row.is_evaluation), [])
               for row in db.session.execute(
                   select(Survey.id, Survey.cluster_id, Survey.audience, Survey.opens_on,
                          is_evaluation.label("is_evaluation"))
                   .where(Survey.cluster_id.in_(cluster_ids), Survey.opens_on.between(min(days), max(days))))
               if any(_opened_within(dates, row.cluster_id, row.opens_on) for dates in spans)}
    if not surveys:
        return []
    per_school = (select(Response.survey_id, Response.school_id, func.count().label("responses"),
                         func.sum(Response.five_point_sum).label("score_sum"),
                         func.sum(Response.five_point_count).label("scores"))
                  .where(Response.survey_id.in_(list(surveys))).group_by(Response.survey_id, Response.school_id)
                  .subquery())
    # the school's cluster, as the tables group an authority's rows, joined to the few hundred sums
    # rather than to every response
    for row in db.session.execute(select(per_school, School.cluster_id)
                                  .join(School, School.id == per_school.c.school_id)):
        surveys[row.survey_id].schools.append(
            SchoolCounts(row.school_id, row.cluster_id, row.responses, int(row.score_sum or 0), int(row.scores or 0)))
    return list(surveys.values())


def counted_surveys(surveys: list[SurveyCounts], dates: Dates) -> Iterator[tuple[SurveyCounts, set[int]]]:
    """The surveys counted in a period (`app.disclosure`, rule 4): those that opened in it, as their
    cluster dates it, with THRESHOLD responses or more in all; each with the schools it hides."""
    for survey in surveys:
        if _opened_within(dates, survey.cluster_id, survey.opens_on) and survey.responses >= threshold():
            yield survey, protect({school.school_id: school.responses for school in survey.schools})
