"""Surveys of pupils, families and staff: questions in sections, per-school links, responses.

Privacy by construction: an anonymous response holds the school (from its link), the language
it was answered in and the day it was sent; no name, address, browser or time of day.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    event,
    false,
    inspect,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.clock import today, utcnow
from app.clusters.models import School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column

if TYPE_CHECKING:
    from app.surveys.kinds import Kind


class SurveyAudience(LabelledEnum):
    PUPILS = "pupils", _l("Pupils")
    FAMILIES = "families", _l("Families")
    STAFF = "staff", _l("Staff")
    GOVERNORS = "governors", _l("Governors")

    @property
    def has_roll(self) -> bool:
        """Pupils and families are counted against the school roll for a response rate."""
        return self in (SurveyAudience.PUPILS, SurveyAudience.FAMILIES)


class SurveyState(LabelledEnum):
    """The stored state. Between publishing and closing, the dates decide (see Survey.phase)."""

    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    CLOSED = "closed", _l("Closed")


class SurveyPhase(LabelledEnum):
    """What a respondent meets today: the stored state read against the open and close dates."""

    DRAFT = "draft", _l("Draft")
    SCHEDULED = "scheduled", _l("Not open yet")
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Closed")


class QuestionKind(LabelledEnum):
    SMILEY_3 = "smiley_3", _l("Smiley faces (3)")
    SMILEY_5 = "smiley_5", _l("Smiley faces (5)")
    AGREEMENT = "agreement", _l("Agree or disagree (5 points)")
    RATING = "rating", _l("Rating from 1 to 5")
    SINGLE = "single", _l("One choice")
    MULTIPLE = "multiple", _l("Several choices")
    YES_NO = "yes_no", _l("Yes or no")
    NUMBER = "number", _l("Number")
    SHORT_TEXT = "short_text", _l("Short text")
    LONG_TEXT = "long_text", _l("Long text")
    DATE = "date", _l("Date")

    @property
    def rules(self) -> "Kind":
        """How this kind is read, stored, shown and summed up: its entry in app/surveys/kinds.py."""
        from app.surveys.kinds import KINDS  # the table stands on these models, so it is read when asked for
        return KINDS[self]


#: the schools a survey covers when it is not for the whole cluster
survey_schools = Table(
    "survey_schools", db.metadata,
    Column("survey_id", ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True, index=True),
)


def phase_of(state: SurveyState, opens_on: date, closes_on: date, day: date) -> SurveyPhase:
    """Where a survey in `state`, open from `opens_on` to `closes_on`, stands on `day`."""
    if state == SurveyState.DRAFT:
        return SurveyPhase.DRAFT
    if state == SurveyState.CLOSED or day > closes_on:
        return SurveyPhase.CLOSED
    if day < opens_on:
        return SurveyPhase.SCHEDULED
    return SurveyPhase.OPEN


class Survey(db.Model):
    """A questionnaire for one audience in some or all of a cluster's schools."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        # only staff and governors may be asked for their name
        CheckConstraint("anonymous OR audience IN ('staff', 'governors')", name="named_only_for_adults"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    #: set for a staff member's survey of their own school; empty for a cluster survey
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    intro_en: Mapped[str] = mapped_column(Text, default="")
    intro_cy: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[SurveyAudience] = mapped_column(enum_column(SurveyAudience))
    #: asked of every school of the cluster; otherwise those in survey_schools
    all_schools: Mapped[bool] = mapped_column(default=True)
    #: anonymous responses keep no name; only staff and governor surveys may be named
    anonymous: Mapped[bool] = mapped_column(default=True)
    #: a named survey whose names only tell who has answered (a professional learning evaluation): the
    #: responses file leaves them out, so its answers reach leaders as figures only
    names_private: Mapped[bool] = mapped_column(default=False, server_default=false())
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    state: Mapped[SurveyState] = mapped_column(enum_column(SurveyState), default=SurveyState.DRAFT)
    #: the calendar activity the survey asks about, e.g. "feedback on the Skills Day"
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    #: "You said, we did": the leaders' answer to the results, shown on the public page once published
    you_said_en: Mapped[str] = mapped_column(Text, default="")
    you_said_cy: Mapped[str] = mapped_column(Text, default="")
    you_said_published: Mapped[bool] = mapped_column(default=False)
    #: the survey of an earlier year this one was copied from (to compare the two), once only
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: counts the changes to its sections, questions and choices (see note_structure_changes):
    #: answering pages keep the structure they have read until this moves on
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    #: counts the changes to when it takes answers (its dates, its state) and the deletions of its responses
    #: (see note_window_changes): the leadership summary keeps a long-closed survey's counts until this moves on
    window_revision: Mapped[int] = mapped_column(default=1, server_default="1")

    schools: Mapped[list[School]] = relationship(secondary=survey_schools, order_by=School.name_en)
    school: Mapped[School | None] = relationship(foreign_keys=[school_id])
    sections: Mapped[list["Section"]] = relationship(back_populates="survey", order_by="Section.position",
                                                     cascade="all, delete-orphan")
    links: Mapped[list["SurveyLink"]] = relationship(back_populates="survey", cascade="all, delete-orphan")
    activity = relationship("Activity")
    created_by = relationship("User")

    def phase_on(self, day: date) -> SurveyPhase:
        """Where the survey stands on `day`: it opens and closes on its dates by itself."""
        return phase_of(self.state, self.opens_on, self.closes_on, day)

    @property
    def phase(self) -> SurveyPhase:
        return self.phase_on(today())

    @hybrid_property
    def is_open(self) -> bool:
        return self.phase == SurveyPhase.OPEN

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        day = today()
        return and_(cls.state == SurveyState.PUBLISHED, cls.opens_on <= day, cls.closes_on >= day)

    def publish(self) -> None:
        """Draft → published: it opens on its opening day (today, if that has come)."""
        if self.state != SurveyState.DRAFT:
            raise SurveyStateError("publish", self.state)
        self.state = SurveyState.PUBLISHED

    def close(self) -> None:
        """Published → closed now, before its closing day if need be."""
        if self.state != SurveyState.PUBLISHED:
            raise SurveyStateError("close", self.state)
        self.state = SurveyState.CLOSED

    def reopen(self, closes_on: date) -> None:
        """Closed → published again until a new closing day."""
        if self.state != SurveyState.CLOSED and self.phase != SurveyPhase.CLOSED:
            raise SurveyStateError("reopen", self.state)
        self.state = SurveyState.PUBLISHED
        self.closes_on = closes_on

    @property
    def questions(self) -> list["Question"]:
        return [question for section in self.sections for question in section.questions]


class SurveyStateError(Exception):
    """A state change the survey's lifecycle does not allow from where it is."""

    def __init__(self, change: str, state: SurveyState):
        super().__init__(f"cannot {change} a survey that is {state.value}")
        self.change = change
        self.state = state


class Section(db.Model):
    """A page of a survey: its questions are answered on one screen."""

    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(back_populates="section", order_by="Question.position",
                                                       cascade="all, delete-orphan")


class Question(db.Model):
    """One question, of one kind, in both languages."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="bounds_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    text_en: Mapped[str] = mapped_column(String(500), default="")
    text_cy: Mapped[str] = mapped_column(String(500), default="")
    help_en: Mapped[str] = mapped_column(String(500), default="")
    help_cy: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    #: bounds of a number question
    min_value: Mapped[int | None]
    max_value: Mapped[int | None]
    #: a single or multiple choice question offers "Other, please say"
    allow_other: Mapped[bool] = mapped_column(default=False)
    #: shown only if this earlier question (one choice, or yes/no) ...
    condition_question_id: Mapped[int | None] = mapped_column(ForeignKey("survey_questions.id",
                                                                          ondelete="SET NULL"))
    #: ... has this answer: a choice's id, or 1 for yes and 0 for no
    condition_value: Mapped[int | None]

    section: Mapped[Section] = relationship(back_populates="questions")
    choices: Mapped[list["Choice"]] = relationship(back_populates="question", order_by="Choice.position",
                                                  cascade="all, delete-orphan")
    condition_question: Mapped["Question | None"] = relationship(remote_side=[id])

    def options(self) -> list[tuple[int, object]]:
        """(stored value, label) of each answer to pick: scale points, yes/no, or the choices."""
        if self.kind.rules.has_choices:
            return [(choice.id, choice) for choice in self.choices]
        return list(self.kind.rules.points)


class Choice(db.Model):
    """One option of a single or multiple choice question."""

    __tablename__ = "survey_choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label_en: Mapped[str] = mapped_column(String(200), default="")
    label_cy: Mapped[str] = mapped_column(String(200), default="")

    question: Mapped[Question] = relationship(back_populates="choices")


class SurveyLink(db.Model):
    """The link (and QR code) one school's respondents use; the school is known from it."""

    __tablename__ = "survey_links"
    __table_args__ = (UniqueConstraint("survey_id", "school_id", name="uq_survey_links_survey_school"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    #: random and unguessable; the address is /s/<token>
    token: Mapped[str] = mapped_column(String(32), unique=True)

    survey: Mapped[Survey] = relationship(back_populates="links")
    school: Mapped[School] = relationship()


class Draft(db.Model):
    """Answers in progress, kept on the server under a random token so that a reload, a
    change of language or going back loses nothing. Deleted when sent, or after a few days."""

    __tablename__ = "survey_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: random; in the address of every page of the answering, and the one-time submission token
    token: Mapped[str] = mapped_column(String(32), unique=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("survey_links.id", ondelete="CASCADE"), index=True)
    #: the signed-in person answering a named survey
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: {question id: value or [values]} as given so far
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the day it was last touched: enough to delete old drafts, no finer
    touched_on: Mapped[date] = mapped_column(default=today)

    link: Mapped[SurveyLink] = relationship()


class Response(db.Model):
    """One sent set of answers."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_survey_school", "survey_id", "school_id"),
        # the leadership summary counts each school's responses over a stretch of days
        Index("ix_survey_responses_school_submitted", "school_id", "submitted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: from the link it came through
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    #: 'cy' or 'en', the language it was answered in
    language: Mapped[str] = mapped_column(String(2))
    #: the day it was sent; never the time
    submitted_on: Mapped[date]
    #: the draft's token: a double tap or a resend finds it taken and stores nothing more
    submission_token: Mapped[str] = mapped_column(String(32), unique=True)
    #: the person, for a named staff or governor survey only
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the sum and number of its answers to five-point questions, kept as it is stored (see
    #: keep_five_point_scores) so that the summaries' means read responses, never every answer
    five_point_sum: Mapped[int] = mapped_column(default=0, server_default="0")
    five_point_count: Mapped[int] = mapped_column(default=0, server_default="0")

    answers: Mapped[list["Answer"]] = relationship(back_populates="response", cascade="all, delete-orphan",
                                                   passive_deletes=True)


class Answer(db.Model):
    """One answer: a number (scales, yes/no, numbers), a choice, or text (including 'other')."""

    __tablename__ = "survey_answers"
    __table_args__ = (Index("ix_survey_answers_question_choice", "question_id", "choice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("survey_choices.id", ondelete="CASCADE"))
    number: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


@event.listens_for(Session, "before_flush")
def keep_five_point_scores(session: Session, _context, _instances) -> None:
    """A response being stored carries the sum and number of its five-point answers.

    Every way a response is made through the ORM (sending, the demo, tests) passes here; one
    query tells which of the questions answered with a number are five-point ones.
    """
    responses = [response for response in session.new if isinstance(response, Response)]
    numbered = {answer.question_id for response in responses for answer in response.answers
                if answer.number is not None}
    if not numbered:
        return
    five_point = set(session.scalars(select(Question.id).where(
        Question.id.in_(numbered), Question.kind.in_([kind for kind in QuestionKind if kind.rules.is_five_point]))))
    for response in responses:
        points = [answer.number for answer in response.answers
                  if answer.number is not None and answer.question_id in five_point]
        response.five_point_sum, response.five_point_count = sum(points), len(points)


def _survey_id_of(session: Session, part) -> int | None:
    """The survey a section, question or choice belongs to, by what it holds already."""
    if isinstance(part, Choice):
        part = part.question or (part.question_id and session.get(Question, part.question_id))
    if isinstance(part, Question):
        part = part.section or (part.section_id and session.get(Section, part.section_id))
    if isinstance(part, Section):
        return part.survey_id if part.survey is None else part.survey.id
    return None


@event.listens_for(Session, "before_flush")
def note_structure_changes(session: Session, _context, _instances) -> None:
    """A survey whose sections, questions or choices change counts one more revision."""
    changed = {_survey_id_of(session, part) for part in (*session.new, *session.dirty, *session.deleted)
               if isinstance(part, (Section, Question, Choice))}
    for survey_id in changed - {None}:
        survey = session.get(Survey, survey_id)
        if survey is not None and survey not in session.deleted:
            survey.revision = (survey.revision or 0) + 1


#: what decides whether a survey can take answers: a change to one may let responses in again
WINDOW = ("opens_on", "closes_on", "state")


@event.listens_for(Session, "before_flush")
def note_window_changes(session: Session, _context, _instances) -> None:
    """A survey whose dates or state change counts one more window revision, in the same transaction."""
    for survey in session.dirty:
        if isinstance(survey, Survey) and any(inspect(survey).attrs[name].history.has_changes() for name in WINDOW):
            survey.window_revision = (survey.window_revision or 0) + 1
