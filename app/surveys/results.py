"""Survey results, counted in the database, with disclosure control everywhere.

What may be shown is decided once per survey by `Disclosure`, from the foundation's rule
(`app.disclosure`: primary and secondary suppression, the survey as the unit protected). The
pages, the charts, the exports and the live count all ask it; none decides for itself.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from sqlalchemy import func, select

from app.clusters.models import School
from app.disclosure import Figure, Hidden, protect
from app.extensions import db
from app.surveys.kinds import Summary
from app.surveys.models import Answer, Question, Response, Survey
from app.surveys.services import covered_schools

LANGUAGES = ("cy", "en")


@dataclass
class Disclosure:
    """How many responses each school and each language gave a survey, and which may be shown."""

    total: int
    #: the schools asked, and any other that answered (asked once, and no longer), by name
    schools: list[School]
    #: {school id: responses} of those schools
    by_school: dict[int, int]
    by_language: dict[str, int]
    #: the schools, and the languages, whose figures the rule hides
    hidden_schools: set[int]
    hidden_languages: set[str]

    @classmethod
    def of(cls, survey: Survey) -> "Disclosure":
        """The survey's counts, and what of them is hidden."""
        counts = response_counts(survey)
        schools = covered_schools(survey)
        others = set(counts) - {school.id for school in schools}
        if others:  # every school counted in the total has its row, or the rows would give it away
            schools = sorted(schools + db.session.scalars(select(School).where(School.id.in_(others))).all(),
                             key=lambda school: school.name_en)
        by_school = {school.id: counts.get(school.id, 0) for school in schools}
        by_language = {language: 0 for language in LANGUAGES}
        by_language.update(language_counts(survey))
        return cls(total=sum(by_school.values()), schools=schools, by_school=by_school, by_language=by_language,
                   hidden_schools=protect(by_school), hidden_languages=protect(by_language))

    @property
    def whole(self) -> Figure:
        """The survey's number of responses: hidden only when the survey has too few in all."""
        return Figure.of_group(self.total, self.total)

    def school(self, school_id: int) -> Figure:
        """One school's number of responses, hidden as the rule says."""
        return Figure(self.by_school.get(school_id, 0), Hidden.IN_SET if school_id in self.hidden_schools else None)

    def language(self, language: str) -> Figure:
        """The number of responses given in one language, hidden as the rule says."""
        return Figure(self.by_language.get(language, 0),
                      Hidden.IN_SET if language in self.hidden_languages else None)

    def scope(self, school_id: int | None, language: str | None) -> Figure:
        """The group a results page shows: the whole survey, one school, or one language."""
        if school_id is not None:
            return self.school(school_id)
        if language is not None:
            return self.language(language)
        return self.whole


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
    #: per school: (school, responses, mean) for scales, to compare schools
    by_school: list[tuple] = field(default_factory=list)


def response_counts(survey: Survey) -> dict[int, int]:
    """{school id: responses} for the survey."""
    rows = db.session.execute(select(Response.school_id, func.count(Response.id))
                              .where(Response.survey_id == survey.id).group_by(Response.school_id))
    return dict(rows.all())


def language_counts(survey: Survey) -> dict[str, int]:
    """{'cy': n, 'en': n}: the languages the responses were given in."""
    query = select(Response.language, func.count(Response.id)).where(Response.survey_id == survey.id)
    return dict(db.session.execute(query.group_by(Response.language)).all())


def school_rows(survey: Survey, disclosure: Disclosure) -> list[tuple[School, Figure, Figure | None]]:
    """(school, responses, response rate against the roll or None) for each school."""
    rows = []
    for school in disclosure.schools:
        count = disclosure.school(school.id)
        rate = None
        if survey.audience.has_roll and school.roll:
            rate = Figure(round(100 * count.value / school.roll, 1), count.hidden)
        rows.append((school, count, rate))
    return rows


def _responses(survey: Survey, school_id: int | None, language: str | None = None):
    query = select(Response.id).where(Response.survey_id == survey.id)
    if school_id is not None:
        query = query.where(Response.school_id == school_id)
    if language is not None:
        query = query.where(Response.language == language)
    return query


