"""Professional learning (issue #19): marking an activity, signing up (through places where there are
sessions), who went, the evaluation and the follow-up sent once each in the person's language and shown on
their home page until answered, each person's record and who reads it, the leaders' figures under the
disclosure rule, and the summary's columns."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.bookings.places.models import AllocationRule, BookableSession, PlaceUnit
from app.calendar.models import Activity
from app.calendar.services import half_term_holding
from app.extensions import db
from app.learning.models import FOLLOW_UP_AFTER, LearningActivity, Participant
from app.learning.services import send_due
from app.notifications.models import OutboxMessage
from app.surveys.models import Answer, Response, Survey
from tests.concurrency import post_at_once, session_cookie
from tests.factories import TODAY
from tests.reading import page_of, tables_of
from tests.test_practice_visits import in_welsh

EN, CY = {"Accept-Language": "en"}, {"Accept-Language": "cy"}
#: next term's Mathematics workshop: in the calendar, not yet professional learning
FUTURE = "Maths problem-solving workshops for primary schools"
#: a workshop three weeks before the tests' day, marked, with attendance and evaluations
PAST = "Securing pupil progress workshop – Expressive Arts"
WELLBEING_DAY = "Joint staff wellbeing day"


@pytest.fixture(autouse=True)
def without_csrf(app):
    """CSRF has its own test of every form (tests/test_csrf.py)."""
    app.config["WTF_CSRF_ENABLED"] = False


def _titled(demo, start: str) -> Activity:
    """The current year's demo activity whose English title starts so."""
    return db.session.scalar(select(Activity).where(Activity.title_en.startswith(start),
                                                    Activity.academic_year_id == demo.year.id))


def _activity_id(app, demo, start: str) -> int:
    with app.app_context():
        return _titled(demo, start).id


def _title(app, demo, start: str, language: str) -> str:
    with app.app_context():
        return getattr(_titled(demo, start), f"title_{language}")


def _participants(app, activity_id: int) -> dict[str, Participant]:
    with app.app_context():
        rows = db.session.scalars(select(Participant).where(Participant.activity_id == activity_id)).all()
        return {row.person.email.split("@")[0]: row for row in rows}


def _outbox(app, email: str) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)
                                  .order_by(OutboxMessage.id)).all()


def _mark(client, activity_id: int, **values):
    return client.post(f"/learning/activities/{activity_id}/mark", data={"kind": "workshop", "hours": "2.5",
                                                                         **values}, headers=EN)


def test_a_head_marks_an_activity_and_its_two_named_surveys_are_made(app, demo, signed_in):
    activity_id = _activity_id(app, demo, FUTURE)
    head = signed_in("head.park")
    refused = _mark(head, activity_id, kind="", hours="lots")
    assert refused.status_code == 422
    page = page_of(refused)
    assert "Choose what kind of professional learning it is" in page and "Enter the hours, like 1.5" in page
    welsh = page_of(head.post(f"/learning/activities/{activity_id}/mark", data={"kind": "workshop", "hours": "0"},
                              headers=CY))
    assert in_welsh(app, "Enter a number of hours from 0.5 to 99") in welsh
    fragment = signed_in("head.park", htmx=True).post(f"/learning/activities/{activity_id}/mark",
                                                       data={"kind": "workshop", "hours": ""}, headers=EN)
    assert fragment.status_code == 422 and "<html" not in fragment.text and 'id="mark-form"' in fragment.text
    assert _mark(head, activity_id).status_code == 303
    assert _mark(signed_in("head.park", htmx=True), activity_id, hours="3").headers["HX-Redirect"]
    with app.app_context():
        learning = db.session.get(LearningActivity, activity_id)
        assert str(learning.hours) == "3.0"
        evaluation, follow_up = learning.evaluation, learning.follow_up
        assert not evaluation.anonymous and not follow_up.anonymous
        assert evaluation.opens_on == learning.held_on and follow_up.opens_on == learning.held_on + FOLLOW_UP_AFTER
        assert "what changed" in follow_up.title_en.lower() and "Beth newidiodd" in follow_up.title_cy
        assert len(evaluation.links) == 6 and db.session.scalar(select(func.count(Survey.id)).where(
            Survey.activity_id == activity_id)) == 2  # marking again changed it, made nothing more
    # staff read the panel and may not mark
    assert signed_in("staff.park").post(f"/learning/activities/{activity_id}/mark").status_code == 403
    panel = page_of(signed_in("staff.park").get(f"/calendar/darland/activities/{activity_id}", headers=EN))
    assert "Professional learning" in panel and "Hours for your record: 3" in panel and "Sign up" in panel


