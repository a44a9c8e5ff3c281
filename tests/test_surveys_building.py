"""Building a survey: templates in one click, settings, sections and questions, reordering,
conditions, the lifecycle, what answers lock, and who may build what."""

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.surveys.models import (
    Choice,
    Draft,
    Question,
    Response,
    Section,
    Survey,
    SurveyPhase,
    SurveyState,
    SurveyStateError,
)
from app.surveys.template_data import TEMPLATES
from tests.factories import TODAY


@pytest.fixture
def leader(app, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in("head.holt")
    client.set_cookie("lang", "en")
    return client


def _newest(app) -> Survey:
    with app.app_context():
        survey_id = db.session.scalar(select(func.max(Survey.id)))
        return db.session.get(Survey, survey_id)


def _load(app, survey_id):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return {"state": survey.state, "sections": [(s.title_en, [(q.id, q.text_en, q.kind.value) for q in
                                                                   s.questions]) for s in survey.sections]}


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_every_template_makes_a_whole_bilingual_survey_in_one_click(app, leader, demo, key):
    response = leader.post("/surveys/new", data={"template": key})
    assert response.status_code == 303
    with app.app_context():
        survey = db.session.get(Survey, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert survey.state == SurveyState.DRAFT and survey.anonymous
        assert survey.title_en and survey.title_cy and survey.title_en != survey.title_cy
        questions = survey.questions
        assert len(questions) == sum(len(s["questions"]) for s in TEMPLATES[key]["sections"])
        for question in questions:
            assert question.text_en and question.text_cy
            assert all(choice.label_en and choice.label_cy for choice in question.choices)
            if question.condition_question_id:  # conditions point backwards, at a deciding question
                controller = question.condition_question
                assert questions.index(controller) < questions.index(question) and controller.kind.rules.can_control
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity_type == "surveys",
                                                                 AuditEvent.entity_id == survey.id)) == "created"


def test_the_lifecycle_runs_draft_open_closed_and_dates_decide_between(app, leader, demo):
    leader.post("/surveys/new", data={"template": "quick_feedback"})
    survey = _newest(app)
    url = f"/surveys/{survey.id}/state"
    assert leader.post(url, data={"change": "close"}).status_code == 409  # a draft cannot close
    assert leader.post(url, data={"change": "publish"}).status_code == 303
    with app.app_context():
        published = db.session.get(Survey, survey.id)
        assert published.phase == SurveyPhase.OPEN and len(published.links) == 6
    assert leader.post(url, data={"change": "publish"}).status_code == 409
    assert leader.post(url, data={"change": "close"}).status_code == 303
    assert leader.post(url, data={"change": "reopen"}).status_code == 303
    with app.app_context():
        reopened = db.session.get(Survey, survey.id)
        assert reopened.phase == SurveyPhase.OPEN and reopened.closes_on == TODAY + timedelta(days=7)


def test_the_phase_follows_the_dates_by_itself():
    survey = Survey(state=SurveyState.PUBLISHED, opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 14))
    assert survey.phase_on(date(2026, 2, 28)) == SurveyPhase.SCHEDULED
    assert survey.phase_on(date(2026, 3, 1)) == SurveyPhase.OPEN
    assert survey.phase_on(date(2026, 3, 14)) == SurveyPhase.OPEN
    assert survey.phase_on(date(2026, 3, 15)) == SurveyPhase.CLOSED
    assert Survey(state=SurveyState.DRAFT, opens_on=date(2026, 3, 1),
                  closes_on=date(2026, 3, 14)).phase_on(date(2026, 3, 5)) == SurveyPhase.DRAFT
    with pytest.raises(SurveyStateError):
        Survey(state=SurveyState.CLOSED, opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 14)).publish()


def test_a_survey_with_no_question_cannot_be_published(app, leader, demo):
    response = leader.post("/surveys/new/blank", data={
        "title_en": "Lunchtimes", "title_cy": "Amser cinio", "audience": "pupils", "all_schools": "1",
        "opens_on": "2026-12-01", "closes_on": "2026-12-12", "activity_id": ""})
    assert response.status_code == 303
    survey = _newest(app)
    response = leader.post(f"/surveys/{survey.id}/state", data={"change": "publish"}, follow_redirects=True)
    assert "Add at least one question before you publish the survey." in html.unescape(response.text)


@pytest.mark.parametrize(("values", "message"), [
    ({"title_en": "", "title_cy": ""}, "Enter this in English, in Welsh, or both"),
    ({"closes_on": "2026-11-01"}, "It cannot close before it opens"),
    ({"all_schools": "0"}, "Tick the schools it asks"),
    ({"audience": "parents"}, "Not a valid choice"),
    ({"opens_on": "next week"}, "Enter a real date, like 16/03/2026"),
])
def test_survey_settings_say_what_to_fix(leader, demo, values, message):
    data = {"title_en": "Lunchtimes", "title_cy": "Amser cinio", "audience": "pupils", "all_schools": "1",
            "opens_on": "2026-12-01", "closes_on": "2026-12-12", "activity_id": "", **values}
    response = leader.post("/surveys/new/blank", data=data)
    assert response.status_code == 422 and message in html.unescape(response.text)


