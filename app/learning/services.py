"""Professional learning: marking an activity, signing up (through places where the activity has them),
recording who went, sending the evaluation and the follow-up once each, and what each reader may see.

Who may do what: leaders and the admin mark activities; staff sign themselves up, a leader signs up the
staff of their own school and the admin anyone of the cluster; attendance is recorded by a leader for
their own school and by the admin for every school. Names are read only by the person, the leaders of
their school and the admin; everyone else who reads the cluster's figures sees counts.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.services import record_event
from app.auth.models import Role, User
from app.bookings.places.models import BookableSession, PlaceUnit
from app.bookings.places.services import PlacesRefused, change_request, request_places
from app.bookings.places.services import record_attendance as record_places_used
from app.calendar.models import AcademicYear, Activity, ActivityStatus
from app.clock import today
from app.clusters.models import Cluster, School
from app.database import lock_for_write, locked
from app.disclosure import Figure, Hidden, protect, threshold, too_few
from app.errors import Refused
from app.extensions import db
from app.learning.models import ANSWER_WITHIN, LearningActivity, LearningKind, Participant
from app.links import public_url
from app.notifications.services import queue_message
from app.surveys.models import Response, Survey, SurveyLink, SurveyPhase, SurveyState
from app.surveys.services import create_from_template, ensure_links

#: who marks activities as professional learning, and records attendance (a leader for their school)
ORGANISERS = (Role.ADMIN, Role.LEADER)
#: who takes part in professional learning: people who work in a school
LEARNERS = (Role.STAFF, Role.LEADER)
#: the ready-made surveys sent after the session and a term later (app/surveys/template_data.py)
EVALUATION_TEMPLATE = "professional_learning"
FOLLOW_UP_TEMPLATE = "professional_learning_impact"

#: a named survey says so, and says who sees what (the ready-made evaluation's intro promises anonymity)
NAMED_INTRO = {
    "en": ("This comes to you because you took part. Your answers are kept with your name only so that we know "
           "you have answered and stop reminding you: nobody sees your name beside your answers. The results show "
           "figures only for groups of %(num)d or more, and the file of responses leaves names out."),
    "cy": ("Daw hwn atoch chi oherwydd i chi gymryd rhan. Cedwir eich atebion gyda'ch enw dim ond er mwyn i ni "
           "wybod eich bod wedi ateb a rhoi'r gorau i'ch atgoffa: does neb yn gweld eich enw wrth eich atebion. "
           "Dim ond ffigurau grwpiau o %(num)d neu fwy a ddangosir yn y canlyniadau, ac mae'r ffeil ymatebion yn "
           "gadael enwau allan."),
}


class LearningRefused(Refused):
    """What this person may not do with the cluster's professional learning."""


FOR_ORGANISERS = _l("Only the cluster's leaders and its admin mark professional learning.")
NOT_YOURS = _l("You can sign up or record attendance only for the staff of your own school.")


# -- who may do what --------------------------------------------------------------------------------

def can_mark(viewer: User, activity: Activity) -> bool:
    """Leaders and the admin of the activity's cluster."""
    return viewer.is_authenticated and viewer.role in ORGANISERS and viewer.cluster_id == activity.cluster_id


def can_read_cluster(viewer: User, cluster_id: int) -> bool:
    """Leaders, the admin and governors of the cluster; the officer of its authority."""
    if not viewer.is_authenticated:
        return False
    if viewer.role == Role.OFFICER:
        cluster = db.session.get(Cluster, cluster_id)
        return cluster is not None and cluster.authority_id == viewer.authority_id
    return viewer.role in (Role.ADMIN, Role.LEADER, Role.GOVERNOR) and viewer.cluster_id == cluster_id


def sees_names_of(viewer: User, school_id: int) -> bool:
    """Names of who went: the admin for every school, a leader for their own."""
    if viewer.role == Role.ADMIN:
        return True
    return viewer.role == Role.LEADER and viewer.school_id == school_id


def acts_for(viewer: User, person: User, cluster_id: int) -> bool:
    """Whether `viewer` may sign `person` up or record their attendance."""
    if person.cluster_id != cluster_id or person.school_id is None or person.role not in LEARNERS:
        return False
    if viewer.role == Role.ADMIN:
        return viewer.cluster_id == cluster_id
    if viewer.role == Role.LEADER:
        return viewer.school_id == person.school_id
    return viewer.id == person.id


