"""Answering a survey with no account: every kind of question, conditions, the review step,
drafts that survive a reload or a change of language, sending once, and what is kept."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, inspect, select, update

from app.extensions import db
from app.surveys.models import Answer, Choice, Draft, Question, Response, Survey, SurveyState
from tests.concurrency import post_at_once
from tests.factories import TODAY

EVERY_KIND = [
    {"kind": "smiley_3", "required": True},
    {"kind": "smiley_5"},
    {"kind": "agreement"},
    {"kind": "rating"},
    {"kind": "single", "choices": ["Bus", "Car", "Walk"], "other": True},
    {"kind": "multiple", "choices": ["Maths", "Art", "Sport"], "other": True},
    {"kind": "yes_no"},
    {"kind": "number", "min": 0, "max": 20},
    {"kind": "short_text"},
    {"kind": "long_text"},
    {"kind": "date"},
]


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def survey(make, demo, no_csrf):
    """An open families' survey with one question of every kind on one page."""
    return make.survey(demo.cluster.id, EVERY_KIND)


def _link(survey, slug="holt"):
    return next(link for link in survey.links if link.school.slug == slug)


def _begin(client, survey, slug="holt") -> str:
    """Press Start on a school's link; the address of the first page."""
    response = client.post(f"/s/{_link(survey, slug).token}")
    assert response.status_code == 303
    return response.headers["Location"]


def _errors(page: str) -> dict[str, str]:
    return {qid: html.unescape(text) for qid, text in re.findall(r'href="#q(\d+)-answer">([^<]+)</a>', page)}


def _q(survey, index):
    return survey.questions[index]


def _good_answers(survey) -> dict:
    q = survey.questions
    return {f"q{q[0].id}": "3", f"q{q[1].id}": "4", f"q{q[2].id}": "5", f"q{q[3].id}": "2",
            f"q{q[4].id}": str(q[4].choices[1].id), f"q{q[5].id}": [str(q[5].choices[0].id), "other"],
            f"q{q[5].id}_other": "Cymraeg", f"q{q[6].id}": "1", f"q{q[7].id}": "12",
            f"q{q[8].id}": "Diolch yn fawr", f"q{q[9].id}": "Line one\r\nLine two", f"q{q[10].id}": "2027-03-21",
            "go": "next"}


def test_a_family_answers_every_kind_of_question_and_sends_once(app, client, survey):
    client.set_cookie("lang", "cy")
    first = _begin(client, survey)
    response = client.post(first, data=_good_answers(survey))
    assert response.status_code == 303 and response.headers["Location"].endswith("/review")
    review = client.get(response.headers["Location"])
    assert "Diolch yn fawr" in review.text and "Cymraeg" in review.text and "21 Mawrth 2027" in review.text
    sent = client.post(response.headers["Location"])
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks")

    with app.app_context():
        stored = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
        assert (stored.school_id, stored.language, stored.submitted_on) == (_link(survey).school_id, "cy",
                                                                             TODAY)
        by_question = {}
        for answer in stored.answers:
            by_question.setdefault(answer.question_id, []).append((answer.number, answer.choice_id, answer.text))
        q = survey.questions
        assert by_question[q[0].id] == [(3, None, None)]
        assert by_question[q[4].id] == [(None, q[4].choices[1].id, None)]
        assert sorted(by_question[q[5].id], key=str) == sorted([(None, q[5].choices[0].id, None),
                                                                 (None, None, "Cymraeg")], key=str)
        assert by_question[q[6].id] == [(1, None, None)]
        assert by_question[q[7].id] == [(12, None, None)]
        assert by_question[q[9].id] == [(None, None, "Line one\nLine two")]
        assert by_question[q[10].id] == [(None, None, "2027-03-21")]
        # its five-point answers (smiley 5, agreement, rating) added up; not the 3-point smiley,
        # yes/no or the number
        assert (stored.five_point_sum, stored.five_point_count) == (4 + 5 + 2, 3)
        assert db.session.scalar(select(func.count(Draft.id))) == 0  # the draft is gone once sent


def test_an_anonymous_response_keeps_no_name_address_browser_or_time():
    columns = {column.key for column in inspect(Response).columns}
    # the five-point sum and count are its own answers added up, for the summaries' means
    assert columns == {"id", "survey_id", "school_id", "language", "submitted_on", "submission_token",
                       "respondent_id", "five_point_sum", "five_point_count"}
    assert str(inspect(Response).columns["submitted_on"].type) == "DATE"