def test_pupil_and_family_surveys_are_always_anonymous(app, leader, demo):
    leader.post("/surveys/new/blank", data={
        "title_en": "Lunchtimes", "audience": "families", "all_schools": "1", "opens_on": "2026-12-01",
        "closes_on": "2026-12-12", "activity_id": ""})  # no "anonymous" ticked
    assert _newest(app).anonymous is True


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_sections_are_added_renamed_moved_and_removed(app, signed_in, demo, htmx):
    app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in("head.holt", htmx=htmx)
    client.post("/surveys/new", data={"template": "family_event"})
    survey = _newest(app)
    before = [title for title, _ in _load(app, survey.id)["sections"]]
    response = client.post(f"/surveys/{survey.id}/sections", data={"title_en": "Extra", "title_cy": "Ychwanegol"})
    if htmx:
        assert response.text.lstrip().startswith('<div id="survey-builder"')
    titles = [title for title, _ in _load(app, survey.id)["sections"]]
    assert titles == [*before, "Extra"]
    with app.app_context():
        extra = db.session.scalar(select(Section).where(Section.title_en == "Extra"))
    client.post(f"/surveys/{survey.id}/sections/{extra.id}/move", data={"direction": "up"})
    assert [t for t, _ in _load(app, survey.id)["sections"]] == [*before[:-1], "Extra", before[-1]]
    client.post(f"/surveys/{survey.id}/sections/{extra.id}/delete")
    assert [t for t, _ in _load(app, survey.id)["sections"]] == before


def test_questions_and_choices_are_added_reordered_and_conditions_point_backwards(app, leader, demo):
    leader.post("/surveys/new/blank", data={"title_en": "Travel", "audience": "families", "all_schools": "1",
                                            "opens_on": "2026-12-01", "closes_on": "2026-12-12", "activity_id": ""})
    survey = _newest(app)
    with app.app_context():
        section_id = db.session.get(Survey, survey.id).sections[0].id
    new = f"/surveys/{survey.id}/sections/{section_id}/questions/new"
    base = {"kind": "single", "text_en": "How do you travel?", "text_cy": "Sut ydych chi'n teithio?",
            "condition": "", "new_choices_en": "Walk\nBus\nCar", "new_choices_cy": "Cerdded\nBws\nCar"}
    assert leader.post(new, data=base).status_code == 303
    mismatch = leader.post(new, data={**base, "new_choices_cy": "Cerdded"})
    assert mismatch.status_code == 422 and "as many Welsh choices as English ones" in html.unescape(mismatch.text)
    too_few = leader.post(new, data={**base, "new_choices_en": "Only one", "new_choices_cy": ""})
    assert too_few.status_code == 422 and "at least two choices" in too_few.text

    with app.app_context():
        travel = db.session.scalar(select(Question).where(Question.text_en == "How do you travel?"))
        choices = [(c.id, c.label_en, c.label_cy) for c in travel.choices]
    assert [label for _, label, _ in choices] == ["Walk", "Bus", "Car"]
    assert [cy for _, _, cy in choices] == ["Cerdded", "Bws", "Car"]
    # a follow-up shown only for those who come by bus
    follow_up = {"kind": "short_text", "text_en": "Which bus?", "condition": f"{travel.id}:{choices[1][0]}"}
    assert leader.post(new, data=follow_up).status_code == 303
    with app.app_context():
        which = db.session.scalar(select(Question).where(Question.text_en == "Which bus?"))
        assert (which.condition_question_id, which.condition_value) == (travel.id, choices[1][0])
    # a condition on a later question, or an unknown answer, is refused
    edit = leader.post(f"/surveys/{survey.id}/questions/{travel.id}",
                       data={**base, "new_choices_en": "", "new_choices_cy": "", "condition": f"{which.id}:1"})
    assert edit.status_code == 422 and "Not a valid choice" in edit.text
    # choices move and are removed with buttons
    leader.post(f"/surveys/{survey.id}/choices/{choices[2][0]}/move", data={"direction": "up"})
    with app.app_context():
        assert [c.label_en for c in db.session.get(Question, travel.id).choices] == ["Walk", "Car", "Bus"]
    leader.post(f"/surveys/{survey.id}/choices/{choices[0][0]}/delete")
    with app.app_context():
        assert [c.label_en for c in db.session.get(Question, travel.id).choices] == ["Car", "Bus"]


