"""Answering a survey: reading and checking each question's answer, drafts, and sending once.

Answers are read from the form by hand because the questions are the survey's own; every
kind has one reader that returns the value to keep or a message for the person.
"""

from collections import OrderedDict
from contextlib import suppress
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.clock import today
from app.database import lock_for_write
from app.extensions import db
from app.i18n import plain_localized
from app.surveys.kinds import OTHER, OTHER_LIMIT, Stored, clean_text
from app.surveys.models import (
    Answer,
    Draft,
    Question,
    Response,
    Section,
    Survey,
    SurveyLink,
    SurveyPhase,
    phase_of,
)
from app.surveys.register import say
from app.tokens import new_token

#: {survey id: (version, its sections with their questions and choices)}, detached from any
#: session and only ever read: every page of every family's answering shows the same questions,
#: and reading them is most of a page's work; a change to them moves the revision on
_structures: OrderedDict[int, tuple[tuple, list[Section]]] = OrderedDict()
STRUCTURES_KEPT = 64


def link_for(token: str) -> SurveyLink | None:
    """The school's link with this token, with its survey's questions ready to show."""
    link = db.session.scalar(select(SurveyLink).where(SurveyLink.token == token)
                             .options(joinedload(SurveyLink.school), joinedload(SurveyLink.survey)))
    if link is not None:
        set_committed_value(link.survey, "sections", _structure(link.survey))
    return link


def _structure(survey: Survey) -> list[Section]:
    """The survey's sections, questions and choices as of its revision, read once per revision."""
    # with the moment it was made: SQLite gives a deleted survey's id to the next one made
    version = (survey.created_at, survey.revision)
    kept = _structures.get(survey.id)
    if kept is not None and kept[0] == version:
        with suppress(KeyError):  # another thread may have just let it go
            _structures.move_to_end(survey.id)
        return kept[1]
    sections = list(db.session.scalars(select(Section).where(Section.survey_id == survey.id)
                                       .order_by(Section.position)
                                       .options(selectinload(Section.questions).selectinload(Question.choices))))
    questions = {question.id: question for section in sections for question in section.questions}
    for question in questions.values():
        # a conditional question names one of the same survey's: point at it without a query
        set_committed_value(question, "condition_question", questions.get(question.condition_question_id))
    for section in sections:
        db.session.expunge(section)  # its questions and choices go with it (cascade)
    _structures[survey.id] = (version, sections)
    while len(_structures) > STRUCTURES_KEPT:
        _structures.popitem(last=False)
    return sections


def draft_for(link: SurveyLink, token: str) -> Draft | None:
    """The draft with this token if it belongs to this link."""
    return db.session.scalar(select(Draft).where(Draft.token == token, Draft.link_id == link.id))


def start_draft(link: SurveyLink, respondent_id: int | None = None) -> Draft:
    """A new, empty draft: the answering begins (under the write lock, as `save_section` says why)."""
    link_id = link.id  # before the lock's commit, which would have it read again
    lock_for_write()
    draft = Draft(token=new_token(), link_id=link_id, respondent_id=respondent_id, answers={})
    db.session.add(draft)
    db.session.commit()
    return draft


def is_shown(question: Question, answers: dict) -> bool:
    """Whether a question applies, given the answers so far (its condition, if it has one)."""
    if question.condition_question_id is None:
        return True
    return answers.get(str(question.condition_question_id)) == question.condition_value


@dataclass
class SectionAnswers:
    """What one page of the survey sent: the values to keep, and a message per mistake."""

    values: dict = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    #: what was typed into a text or number question with a mistake: shown again, never kept
    typed: dict = field(default_factory=dict)


def _chose_other(value) -> bool:
    return value == OTHER or (isinstance(value, list) and OTHER in value)


def read_section(section: Section, form, earlier: dict, check: bool = True) -> SectionAnswers:
    """Read one page's answers; with `check`, say what is missing or wrong.

    A question whose condition is not met (by an earlier answer, or one on this page) keeps
    no answer and is never required.
    """
    result = SectionAnswers()
    for question in section.questions:
        rules = question.kind.rules
        value, error = rules.read(question, form)
        written = clean_text(form.get(f"q{question.id}_other", "")) if question.allow_other else ""
        if written and error is None and not _chose_other(value):
            # words under "Other, please say" are never dropped: a box left unticked is ticked (as
            # Google Forms does); one choice and other words at once is asked about, the words kept
            if rules.several or value is None:
                value = (value or []) + [OTHER] if rules.several else OTHER
            else:
                error = say("You wrote an answer under “Other” but chose another: choose “Other”, or clear "
                            "what you wrote")
                result.values.update({str(question.id): value, f"{question.id}_other": written})
        if error is None and value is not None:
            result.values[str(question.id)] = value
        elif error is not None:
            result.errors[question.id] = error
            if rules.typed:
                result.typed[str(question.id)] = clean_text(form.get(f"q{question.id}", ""))
        if _chose_other(value):
            other = clean_text(form.get(f"q{question.id}_other", ""))
            if len(other) > OTHER_LIMIT:
                result.errors[question.id] = say("Use %(max)d characters or fewer", max=OTHER_LIMIT)
            elif not other:
                result.errors[question.id] = say("Tell us what 'other' is")
            else:
                result.values[f"{question.id}_other"] = other
    known = {**earlier, **result.values}
    for question in section.questions:
        if not is_shown(question, known):
            result.values.pop(str(question.id), None)
            result.values.pop(f"{question.id}_other", None)
            result.errors.pop(question.id, None)
        elif check and question.required and str(question.id) not in result.values \
                and question.id not in result.errors:
            result.errors[question.id] = say("Answer “%(question)s”",
                                           question=_shortened(plain_localized(question, "text")))
    if not check:
        result.errors = {}
    return result