@pytest.mark.parametrize(("index", "value", "message"), [
    (0, "", "Answer “Question 1”"),
    (0, "7", "Choose one of the answers"),
    (4, "999999", "Choose one of the answers"),
    (4, "other", "Tell us what 'other' is"),
    (5, ["1", "nonsense"], "Choose from the answers given"),
    (7, "21", "Enter a whole number from 0 to 20"),
    (7, "twelve", "Enter a whole number from 0 to 20"),
    (7, "-1", "Enter a whole number from 0 to 20"),
    (7, "9" * 40, "Enter a whole number from 0 to 20"),
    (8, "x" * 201, "Use 200 characters or fewer"),
    (9, "x" * 2001, "Use 2000 characters or fewer"),
    (10, "31/2/2027", "Enter a date, like 21/3/2027"),
    (10, "next Tuesday", "Enter a date, like 21/3/2027"),
    (10, "1/1/1850", "Enter a date from 2000 to 2099"),
])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_wrong_answer_gets_a_clear_message_at_the_question(client, survey, index, value, message, htmx):
    client.set_cookie("lang", "en")
    first = _begin(client, survey)
    data = {**_good_answers(survey), f"q{_q(survey, index).id}": value}
    response = client.post(first, data=data, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 422
    # each message in the summary at the top names its question
    named = message if message.startswith("Answer “") else f"Question {index + 1}: {message}"
    assert _errors(response.text) == {str(_q(survey, index).id): named}
    assert f'id="q{_q(survey, index).id}-error"' in response.text
    assert ("<html" in response.text) is not htmx  # htmx swaps the page's content only
    # what was right is still filled in, and what was typed wrong is shown again to put right
    assert "Line one" in response.text or index == 9
    if isinstance(value, str) and index in (7, 8, 9, 10):
        assert value[:50] in response.text


def test_messages_are_in_welsh_for_a_welsh_reader(client, survey):
    client.set_cookie("lang", "cy")
    first = _begin(client, survey)
    response = client.post(first, data={**_good_answers(survey), f"q{_q(survey, 0).id}": "",
                                        f"q{_q(survey, 7).id}": "99"})
    errors = _errors(response.text)
    assert errors[str(_q(survey, 0).id)] == "Atebwch “Cwestiwn 1”"
    assert errors[str(_q(survey, 7).id)] == "Cwestiwn 8: Rhowch rif cyfan o 0 i 20"


def test_control_characters_never_reach_the_database(app, client, survey):
    first = _begin(client, survey)
    review = client.post(first, data={**_good_answers(survey), f"q{_q(survey, 8).id}": "bad\x00byte\x1b!"})
    client.post(review.headers["Location"])
    with app.app_context():
        assert db.session.scalar(select(Answer.text).where(Answer.question_id == _q(survey, 8).id)) == "badbyte!"


def test_a_reload_or_a_change_of_language_keeps_the_answers(client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "short_text", "section": 0},
                                           {"kind": "yes_no", "section": 1}], sections=2)
    client.set_cookie("lang", "cy")
    first = _begin(client, survey)
    second = client.post(first, data={f"q{_q(survey, 0).id}": "Rwy'n hapus", "go": "next"}).headers["Location"]
    client.get(f"/language/en?next={first}")
    page = client.get(first).text
    assert '<html lang="en">' in page and "Rwy&#39;n hapus" in page
    # Back keeps what was chosen on a page, unchecked
    client.post(second, data={f"q{_q(survey, 1).id}": "0", "go": "back"})
    assert re.search(r'value="0" id="q\d+-0" checked', client.get(second).text)