def test_staff_sign_up_once_a_head_signs_up_their_own_school_only(app, demo, signed_in):
    activity_id = _activity_id(app, demo, WELLBEING_DAY)
    with app.app_context():
        db.session.execute(Participant.__table__.delete().where(Participant.activity_id == activity_id))
        db.session.commit()
    staff = signed_in("staff.park")
    own = demo.user("staff.park").id
    assert staff.post(f"/learning/activities/{activity_id}/sign-up", data={"person": own}).status_code == 303
    again = staff.post(f"/learning/activities/{activity_id}/sign-up", data={"person": own}, headers=CY)
    assert again.status_code == 422 and "wedi cofrestru eisoes" in page_of(again)
    # someone else, from the list a member of staff is not given: refused at the field
    other = staff.post(f"/learning/activities/{activity_id}/sign-up", data={"person": demo.user("staff.holt").id})
    assert other.status_code == 422
    head = signed_in("head.holt", htmx=True)
    assert head.post(f"/learning/activities/{activity_id}/sign-up",
                     data={"person": demo.user("staff.holt").id}).headers["HX-Redirect"]
    assert head.post(f"/learning/activities/{activity_id}/sign-up",
                     data={"person": demo.user("staff.park").id}).status_code == 422
    assert set(_participants(app, activity_id)) == {"staff.park", "staff.holt"}
    # taking someone off: their own head may, another school's may not see it
    holt = _participants(app, activity_id)["staff.holt"]
    assert signed_in("head.park").post(f"/learning/participants/{holt.id}/withdraw").status_code == 404
    assert signed_in("head.holt").post(f"/learning/participants/{holt.id}/withdraw").status_code == 303
    assert set(_participants(app, activity_id)) == {"staff.park"}


def test_where_the_activity_has_a_session_with_places_sign_up_takes_a_place_or_waits(app, demo, signed_in):
    activity_id = _activity_id(app, demo, WELLBEING_DAY)
    with app.app_context():
        db.session.execute(Participant.__table__.delete().where(Participant.activity_id == activity_id))
        day = db.session.get(Activity, activity_id).starts_on
        session = BookableSession(activity_id=activity_id, held_on=day, capacity=1, unit=PlaceUnit.STAFF,
                                  allocation_rule=AllocationRule.NONE, book_by=day - timedelta(days=7))
        db.session.add(session)
        db.session.commit()
        session_id = session.id
    no_session = signed_in("staff.park").post(f"/learning/activities/{activity_id}/sign-up",
                                              data={"person": demo.user("staff.park").id}, headers=EN)
    assert no_session.status_code == 422 and "Choose a session." in page_of(no_session)
    for who in ("staff.park", "staff.holt"):
        response = signed_in(who).post(f"/learning/activities/{activity_id}/sign-up",
                                       data={"person": demo.user(who).id, "session": session_id})
        assert response.status_code == 303
    people = _participants(app, activity_id)
    with app.app_context():
        park, holt = (db.session.get(Participant, people[who].id) for who in ("staff.park", "staff.holt"))
        assert park.place_request.confirmed == 1 and holt.on_waiting_list
    signed_in("staff.park").post(f"/learning/participants/{people['staff.park'].id}/withdraw")
    with app.app_context():  # the place went back to places, which gave it to the waiting list
        assert db.session.get(Participant, people["staff.holt"].id).place_request.confirmed == 1


