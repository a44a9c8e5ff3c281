"""Meeting slots: the school sets them up and sees its list; families book, change and cancel with
no account, through the school's link and a private signed link; one family per slot, always."""

import html
import re
from datetime import time, timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from app.bookings.meetings.models import MeetingBooking, MeetingSet, MeetingSetState, MeetingSlot
from app.bookings.meetings.services import booking_for_key, manage_key
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.concurrency import post_at_once
from tests.factories import TODAY


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "100000 per minute"


@pytest.fixture
def meetings(app, demo):
    """The demo's transition meetings at Darland High: (set id, public token)."""
    with app.app_context():
        meeting_set = db.session.scalar(select(MeetingSet))
        return meeting_set.id, meeting_set.token


def free_slot_ids(client, token) -> list[int]:
    return [int(n) for n in re.findall(r'name="slot" id="slot-(\d+)"', client.get(f"/meetings/b/{token}").text)]


def form_token(page_html: str) -> str:
    return re.search(r'name="form_token" type="hidden" value="([^"]+)"', page_html).group(1)


def family(slot_id, **changes) -> dict:
    return {"slot": str(slot_id), "parent_name": "Angharad Owen", "child_name": "Dafydd O.", "year_group": "6",
            "email": "angharad@example.org", "phone": "", "form_token": "a-form-token-of-22chars", **changes}


def book(client, token, slot_id, **changes):
    return client.post(f"/meetings/b/{token}", data=family(slot_id, **changes))


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


def live_bookings(app, slot_id=None) -> list[MeetingBooking]:
    with app.app_context():
        query = select(MeetingBooking).where(MeetingBooking.cancelled_at.is_(None))
        if slot_id is not None:
            query = query.where(MeetingBooking.slot_id == slot_id)
        rows = db.session.scalars(query.order_by(MeetingBooking.id)).all()
        db.session.expunge_all()
        return rows


def key_from(response) -> str:
    return re.search(r"/meetings/booking/([^/?]+)", response.headers["Location"]).group(1)


# --- the school ---------------------------------------------------------------------------------

def test_staff_make_a_set_add_several_slots_at_once_and_publish_a_link(app, demo, signed_in):
    client = signed_in("staff.darland-high")
    client.set_cookie("lang", "en")
    page = client.get("/meetings/new").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    created = client.post("/meetings/new", data={"csrf_token": token, "title_en": "Year 7 settling-in chats",
                                                 "title_cy": "Sgyrsiau setlo Blwyddyn 7", "notes_en": "",
                                                 "notes_cy": "", "activity_id": ""})
    assert created.status_code == 303
    set_id = int(re.search(r"/meetings/(\d+)", created.headers["Location"]).group(1))
    day = TODAY + timedelta(days=10)
    added = client.post(f"/meetings/{set_id}/slots", data={
        "csrf_token": token, "day": day.strftime("%d/%m/%Y"), "first_time": "15:30", "length": "10", "count": "4",
        "gap": "5", "staff_name": "Mr Morgan", "location_en": "Room 3", "location_cy": "Ystafell 3"})
    assert added.status_code == 303
    # the same again adds nothing: Mr Morgan has those times already
    client.post(f"/meetings/{set_id}/slots", data={
        "csrf_token": token, "day": day.isoformat(), "first_time": "15:30", "length": "10", "count": "4",
        "gap": "5", "staff_name": "Mr Morgan"})
    with app.app_context():
        meeting_set = db.session.get(MeetingSet, set_id)
        assert meeting_set.school_id == demo.school("darland-high").id
        assert [(s.starts_on, s.starts_at, s.length_minutes) for s in meeting_set.slots] == [
            (day, time(15, 30), 10), (day, time(15, 45), 10), (day, time(16, 0), 10), (day, time(16, 15), 10)]
        assert meeting_set.state == MeetingSetState.DRAFT and meeting_set.token is None
    assert client.post(f"/meetings/{set_id}/state", data={"csrf_token": token, "change": "publish"}).status_code == 303
    with app.app_context():
        public_token = db.session.get(MeetingSet, set_id).token
    assert public_token and str(set_id) != public_token and len(public_token) >= 22
    shown = client.get(f"/meetings/{set_id}")
    assert f"/meetings/b/{public_token}" in shown.text and "<svg" in shown.text  # the link and its QR code
    assert "Mr Morgan" in client.get(f"/meetings/b/{public_token}").text
    slips = client.get(f"/meetings/{set_id}/slips").text
    assert slips.count(f"/meetings/b/{public_token}") >= 8 and 'lang="cy"' in slips


