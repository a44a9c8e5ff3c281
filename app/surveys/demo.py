"""Demo data: three surveys of 2025/26 with answers, made from the ready-made templates.

- families on the Skills Day (about 120 responses; Holt has fewer than 5, to show suppression),
  with a published "You said, we did";
- Year 6 pupils on moving up to Darland High (the five primaries);
- staff evaluating a 'securing pupil progress' workshop;
- and, to try answering, pupil wellbeing open for four weeks from the day the demo is loaded.
The answers are drawn at random with a fixed seed, leaning the way real answers do.
"""

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.models import Activity
from app.clusters.models import Cluster, School
from app.extensions import db
from app.surveys.answering import new_token
from app.surveys.models import Answer, QuestionKind, Response, SurveyState
from app.surveys.services import create_from_template, ensure_links

#: (template, English title words of the activity, opens, closes, responses per school slug)
SURVEYS = (
    ("family_event", "Skills Day", date(2025, 10, 10), date(2025, 10, 24),
     {"all-saints": 24, "the-rofft": 27, "park": 31, "holt": 3, "st-peters": 19, "darland-high": 18}),
    ("transition_y6_y7", None, date(2026, 6, 1), date(2026, 7, 17),
     {"all-saints": 21, "the-rofft": 26, "park": 33, "holt": 12, "st-peters": 17}),
    ("professional_learning", "Expressive Arts", date(2025, 11, 26), date(2025, 12, 12),
     {"all-saints": 5, "the-rofft": 6, "park": 7, "holt": 4, "st-peters": 5, "darland-high": 9}),
)
#: short written answers people might give, in the language they answered in
COMMENTS = {
    "en": ["More events like this please.", "My child talked about it all week.", "The timing was tricky for us.",
           "Thank you to all the staff.", "A little more notice would help.", "Really well organised."],
    "cy": ["Mwy o ddigwyddiadau fel hyn os gwelwch yn dda.", "Roedd fy mhlentyn wrth ei fodd.",
           "Diolch i'r holl staff.", "Byddai mwy o rybudd yn help.", "Trefnus iawn."],
}
YOU_SAID = {
    "you_said_en": ("You told us the Skills Day was a great day but that you would have liked more notice. "
                    "From this year, we will send the dates of cluster events home at the start of each term, "
                    "in Welsh and English, and put them in the cluster calendar."),
    "you_said_cy": ("Fe ddywedoch chi fod y Diwrnod Sgiliau yn ddiwrnod gwych ond yr hoffech fwy o rybudd. "
                    "O eleni ymlaen, byddwn yn anfon dyddiadau digwyddiadau'r clwstwr adref ar ddechrau pob "
                    "tymor, yn Gymraeg ac yn Saesneg, ac yn eu rhoi yng nghalendr y clwstwr."),
}


def load(password: str) -> None:
    """Create the three surveys, publish them, and add their responses."""
    randomness = random.Random(2025)  # noqa: S311 (demo answers, not secrets)
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    admin = db.session.scalar(select(User).where(User.cluster_id == cluster.id, User.role == Role.ADMIN))
    schools = {school.slug: school for school in
               db.session.scalars(select(School).where(School.cluster_id == cluster.id))}
    for key, activity_words, opens_on, closes_on, per_school in SURVEYS:
        activity_id = None
        if activity_words:
            activity_id = db.session.scalar(select(Activity.id).where(
                Activity.cluster_id == cluster.id, Activity.title_en.contains(activity_words)).order_by(Activity.id))
        survey = create_from_template(admin, key, activity_id)
        survey.opens_on, survey.closes_on = opens_on, closes_on
        survey.state = SurveyState.PUBLISHED
        if set(per_school) != set(schools):
            survey.all_schools = False
            survey.schools = [schools[slug] for slug in per_school]
        if key == "family_event":
            for name, text in YOU_SAID.items():
                setattr(survey, name, text)
            survey.you_said_published = True
        db.session.flush()
        ensure_links(survey)
        for slug, count in per_school.items():
            for _ in range(count):
                db.session.add(_response(survey, schools[slug], randomness))
    open_now = create_from_template(admin, "pupil_wellbeing")
    open_now.opens_on, open_now.closes_on = date.today(), date.today() + timedelta(days=28)
    open_now.state = SurveyState.PUBLISHED
    db.session.flush()
    ensure_links(open_now)
    db.session.commit()


def _response(survey, school: School, randomness: random.Random) -> Response:
    language = "cy" if randomness.random() < 0.3 else "en"
    days = (survey.closes_on - survey.opens_on).days
    response = Response(survey_id=survey.id, school_id=school.id, language=language,
                        submitted_on=survey.opens_on + timedelta(days=randomness.randint(0, days)),
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


def _answers(question, language: str, randomness: random.Random, given: dict) -> list[Answer]:
    kind = question.kind
    if kind.is_scale or kind == QuestionKind.YES_NO:
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