def test_attendance_sends_the_evaluation_once_in_the_persons_language_then_the_follow_up(app, demo, signed_in):
    activity_id = _activity_id(app, demo, FUTURE)
    assert _mark(signed_in("head.park"), activity_id).status_code == 303
    park = demo.user("staff.park")
    with app.app_context():
        db.session.get(User, park.id).preferred_locale = "cy"
        db.session.commit()
    signed_in("staff.park").post(f"/learning/activities/{activity_id}/sign-up", data={"person": park.id})
    early = signed_in("head.park").post(f"/learning/activities/{activity_id}/attendance",
                                        data={"went": [_participants(app, activity_id)["staff.park"].id]})
    assert early.status_code == 403  # before the day
    with app.app_context():
        held_on = db.session.get(LearningActivity, activity_id).held_on
    app.config["TODAY"] = held_on.isoformat()
    participant = _participants(app, activity_id)["staff.park"]
    refused = signed_in("head.holt").post(f"/learning/activities/{activity_id}/attendance",
                                          data={"school": demo.school("park").id, "went": [participant.id]})
    assert refused.status_code == 404  # Holt's head records Holt's people only
    assert _participants(app, activity_id)["staff.park"].attended is None
    saved = signed_in("head.park").post(f"/learning/activities/{activity_id}/attendance",
                                        data={"school": demo.school("park").id, "went": [participant.id]})
    assert saved.status_code == 303 and _participants(app, activity_id)["staff.park"].attended is True
    evaluation = in_welsh(app, "How was it? %(title)s", title=_title(app, demo, FUTURE, "cy"))
    follow_up = in_welsh(app, "What changed in your classroom? %(title)s", title=_title(app, demo, FUTURE, "cy"))

    def sent(subject):
        return [message for message in _outbox(app, park.email) if message.subject == subject]

    assert len(sent(evaluation)) == 1 and sent(evaluation)[0].language == "cy"
    assert "/s/" in sent(evaluation)[0].body  # the link of the person's own school
    with app.test_request_context():
        assert send_due(held_on)[0] == 0  # sent already: never twice (the demo's follow-ups come due meanwhile)
    # saving the same attendance again sends nothing more
    signed_in("head.park").post(f"/learning/activities/{activity_id}/attendance",
                                data={"school": demo.school("park").id, "went": [participant.id]})
    assert len(sent(evaluation)) == 1
    # a term later, the follow-up: once, however often the daily command runs
    due = held_on + FOLLOW_UP_AFTER
    app.config["TODAY"] = due.isoformat()
    with app.test_request_context():
        assert send_due(due)[1] >= 1
        assert send_due(due) == (0, 0)
    assert len(sent(follow_up)) == 1 and sent(follow_up)[0].language == "cy"
    assert len(sent(evaluation)) == 1


def test_the_home_page_shows_the_evaluation_until_it_is_answered(app, demo, signed_in):
    activity_id = _activity_id(app, demo, PAST)
    with app.app_context():
        learning = db.session.get(LearningActivity, activity_id)
        evaluation_id = learning.evaluation_id
        went = db.session.scalars(select(Participant).where(Participant.activity_id == activity_id,
                                                            Participant.attended.is_(True))).all()
        waiting = next(p for p in went if not db.session.scalar(select(Response.id).where(
            Response.survey_id == evaluation_id, Response.respondent_id == p.person_id)))
        person, school_id = waiting.person, waiting.school_id
        db.session.expunge(person)
    from tests.conftest import sign_in_client
    client = sign_in_client(app.test_client(), person)
    home = page_of(client.get("/", headers=EN))
    assert "Your professional learning: surveys to answer" in home
    assert f"How was “{_title(app, demo, PAST, 'en')}”?" in home
    with app.app_context():
        db.session.add(Response(survey_id=evaluation_id, school_id=school_id, language="en",
                                submitted_on=date(2025, 12, 17), submission_token="answered-now",
                                respondent_id=person.id))
        db.session.commit()
    assert f"How was “{_title(app, demo, PAST, 'en')}”?" not in page_of(client.get("/", headers=EN))


def test_a_record_is_read_by_the_person_their_head_and_the_admin_only(app, demo, signed_in):
    holt = demo.user("staff.holt")
    mine = signed_in("staff.holt").get("/learning/record", headers=EN)
    assert mine.status_code == 200 and "Professional learning record" in page_of(mine)
    assert "Hours of professional learning attended" in page_of(mine)
    assert "Cofnod dysgu proffesiynol" in page_of(signed_in("staff.holt").get("/learning/record", headers=CY))
    for who, status in (("staff.holt", 200), ("head.holt", 200), ("admin", 200), ("head.park", 404),
                        ("staff.park", 404)):
        assert signed_in(who).get(f"/learning/people/{holt.id}/record").status_code == status, who
    assert signed_in("governor").get(f"/learning/people/{holt.id}/record").status_code == 403