def can_read_record(viewer: User, person: User) -> bool:
    """A person's record: theirs, their head's (a leader of their school) and the cluster admin's."""
    if viewer.id == person.id:
        return True
    if viewer.role == Role.ADMIN:
        return viewer.cluster_id == person.cluster_id
    return viewer.role == Role.LEADER and person.school_id is not None and viewer.school_id == person.school_id


def people_to_sign_up(viewer: User, cluster_id: int) -> list[User]:
    """Whom this person may sign up: themselves, their school's staff (a leader), anyone (the admin)."""
    query = select(User).where(User.cluster_id == cluster_id, User.active, User.role.in_(LEARNERS),
                               User.school_id.is_not(None)).order_by(User.name)
    if viewer.role == Role.LEADER:
        query = query.where(User.school_id == viewer.school_id)
    elif viewer.role != Role.ADMIN:
        query = query.where(User.id == viewer.id)
    return db.session.scalars(query).all()


# -- reading ---------------------------------------------------------------------------------------------

def learning_of(activity_id: int) -> LearningActivity | None:
    """The activity's professional learning mark, if it has one."""
    return db.session.get(LearningActivity, activity_id)


def staff_sessions(activity_id: int) -> list[BookableSession]:
    """The activity's sessions with places for staff that schools may ask for now."""
    sessions = db.session.scalars(select(BookableSession).where(
        BookableSession.activity_id == activity_id, BookableSession.unit == PlaceUnit.STAFF,
        BookableSession.draft.is_(False)).order_by(BookableSession.held_on, BookableSession.id)).all()
    return [session for session in sessions if session.takes_requests(today())]


def participant_of(learning: LearningActivity, person: User) -> Participant | None:
    """This person's part in it, if they are signed up."""
    return db.session.scalar(select(Participant).where(Participant.activity_id == learning.activity_id,
                                                       Participant.person_id == person.id))


def link_token(survey: Survey, school_id: int) -> str | None:
    """The survey's link for a school (made when the activity was marked)."""
    return db.session.scalar(select(SurveyLink.token).where(SurveyLink.survey_id == survey.id,
                                                            SurveyLink.school_id == school_id))


def activities_of_year(cluster_id: int, year: AcademicYear | None) -> list[LearningActivity]:
    """The cluster's professional learning in an academic year, by day."""
    if year is None:
        return []
    return db.session.scalars(select(LearningActivity).join(Activity).where(
        Activity.cluster_id == cluster_id, Activity.academic_year_id == year.id)
        .options(selectinload(LearningActivity.participants)).order_by(Activity.starts_on)).all()


@dataclass
class PendingSurvey:
    """A survey waiting for one person's answer, shown on their home page."""

    learning: LearningActivity
    survey: Survey
    token: str
    is_follow_up: bool


def pending_for(person: User, day: date) -> list[PendingSurvey]:
    """The evaluations and follow-ups open today that this person went to and has not answered (a few
    queries whatever their history: only the sessions with a survey open now are read)."""
    if not person.is_authenticated or person.school_id is None:
        return []
    open_now = select(Survey.id).where(Survey.state == SurveyState.PUBLISHED, Survey.opens_on <= day,
                                       Survey.closes_on >= day)
    went = db.session.scalars(select(Participant).join(LearningActivity).where(
        Participant.person_id == person.id, Participant.attended.is_(True),
        LearningActivity.evaluation_id.in_(open_now) | LearningActivity.follow_up_id.in_(open_now))
        .options(selectinload(Participant.learning).selectinload(LearningActivity.evaluation),
                 selectinload(Participant.learning).selectinload(LearningActivity.follow_up))).all()
    asked = [(participant, survey, is_follow_up) for participant in went
             for survey, is_follow_up in ((participant.learning.evaluation, False),
                                          (participant.learning.follow_up, True))
             if survey is not None and survey.phase_on(day) == SurveyPhase.OPEN]
    done = answered_any([survey.id for _, survey, _ in asked], person.id)
    tokens = dict(db.session.execute(select(SurveyLink.survey_id, SurveyLink.token).where(
        SurveyLink.survey_id.in_([survey.id for _, survey, _ in asked]),
        SurveyLink.school_id == person.school_id)).all())
    return [PendingSurvey(participant.learning, survey, tokens[survey.id], is_follow_up)
            for participant, survey, is_follow_up in asked if survey.id not in done and survey.id in tokens]


def answered_any(survey_ids: list[int], person_id: int) -> set[int]:
    """Which of these surveys the person has answered."""
    return set(db.session.scalars(select(Response.survey_id).where(Response.survey_id.in_(survey_ids),
                                                                   Response.respondent_id == person_id)))


