"""What a family or a member of staff types is kept, or refused out loud, never dropped (issue #16):
words under "Other", a second Start, a photo sent with a refused entry, year groups, the meeting
booking form and its calendar file, the survey set-up's activities, the competitions list, and
rate limits that families on one school's Wi-Fi share."""

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from app.bookings.meetings.models import MeetingSet
from app.competitions.models import Category, Competition, Entry
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.surveys.models import Answer, Draft, Response
from tests.test_meetings import book, free_slot_ids, key_from, text_of

EASTER = "Easter Egg Decoration Competition"
OPEN_DAY = "2026-03-10"


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "100000 per minute"


def _start(client, survey, slug="holt") -> str:
    token = next(link.token for link in survey.links if link.school.slug == slug)
    response = client.post(f"/s/{token}")
    assert response.status_code == 303
    return response.headers["Location"]


def _stored_answers(app, survey_id) -> list[tuple]:
    with app.app_context():
        return sorted(db.session.execute(select(Answer.question_id, Answer.choice_id, Answer.text)
                                         .join(Response).where(Response.survey_id == survey_id)).all(), key=str)


# --- "Other, please say" ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_words_under_other_with_nothing_ticked_tick_other_and_are_stored(app, client, make, demo, no_csrf, kind):
    survey = make.survey(demo.cluster.id, [{"kind": kind, "choices": ["Bus", "Car"], "other": True}])
    question = survey.questions[0]
    review = client.post(_start(client, survey), data={f"q{question.id}_other": "By bike", "go": "next"})
    assert review.status_code == 303 and review.headers["Location"].endswith("/review")
    assert "By bike" in client.get(review.headers["Location"]).text
    client.post(review.headers["Location"])
    assert _stored_answers(app, survey.id) == [(question.id, None, "By bike")]


def test_words_under_other_beside_another_choice_are_asked_about_and_kept(app, client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "single", "choices": ["Bus", "Car"], "other": True}])
    question = survey.questions[0]
    first = _start(client, survey)
    client.set_cookie("lang", "cy")
    response = client.post(first, data={f"q{question.id}": str(question.choices[0].id),
                                         f"q{question.id}_other": "By bike", "go": "next"})
    assert response.status_code == 422
    assert "Rydych chi wedi ysgrifennu ateb o dan “Arall”" in text_of(response)
    assert 'value="By bike"' in response.text  # the words are still there to keep or clear
    # Back keeps the page unchecked, words and all; the review then sends the family back to it
    assert client.post(first, data={f"q{question.id}": str(question.choices[0].id),
                                    f"q{question.id}_other": "By bike", "go": "back"}).status_code == 303
    review = first.rsplit("/", 1)[0] + "/review"
    assert client.post(review).headers["Location"] == first
    assert _stored_answers(app, survey.id) == []
    # choosing Other sends the words
    sent = client.post(first, data={f"q{question.id}": "other", f"q{question.id}_other": "By bike", "go": "next"})
    client.post(sent.headers["Location"])
    assert _stored_answers(app, survey.id) == [(question.id, None, "By bike")]


# --- going back to the start page -------------------------------------------------------------

def test_start_again_on_the_same_browser_carries_on_with_the_answers_given(app, client, make, demo, no_csrf):
    survey = make.survey(demo.cluster.id, [{"kind": "short_text", "required": True, "section": 0},
                                           {"kind": "yes_no", "required": True, "section": 1}], sections=2)
    client.set_cookie("lang", "en")
    first = _start(client, survey)
    second = client.post(first, data={f"q{survey.questions[0].id}": "Rwy'n hapus", "go": "next"}).headers["Location"]
    token = next(link.token for link in survey.links if link.school.slug == "holt")
    start_page = client.get(f"/s/{token}")
    assert "Carry on" in start_page.text and "your answers so far are kept" in start_page.text
    again = client.post(f"/s/{token}")
    # straight to the first page still to answer, in the same draft
    assert again.headers["Location"] == second
    assert "Rwy&#39;n hapus" in client.get(first).text
    with app.app_context():
        assert db.session.query(Draft).count() == 1
    # another browser (a brother on the same link) begins afresh
    other = app.test_client()
    assert _start(other, survey) != first


# --- a competition entry's photo ----------------------------------------------------------------

@pytest.fixture
def easter(app, demo):
    app.config["TODAY"] = OPEN_DAY
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        competition = db.session.get(Competition, demo.competition(EASTER))
        return {"id": competition.id, "categories": [c.id for c in competition.categories]}


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 60, 20)).save(out, "JPEG")
    return out.getvalue()


def _entry(category_id, **fields) -> dict:
    return {"category_id": category_id, "entrant_name": "Cerys M.", "year_group": "4", "title": "Golden egg",
            "description": "", **fields}


def _post_entry(client, easter, data, photo=None, htmx=False):
    if photo is not None:
        data = {**data, "photo": (io.BytesIO(photo), "egg.jpg")}
    return client.post(f"/competitions/{easter['id']}/entries/new", data=data, content_type="multipart/form-data",
                       headers={"HX-Request": "true"} if htmx else {})