def test_a_question_shown_only_after_an_earlier_answer(app, client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [
        {"kind": "yes_no", "required": True, "section": 0},
        {"kind": "short_text", "required": True, "section": 1, "show_if": (0, 1)},
        {"kind": "single", "choices": ["A", "B"], "section": 1},
        {"kind": "long_text", "required": True, "section": 1, "show_if": (2, 1)},
    ], sections=2)
    q = survey.questions
    client.set_cookie("lang", "en")
    first = _begin(client, survey)
    # "no" to the first: its follow-up does not apply, so it is neither shown nor required
    second = client.post(first, data={f"q{q[0].id}": "0", "go": "next"}).headers["Location"]
    page = client.get(second).text
    assert f'id="question-{q[1].id}"' not in page
    # the question decided on this page is there, with a hint for those without JavaScript
    assert f'id="question-{q[3].id}"' in page and "Answer this only if" in page
    response = client.post(second, data={f"q{q[2].id}": str(q[2].choices[0].id), f"q{q[3].id}": "ignored",
                                         "go": "next"})
    assert response.status_code == 303
    client.post(response.headers["Location"])
    with app.app_context():
        kept = set(db.session.scalars(select(Answer.question_id).join(Response)
                                      .where(Response.survey_id == survey.id)))
        assert kept == {q[0].id, q[2].id}  # the answer to a question that did not apply is not kept
    # choosing B makes the follow-up required
    again = _begin(client, survey)
    second = client.post(again, data={f"q{q[0].id}": "1", "go": "next"}).headers["Location"]
    response = client.post(second, data={f"q{q[1].id}": "yes", f"q{q[2].id}": str(q[2].choices[1].id),
                                         "go": "next"})
    assert set(_errors(response.text)) == {str(q[3].id)}


def test_with_htmx_a_changed_answer_refreshes_the_questions_it_decides(client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}, {"kind": "short_text", "show_if": (0, 1)}])
    q = survey.questions
    first = _begin(client, survey)
    page = client.get(first).text
    assert f'hx-post="{first}?autosave=1"' in page and "is-conditionally-hidden" in page
    response = client.post(f"{first}?autosave=1", data={f"q{q[0].id}": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="question-{q[1].id}" hx-swap-oob="true"' in response.text
    assert "is-conditionally-hidden" not in response.text
    # and the change is saved, so a reload shows it
    assert re.search(r'value="1" id="q\d+-answer" checked', client.get(first).text)


def test_moving_between_sections_with_htmx_swaps_the_page_content(client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no", "section": 0}, {"kind": "yes_no", "section": 1}],
                         sections=2)
    first = _begin(client, survey)
    client.set_cookie("lang", "en")
    htmx = {"HX-Request": "true"}
    # one round trip: the answer to Next is the next section itself, and the address bar moves on
    response = client.post(first, data={f"q{_q(survey, 0).id}": "1", "go": "next"}, headers=htmx)
    second = first[:-1] + "2"
    assert response.status_code == 200 and response.headers["HX-Push-Url"] == second
    assert response.text.lstrip().startswith('<div id="survey-main"') and "Section 2 of 2" in response.text
    assert f'hx-post="{second}"' in response.text  # its form sends to its own address, not the first's
    assert f"q{_q(survey, 1).id}" in response.text
    # the same for the review page, then Send, which answers with the thanks
    review = client.post(second, data={f"q{_q(survey, 1).id}": "0", "go": "next"}, headers=htmx)
    assert review.headers["HX-Push-Url"].endswith("/review") and "Check your answers" in review.text
    sent = client.post(review.headers["HX-Push-Url"], headers=htmx)
    assert sent.headers["HX-Push-Url"].endswith("/thanks") and "Your answers have been sent." in sent.text
    # without JavaScript each step is still a post, a redirect and a get
    assert client.post(_begin(client, survey), data={f"q{_q(survey, 0).id}": "1", "go": "next"}).status_code == 303


def test_the_review_page_lists_every_answer_with_a_way_back(client, survey):
    client.set_cookie("lang", "en")
    first = _begin(client, survey)
    review = client.post(first, data=_good_answers(survey)).headers["Location"]
    page = client.get(review).text
    assert "Check your answers" in page and "Change your answers in this section" in page
    assert "Car" in page and "Maths, Other: Cymraeg" in page and "Yes" in page and "21 March 2027" in page


@pytest.mark.parametrize(("typed", "kept"), [("21/3/2027", "2027-03-21"), ("21.03.27", "2027-03-21"),
                                             (" 2027-3-21 ", "2027-03-21")])
def test_a_date_is_read_as_a_browser_without_a_picker_sends_it_typed(client, survey, typed, kept):
    first = _begin(client, survey)
    client.post(first, data={**_good_answers(survey), f"q{_q(survey, 10).id}": typed})
    page = client.get(first).text
    assert 'type="date"' in page and f'value="{kept}"' in page


def test_sending_the_same_answers_twice_stores_them_once(app, client, survey):
    first = _begin(client, survey)
    review = client.post(first, data=_good_answers(survey)).headers["Location"]
    assert client.post(review).status_code == 303
    again = client.post(review)
    assert again.status_code in (302, 303) and again.headers["Location"].endswith("/thanks")
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) == 1


def _between_reading_and_the_lock(monkeypatch, happening):
    """Make `happening()` take place once, in a Send, after the answers were read and before the write lock
    is taken: where another request can now come in, since the lock is held only around the writes."""
    from app.surveys import answering
    taken = answering.lock_for_write
    pending = [happening]

    def lock_for_write():
        if pending:
            pending.pop()()
        taken()
    monkeypatch.setattr(answering, "lock_for_write", lock_for_write)


def test_the_same_answers_sent_from_another_tab_in_the_meantime_are_stored_once(app, client, survey,
                                                                                 monkeypatch):
    first = _begin(client, survey)
    review = client.post(first, data=_good_answers(survey)).headers["Location"]
    other_tab = app.test_client()
    _between_reading_and_the_lock(monkeypatch, lambda: other_tab.post(review))
    sent = client.post(review)
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks")
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) == 1
        assert db.session.scalar(select(func.count(Answer.id)).join(Response).where(
            Response.survey_id == survey.id)) == len(EVERY_KIND) + 1  # Maths and "other" for the multiple