# -- marking -----------------------------------------------------------------------------------------------

def _named(survey: Survey, activity: Activity, opens_on: date) -> None:
    """Make a template's survey the named survey of this activity, open for ANSWER_WITHIN from `opens_on`."""
    survey.anonymous, survey.names_private = False, True
    survey.title_en = f"{survey.title_en}: {activity.title_en or activity.title_cy}"[:200]
    survey.title_cy = f"{survey.title_cy}: {activity.title_cy or activity.title_en}"[:200]
    survey.intro_en = NAMED_INTRO["en"] % {"num": threshold()}
    survey.intro_cy = NAMED_INTRO["cy"] % {"num": threshold()}
    survey.opens_on, survey.closes_on = opens_on, opens_on + ANSWER_WITHIN
    survey.publish()


def mark(actor: User, activity: Activity, kind: LearningKind, hours: Decimal) -> LearningActivity:
    """Mark an activity as professional learning (or change its kind and hours); the first time, make its
    named evaluation (open from the session) and follow-up (open from a term later), with their links."""
    if not can_mark(actor, activity):
        raise LearningRefused(FOR_ORGANISERS)
    if activity.starts_on is None:
        raise LearningRefused(_("Give the activity a day first: the evaluation is sent after it."))
    activity_id = activity.id
    lock_for_write()
    activity = locked(Activity, activity_id)
    learning = learning_of(activity_id)
    if learning is not None:
        before = (("pl_kind", learning.kind.value, kind.value),
                  ("hours", learning.hours, hours.quantize(Decimal("0.1"))))
        changes = {name: [str(old), str(new)] for name, old, new in before if old != new}
        learning.kind, learning.minutes = kind, int(hours * 60)
        record_event(actor, "updated", learning, learning.label, activity.cluster_id, changes)
        db.session.commit()
        return learning
    learning = LearningActivity(activity=activity, kind=kind, minutes=int(hours * 60), marked_by_id=actor.id)
    db.session.add(learning)
    record_event(actor, "created", learning, learning.label, activity.cluster_id,
                 {"pl_kind": [None, kind.value], "hours": [None, str(hours)]})
    # the first mark commits here, under the activity's lock: a second leader marking at the same
    # moment waits, then finds it marked and changes it, so an activity has one pair of surveys
    db.session.commit()
    evaluation = create_from_template(actor, EVALUATION_TEMPLATE, activity_id)
    follow_up = create_from_template(actor, FOLLOW_UP_TEMPLATE, activity_id)
    learning = learning_of(activity_id)
    _named(evaluation, learning.activity, learning.held_on)
    _named(follow_up, learning.activity, learning.follow_up_due)
    learning.evaluation, learning.follow_up = evaluation, follow_up
    db.session.commit()
    ensure_links(evaluation)
    ensure_links(follow_up)
    return learning


# -- signing up --------------------------------------------------------------------------------------------

def sign_up(actor: User, learning: LearningActivity, person: User, session_id: int | None) -> Participant:
    """Sign `person` up: once per person; a place is asked for on the chosen session where the activity
    has sessions with places for staff (confirmed, or on the waiting list, as places decide)."""
    activity = learning.activity
    if not acts_for(actor, person, activity.cluster_id):
        raise LearningRefused(NOT_YOURS)
    if activity.status == ActivityStatus.CANCELLED or learning.has_taken_place(today()):
        raise LearningRefused(_("Sign-up has closed: the activity has taken place or was cancelled."))
    sessions = {session.id for session in staff_sessions(activity.id)}
    if sessions and session_id not in sessions:
        raise LearningRefused(_("Choose a session."))
    activity_id, person_id, school_id = activity.id, person.id, person.school_id
    lock_for_write()
    locked(Activity, activity_id)
    participant = Participant(activity_id=activity_id, person_id=person_id, school_id=school_id,
                              registered_by_id=actor.id)
    db.session.add(participant)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise LearningRefused(_("%(name)s is signed up already.", name=person.name)) from None
    learning = learning_of(activity_id)
    record_event(actor, "signed_up", learning, learning.label, learning.cluster_id,
                 {"person": [None, person.name]})
    db.session.commit()
    if sessions:
        participant_id = participant.id
        try:
            place = request_places(actor, session_id, school_id, 1, [])
        except PlacesRefused as refused:
            # the place is what was asked for: without it, no sign-up either
            db.session.execute(Participant.__table__.delete().where(Participant.id == participant_id))
            db.session.commit()
            raise LearningRefused(refused.message) from None
        participant = db.session.get(Participant, participant_id)
        participant.place_request_id = place.id
        db.session.commit()
    return participant