def test_a_draft_set_has_no_public_page(app, demo, signed_in):
    client = signed_in("staff.darland-high")
    with app.app_context():
        db.session.add(MeetingSet(cluster_id=demo.cluster.id, school_id=demo.school("darland-high").id,
                                  title_en="Draft", token="a-draft-token-nobody-has"))
        db.session.commit()
    assert client.get("/meetings/b/a-draft-token-nobody-has").status_code == 404
    assert client.get("/meetings/b/no-such-token").status_code == 404


def test_slot_form_mistakes_are_shown_in_welsh(app, demo, signed_in, meetings, no_csrf):
    client = signed_in("staff.darland-high")
    client.set_cookie("lang", "cy")
    response = client.post(f"/meetings/{meetings[0]}/slots", data={"day": "31/02/2027", "first_time": "25:00",
                                                                    "length": "2", "count": "100"})
    assert response.status_code == 422
    assert "Rhowch ddyddiad go iawn" in response.text  # the shared date field's message
    assert "error-summary" in response.text


def test_slots_cannot_be_added_on_a_day_that_has_passed(app, signed_in, meetings, no_csrf):
    client = signed_in("staff.darland-high")
    client.set_cookie("lang", "cy")
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    response = client.post(f"/meetings/{meetings[0]}/slots", data={"day": yesterday, "first_time": "16:00",
                                                                    "length": "15", "count": "2", "staff_name": "X"})
    assert response.status_code == 422 and "dewiswch ddiwrnod sydd i ddod" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(MeetingSlot.id)).where(MeetingSlot.staff_name == "X")) == 0


def test_the_school_sees_its_list_and_can_print_it(app, demo, signed_in, meetings):
    for who in ("staff.darland-high", "head.darland-high", "admin"):
        client = signed_in(who)
        client.set_cookie("lang", "en")
        page = client.get(f"/meetings/{meetings[0]}")
        assert page.status_code == 200
        assert "Gareth Lloyd" in page.text and "Elin L." in page.text and "07700 900123" in page.text
        printed = client.get(f"/meetings/{meetings[0]}/print")
        assert printed.status_code == 200 and "Rachel Thomas" in printed.text and "no-print" in printed.text
        assert "Parent/carer transition meetings" in client.get("/meetings/").text


def test_staff_of_another_school_can_neither_see_nor_change_the_list(app, demo, make, signed_in, meetings, no_csrf):
    set_id, _token = meetings
    booking = live_bookings(app)[0]
    for who in ("staff.holt", "head.park"):
        client = signed_in(who)
        assert "Parent/carer transition meetings" not in client.get("/meetings/").text
        for url in (f"/meetings/{set_id}", f"/meetings/{set_id}/print", f"/meetings/{set_id}/edit",
                    f"/meetings/{set_id}/slips"):
            response = client.get(url)
            assert response.status_code == 403 and "Gareth Lloyd" not in response.text
        assert client.post(f"/meetings/{set_id}/bookings/{booking.id}/cancel").status_code == 403
        assert client.post(f"/meetings/{set_id}/slots/{booking.slot_id}/remove").status_code == 403
        assert client.post(f"/meetings/{set_id}/state", data={"change": "close"}).status_code == 403
    # an admin of another cluster is told nothing is there
    other = make.cluster()
    outsider = make.user("admin", cluster_id=other.id)
    from tests.conftest import sign_in_client
    assert sign_in_client(app.test_client(), outsider).get(f"/meetings/{set_id}").status_code == 404
    # governors and officers are not organisers
    assert signed_in("governor").get(f"/meetings/{set_id}").status_code == 403
    assert live_bookings(app)[0].id == booking.id
    with app.app_context():
        assert db.session.get(MeetingSet, set_id).state == MeetingSetState.PUBLISHED