def _entries(app, competition_id):
    with app.app_context():
        return db.session.scalars(select(Entry).where(Entry.competition_id == competition_id)).all()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_photo_sent_with_a_refused_entry_is_kept_for_the_form_sent_again(app, easter, signed_in, htmx):
    client = signed_in("staff.holt")
    client.set_cookie("lang", "en")
    # no consent ticked: refused, with or without JavaScript (htmx swaps the entry box back)
    refused = _post_entry(client, easter, _entry(easter["categories"][1]), photo=_photo(), htmx=htmx)
    assert refused.status_code == 422 and _entries(app, easter["id"]) == []
    page = text_of(refused)
    assert "The photo you chose is kept: you need not choose it again." in page
    kept = re.search(r'name="kept_photo" type="hidden" value="([^"]+)"', refused.text).group(1)
    # sent again with the tick and no file chosen (the browser forgets it): the entry has the photo
    sent = _post_entry(client, easter, _entry(easter["categories"][1], photo_consent="y", kept_photo=kept), htmx=htmx)
    [entry] = _entries(app, easter["id"])
    assert entry.photo_name
    assert client.get(f"/competitions/entries/{entry.id}/photo/full").status_code == 200
    confirmation = sent if htmx else client.get(sent.headers["Location"])
    assert "The entry is in, with its photo: Golden egg." in text_of(confirmation)


def test_leaving_a_kept_photo_out_is_said_and_a_forged_token_keeps_nothing(app, easter, signed_in):
    client = signed_in("staff.holt")
    client.set_cookie("lang", "en")
    refused = _post_entry(client, easter, _entry(easter["categories"][1]), photo=_photo())
    kept = re.search(r'name="kept_photo" type="hidden" value="([^"]+)"', refused.text).group(1)
    sent = _post_entry(client, easter, _entry(easter["categories"][1], kept_photo=kept, leave_out_photo="y"))
    assert sent.status_code == 303
    assert "The entry is in: Golden egg." in text_of(client.get(sent.headers["Location"]))
    forged = _post_entry(client, easter, _entry(easter["categories"][2], entrant_name="Ifan J.", year_group="5",
                                                photo_consent="y",
                                                kept_photo="0123456789abcdef0123456789abcdef"))
    assert forged.status_code == 303
    assert [entry.photo_name for entry in _entries(app, easter["id"])] == [None, None]


# --- year groups --------------------------------------------------------------------------------

def test_a_year_group_outside_the_category_is_refused_in_the_readers_language(app, easter, signed_in):
    client = signed_in("staff.holt")
    client.set_cookie("lang", "cy")
    response = _post_entry(client, easter, _entry(easter["categories"][0], year_group="9"))  # Nursery to Year 2
    assert response.status_code == 422 and _entries(app, easter["id"]) == []
    assert "Nid yw Blwyddyn 9 yn y categori “Dysgu Sylfaen (Meithrin i Flwyddyn 2)”" in text_of(response)


def test_a_year_group_the_school_does_not_teach_is_refused(app, easter, signed_in):
    with app.app_context():  # a category open to every year: the school's phase still decides
        category = db.session.get(Category, easter["categories"][0])
        category.youngest_year = category.oldest_year = None
        db.session.commit()
    client = signed_in("staff.holt")
    client.set_cookie("lang", "en")
    response = _post_entry(client, easter, _entry(easter["categories"][0], year_group="9"))
    assert response.status_code == 422 and _entries(app, easter["id"]) == []
    assert "does not have Year 9: check the year group." in text_of(response)
    assert _post_entry(client, easter, _entry(easter["categories"][0], year_group="1")).status_code == 303


def test_a_leader_sets_the_year_groups_of_each_category(app, easter, signed_in):
    leader = signed_in("admin")
    leader.set_cookie("lang", "en")
    form = leader.get(f"/competitions/{easter['id']}/edit").text
    assert re.search(r'<select[^>]*name="category_1_from"', form) and "Year 13" in form
    with app.app_context():
        category = db.session.get(Category, easter["categories"][0])
        assert (category.youngest_year, category.oldest_year) == (-1, 2)


# --- the meeting booking form -------------------------------------------------------------------

@pytest.fixture
def meetings(app, demo, no_csrf):
    with app.app_context():
        meeting_set = db.session.scalar(select(MeetingSet))
        return meeting_set.id, meeting_set.token


def test_the_booking_form_asks_for_an_email_and_phone_a_phone_can_fill_in(client, meetings):
    page = client.get(f"/meetings/b/{meetings[1]}").text
    assert re.search(r'<input[^>]*autocomplete="name"[^>]*name="parent_name"', page)
    assert re.search(r'<input[^>]*autocomplete="email"[^>]*name="email"[^>]*type="email"', page)
    assert re.search(r'<input[^>]*autocomplete="tel"[^>]*name="phone"[^>]*type="tel"', page)