def withdraw(actor: User, participant: Participant) -> None:
    """Take someone off before the day, giving back their place if they had one."""
    learning = participant.learning
    if not acts_for(actor, participant.person, learning.cluster_id):
        raise LearningRefused(NOT_YOURS)
    if learning.has_taken_place(today()):
        raise LearningRefused(_("The activity has taken place: record who went instead."))
    place = participant.place_request
    if place is not None and not place.is_cancelled:
        try:
            change_request(actor, place.id, place.places - 1)
        except PlacesRefused as refused:
            raise LearningRefused(refused.message) from None
    participant = db.session.get(Participant, participant.id)
    record_event(actor, "withdrawn", learning, learning.label, learning.cluster_id,
                 {"person": [participant.person.name, None]})
    db.session.delete(participant)
    db.session.commit()


# -- after the session -------------------------------------------------------------------------------------

def record_attendance(actor: User, learning: LearningActivity, school: School, went: set[int]) -> None:
    """Save who of a school's people went (ids in `went`), send the evaluation to those who went, and
    give places on events the number of the school's people who went to each session."""
    if not (actor.role == Role.ADMIN and actor.cluster_id == school.cluster_id
            or actor.role == Role.LEADER and actor.school_id == school.id):
        raise LearningRefused(NOT_YOURS)
    if not learning.has_taken_place(today()):
        raise LearningRefused(_("Attendance can be recorded once the activity has taken place."))
    activity_id, school_id = learning.activity_id, school.id
    lock_for_write()
    locked(Activity, activity_id)
    learning = learning_of(activity_id)
    changes, per_session = {}, defaultdict(int)
    for participant in learning.participants:
        if participant.school_id != school_id:
            continue
        came = participant.id in went
        if participant.attended != came:
            changes[participant.person.name] = [participant.attended, came]
            participant.attended = came
        if participant.place_request is not None:
            per_session[participant.place_request.session_id] += int(came)
        if came:
            _send_evaluation(participant, today())
    record_event(actor, "attendance_recorded", learning, learning.label, learning.cluster_id, changes)
    db.session.commit()
    for session_id, count in per_session.items():
        try:
            record_places_used(actor, session_id, {school_id: count})
        except PlacesRefused:
            db.session.rollback()  # a session on a later day than the activity's first: recorded then


def _message(participant: Participant, survey: Survey, template: str) -> None:
    """Queue one survey's e-mail to one person, in their language, with their school's link."""
    person = participant.person
    token = link_token(survey, participant.school_id)
    link = public_url("surveys.start", token=token) if token and has_request_context() else None
    queue_message(person.email, person.preferred_locale or current_app.config["DEFAULT_LOCALE"], template,
                  name=person.name, activity=participant.learning.activity, survey=survey, link=link)


