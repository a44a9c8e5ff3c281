"""Quick feedback on a calendar activity, and deleting survey answers that have expired."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Draft, QuestionKind, Response, Survey, SurveyAudience, SurveyPhase
from tests.factories import TODAY


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_leader_asks_for_quick_feedback_and_families_find_it_on_the_activity(app, signed_in, demo, no_csrf):
    egg = demo.activity("Easter Egg Decoration Competition")
    page = f"/calendar/darland/activities/{egg.id}"
    leader = signed_in("head.holt")
    leader.set_cookie("lang", "en")
    assert "Ask for quick feedback" in leader.get(page).text
    family = app.test_client()
    family.set_cookie("lang", "en")
    assert "Give feedback" not in family.get(page).text  # nothing to answer yet

    assert leader.post(f"/surveys/quick/{egg.id}").status_code == 303
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.activity_id == egg.id))
        assert survey.phase == SurveyPhase.OPEN and survey.audience == SurveyAudience.FAMILIES
        assert [q.kind for q in survey.questions] == [QuestionKind.SMILEY_3, QuestionKind.SHORT_TEXT]
        assert survey.closes_on == TODAY + timedelta(days=14)
        # the competition was for the five primaries, so those are the schools asked
        assert sorted(school.slug for school in survey.schools) == sorted(
            ["all-saints", "the-rofft", "park", "holt", "st-peters"])
        holt_token = next(link.token for link in survey.links if link.school.slug == "holt")
    html = family.get(page).text
    assert "Give feedback" in html and f"/s/{holt_token}" in html and "Darland High School</a>" not in html
    assert "Ask for quick feedback" not in leader.get(page).text  # one at a time


def test_quick_feedback_on_a_staff_meeting_asks_staff_and_is_not_public(app, signed_in, demo, no_csrf):
    meeting = demo.activity("Headteacher Cluster Meeting")
    signed_in("head.holt").post(f"/surveys/quick/{meeting.id}")
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.activity_id == meeting.id))
        assert survey.audience == SurveyAudience.STAFF
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    assert "Give feedback" in staff.get(f"/calendar/darland/activities/{meeting.id}").text


def test_staff_and_other_clusters_cannot_ask_for_quick_feedback(app, signed_in, make, demo, no_csrf):
    egg = demo.activity("Easter Egg Decoration Competition")
    assert signed_in("staff.holt").post(f"/surveys/quick/{egg.id}").status_code == 403
    from tests.conftest import sign_in_client
    other = make.cluster()
    school = make.school(other.id)
    stranger = make.user("leader", cluster_id=other.id, school_id=school.id)
    assert sign_in_client(app.test_client(), stranger).post(f"/surveys/quick/{egg.id}").status_code == 404


def _responses(app, survey, count):
    with app.app_context():
        for number in range(count):
            response = Response(survey_id=survey.id, school_id=survey.links[0].school_id, language="en",
                                submitted_on=survey.closes_on, submission_token=f"{survey.id}-{number}")
            response.answers.append(Answer(question_id=survey.questions[0].id, number=1))
            db.session.add(response)
        db.session.commit()


def test_retention_deletes_exactly_the_answers_that_have_expired(app, make, demo):
    today = TODAY
    app.config["SURVEY_RETENTION_MONTHS"] = 24
    expired = make.survey(demo.cluster.id, [{"kind": "yes_no"}], opens_on=today - timedelta(days=800),
                          closes_on=today - timedelta(days=760))
    kept = make.survey(demo.cluster.id, [{"kind": "yes_no"}], opens_on=today - timedelta(days=700),
                       closes_on=today - timedelta(days=690))
    _responses(app, expired, 3)
    _responses(app, kept, 2)
    with app.app_context():
        link_id = expired.links[0].id
        db.session.add_all([Draft(token="stale", link_id=link_id, answers={}, touched_on=today - timedelta(days=8)),
                            Draft(token="fresh", link_id=link_id, answers={}, touched_on=today - timedelta(days=6))])
        db.session.commit()
        before = db.session.scalar(select(func.count(Response.id)))

    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "Survey responses: deleted 3 from 1 survey(s)" in result.output
    assert "Unfinished survey answers: deleted 1" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == before - 3
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == kept.id)) == 2
        assert db.session.scalar(select(func.count(Answer.id)).join(Response)
                                 .where(Response.survey_id == expired.id)) == 0
        assert db.session.scalar(select(func.count(Answer.id)).where(
            Answer.question_id == expired.questions[0].id)) == 0  # the answers went with them
        assert set(db.session.scalars(select(Draft.token))) == {"fresh"}


def test_two_leaders_publishing_or_asking_at_once_make_one_of_each(app, make, demo, live_server, no_csrf):
    from tests.concurrency import post_at_once, session_cookie
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}], state="draft")
    with app.app_context():
        from app.surveys.models import SurveyLink
        db.session.execute(SurveyLink.__table__.delete().where(SurveyLink.survey_id == survey.id))
        db.session.commit()
    leaders = [session_cookie(app, demo.user(who)) for who in ("head.holt", "head.park", "head.st-peters")]
    statuses = post_at_once(live_server, [(cookie, f"/surveys/{survey.id}/state", {"change": "publish"})
                                          for cookie in leaders])
    assert sorted(statuses) == [303, 409, 409]
    egg = demo.activity("Easter Egg Decoration Competition")
    statuses = post_at_once(live_server, [(cookie, f"/surveys/quick/{egg.id}", {}) for cookie in leaders])
    assert statuses == [303, 303, 303]
    with app.app_context():
        from app.surveys.models import SurveyLink
        assert db.session.scalar(select(func.count(SurveyLink.id)).where(SurveyLink.survey_id == survey.id)) == 6
        assert db.session.scalar(select(func.count(Survey.id)).where(Survey.activity_id == egg.id)) == 1