def question_result(survey: Survey, question: Question, group: Figure, school_id: int | None = None,
                    search: str = "", language: str | None = None,
                    disclosure: Disclosure | None = None) -> QuestionResult:
    """What the respondents of `group` (one school, one language, or all) answered to one question.

    Every figure is hidden when the group is; with `disclosure` and the whole survey, the
    means of the schools shown are set side by side."""
    responses = _responses(survey, school_id, language)
    in_scope = Answer.response_id.in_(responses)
    answered_count = db.session.scalar(select(func.count(func.distinct(Answer.response_id)))
                                       .where(Answer.question_id == question.id, in_scope))
    result = QuestionResult(question=question, answered=Figure(answered_count, group.hidden))
    rules = question.kind.rules
    if rules.has_choices:
        counts = dict(db.session.execute(
            select(Answer.choice_id, func.count(Answer.id)).where(Answer.question_id == question.id, in_scope)
            .group_by(Answer.choice_id)).all())
        options = [(choice.id, choice) for choice in question.choices]
        if question.allow_other:
            options.append((None, None))  # "Other": stored without a choice
        result.options = [_option(value, label, counts.get(value, 0), answered_count, group)
                          for value, label in options]
    elif rules.points:
        counts = dict(db.session.execute(
            select(Answer.number, func.count(Answer.id)).where(Answer.question_id == question.id, in_scope)
            .group_by(Answer.number)).all())
        result.options = [_option(value, label, counts.get(value, 0), answered_count, group)
                          for value, label in question.options()]
        if rules.is_scale:
            result.mean = Figure(_mean(question, in_scope), group.hidden)
            if disclosure is not None and school_id is None and language is None:
                result.by_school = _means_by_school(survey, question, disclosure)
    elif rules.summary is Summary.MEAN:
        result.mean = Figure(_mean(question, in_scope), group.hidden)
    elif rules.summary is Summary.MONTHS:
        # figures like any choice's, never a single day: the earliest or latest day is one person's answer.
        # The months are the question's, not the group's, so that every school's rows line up.
        month = func.substr(Answer.text, 1, 7)  # 2027-03 of 2027-03-21
        months = db.session.scalars(select(month).where(Answer.question_id == question.id).distinct()
                                    .order_by(month)).all()
        counts = dict(db.session.execute(select(month, func.count(Answer.id))
                                         .where(Answer.question_id == question.id, in_scope).group_by(month)).all())
        result.options = [_option(each, format_date(date.fromisoformat(f"{each}-01"), "MMMM y"),
                                  counts.get(each, 0), answered_count, group) for each in months]
    if (rules.is_text or question.allow_other) and not group.suppressed:
        query = (select(Answer.text).where(Answer.question_id == question.id, in_scope, Answer.text.is_not(None))
                 .order_by(Answer.id))
        if search:
            query = query.where(func.lower(Answer.text).contains(search.lower(), autoescape=True))
        result.texts = db.session.scalars(query).all()
    return result


def _option(value, label, count: int, answered: int, group: Figure) -> OptionRow:
    percent = round(100 * count / answered, 1) if answered else 0
    return OptionRow(value=value, label=label, count=Figure(count, group.hidden),
                     percent=Figure(percent, group.hidden))


def _mean(question: Question, in_scope) -> float | None:
    mean = db.session.scalar(select(func.avg(Answer.number)).where(Answer.question_id == question.id, in_scope))
    return round(float(mean), 2) if mean is not None else None


def _means_by_school(survey: Survey, question: Question, disclosure: Disclosure) -> list[tuple]:
    """(school, responses, mean) for each school: one GROUP BY, not a query per school."""
    rows = db.session.execute(
        select(Response.school_id, func.avg(Answer.number))
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.survey_id == survey.id, Answer.question_id == question.id)
        .group_by(Response.school_id)).all()
    means = {school_id: mean for school_id, mean in rows}
    result = []
    for school in disclosure.schools:
        count = disclosure.school(school.id)
        mean = means.get(school.id)
        result.append((school, count, Figure(round(float(mean), 2) if mean is not None else None, count.hidden)))
    return result



@dataclass
class EarlierSurvey:
    """The survey this one was copied from (a year before), to set its figures beside this one's."""

    survey: Survey
    responses: Figure
    #: {question id of this survey: the mean of the same question then}
    means: dict[int, Figure]


def earlier_survey(survey: Survey) -> EarlierSurvey | None:
    """The survey `survey` was copied from, its responses and the means of the questions both ask
    (the same kind at the same place), hidden by its own rule; None if it was not copied."""
    earlier = db.session.get(Survey, survey.copied_from_id) if survey.copied_from_id else None
    if earlier is None:
        return None
    whole = Disclosure.of(earlier).whole
    then = {(question.section.position, question.position, question.kind): question for question in earlier.questions}
    means = {}
    for question in survey.questions:
        match = then.get((question.section.position, question.position, question.kind))
        if match is not None and (question.kind.rules.is_scale or question.kind.rules.summary is Summary.MEAN):
            means[question.id] = Figure(_mean(match, Answer.response_id.in_(_responses(earlier, None))), whole.hidden)
    return EarlierSurvey(earlier, whole, means)