def test_once_people_have_answered_only_harmless_changes_are_allowed(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "single", "choices": ["A", "B", "C"]}, {"kind": "yes_no"}])
    question, other = survey.questions
    with app.app_context():
        db.session.add(Response(survey_id=survey.id, school_id=demo.school("holt").id, language="en",
                                submitted_on=TODAY, submission_token="answered"))
        db.session.commit()
    edit_url = f"/surveys/{survey.id}/questions/{question.id}"
    same = {"kind": "single", "text_en": "Reworded", "condition": ""}
    assert leader.post(edit_url, data=same).status_code == 303  # rewording is fine
    changed_kind = leader.post(edit_url, data={**same, "kind": "multiple"})
    assert changed_kind.status_code == 422 and "People have already answered this survey" in changed_kind.text
    deleted = leader.post(f"/surveys/{survey.id}/questions/{other.id}/delete", follow_redirects=True)
    assert "People have already answered this survey" in deleted.text
    new = f"/surveys/{survey.id}/sections/{survey.sections[0].id}/questions/new"
    assert leader.post(new, data={"kind": "yes_no", "text_en": "New", "required": "y",
                                  "condition": ""}).status_code == 422
    assert leader.post(new, data={"kind": "yes_no", "text_en": "New", "condition": ""}).status_code == 303
    with app.app_context():
        assert db.session.get(Question, question.id).text_en == "Reworded"
        assert db.session.get(Question, other.id) is not None
        assert db.session.scalar(select(func.count(Choice.id)).where(Choice.question_id == question.id)) == 3


def test_moving_questions_with_htmx_swaps_the_builder(app, signed_in, make, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no", "text_en": "First"},
                                           {"kind": "yes_no", "text_en": "Second"}], state="draft")
    client = signed_in("head.holt", htmx=True)
    response = client.post(f"/surveys/{survey.id}/questions/{survey.questions[1].id}/move", data={"direction": "up"})
    assert response.status_code == 200 and response.text.lstrip().startswith('<div id="survey-builder"')
    assert [text for _, text, _ in _load(app, survey.id)["sections"][0][1]] == ["Second", "First"]


def test_staff_build_surveys_for_their_own_school_only(app, signed_in, make, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    staff = signed_in("staff.holt")
    staff.post("/surveys/new", data={"template": "staff_wellbeing"})
    own = _newest(app)
    assert own.school_id == demo.school("holt").id
    staff.post(f"/surveys/{own.id}/state", data={"change": "publish"})
    with app.app_context():
        assert [link.school_id for link in db.session.get(Survey, own.id).links] == [demo.school("holt").id]
    assert staff.get(f"/surveys/{own.id}").status_code == 200
    assert signed_in("staff.park").get(f"/surveys/{own.id}").status_code == 403
    assert signed_in("head.park").get(f"/surveys/{own.id}").status_code == 200  # leaders run every survey
    cluster_survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}])
    assert staff.get(f"/surveys/{cluster_survey.id}").status_code == 403
    assert staff.get(f"/surveys/{own.id}/results").status_code == 200
    assert signed_in("staff.park").get(f"/surveys/{own.id}/results").status_code == 403


def test_another_clusters_surveys_do_not_exist_for_you(app, make, demo):
    from tests.conftest import sign_in_client
    other = make.cluster()
    make.school(other.id)  # the survey's links need a school
    survey = make.survey(other.id, [{"kind": "yes_no"}])
    leader = sign_in_client(app.test_client(), demo.user("head.holt"))
    assert leader.get(f"/surveys/{survey.id}").status_code == 404
    assert leader.get(f"/surveys/{survey.id}/results").status_code == 404


def test_links_and_slips_carry_each_schools_address_and_qr_code(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}])
    links = leader.get(f"/surveys/{survey.id}/links").text
    for link in survey.links:
        assert f"/s/{link.token}" in links
    assert links.count('class="qr"') == 6
    holt = next(link for link in survey.links if link.school.slug == "holt")
    slips = leader.get(f"/surveys/{survey.id}/slips?school={holt.school_id}&copies=2").text
    assert slips.count('class="slip"') == 2
    assert "Ysgol Gynradd Gymunedol Holt" in slips and "Holt CP School" in slips
    assert "Arolwg prawf" in slips and "Test survey" in slips
    assert leader.get(f"/surveys/{survey.id}/slips?copies=5000").text.count('class="slip"') == 6 * 12


def test_preview_shows_the_survey_in_either_language_and_keeps_nothing(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "smiley_3", "required": True}], state="draft")
    leader.set_cookie("lang", "cy")
    page = leader.get(f"/surveys/{survey.id}/preview/1").text
    assert "Cwestiwn 1" in page and "Hapus" in page
    checked = leader.post(f"/surveys/{survey.id}/preview/1", data={})
    assert checked.status_code == 422 and "Atebwch “Cwestiwn 1”" in checked.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Draft.id))) == 0
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) == 0


def test_governors_read_results_but_do_not_build(signed_in, demo):
    governor = signed_in("governor")
    assert governor.get(f"/surveys/{demo.survey.id}/results").status_code == 200
    assert governor.get(f"/surveys/{demo.survey.id}").status_code == 403
    assert governor.get("/surveys/new").status_code == 403
    listing = governor.get("/surveys/").text
    assert f"/surveys/{demo.survey.id}/results" in listing and f'href="/surveys/{demo.survey.id}"' not in listing


def test_every_kind_of_question_has_its_one_entry_in_the_table_of_kinds():
    from app.surveys.kinds import KINDS
    from app.surveys.models import QuestionKind

    assert set(KINDS) == set(QuestionKind)