def test_leaders_see_names_of_their_own_school_others_counts_and_figures_follow_the_disclosure_rule(
        app, demo, signed_in):
    activity_id = _activity_id(app, demo, PAST)
    with app.app_context():
        went_park = [p.person.name for p in db.session.scalars(select(Participant).where(
            Participant.activity_id == activity_id, Participant.attended.is_(True),
            Participant.school_id == demo.school("park").id))]
        assert went_park
    head = page_of(signed_in("head.park").get(f"/learning/activities/{activity_id}", headers=EN))
    for name in went_park:
        assert name in head
    for who in ("head.holt", "governor", "officer"):
        page = page_of(signed_in(who).get(f"/learning/activities/{activity_id}", headers=EN))
        assert "Each school" in page and not any(name in page for name in went_park), who
    # two people a school in the demo: at the staff training day every school's evaluation figures are hidden,
    # and the cluster's are shown
    inset = _activity_id(app, demo, "Whole-cluster collaborative day")
    rows = {row[0]: row for row in tables_of(page_of(signed_in("head.park").get(
        f"/learning/activities/{inset}", headers=EN)))[0]["rows"][1:]}
    assert all(row[3] in ("hidden", "0") for name, row in rows.items() if name != "All schools")
    assert rows["All schools"][3].isdigit() and rows["All schools"][4][0].isdigit()
    assert signed_in("staff.holt").get(f"/learning/activities/{activity_id}").status_code == 403
    index = page_of(signed_in("officer").get("/learning/", headers=CY))
    assert "Dysgu proffesiynol" in index and _title(app, demo, PAST, 'cy') in index


def test_an_evaluations_responses_file_leaves_the_names_out(app, demo, signed_in):
    activity_id = _activity_id(app, demo, PAST)
    with app.app_context():
        learning = db.session.get(LearningActivity, activity_id)
        survey_id = learning.evaluation_id
        answered = {person.name for person in db.session.scalars(
            select(User).join(Response, Response.respondent_id == User.id).where(Response.survey_id == survey_id))}
    assert answered  # the demo's evaluations were answered by name, so that nobody is reminded twice
    download = signed_in("head.park").get(f"/surveys/{survey_id}/responses.csv", headers=EN)
    assert download.status_code == 200
    text = download.data.decode("utf-8-sig")
    assert "Name" not in text.splitlines()[0] and not any(name in text for name in answered)


def test_an_evaluation_reaches_those_who_went_not_the_activitys_page(app, demo, signed_in):
    activity_id = _activity_id(app, demo, PAST)
    with app.app_context():
        evaluation = db.session.get(LearningActivity, activity_id).evaluation
        tokens = [link.token for link in evaluation.links]
        assert evaluation.is_open
    page = signed_in("staff.holt").get(f"/calendar/darland/activities/{activity_id}", headers=EN).text
    assert not any(f"/s/{token}" in page for token in tokens)


def _went_and_answered(app, make, demo, activity_id: int, school: str, people: int, score: int) -> None:
    """`people` more staff of a school who went to the activity and answered its evaluation, all with `score`."""
    with app.app_context():
        learning = db.session.get(LearningActivity, activity_id)
        question = next(q for q in learning.evaluation.questions if q.kind.rules.is_five_point)
        evaluation_id, day = learning.evaluation_id, learning.held_on
    for _ in range(people):
        person = make.user(Role.STAFF, demo.cluster.id, demo.school(school).id)
        with app.app_context():
            db.session.add(Participant(activity_id=activity_id, person_id=person.id, school_id=person.school_id,
                                       attended=True, evaluation_sent_on=day))
            db.session.add(Response(survey_id=evaluation_id, school_id=person.school_id, language="en",
                                    submitted_on=day, submission_token=f"t{person.id}", respondent_id=person.id,
                                    answers=[Answer(question_id=question.id, number=score)]))
            db.session.commit()


