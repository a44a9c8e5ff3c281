"""Survey results, counted in the database, with small-number suppression everywhere.

A group of responses (the whole survey, one school, one language) with fewer than
SUPPRESSION_THRESHOLD responses shows no figures at all: "fewer than 5". The same rule, from
`Figure`, is used by the pages, the charts, the exports and the leadership summaries.
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from app.clusters.models import School
from app.extensions import db
from app.surveys.models import Answer, Question, QuestionKind, Response, Survey


def threshold() -> int:
    """Groups smaller than this show no figures."""
    return current_app.config["SUPPRESSION_THRESHOLD"]


@dataclass(frozen=True)
class Figure:
    """A number about a group, or nothing when the group is too small to show safely."""

    value: float | int | None
    group_size: int

    @property
    def suppressed(self) -> bool:
        return self.group_size < threshold()

    @property
    def shown(self):
        """The value, or None when it must not be shown."""
        return None if self.suppressed else self.value


@dataclass
class OptionRow:
    """One answer of a question with how many chose it and what share that is."""

    value: object
    label: object
    count: Figure
    percent: Figure


@dataclass
class QuestionResult:
    question: Question
    answered: Figure
    options: list[OptionRow] = field(default_factory=list)
    mean: Figure | None = None
    texts: list[str] = field(default_factory=list)
    #: per school: (school, responses, mean or None) for scales, to compare schools
    by_school: list[tuple] = field(default_factory=list)


def response_counts(survey: Survey) -> dict[int, int]:
    """{school id: responses} for the survey."""
    rows = db.session.execute(select(Response.school_id, func.count(Response.id))
                              .where(Response.survey_id == survey.id).group_by(Response.school_id))
    return dict(rows.all())


def language_counts(survey: Survey, school_id: int | None = None) -> dict[str, int]:
    """{'cy': n, 'en': n}: the languages the responses were given in."""
    query = select(Response.language, func.count(Response.id)).where(Response.survey_id == survey.id)
    if school_id is not None:
        query = query.where(Response.school_id == school_id)
    return dict(db.session.execute(query.group_by(Response.language)).all())


def school_rows(survey: Survey, schools: list[School]) -> list[tuple[School, Figure, Figure | None]]:
    """(school, responses, response rate against the roll or None) for each school asked."""
    counts = response_counts(survey)
    rows = []
    for school in schools:
        count = counts.get(school.id, 0)
        rate = None
        if survey.audience.has_roll and school.roll:
            rate = Figure(round(100 * count / school.roll, 1), count)
        rows.append((school, Figure(count, count), rate))
    return rows


def _responses(survey: Survey, school_id: int | None, language: str | None = None):
    query = select(Response.id).where(Response.survey_id == survey.id)
    if school_id is not None:
        query = query.where(Response.school_id == school_id)
    if language is not None:
        query = query.where(Response.language == language)
    return query


def responses_in(survey: Survey, school_id: int | None = None, language: str | None = None) -> int:
    """How many responses one school, one language, or both, gave."""
    return db.session.scalar(select(func.count()).select_from(_responses(survey, school_id, language).subquery()))


def question_result(survey: Survey, question: Question, total: int, school_id: int | None = None,
                    search: str = "", schools: list[School] = (), language: str | None = None) -> QuestionResult:
    """What the respondents (of one school or all, in one language or both) answered to one question."""
    responses = _responses(survey, school_id, language)
    in_scope = Answer.response_id.in_(responses)
    answered_count = db.session.scalar(select(func.count(func.distinct(Answer.response_id)))
                                       .where(Answer.question_id == question.id, in_scope))
    result = QuestionResult(question=question, answered=Figure(answered_count, total))
    if question.kind.has_choices:
        counts = dict(db.session.execute(
            select(Answer.choice_id, func.count(Answer.id)).where(Answer.question_id == question.id, in_scope)
            .group_by(Answer.choice_id)).all())
        options = [(choice.id, choice) for choice in question.choices]
        if question.allow_other:
            options.append((None, None))  # "Other": stored without a choice
        result.options = [_option(value, label, counts.get(value, 0), answered_count, total)
                          for value, label in options]
    elif question.kind.is_scale or question.kind == QuestionKind.YES_NO:
        counts = dict(db.session.execute(
            select(Answer.number, func.count(Answer.id)).where(Answer.question_id == question.id, in_scope)
            .group_by(Answer.number)).all())
        result.options = [_option(value, label, counts.get(value, 0), answered_count, total)
                          for value, label in question.options()]
        if question.kind.is_scale:
            result.mean = Figure(_mean(question, in_scope), total)
            result.by_school = _means_by_school(survey, question, schools) \
                if school_id is None and language is None else []
    elif question.kind == QuestionKind.NUMBER:
        result.mean = Figure(_mean(question, in_scope), total)
    if (question.kind.is_text or question.allow_other) and total >= threshold():
        query = (select(Answer.text).where(Answer.question_id == question.id, in_scope, Answer.text.is_not(None))
                 .order_by(Answer.id))
        if search:
            query = query.where(func.lower(Answer.text).contains(search.lower(), autoescape=True))
        result.texts = db.session.scalars(query).all()
    return result


def _option(value, label, count: int, answered: int, total: int) -> OptionRow:
    percent = round(100 * count / answered, 1) if answered else 0
    return OptionRow(value=value, label=label, count=Figure(count, total), percent=Figure(percent, total))


def _mean(question: Question, in_scope) -> float | None:
    mean = db.session.scalar(select(func.avg(Answer.number)).where(Answer.question_id == question.id, in_scope))
    return round(float(mean), 2) if mean is not None else None


def _means_by_school(survey: Survey, question: Question, schools: list[School]) -> list[tuple]:
    """(school, responses, mean) for each school: one GROUP BY, not a query per school."""
    rows = db.session.execute(
        select(Response.school_id, func.avg(Answer.number))
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey.id, Answer.question_id == question.id)
        .group_by(Response.school_id)).all()
    means = {school_id: mean for school_id, mean in rows}
    counts = response_counts(survey)
    return [(school, Figure(counts.get(school.id, 0), counts.get(school.id, 0)),
             Figure(round(float(means[school.id]), 2) if means.get(school.id) is not None else None,
                    counts.get(school.id, 0)))
            for school in schools]