def _send_once(participant: Participant, column, survey: Survey | None, template: str, day: date) -> bool:
    """Send `survey` to the participant unless it went already: the sent day is set by an UPDATE that
    only a row still unsent matches, so of two runs at once only one sends it."""
    if survey is None or survey.phase_on(day) != SurveyPhase.OPEN or not participant.person.active:
        return False
    claimed = db.session.execute(update(Participant).where(Participant.id == participant.id, column.is_(None))
                                 .values({column: day}).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return False
    if survey.id not in answered_any([survey.id], participant.person_id):
        _message(participant, survey, template)
    return True


def _send_evaluation(participant: Participant, day: date) -> bool:
    return _send_once(participant, Participant.evaluation_sent_on, participant.learning.evaluation,
                      "learning_evaluation", day)


def send_due(day: date) -> tuple[int, int]:
    """E-mail each evaluation and follow-up that is due and not sent yet: (evaluations, follow-ups) sent.

    Safe to run as often as you like (daily from cron): each person gets each survey once."""
    lock_for_write()
    due = db.session.scalars(select(Participant).where(
        Participant.attended.is_(True),
        Participant.evaluation_sent_on.is_(None) | Participant.follow_up_sent_on.is_(None))
        .options(selectinload(Participant.learning))).all()
    evaluations = follow_ups = 0
    for participant in due:
        if participant.evaluation_sent_on is None and _send_evaluation(participant, day):
            evaluations += 1
        if participant.follow_up_sent_on is None and _send_once(
                participant, Participant.follow_up_sent_on, participant.learning.follow_up,
                "learning_follow_up", day):
            follow_ups += 1
    db.session.commit()
    return evaluations, follow_ups


# -- a person's record -------------------------------------------------------------------------------------

@dataclass
class RecordLine:
    """One activity on a person's record."""

    learning: LearningActivity
    participant: Participant
    evaluated: bool
    followed_up: bool


@dataclass
class Record:
    """A person's cluster professional learning in one academic year."""

    person: User
    year: AcademicYear | None
    lines: list[RecordLine]

    @property
    def hours(self) -> Decimal:
        return sum((line.learning.hours for line in self.lines if line.participant.attended), Decimal(0))


def record_of(person: User, year: AcademicYear | None) -> Record:
    """What a person signed up for and went to in the year, with whether they evaluated and followed up."""
    if year is None:
        return Record(person, None, [])
    participants = db.session.scalars(select(Participant).join(LearningActivity).join(Activity).where(
        Participant.person_id == person.id, Activity.academic_year_id == year.id)
        .options(selectinload(Participant.learning)).order_by(Activity.starts_on)).all()
    done = answered_any([s for p in participants for s in (p.learning.evaluation_id, p.learning.follow_up_id) if s],
                        person.id)
    return Record(person, year, [RecordLine(p.learning, p, p.learning.evaluation_id in done,
                                            p.learning.follow_up_id in done) for p in participants])


# -- what leaders see ----------------------------------------------------------------------------------------

@dataclass
class SchoolLine:
    """One school's part in one activity: signed up, went, and the surveys' figures."""

    school: School
    signed_up: int
    went: int
    names: list[str] | None
    evaluations: Figure
    evaluation_mean: Figure
    follow_ups: Figure


@dataclass
class ActivityFigures:
    """One activity's lines per school and the cluster's figures."""

    learning: LearningActivity
    lines: list[SchoolLine]
    evaluations: Figure
    evaluation_mean: Figure
    follow_ups: Figure


def _survey_counts(survey_id: int | None) -> dict[int, tuple[int, int, int]]:
    """{school id: (responses, sum of five-point answers, number of them)} for a survey."""
    if survey_id is None:
        return {}
    rows = db.session.execute(select(Response.school_id, func.count(Response.id), func.sum(Response.five_point_sum),
                                     func.sum(Response.five_point_count))
                              .where(Response.survey_id == survey_id).group_by(Response.school_id))
    return {school_id: (count, int(total or 0), int(scores or 0)) for school_id, count, total, scores in rows}


def _mean(total: int, scores: int) -> float | None:
    return round(total / scores, 2) if scores else None


def figures_of(viewer: User, learning: LearningActivity) -> ActivityFigures:
    """Per school: who signed up and went (names only to those who may see them), and the evaluation's and
    follow-up's responses and mean answer under the disclosure rule every survey figure follows."""
    schools = sorted(db.session.get(Cluster, learning.cluster_id).schools, key=lambda school: school.name_en)
    evaluation = _survey_counts(learning.evaluation_id)
    follow_up = _survey_counts(learning.follow_up_id)
    hidden_evaluation = protect({school.id: evaluation.get(school.id, (0, 0, 0))[0] for school in schools})
    hidden_follow_up = protect({school.id: follow_up.get(school.id, (0, 0, 0))[0] for school in schools})
    lines = []
    for school in schools:
        people = [p for p in learning.participants if p.school_id == school.id]
        count, total, scores = evaluation.get(school.id, (0, 0, 0))
        in_set = Hidden.IN_SET if school.id in hidden_evaluation else None
        lines.append(SchoolLine(
            school, len(people), sum(1 for p in people if p.attended),
            sorted(p.person.name for p in people if p.attended) if sees_names_of(viewer, school.id) else None,
            Figure(count, in_set), Figure(_mean(total, scores), in_set),
            Figure(follow_up.get(school.id, (0,))[0], Hidden.IN_SET if school.id in hidden_follow_up else None)))
    all_count = sum(value[0] for value in evaluation.values())
    all_mean = _mean(sum(value[1] for value in evaluation.values()), sum(value[2] for value in evaluation.values()))
    follow_count = sum(value[0] for value in follow_up.values())
    return ActivityFigures(learning, lines, Figure(all_count, too_few(all_count)),
                           Figure(all_mean, too_few(all_count)), Figure(follow_count, too_few(follow_count)))