def test_an_answer_changed_in_another_tab_in_the_meantime_is_the_one_stored(app, client, survey, monkeypatch):
    """The other tab's change was confirmed (its page moved on), so it must be in the response, not the
    answers as the Send first read them."""
    first = _begin(client, survey)
    review = client.post(first, data=_good_answers(survey)).headers["Location"]
    other_tab = app.test_client()
    changed = {**_good_answers(survey), f"q{_q(survey, 0).id}": "1"}
    _between_reading_and_the_lock(monkeypatch, lambda: other_tab.post(first, data=changed))
    assert client.post(review).status_code == 303
    with app.app_context():
        stored = db.session.scalar(select(Answer.number).join(Response).where(
            Response.survey_id == survey.id, Answer.question_id == _q(survey, 0).id))
    assert stored == 1


def test_a_survey_closed_while_the_answers_were_being_sent_keeps_none_and_says_so(app, client, survey,
                                                                                monkeypatch):
    client.set_cookie("lang", "en")
    first = _begin(client, survey)
    review = client.post(first, data=_good_answers(survey)).headers["Location"]

    def close():
        with db.engine.begin() as connection:
            connection.execute(update(Survey).where(Survey.id == survey.id).values(state=SurveyState.CLOSED))
    _between_reading_and_the_lock(monkeypatch, close)
    sent = client.post(review)
    assert sent.status_code == 200 and "This survey has closed" in sent.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) == 0
        assert db.session.scalar(select(Draft.id).where(Draft.token == review.split("/")[-2])) is not None


def test_unknown_links_and_drafts(client, survey):
    assert client.get("/s/not-a-real-token").status_code == 404
    response = client.get(f"/s/{_link(survey).token}/not-a-draft/1")
    assert response.status_code == 302 and response.headers["Location"].endswith(_link(survey).token)
    first = _begin(client, survey)
    assert client.get(first[:-1] + "9").status_code == 404


@pytest.mark.parametrize(("language", "opens", "closes", "says"), [
    ("en", 3, 10, "This survey is not open yet. It opens on"),
    ("cy", 3, 10, "Nid yw'r arolwg hwn ar agor eto. Dyddiad agor:"),
    ("en", -10, -3, "This survey has closed"),
    ("cy", -10, -3, "Mae'r arolwg hwn wedi cau"),
])
def test_a_survey_not_open_says_so_in_the_readers_language(client, make, demo, no_csrf, language, opens, closes,
                                                           says):
    today = TODAY
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}], opens_on=today + timedelta(days=opens),
                         closes_on=today + timedelta(days=closes))
    client.set_cookie("lang", language)
    page = client.get(f"/s/{_link(survey).token}")
    assert page.status_code == 200 and says in html.unescape(page.text)
    assert client.post(f"/s/{_link(survey).token}").status_code == 200  # nothing started


def test_a_draft_survey_has_no_public_page(client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}], state="draft")
    assert client.get(f"/s/{_link(survey).token}").status_code == 404


def test_a_named_staff_survey_needs_sign_in_and_keeps_the_name(app, signed_in, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}], audience="staff", anonymous=False)
    token = _link(survey).token
    assert "/sign-in" in app.test_client().get(f"/s/{token}").headers["Location"]
    client = signed_in("staff.holt")
    first = client.post(f"/s/{token}").headers["Location"]
    review = client.post(first, data={f"q{_q(survey, 0).id}": "1", "go": "next"}).headers["Location"]
    client.post(review)
    with app.app_context():
        assert db.session.scalar(select(Response.respondent_id).where(Response.survey_id == survey.id)) \
            == demo.user("staff.holt").id


