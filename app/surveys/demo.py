"""Demo data: the cluster's surveys, made from the ready-made templates and answered as a real
cluster's are after a push: most schools above the threshold, Holt (the smallest) below it in its
families' and staff's answers, so that hidden figures are there to see and explained.

Every half term of the current year so far has a family survey; this half term and the last have a
pupil and a staff survey too, and the same two half terms of the year before have their family
surveys, to compare. This half term's surveys are open now, answered so far; the
others closed. Autumn 1's family survey asks about the Skills Day, with the counts the seed always
had (Holt 3 families, Park 31) and its published "You said, we did".
"""

from datetime import date, timedelta

from flask_babel import force_locale
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.calendar.demo_dates import DemoDates, Half
from app.calendar.models import HALF_TERM_LABELS, AcademicYear, Activity, ActivityKind
from app.clusters.models import Cluster, School, SchoolPhase
from app.extensions import db
from app.surveys.models import Answer, QuestionKind, Response, SurveyState
from app.surveys.services import create_from_template, ensure_links
from app.tokens import new_token

SKILLS_DAY = "Skills Day – Years 5 and 6"
ONE_DAY = timedelta(days=1)
#: the Skills Day survey's responses per school, as in the seed
SKILLS_DAY_RESPONSES = {"all-saints": 24, "the-rofft": 27, "park": 31, "holt": 3, "st-peters": 19, "darland-high": 18}
#: the share of each school's roll that answers a family or pupil survey; at most this many
SHARE, MOST = {"families": 0.05, "pupils": 0.04}, {"families": 16, "pupils": 14}
#: short written answers people might give, in the language they answered in
COMMENTS = {
    "en": ["More events like this please.", "My child talked about it all week.", "The timing was tricky for us.",
           "Thank you to all the staff.", "A little more notice would help.", "Really well organised."],
    "cy": ["Mwy o ddigwyddiadau fel hyn os gwelwch yn dda.", "Roedd fy mhlentyn wrth ei fodd.",
           "Diolch i'r holl staff.", "Byddai mwy o rybudd yn help.", "Trefnus iawn."],
}
YOU_SAID = {
    "you_said_en": ("You told us the event was a great day but that you would have liked more notice. "
                    "From now on, we will send the dates of cluster events home at the start of each term, "
                    "in Welsh and English, and put them in the cluster calendar."),
    "you_said_cy": ("Fe ddywedoch chi fod y digwyddiad yn ddiwrnod gwych ond yr hoffech fwy o rybudd. "
                    "O hyn ymlaen, byddwn yn anfon dyddiadau digwyddiadau'r clwstwr adref ar ddechrau pob "
                    "tymor, yn Gymraeg ac yn Saesneg, ac yn eu rhoi yng nghalendr y clwstwr."),
}


def load(dates: DemoDates) -> None:
    """Create the surveys of the demo's half terms, publish them and add their responses."""
    randomness = dates.randomness("surveys")
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    admin = db.session.scalar(select(User).where(User.cluster_id == cluster.id, User.role == Role.ADMIN))
    schools = db.session.scalars(select(School).where(School.cluster_id == cluster.id).order_by(School.id)).all()
    current, previous = dates.current_half, dates.previous_half
    halves = {half for half in dates.halves if half.start_year == dates.current_year and half.starts_on <= dates.today}
    recent = {current, previous} - {None}
    a_year_before = {dates.a_year_before(half) for half in recent} - {None}
    halves |= recent | a_year_before
    # families every half term (and a year before, to compare); pupils and staff in this one and the last
    asked = {"families": halves, "pupils": recent, "staff": recent}
    for half in sorted(halves, key=lambda each: each.starts_on):
        is_open = half == current
        for audience in ("families", "pupils", "staff"):
            if half not in asked[audience]:
                continue
            survey = _survey(admin, cluster, schools, half, audience, dates, is_open)
            for school in _asked(survey, schools):
                for _ in range(_how_many(survey, school, half, audience, dates, is_open, randomness)):
                    db.session.add(_response(survey, school, randomness, dates.today if is_open else None))
            if audience == "families" and half == previous:
                survey.you_said_en, survey.you_said_cy = YOU_SAID["you_said_en"], YOU_SAID["you_said_cy"]
                survey.you_said_published = True
    db.session.commit()


def _activity(cluster: Cluster, half: Half, today: date, *conditions) -> Activity | None:
    """The last activity of the half term over by `today` that meets `conditions`: nobody can give
    feedback on what has not happened yet."""
    query = (select(Activity).join(AcademicYear, AcademicYear.id == Activity.academic_year_id)
             .where(Activity.cluster_id == cluster.id, AcademicYear.start_year == half.start_year,
                    Activity.starts_on >= half.starts_on,
                    func.coalesce(Activity.ends_on, Activity.starts_on).between(half.starts_on,
                                                                                min(half.ends_on, today - ONE_DAY)))
             .where(*conditions).order_by(func.coalesce(Activity.ends_on, Activity.starts_on).desc()))
    return db.session.scalars(query.limit(1)).first()