def test_a_booked_meeting_can_be_added_to_a_calendar_from_the_page_and_the_email(app, client, meetings):
    _set_id, token = meetings
    client.set_cookie("lang", "cy")
    response = book(client, token, free_slot_ids(client, token)[0])
    key = key_from(response)
    confirmation = client.get(response.headers["Location"]).text
    assert f'href="/meetings/booking/{key}/meeting.ics"' in confirmation
    ics = client.get(f"/meetings/booking/{key}/meeting.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert ics.headers["Cache-Control"] == "no-store"
    body = ics.data.decode().replace("\r\n ", "")  # lines of a calendar file are folded at 75
    assert "BEGIN:VEVENT" in body and "DTSTART;TZID=Europe/London:" in body
    assert re.search(r"(Pennaeth Blwyddyn 7|Arweinydd Pontio)", body)
    with app.app_context():
        email = db.session.scalar(select(OutboxMessage)).body
    assert f"http://localhost/meetings/booking/{key}/meeting.ics" in email
    # who the family meets, with their role in Welsh; and no "gyda" before the school's name
    assert re.search(r"(Mr Rhys Morgan, Pennaeth Blwyddyn 7|Mrs Sian Pritchard, Arweinydd Pontio)", email)
    assert "yn Ysgol Uwchradd Darland" in email
    assert client.get("/meetings/booking/not-a-key/meeting.ics").status_code == 404


def test_the_day_after_ar_is_mutated_on_the_welsh_pages(app, client, meetings):
    _set_id, token = meetings
    client.set_cookie("lang", "cy")
    key = key_from(book(client, token, free_slot_ids(client, token)[0]))
    cancel = text_of(client.get(f"/meetings/booking/{key}/cancel"))
    assert re.search(r"Bydd eich cyfarfod ar ddydd \w+ \d+ \w+ \d{4}", cancel)
    assert "ar Dydd" not in cancel and "ar dydd" not in cancel
    assert "Na, cadw'r cyfarfod" in cancel


# --- setting up a survey ------------------------------------------------------------------------

def test_the_activities_to_ask_about_are_this_years_by_term_with_their_days(app, demo, signed_in):
    leader = signed_in("admin")
    leader.set_cookie("lang", "en")
    page = leader.get("/surveys/new").text
    select_box = re.search(r'<select class="input" id="activity-[^"]+" name="activity_id">(.*?)</select>', page,
                           re.S).group(1)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select_box, re.S)
    assert [term for term, _options in groups] == ["Autumn term 2025/26", "Spring term 2025/26",
                                                     "Summer term 2025/26"]
    for _term, options in groups:
        labels = re.findall(r"<option value=\"\d+\">([^<]+)</option>", options)
        # within a term the day tells repeated titles apart ("Headteacher Cluster Meeting" comes twelve times)
        assert labels and len(labels) == len(set(labels))
    assert "Headteacher Cluster Meeting – Wed 17 Sep" in select_box
    assert "2024/25" not in select_box  # last year's are not offered


# --- the competitions list ----------------------------------------------------------------------

def test_the_competitions_list_puts_what_can_be_done_now_first(app, demo, signed_in):
    app.config["TODAY"] = OPEN_DAY
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    page = staff.get("/competitions/").text
    years = re.findall(r"<h2>([^<]+)</h2>", page)
    assert years[0] == "2025/26"
    first_listed = re.search(r'class="booking__when"><a href="[^"]+">([^<]+)</a>', page).group(1)
    assert first_listed == EASTER  # open for entries on this day
    assert "No entries" in page and "0 entries" not in page


# --- rate limits --------------------------------------------------------------------------------

def test_one_familys_answers_are_limited_by_their_own_draft_not_by_the_schools_address(app, client, make, demo):
    app.config.update(WTF_CSRF_ENABLED=False, PUBLIC_FORM_RATE_LIMIT="1000 per minute",
                      PUBLIC_ANSWER_RATE_LIMIT="3 per minute")
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    first = _start(client, survey)
    data = {f"q{survey.questions[0].id}": "Helo", "go": "back"}
    assert [client.post(first, data=data).status_code for _ in range(3)] == [303, 303, 303]
    limited = client.post(first, data=data, headers={"Cookie": "lang=cy"})
    assert limited.status_code == 429
    seconds = int(limited.headers["Retry-After"])
    assert 1 <= seconds <= 61
    assert re.search(r"Arhoswch \d+ (eiliad|munud|funud), yna rhowch gynnig arall arni", text_of(limited))
    # another family at the same school, on the same address, is not held up
    neighbour = app.test_client()
    other = _start(neighbour, survey)
    assert neighbour.post(other, data=data).status_code == 303


def test_every_429_says_when_to_try_again(app, client, make, demo):
    app.config.update(WTF_CSRF_ENABLED=False, PUBLIC_FORM_RATE_LIMIT="2 per minute")
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    client.set_cookie("lang", "en")
    token = survey.links[0].token
    statuses = [client.post(f"/s/{token}").status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    limited = client.post(f"/s/{token}")
    assert int(limited.headers["Retry-After"]) >= 1 and "Wait " in text_of(limited)


def test_the_default_address_ceiling_lets_a_schools_families_through():
    from app.config import Config
    per_minute = int(Config.PUBLIC_FORM_RATE_LIMIT.split(" per minute")[0])
    assert per_minute >= 1000  # families of one school on one Wi-Fi share an address