def test_public_answers_are_rate_limited_per_address(app, client, survey):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "3 per minute"
    client.set_cookie("lang", "cy")
    token = _link(survey).token
    statuses = [client.post(f"/s/{token}").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert "Gormod o ymdrechion" in client.post(f"/s/{token}").text


def test_two_hundred_families_sending_at_once_are_all_stored(app, make, demo, live_server, no_csrf):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "100000 per minute"
    survey = make.survey(demo.cluster.id, [{"kind": "smiley_3"}])
    link = _link(survey)
    with app.app_context():
        drafts = [Draft(token=f"draft-{number:03d}", link_id=link.id, answers={str(_q(survey, 0).id): 3})
                  for number in range(200)]
        db.session.add_all(drafts)
        db.session.commit()
    statuses = post_at_once(live_server, [("", f"/s/{link.token}/draft-{n:03d}/review", {}) for n in range(200)])
    assert statuses == [303] * 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) == 200
        assert db.session.scalar(select(func.count(Answer.id)).join(Response)
                                 .where(Response.survey_id == survey.id)) == 200


def test_two_hundred_families_pressing_start_and_next_at_once_each_keep_their_answers(app, make, demo,
                                                                                    live_server, no_csrf):
    """Each press reads the link and the answers, then writes: on SQLite a write after reads in one
    transaction failed at once (503) whenever another family's write had landed in between, for a third
    of the presses of 32 families at once under gunicorn, before each took the write lock to write."""
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "100000 per minute"
    survey = make.survey(demo.cluster.id, [{"kind": "smiley_3"}])
    link, question = _link(survey), _q(survey, 0)
    with app.app_context():
        db.session.add_all(Draft(token=f"draft-{number:03d}", link_id=link.id, answers={})
                           for number in range(200))
        db.session.commit()
    statuses = post_at_once(live_server, [("", f"/s/{link.token}/draft-{number:03d}/1",
                                           {f"q{question.id}": str(1 + number % 3), "go": "next"})
                                          for number in range(200)])
    assert statuses == [303] * 200
    assert post_at_once(live_server, [("", f"/s/{link.token}", {})] * 100) == [303] * 100
    with app.app_context():
        kept = dict(db.session.execute(select(Draft.token, Draft.answers).where(Draft.link_id == link.id)).all())
    assert all(kept[f"draft-{number:03d}"] == {str(question.id): 1 + number % 3} for number in range(200))
    assert len(kept) == 300  # and a new draft for each Start


def test_the_same_answers_sent_five_times_at_once_are_stored_once(app, make, demo, live_server, no_csrf):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "100000 per minute"
    survey = make.survey(demo.cluster.id, [{"kind": "smiley_3"}])
    link = _link(survey)
    with app.app_context():
        db.session.add(Draft(token="tapped-five-times", link_id=link.id, answers={str(_q(survey, 0).id): 2}))
        db.session.commit()
    statuses = post_at_once(live_server, [("", f"/s/{link.token}/tapped-five-times/review", {})] * 5)
    assert all(status in (302, 303) for status in statuses)  # each tap ends on the thank-you page
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) == 1
        assert db.session.scalar(select(func.count(Answer.id)).join(Response)
                                 .where(Response.survey_id == survey.id)) == 1


def test_the_questions_are_read_once_and_again_after_any_change_to_them(app, client, survey, make):
    first = _begin(client, survey)
    client.set_cookie("lang", "en")
    assert "Question 1" in client.get(first).text
    statements = []
    with app.app_context():
        listen = lambda _conn, _cursor, statement, *_rest: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert "Question 1" in client.get(first).text
        assert not [statement for statement in statements if "FROM survey_questions" in statement]

        with make.session() as session:  # reworded, a choice added, a question taken away
            questions = [session.get(Question, question.id) for question in survey.questions]
            questions[0].text_en = "How was the day, in a word?"
            questions[4].choices.append(Choice(position=9, label_en="Bicycle", label_cy="Beic"))
            session.delete(questions[8])
            session.commit()
        page = client.get(first).text
        assert "How was the day, in a word?" in page and "Bicycle" in page
        assert "Question 9" not in page and "Question 10" in page
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listen)
