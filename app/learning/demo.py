"""The demo's professional learning: the calendar's staff training days, "securing pupil progress" workshops,
network meetings and curriculum leaders' planning meetings of both demo years marked as professional
learning; the staff of each school signed up unevenly (the high school sends both its people, and
Holt sometimes none); those who went recorded; evaluations answered by most (enough for the
cluster's figures: with two demo accounts a school, each school's own stay hidden, as the disclosure
rule says); and a term later, follow-ups answered by some, others still waiting. Whatever the day, the
activities before it have happened and those after it are still to sign up for."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.demo_dates import DemoDates
from app.calendar.models import Activity, ActivityStatus
from app.clusters.models import Cluster
from app.extensions import db
from app.learning.models import LearningKind, Participant
from app.learning.services import mark
from app.surveys.models import Answer, QuestionKind, Response
from app.tokens import new_token

#: (the start of an activity's English title, its kind, hours)
MARKED = (
    ("Whole-cluster collaborative day", LearningKind.INSET, Decimal("6")),
    ("Joint staff wellbeing day", LearningKind.INSET, Decimal("6")),
    ("Securing pupil progress workshop", LearningKind.WORKSHOP, Decimal("2")),
    ("Darland Learning Community Network Meeting", LearningKind.NETWORK, Decimal("1.5")),
    ("Curriculum leaders' planning meeting", LearningKind.PLC, Decimal("1.5")),
)
#: how many of a school's staff go to a workshop or meeting, fewest and most (an INSET day: everyone)
SENDS = {"darland-high": (2, 2), "park": (1, 2), "all-saints": (1, 2), "the-rofft": (1, 2), "st-peters": (1, 2),
         "holt": (0, 1)}
#: the schools whose staff all go when signed up and all evaluate
KEEN = {"darland-high", "park"}


def _answer(response: Response, survey, randomness) -> None:
    """Answer each scale and yes/no question, mostly well; a few words on what they will try or saw."""
    for question in survey.questions:
        if question.kind.rules.is_scale:
            response.answers.append(Answer(question_id=question.id, number=randomness.choice((3, 4, 4, 5, 5))))
        elif question.kind == QuestionKind.YES_NO:
            response.answers.append(Answer(question_id=question.id, number=randomness.choice((1, 1, 1, 0))))
        elif question.kind == QuestionKind.LONG_TEXT and randomness.random() < 0.4:
            response.answers.append(Answer(question_id=question.id, text=randomness.choice((
                "More talk partners before writing.", "Pupils explain their reasoning on mini whiteboards.",
                "Mwy o waith grŵp wrth ddatrys problemau.", "Using the progression map to plan the next steps."))))


def _respond(participant: Participant, survey, day, randomness) -> None:
    response = Response(survey_id=survey.id, school_id=participant.school_id, submitted_on=day,
                        language=participant.person.preferred_locale or randomness.choice(("cy", "en")),
                        submission_token=new_token(), respondent_id=participant.person_id)
    _answer(response, survey, randomness)
    db.session.add(response)


def load(dates: DemoDates) -> None:
    """Mark the demo calendar's professional learning and fill in a year and a half of taking part."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN, User.cluster_id == cluster.id))
    randomness = dates.randomness("learning")
    staff = {school.id: db.session.scalars(select(User).where(User.school_id == school.id, User.role.in_(
        (Role.STAFF, Role.LEADER))).order_by(User.id)).all() for school in cluster.schools}
    schools = {school.id: school for school in cluster.schools}
    activities = db.session.scalars(select(Activity).where(
        Activity.cluster_id == cluster.id, Activity.starts_on.is_not(None),
        Activity.status != ActivityStatus.CANCELLED).order_by(Activity.starts_on)).all()
    today = dates.today
    for activity in activities:
        kind_hours = next(((kind, hours) for start, kind, hours in MARKED if activity.title_en.startswith(start)),
                          None)
        if kind_hours is None:
            continue
        learning = mark(admin, activity, *kind_hours)
        happened = learning.has_taken_place(today)
        for school_id, people in staff.items():
            if kind_hours[0] == LearningKind.INSET:
                going = people
            else:
                fewest, most = SENDS[schools[school_id].slug]
                going = randomness.sample(people, min(len(people), randomness.randint(fewest, most)))
            keen = schools[school_id].slug in KEEN
            for person in going:
                participant = Participant(activity_id=learning.activity_id, person_id=person.id, school_id=school_id,
                                          registered_by_id=person.id)
                participant.person = person
                db.session.add(participant)
                if not happened:
                    continue
                participant.attended = keen or randomness.random() < 0.9
                if not participant.attended:
                    continue
                participant.evaluation_sent_on = learning.held_on
                # most answer within three weeks: a session of the last few days is still waiting for some
                answer_on = learning.held_on + timedelta(days=randomness.randint(0, 20))
                if (keen or randomness.random() < 0.8) and answer_on <= today:
                    _respond(participant, learning.evaluation, answer_on, randomness)
                if today >= learning.follow_up_due:
                    participant.follow_up_sent_on = learning.follow_up_due
                    # a few weeks on, most have answered; in the first days, some are still to
                    answered_share = 0.6 if today - learning.follow_up_due > timedelta(weeks=2) else 0.2
                    if randomness.random() < answered_share:
                        _respond(participant, learning.follow_up,
                                 min(today, learning.follow_up_due + timedelta(days=randomness.randint(0, 10))),
                                 randomness)
        db.session.commit()