def test_the_school_cancels_a_booking_and_the_family_is_told_in_their_language(app, signed_in, meetings, no_csrf):
    set_id, _token = meetings
    booking = next(b for b in live_bookings(app) if b.email and b.language == "cy")
    response = signed_in("staff.darland-high").post(f"/meetings/{set_id}/bookings/{booking.id}/cancel")
    assert response.status_code == 303
    assert live_bookings(app, booking.slot_id) == []
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert (message.recipient, message.language) == (booking.email, "cy")
        assert "Cyfarfodydd pontio" in message.subject
        key = manage_key(booking)
    family = app.test_client()
    family.set_cookie("lang", "cy")
    told = family.get(f"/meetings/booking/{key}")
    assert told.status_code == 410
    assert "Mae'r ysgol wedi canslo'r cyfarfod hwn" in text_of(told)


def test_a_booked_slot_cannot_be_removed_a_free_one_can(app, signed_in, meetings, no_csrf):
    set_id, token = meetings
    client = signed_in("staff.darland-high")
    booked = live_bookings(app)[0].slot_id
    free = free_slot_ids(client, token)[0]
    client.post(f"/meetings/{set_id}/slots/{booked}/remove")
    client.post(f"/meetings/{set_id}/slots/{free}/remove")
    with app.app_context():
        assert db.session.get(MeetingSlot, booked) is not None
        assert db.session.get(MeetingSlot, free) is None


# --- families -----------------------------------------------------------------------------------

def test_a_family_books_in_welsh_with_no_account(app, client, meetings):
    set_id, token = meetings
    client.set_cookie("lang", "cy")
    page = client.get(f"/meetings/b/{token}")
    assert page.status_code == 200 and '<html lang="cy">' in page.text
    assert "Cyfarfodydd pontio i rieni a gofalwyr" in page.text and 'href="/language/en?next=' in page.text
    slot_id = int(re.search(r'name="slot" id="slot-(\d+)"', page.text).group(1))
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post(f"/meetings/b/{token}", data=family(slot_id, csrf_token=csrf,
                                                              form_token=form_token(page.text)))
    assert response.status_code == 303
    [booking] = live_bookings(app, slot_id)
    assert (booking.parent_name, booking.child_name, booking.year_group, booking.email, booking.language) == (
        "Angharad Owen", "Dafydd O.", 6, "angharad@example.org", "cy")
    confirmation = client.get(response.headers["Location"])
    assert confirmation.status_code == 200 and confirmation.headers["Cache-Control"] == "no-store"
    assert "Dafydd O." in confirmation.text and "http://localhost/meetings/booking/" in confirmation.text
    # the booked time is no longer offered
    assert slot_id not in free_slot_ids(client, token)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert message.recipient == "angharad@example.org" and message.language == "cy"
        assert f"http://localhost/meetings/booking/{key_from(response)}" in message.body


def test_a_family_with_only_a_phone_number_books_and_nothing_is_queued(app, client, meetings, no_csrf):
    _set_id, token = meetings
    slot_id = free_slot_ids(client, token)[0]
    assert book(client, token, slot_id, email="", phone="+44 7700 900 321").status_code == 303
    assert live_bookings(app, slot_id)[0].phone == "+44 7700 900 321"
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


@pytest.mark.parametrize(("changes", "welsh", "field"), [
    ({"email": "", "phone": ""}, "Rhowch gyfeiriad e-bost neu rif ffôn", "email"),
    ({"email": "not-an-address"}, "Rhowch gyfeiriad e-bost fel", "email"),
    ({"phone": "call me maybe", "email": ""}, "Rhowch rif ffôn fel", "phone"),
    ({"parent_name": ""}, "Rhowch eich enw", "parent_name"),
    ({"child_name": "   "}, "Rhowch enw cyntaf eich plentyn", "child_name"),
    ({"year_group": "42"}, "Dewiswch flwyddyn ysgol eich plentyn", "year_group"),
    ({"slot": ""}, "Dewiswch amser ar gyfer y cyfarfod", "slot"),
    ({"slot": "not-a-number"}, "Dewiswch amser ar gyfer y cyfarfod", "slot"),
])
def test_bad_input_gets_a_clear_welsh_message_and_keeps_what_was_typed(app, client, meetings, no_csrf,
                                                                       changes, welsh, field):
    _set_id, token = meetings
    client.set_cookie("lang", "cy")
    slot_id = free_slot_ids(client, token)[0]
    response = book(client, token, slot_id, **{"child_name": "Twm Siôn C.", **changes})
    assert response.status_code == 422
    assert welsh in text_of(response)
    assert f'href="#{field}"' in response.text  # the error summary links to the field
    if field != "child_name":
        assert 'value="Twm Siôn C."' in response.text
    assert live_bookings(app, slot_id) == []