def test_a_school_with_enough_evaluations_shows_its_mean_and_the_small_ones_are_hidden_together(
        app, demo, make, signed_in):
    activity_id = _activity_id(app, demo, PAST)
    _went_and_answered(app, make, demo, activity_id, "darland-high", 6, 5)
    # and a few more at two small schools: still hidden, they now hide each other rather than the high school
    _went_and_answered(app, make, demo, activity_id, "holt", 3, 3)
    _went_and_answered(app, make, demo, activity_id, "st-peters", 2, 3)
    page = page_of(signed_in("head.park").get(f"/learning/activities/{activity_id}", headers=EN))
    rows = {row[0]: row for row in tables_of(page)[0]["rows"][1:]}
    high = next(row for name, row in rows.items() if name.startswith("Darland High"))
    assert high[3].split()[0].isdigit() and int(high[3].split()[0]) >= 6 and high[4] != "hidden"
    hidden = [name for name, row in rows.items() if row[3] == "hidden"]
    assert len(hidden) >= 2 and all(rows[name][4] == "hidden" for name in hidden)
    # the summary adds up every evaluation of the half term: shown in each, the high school's mean shows
    with app.app_context():
        half = half_term_holding(demo.cluster.id, TODAY)
        others = db.session.scalars(select(LearningActivity.activity_id).join(Activity).where(
            Activity.starts_on.between(half.starts_on, TODAY), LearningActivity.activity_id != activity_id)).all()
    for other in others:  # (and enough at the small schools that they hide each other, not the high school)
        _went_and_answered(app, make, demo, other, "darland-high", 6, 4)
        _went_and_answered(app, make, demo, other, "holt", 3, 3)
        _went_and_answered(app, make, demo, other, "st-peters", 2, 3)
    summary = page_of(signed_in("head.park").get("/summary/", headers=EN))
    table = next(table for table in tables_of(summary) if "professional learning" in table["caption"].lower())
    rows = {row[0]: row for row in table["rows"][1:]}
    high = next(row for name, row in rows.items() if name.startswith("Darland High"))
    holt = next(row for name, row in rows.items() if name.startswith("Holt"))
    assert high[1].split()[0].isdigit() and int(high[1].split()[0]) >= 6
    assert high[3][0].isdigit() and holt[3] == "hidden"
    assert rows["All schools"][3][0].isdigit()
    assert "Dysgu proffesiynol" in page_of(signed_in("governor").get("/summary/", headers=CY))


def test_many_sign_ups_of_one_person_at_once_make_one(app, demo, live_server):
    activity_id = _activity_id(app, demo, WELLBEING_DAY)
    with app.app_context():
        db.session.execute(Participant.__table__.delete().where(Participant.activity_id == activity_id))
        db.session.commit()
    park = demo.user("staff.park")
    cookies = [session_cookie(app, demo.user(who)) for who in ("staff.park", "head.park", "admin")]
    statuses = post_at_once(live_server, [(cookies[n % 3], f"/learning/activities/{activity_id}/sign-up",
                                           {"person": park.id}) for n in range(12)])
    assert statuses.count(303) == 1 and set(statuses) <= {303, 422}
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id)).where(
            Participant.activity_id == activity_id, Participant.person_id == park.id)) == 1


def test_the_daily_command_sends_what_is_due_and_nothing_twice(app, demo):
    activity_id = _activity_id(app, demo, PAST)
    with app.app_context():
        learning = db.session.get(LearningActivity, activity_id)
        participant = next(p for p in learning.participants if p.attended)
        participant.evaluation_sent_on = None  # an evaluation not sent yet, to someone who has not answered
        db.session.execute(Response.__table__.delete().where(Response.survey_id == learning.evaluation_id,
                                                             Response.respondent_id == participant.person_id))
        db.session.commit()
        email = participant.person.email
    runner = app.test_cli_runner()
    first = runner.invoke(args=["learning", "send-due"])
    assert first.exit_code == 0 and "1 evaluation(s) and 0 follow-up(s) queued" in first.output
    assert len(_outbox(app, email)) == 1 and "/s/" in _outbox(app, email)[0].body
    again = runner.invoke(args=["learning", "send-due"])
    assert "0 evaluation(s) and 0 follow-up(s) queued" in again.output and len(_outbox(app, email)) == 1