def _shortened(text: str, most: int = 80) -> str:
    """A question's text to name it in a message: whole, or its first words and an ellipsis."""
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + "…"


def save_section(draft: Draft, section: Section, values: dict) -> None:
    """Keep a page's answers in the draft, replacing what that page held before.

    Under the write lock, the draft read again: on SQLite a write after the request's reads fails at
    once (a 503, not a wait) when another family's write landed in between, as it does whenever many
    answer at the same time."""
    own_keys = {str(q.id) for q in section.questions} | {f"{q.id}_other" for q in section.questions}
    lock_for_write()
    answers = {key: value for key, value in (draft.answers or {}).items() if key not in own_keys}
    answers.update(values)
    draft.answers = answers  # a new dict, so that the JSON column sees the change
    draft.touched_on = today()
    db.session.commit()


class SurveyNotOpen(Exception):
    """The survey is not taking answers: a draft, not open yet, or closed."""

    def __init__(self, phase: SurveyPhase):
        super().__init__(phase.value)
        self.phase = phase


def first_incomplete_section(survey: Survey, answers: dict) -> Section | None:
    """The first page with a required question left unanswered, or with words under "Other" and
    another answer chosen (conditions applied), if any."""
    for section in survey.sections:
        for question in section.questions:
            if not is_shown(question, answers):
                continue
            if question.required and str(question.id) not in answers:
                return section
            if answers.get(f"{question.id}_other") and not _chose_other(answers.get(str(question.id))):
                return section
    return None


def submit(link: SurveyLink, draft: Draft, language: str) -> int | None:
    """Turn a draft into a response, once: a second send of the same token stores nothing.

    Holding the write lock (`lock_for_write`) only for the few statements that decide, since every
    family's Send queues on it: the survey read again (it must still take answers), then the draft
    deleted, giving back its answers as they are at that moment (a change saved from another tab since
    the review was read is in them), then the response and its answers (one INSERT) stored. A second
    send arriving at the same moment waits for the lock, then finds the draft gone and stores nothing;
    and the draft's token is the response's unique submission token, so the database would refuse a
    second response even so. Returns the response's id, or None when this token has been sent already.
    Statements, not ORM objects, under the lock: nothing is read back, and it is held the shorter.
    """
    survey = link.survey
    if survey.phase != SurveyPhase.OPEN:
        raise SurveyNotOpen(survey.phase)
    # the kept structure is detached, so the lock's commit does not make it be read again
    questions, anonymous, survey_id, school_id = survey.questions, survey.anonymous, survey.id, link.school_id
    draft_id, token, respondent_id = draft.id, draft.token, draft.respondent_id
    lock_for_write()  # ends the reads above: the survey's state and dates are read afresh below, under the lock
    try:
        phase = phase_of(*db.session.execute(select(Survey.state, Survey.opens_on, Survey.closes_on)
                                             .where(Survey.id == survey_id)).one(), today())
        if phase != SurveyPhase.OPEN:  # closed while the answers were being read
            db.session.rollback()
            raise SurveyNotOpen(phase)
        answers = db.session.execute(delete(Draft).where(Draft.id == draft_id).returning(Draft.answers)
                                     .execution_options(synchronize_session=False)).scalar()
        if answers is None:
            db.session.rollback()  # sent a moment ago, and stored
            return None
        rows, five_point = [], []
        for question in questions:
            value = answers.get(str(question.id))
            if value is None or not is_shown(question, answers):
                continue
            rows += _answers_for(question, value, answers.get(f"{question.id}_other"))
            if question.kind.rules.is_five_point:
                five_point.append(value)
        response_id = db.session.scalar(insert(Response).returning(Response.id).values(
            survey_id=survey_id, school_id=school_id, language=language, submitted_on=today(),
            submission_token=token, respondent_id=None if anonymous else respondent_id,
            five_point_sum=sum(five_point), five_point_count=len(five_point)))
        if rows:
            # every column named in every row: one statement for them all, not one per shape of row
            db.session.execute(insert(Answer).execution_options(render_nulls=True),
                               [{**row, "response_id": response_id} for row in rows])
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same token was sent a moment ago and is stored
        return None
    return response_id


def _answers_for(question: Question, value, other: str | None) -> list[dict]:
    """The rows of `survey_answers` that keep one question's answer."""
    stored = question.kind.rules.stored
    empty = {"question_id": question.id, "choice_id": None, "number": None, "text": None}
    if stored is Stored.CHOICES:
        chosen = value if isinstance(value, list) else [value]
        return [{**empty, "choice_id": None if choice == OTHER else choice, "text": other if choice == OTHER else None}
                for choice in chosen]
    if stored is Stored.TEXT:
        return [{**empty, "text": value}]
    return [{**empty, "number": value}]


def already_sent(draft_token: str) -> bool:
    """Whether a response with this submission token is stored."""
    return db.session.scalar(select(Response.id).where(Response.submission_token == draft_token)) is not None