def _survey(admin, cluster, schools, half: Half, audience: str, dates: DemoDates, is_open: bool):
    """The half term's survey for an audience: about an activity when there is one that has happened."""
    activity = None
    if audience == "families":
        activity = _activity(cluster, half, dates.today, Activity.title_en == SKILLS_DAY) or \
            _activity(cluster, half, dates.today, Activity.is_public)
    elif audience == "staff":
        activity = _activity(cluster, half, dates.today, Activity.kind == ActivityKind.WORKSHOP)
    if audience == "families":
        key = "family_event"
    elif audience == "staff":
        key = "professional_learning" if activity else "staff_wellbeing"
    else:
        key = "transition_y6_y7" if (half.term.value, half.number) == ("summer", 2) else "pupil_wellbeing"
    survey = create_from_template(admin, key, activity.id if activity else None)
    opens_on = (activity.ends_on or activity.starts_on) + ONE_DAY if activity else half.starts_on + timedelta(days=7)
    if is_open:
        opens_on = min(max(opens_on, dates.today - timedelta(days=14)), dates.today)
    # a survey counts in the half term it opened in (even one still open in the holiday after it)
    opens_on = min(opens_on, half.ends_on)
    survey.opens_on, survey.closes_on = opens_on, (dates.today if is_open else opens_on) + timedelta(days=14)
    for language in ("en", "cy"):
        with force_locale(language):
            label = str(HALF_TERM_LABELS[(half.term, half.number)])
        title = getattr(activity, f"title_{language}") if activity else label
        setattr(survey, f"title_{language}", f"{getattr(survey, f'title_{language}')}: {title}"[:200])
    survey.state = SurveyState.PUBLISHED
    if key == "transition_y6_y7":
        survey.all_schools = False
        survey.schools = [school for school in schools if school.phase == SchoolPhase.PRIMARY]
    db.session.flush()
    ensure_links(survey)
    return survey


def _asked(survey, schools: list[School]) -> list[School]:
    return schools if survey.all_schools else list(survey.schools)


def _how_many(survey, school: School, half: Half, audience: str, dates: DemoDates, is_open: bool,
              randomness) -> int:
    """How many of a school's people have answered: about a share of its roll (staff: a handful), Holt's
    families fewer than the threshold; an open survey so far as far as its days have gone."""
    if survey.activity is not None and survey.activity.title_en == SKILLS_DAY:
        count = SKILLS_DAY_RESPONSES[school.slug]
    elif school.slug == "holt" and audience != "pupils":
        return randomness.randint(1, 4)
    elif audience == "staff":
        count = randomness.randint(5, 9)
    else:
        count = min(MOST[audience], max(6, round(school.roll * SHARE[audience] * randomness.uniform(0.7, 1.3))))
    if is_open:  # most answer in the first days of a push
        days = (survey.closes_on - survey.opens_on).days or 1
        count = max(5, round(count * max(0.6, (dates.today - survey.opens_on).days / days)))
    return count


def _response(survey, school: School, randomness, today: date | None) -> Response:
    """A response on a day the survey was open (up to `today` for one still open)."""
    language = "cy" if randomness.random() < 0.3 else "en"
    last = min(survey.closes_on, today) if today else survey.closes_on
    day = survey.opens_on + timedelta(days=randomness.randint(0, (last - survey.opens_on).days))
    response = Response(survey_id=survey.id, school_id=school.id, language=language, submitted_on=day,
                        submission_token=new_token())
    given: dict[str, object] = {}
    for question in survey.questions:
        if question.condition_question_id is not None \
                and given.get(str(question.condition_question_id)) != question.condition_value:
            continue
        if not question.required and randomness.random() < 0.25:
            continue
        response.answers.extend(_answers(question, language, randomness, given))
    return response


def _answers(question, language: str, randomness, given: dict) -> list[Answer]:
    kind = question.kind
    if kind.rules.points:
        values = [value for value, _label in question.options()]
        # lean towards the happier end, as feedback on events usually does
        weights = [1 + 2 * position for position in range(len(values))] if kind != QuestionKind.YES_NO else [4, 1]
        value = randomness.choices(values, weights)[0]
        given[str(question.id)] = value
        return [Answer(question_id=question.id, number=value)]
    if kind == QuestionKind.SINGLE:
        choice = randomness.choice(question.choices)
        given[str(question.id)] = choice.id
        return [Answer(question_id=question.id, choice_id=choice.id)]
    if kind == QuestionKind.MULTIPLE:
        chosen = randomness.sample(question.choices, k=min(len(question.choices), randomness.randint(1, 3)))
        return [Answer(question_id=question.id, choice_id=choice.id) for choice in chosen]
    if kind == QuestionKind.NUMBER:
        low = question.min_value if question.min_value is not None else 0
        high = question.max_value if question.max_value is not None else low + 10
        return [Answer(question_id=question.id, number=randomness.randint(low, high))]
    return [Answer(question_id=question.id, text=randomness.choice(COMMENTS[language]))]