def test_a_slot_of_another_set_cannot_be_booked_through_this_link(app, demo, client, meetings, no_csrf):
    _set_id, token = meetings
    with app.app_context():
        other = MeetingSet(cluster_id=demo.cluster.id, school_id=demo.school("holt").id, title_en="Holt",
                           state=MeetingSetState.PUBLISHED, token="holt-meetings-token-xyz")
        other.slots.append(MeetingSlot(starts_on=TODAY + timedelta(days=5), starts_at=time(9),
                                       staff_name="Mrs Holt"))
        db.session.add(other)
        db.session.commit()
        foreign_slot = other.slots[0].id
    assert book(client, token, foreign_slot).status_code == 422
    assert live_bookings(app, foreign_slot) == []


def test_booking_is_rate_limited_per_address(app, client, meetings, no_csrf):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "3 per minute"
    _set_id, token = meetings
    client.set_cookie("lang", "cy")
    statuses = [book(client, token, "", form_token=f"rate-limited-form-{n:04d}").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert "Gormod o ymdrechion" in book(client, token, "").text


def test_a_taken_time_gets_409_a_clear_message_and_keeps_what_was_typed(app, client, meetings, no_csrf):
    _set_id, token = meetings
    slot_id = free_slot_ids(client, token)[0]
    assert book(app.test_client(), token, slot_id, form_token="first-family-token-0001").status_code == 303
    client.set_cookie("lang", "en")
    response = book(client, token, slot_id, parent_name="Second Family", form_token="second-family-token-001")
    assert response.status_code == 409
    assert "That time has just been taken. Choose another time." in text_of(response)
    assert 'value="Second Family"' in response.text and 'value="angharad@example.org"' in response.text
    assert f'id="slot-{slot_id}"' not in response.text  # no longer offered
    assert [b.parent_name for b in live_bookings(app, slot_id)] == ["Angharad Owen"]


def test_sending_the_same_form_twice_books_once(app, client, meetings, no_csrf):
    _set_id, token = meetings
    slot_id = free_slot_ids(client, token)[0]
    first, second = book(client, token, slot_id), book(client, token, slot_id)
    assert (first.status_code, second.status_code) == (303, 303)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(live_bookings(app, slot_id)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_a_double_tap_at_the_same_instant_stores_one_booking(app, live_server, meetings, no_csrf):
    _set_id, token = meetings
    slot_id = free_slot_ids(app.test_client(), token)[0]
    statuses = post_at_once(live_server, [("", f"/meetings/b/{token}", family(slot_id))] * 5)
    assert statuses == [303] * 5  # every tap ends on the same confirmation
    assert len(live_bookings(app, slot_id)) == 1


def test_twenty_families_racing_for_one_slot_get_exactly_one_booking(app, live_server, meetings, no_csrf):
    _set_id, token = meetings
    slot_id = free_slot_ids(app.test_client(), token)[0]
    forms = [family(slot_id, parent_name=f"Family {n}", email=f"family{n}@example.org",
                    form_token=f"race-form-token-{n:06d}") for n in range(20)]
    statuses = post_at_once(live_server, [("", f"/meetings/b/{token}", form) for form in forms])
    assert sorted(statuses) == [303] + [409] * 19
    with app.app_context():
        assert db.session.scalar(select(func.count(MeetingBooking.id)).where(MeetingBooking.slot_id == slot_id)) == 1
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1  # one confirmation, to the winner


def test_a_closed_set_takes_no_bookings_but_says_so(app, signed_in, client, meetings, no_csrf):
    set_id, token = meetings
    slot_id = free_slot_ids(client, token)[0]
    signed_in("staff.darland-high").post(f"/meetings/{set_id}/state", data={"change": "close"})
    client.set_cookie("lang", "en")
    assert "Booking has closed" in client.get(f"/meetings/b/{token}").text
    assert "Booking has closed" in book(client, token, slot_id).text
    assert live_bookings(app, slot_id) == []


def test_times_that_have_started_are_not_offered(app, demo, client, no_csrf):
    with app.app_context():
        meeting_set = MeetingSet(cluster_id=demo.cluster.id, school_id=demo.school("holt").id, title_en="Holt",
                                 state=MeetingSetState.PUBLISHED, token="holt-past-and-future-01")
        meeting_set.slots = [MeetingSlot(starts_on=TODAY - timedelta(days=1), starts_at=time(9),
                                         staff_name="Yesterday"),
                             MeetingSlot(starts_on=TODAY + timedelta(days=1), starts_at=time(9),
                                         staff_name="Tomorrow")]
        db.session.add(meeting_set)
        db.session.commit()
        past, future = (slot.id for slot in meeting_set.slots)
    assert free_slot_ids(client, "holt-past-and-future-01") == [future]
    assert book(client, "holt-past-and-future-01", past).status_code == 409
    assert live_bookings(app, past) == []


# --- the private link ---------------------------------------------------------------------------

@pytest.fixture
def two_bookings(app, client, meetings, no_csrf):
    """Two families' bookings: [(booking id, key)] ×2, and the set's token."""
    _set_id, token = meetings
    free = free_slot_ids(client, token)
    keys = [key_from(book(client, token, free[n], form_token=f"private-link-token-{n:04d}",
                          parent_name=f"Parent {n}")) for n in range(2)]
    bookings = live_bookings(app)[-2:]
    return [(b.id, key) for b, key in zip(bookings, keys, strict=True)], token


def test_the_private_link_shows_the_booking_and_only_it(client, two_bookings):
    (_first_id, first_key), (_second_id, second_key) = two_bookings[0]
    assert "Parent 0" in client.get(f"/meetings/booking/{first_key}").text
    assert "Parent 0" not in client.get(f"/meetings/booking/{second_key}").text


def test_a_guessed_or_tampered_link_finds_nothing(app, client, two_bookings):
    (first_id, first_key), (second_id, _second_key) = two_bookings[0]
    with app.app_context():
        first_secret = db.session.get(MeetingBooking, first_id).secret
    forged_elsewhere = URLSafeSerializer("some-other-key", salt="meeting-booking").dumps([first_id, first_secret])
    with app.app_context():
        real = URLSafeSerializer(app.config["SECRET_KEY"], salt="meeting-booking")
        # even signed with the app's own key, one booking's secret opens no other booking
        other_booking = real.dumps([second_id, first_secret])
    tampered = first_key[:-2] + ("AA" if not first_key.endswith("AA") else "BB")
    for key in ("1", str(first_id), "WzEsImFiYyJd.abc", forged_elsewhere, other_booking, tampered,
                first_key.replace(".", "")):
        for path in ("", "/change", "/cancel"):
            assert client.get(f"/meetings/booking/{key}{path}").status_code == 404, (key, path)
        assert client.post(f"/meetings/booking/{key}/cancel").status_code == 404
    assert len(live_bookings(app)) == 7  # the demo's five and the two


def test_cancelling_frees_the_time_and_the_link_stops_working(app, client, two_bookings):
    ((first_id, first_key), (second_id, second_key)), token = two_bookings
    slot_id = live_bookings(app)[-2].slot_id
    client.set_cookie("lang", "en")
    assert "Cancel the meeting?" in client.get(f"/meetings/booking/{first_key}/cancel").text
    response = client.post(f"/meetings/booking/{first_key}/cancel")
    assert response.status_code == 303 and response.headers["Location"] == f"/meetings/b/{token}"
    assert "Your meeting is cancelled" in client.get(response.headers["Location"]).text
    assert slot_id in free_slot_ids(client, token)
    for path in ("", "/change", "/cancel"):  # the old link says what happened, and changes nothing
        gone = client.get(f"/meetings/booking/{first_key}{path}")
        assert gone.status_code == 410 and "This meeting is cancelled" in gone.text
        assert "This meeting was cancelled from this link." in gone.text
    assert client.post(f"/meetings/booking/{first_key}/cancel").status_code == 410
    assert client.get(f"/meetings/booking/{second_key}").status_code == 200  # the other family's is untouched
    with app.app_context():
        first = db.session.get(MeetingBooking, first_id)
        assert first.cancelled_at is not None and not first.cancelled_by_school
        assert booking_for_key(first_key) is None  # the link opens no live booking: it only tells
        subjects = db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
        # in the language the family booked in (Welsh), though they cancelled in English
        assert len(subjects) == 3 and subjects[-1].startswith("Mae eich cyfarfod wedi'i ganslo")
        assert db.session.get(MeetingBooking, second_id).is_live
    # the family can book again with a fresh form
    assert book(client, token, slot_id, form_token="booking-again-after-cancel").status_code == 303


def test_changing_moves_the_booking_to_a_free_time_in_one_step(app, client, two_bookings):
    ((first_id, first_key), (_second_id, _second_key)), token = two_bookings
    before = live_bookings(app)
    old_slot, taken_slot = before[-2].slot_id, before[-1].slot_id
    new_slot = free_slot_ids(client, token)[0]
    # a time another family has: 409, and nothing moves
    client.set_cookie("lang", "en")
    refused = client.post(f"/meetings/booking/{first_key}/change", data={"slot": str(taken_slot)})
    assert refused.status_code == 409 and "That time has just been taken" in text_of(refused)
    assert client.get(f"/meetings/booking/{first_key}/change").text.count('name="slot"') == len(
        free_slot_ids(client, token))
    moved = client.post(f"/meetings/booking/{first_key}/change", data={"slot": str(new_slot)})
    assert moved.status_code == 303
    assert moved.headers["Location"] == f"/meetings/booking/{first_key}?done=changed"
    with app.app_context():
        booking = db.session.get(MeetingBooking, first_id)
        assert booking.slot_id == new_slot and booking.is_live
        assert db.session.scalar(select(func.count(MeetingBooking.id)).where(MeetingBooking.slot_id == old_slot)) == 0
    assert old_slot in free_slot_ids(client, token)
    assert "has moved" in client.get(moved.headers["Location"]).text


def test_moving_to_a_time_taken_a_moment_ago_gets_409(app, client, two_bookings, no_csrf):
    ((_first_id, first_key), _second), token = two_bookings
    target = free_slot_ids(client, token)[0]
    client.set_cookie("lang", "en")
    page = client.get(f"/meetings/booking/{first_key}/change")
    assert f'id="slot-{target}"' in page.text
    assert book(app.test_client(), token, target, form_token="took-it-a-moment-ago").status_code == 303
    response = client.post(f"/meetings/booking/{first_key}/change", data={"slot": str(target)})
    assert response.status_code == 409 and "That time has just been taken" in text_of(response)
    assert len(live_bookings(app, target)) == 1


# --- retention and the demo ---------------------------------------------------------------------

def test_retention_deletes_only_expired_contact_details(app, demo, meetings):
    app.config["MEETING_CONTACT_RETENTION_DAYS"] = 30
    with app.app_context():
        meeting_set = db.session.get(MeetingSet, meetings[0])
        expired_day, kept_day = TODAY - timedelta(days=31), TODAY - timedelta(days=29)
        for n, day in enumerate((expired_day, kept_day)):
            slot = MeetingSlot(starts_on=day, starts_at=time(16), staff_name="Mr Morgan")
            meeting_set.slots.append(slot)
            db.session.flush()
            db.session.add(MeetingBooking(slot_id=slot.id, parent_name=f"Old {n}", child_name="Ifan", year_group=6,
                                          email=f"old{n}@example.org", phone="07700 900000", language="cy",
                                          secret=f"secret-{n}", submission_token=f"old-booking-{n}"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0
    assert "Meeting bookings: deleted the contact details of 1 booking(s)" in result.output
    with app.app_context():
        rows = {b.submission_token: b for b in db.session.scalars(select(MeetingBooking))}
        old, recent = rows["old-booking-0"], rows["old-booking-1"]
        assert (old.parent_name, old.child_name, old.email, old.phone) == ("", "", "", "")
        assert old.contact_deleted_on == TODAY and old.slot_id is not None  # the slot stays counted
        assert (recent.parent_name, recent.email) == ("Old 1", "old1@example.org")
        assert sum(1 for b in rows.values() if b.parent_name) == 6  # the demo's five (future) and the recent one
    again = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "deleted the contact details of 0 booking(s)" in again.output


def test_the_demo_has_free_times_to_book_today_and_a_few_families_booked(app, client, meetings):
    set_id, token = meetings
    with app.app_context():
        meeting_set = db.session.get(MeetingSet, set_id)
        assert meeting_set.school.slug == "darland-high" and meeting_set.is_open
        assert meeting_set.activity is not None and "transition" in meeting_set.activity.title_en
        assert all(slot.starts_on > TODAY for slot in meeting_set.slots)
    assert len(live_bookings(app)) == 5
    assert len(free_slot_ids(client, token)) == 24 - 5
