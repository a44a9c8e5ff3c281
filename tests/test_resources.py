"""Booking the shared minibus and rooms: the rules, the pages, the feed.

"Today" is pinned to Monday 29 September 2025, in the seed's first half term (1 Sep – 24 Oct),
where the demo has every school's minibus trips in the second and fourth weeks and October free.
"""

import re
from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app import clock
from app.audit.models import AuditEvent
from app.bookings.resources.feeds import FEED_HISTORY
from app.bookings.resources.models import Resource, ResourceBooking
from app.extensions import db
from tests.reading import page_of

TODAY = date(2025, 9, 29)
TUESDAY = date(2025, 10, 7)  # a Tuesday in October, free in the demo
HOLIDAY = date(2025, 10, 28)  # the October half-term holiday


@pytest.fixture
def booking_app(app, demo):
    app.config["WTF_CSRF_ENABLED"] = False  # tokens: test_csrf.py
    app.config["TODAY"] = TODAY
    return app


def _resource(app, name_en: str) -> Resource:
    with app.app_context():
        resource = db.session.scalar(select(Resource).where(Resource.name_en == name_en))
        db.session.expunge(resource)
        return resource


@pytest.fixture
def minibus(booking_app):
    return _resource(booking_app, "Cluster minibus")


@pytest.fixture
def hall(booking_app):
    return _resource(booking_app, "Darland High main hall")


def trip(school_id: int, day: date = TUESDAY, starts: str = "09:00", ends: str = "15:00", **extra) -> dict:
    form = {"school": school_id, "day": str(day), "starts": starts, "ends": ends, "purpose": "Trip to Erddig",
            "destination": "Erddig", "passengers": 14, "driver_name": "Lowri Thomas", "driver_permit_confirmed": "y"}
    form.update(extra)
    return {key: value for key, value in form.items() if value is not None}


def _live_bookings(app, resource_id: int, day: date | None = None) -> list[ResourceBooking]:
    with app.app_context():
        query = select(ResourceBooking).where(ResourceBooking.resource_id == resource_id,
                                              ResourceBooking.cancelled_at.is_(None))
        bookings = db.session.scalars(query.order_by(ResourceBooking.starts_at)).all()
        for booking in bookings:
            db.session.expunge(booking)
    return [b for b in bookings if day is None or b.starts_at.astimezone(UTC).date() == day]


def test_park_books_the_minibus_for_a_tuesday_in_october_and_holt_is_offered_the_nearest_free_days(
        booking_app, demo, signed_in, minibus):
    park, holt = demo.school("park"), demo.school("holt")
    response = signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(park.id))
    assert response.status_code == 303
    assert f"/bookings/{minibus.id}?week=2025-10-07" in response.location
    [booking] = _live_bookings(booking_app, minibus.id, TUESDAY)
    assert booking.school_id == park.id
    # stored in UTC: 09:00 in Wales in October (BST) is 08:00 UTC
    assert booking.starts_at == datetime(2025, 10, 7, 8, 0, tzinfo=UTC)
    assert (booking.passengers, booking.destination, booking.driver_permit_confirmed) == (14, "Erddig", True)

    holt_staff = signed_in("staff.holt")
    response = holt_staff.post(f"/bookings/{minibus.id}/book", data=trip(holt.id, starts="10:00", ends="12:00"))
    assert response.status_code == 409
    page = page_of(response)
    assert "Mae Bws mini'r clwstwr eisoes wedi'i archebu gan Ysgol Gynradd Gymunedol Park" in page
    offered = [date.fromisoformat(day) for day in
               re.findall(r'name="alternative_day" value="([0-9-]+)"', page)]
    assert offered == [date(2025, 10, 6), date(2025, 10, 8), date(2025, 10, 9)]  # Monday, Wednesday, Thursday
    assert 'value="Trip to Erddig"' in page and 'value="Lowri Thomas"' in page  # what Holt typed is kept
    assert len(_live_bookings(booking_app, minibus.id, TUESDAY)) == 1

    # one tap on an offered day books it with everything else as typed
    response = holt_staff.post(f"/bookings/{minibus.id}/book",
                               data=trip(holt.id, starts="10:00", ends="12:00", alternative_day="2025-10-08"))
    assert response.status_code == 303
    [wednesday] = _live_bookings(booking_app, minibus.id, date(2025, 10, 8))
    assert wednesday.school_id == holt.id


def test_nearest_free_days_skip_taken_days_weekends_holidays_and_the_past(booking_app, demo, signed_in, minibus):
    park = demo.school("park")
    # Friday 24 October ends the half term; Park has the Wednesday to the Friday of that week
    for day in (date(2025, 10, 22), date(2025, 10, 23), date(2025, 10, 24)):
        assert signed_in("head.park").post(f"/bookings/{minibus.id}/book", data=trip(
            park.id, day=day, override_reason="Sports week")).status_code == 303
    response = signed_in("staff.holt").post(f"/bookings/{minibus.id}/book",
                                            data=trip(demo.school("holt").id, day=date(2025, 10, 24)))
    assert response.status_code == 409
    offered = re.findall(r'name="alternative_day" value="([0-9-]+)"', page_of(response))
    # after the 24th come a weekend and the holiday; before it, two taken days, then Tuesday, Monday, Friday
    assert offered == ["2025-10-17", "2025-10-20", "2025-10-21"]


@pytest.mark.parametrize("day, message", [
    (HOLIDAY, "Nid yw hwnnw'n ddiwrnod ysgol"),
    (date(2025, 10, 11), "Nid yw hwnnw'n ddiwrnod ysgol"),  # a Saturday
    (date(2025, 9, 16), "Mae'r diwrnod hwnnw wedi mynd heibio"),
])
def test_holidays_weekends_and_the_past_are_refused_in_welsh(booking_app, demo, signed_in, minibus, day, message):
    response = signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(demo.school("park").id, day=day))
    assert response.status_code == 422
    assert message in page_of(response)
    assert _live_bookings(booking_app, minibus.id, day) == []


@pytest.mark.parametrize("changes, message", [
    ({"starts": "07:00"}, "rhwng 08:00 a 17:00"),
    ({"ends": "17:30"}, "rhwng 08:00 a 17:00"),
    ({"starts": "09:10"}, "camau o 30 munud"),
    ({"starts": "12:00", "ends": "11:00"}, "Rhaid i'r diwedd fod ar ôl y dechrau"),
    ({"passengers": 17}, "16 sedd"),
    ({"passengers": None}, "Rhowch faint o bobl fydd yn teithio"),
    ({"passengers": "lots"}, ""),
    ({"driver_permit_confirmed": None}, "Cadarnhewch fod gan y gyrrwr"),
    ({"destination": ""}, "Rhowch i ble mae'r daith yn mynd"),
    ({"day": "31/02/2025"}, "Rhowch ddyddiad go iawn"),
    ({"purpose": ""}, "Dywedwch beth yw pwrpas yr archeb"),
])
def test_bad_booking_details_get_a_welsh_message_and_nothing_is_booked(booking_app, demo, signed_in, minibus,
                                                                        changes, message):
    response = signed_in("staff.park").post(f"/bookings/{minibus.id}/book",
                                            data=trip(demo.school("park").id, **changes))
    assert response.status_code == 422
    page = page_of(response)
    assert message in page
    assert 'class="error-summary"' in page
    assert _live_bookings(booking_app, minibus.id, TUESDAY) == []


def test_staff_book_only_for_their_own_school(booking_app, demo, signed_in, minibus):
    response = signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(demo.school("holt").id))
    assert response.status_code == 422
    assert _live_bookings(booking_app, minibus.id, TUESDAY) == []
    # the cluster admin books for any school
    assert signed_in("admin").post(f"/bookings/{minibus.id}/book",
                                   data=trip(demo.school("holt").id)).status_code == 303


def test_the_fair_share_holds_and_only_a_leader_goes_beyond_it_with_a_recorded_reason(booking_app, demo, signed_in,
                                                                                         minibus):
    park = demo.school("park")
    staff = signed_in("staff.park")
    # the demo gave Park two trips in this half term; the share is four
    for day in (date(2025, 10, 7), date(2025, 10, 14)):
        assert staff.post(f"/bookings/{minibus.id}/book", data=trip(park.id, day=day)).status_code == 303
    refused = staff.post(f"/bookings/{minibus.id}/book", data=trip(park.id, day=date(2025, 10, 21)))
    assert refused.status_code == 422
    assert "wedi cael ei chyfran deg" in page_of(refused)
    # staff cannot override: the field is not theirs, and a sent reason is ignored
    assert staff.post(f"/bookings/{minibus.id}/book", data=trip(
        park.id, day=date(2025, 10, 21), override_reason="Please")).status_code == 422
    assert signed_in("head.park").post(f"/bookings/{minibus.id}/book", data=trip(
        park.id, day=date(2025, 10, 21), override_reason="Year 6 residential visit")).status_code == 303
    [extra] = _live_bookings(booking_app, minibus.id, date(2025, 10, 21))
    assert extra.override_reason == "Year 6 residential visit"
    with booking_app.app_context():
        logged = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "resource_bookings",
                                                            AuditEvent.entity_id == extra.id))
        assert logged.changes == {"override_reason": [None, "Year 6 residential visit"]}
    # the next half term starts afresh
    assert staff.post(f"/bookings/{minibus.id}/book", data=trip(park.id, day=date(2025, 11, 4))).status_code == 303


def test_a_weekly_repeat_books_the_free_weeks_and_lists_the_clashes(booking_app, demo, signed_in, hall):
    holt = demo.school("holt")
    # All Saints has the hall on Tuesday 14 October
    signed_in("staff.all-saints").post(f"/bookings/{hall.id}/book", data={
        "school": demo.school("all-saints").id, "day": "2025-10-14", "starts": "13:00", "ends": "14:00",
        "purpose": "Harvest festival"})
    client = signed_in("staff.holt")
    response = client.post(f"/bookings/{hall.id}/book", data={
        "school": holt.id, "day": "2025-09-30", "starts": "13:30", "ends": "15:00", "purpose": "Choir",
        "repeat_weekly": "y"}, follow_redirects=True)
    page = page_of(response)
    holt_days = [b.starts_at.date() for b in _live_bookings(booking_app, hall.id) if b.school_id == holt.id]
    # 30 Sep, 7, 14, 21 Oct are the Tuesdays left in the half term; the 14th clashes
    assert holt_days == [date(2025, 9, 30), date(2025, 10, 7), date(2025, 10, 21)]
    assert "Gwnaed 3 archeb" in page
    assert "Heb ei archebu – Dydd Mawrth 14 Hydref" in page and "Ysgol Gynradd yr Holl Saint" in page
    with booking_app.app_context():
        series = {b.series for b in db.session.scalars(select(ResourceBooking).where(
            ResourceBooking.school_id == holt.id, ResourceBooking.resource_id == hall.id))}
        assert len(series) == 1 and None not in series


def test_cancelling_frees_the_slot_at_once_and_only_the_school_or_a_leader_may(booking_app, demo, signed_in, minibus):
    park, holt = demo.school("park"), demo.school("holt")
    signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(park.id))
    [booking] = _live_bookings(booking_app, minibus.id, TUESDAY)
    assert signed_in("staff.holt").post(f"/bookings/booking/{booking.id}/cancel").status_code == 403
    assert signed_in("staff.holt").post(f"/bookings/{minibus.id}/book", data=trip(holt.id)).status_code == 409
    response = signed_in("staff.park").post(f"/bookings/booking/{booking.id}/cancel", data={"back": "/bookings/mine"})
    assert response.status_code == 303 and response.location.endswith("/bookings/mine")
    assert signed_in("staff.holt").post(f"/bookings/{minibus.id}/book", data=trip(holt.id)).status_code == 303
    with booking_app.app_context():
        cancelled = db.session.get(ResourceBooking, booking.id)
        assert cancelled.cancelled_at is not None and cancelled.cancelled_by_id == demo.user("staff.park").id
    # a leader of another school may cancel (the leadership group manages the shared resources)
    [holts] = _live_bookings(booking_app, minibus.id, TUESDAY)
    assert signed_in("head.park").post(f"/bookings/booking/{holts.id}/cancel").status_code == 303


def test_the_week_shows_who_has_it_when_and_the_holiday(booking_app, demo, signed_in, minibus):
    page = page_of(signed_in("staff.holt").get(f"/bookings/{minibus.id}?week=2025-09-24"))
    assert "Wythnos 22 Medi 2025" in page
    assert page.count('class="week__booking swatch') == 6
    assert "Ysgol Gynradd Gymunedol Park" in page and "Erddig, Wrexham" in page
    assert "09:00–15:00" in page  # local time, not UTC
    holiday_week = page_of(signed_in("staff.holt").get(f"/bookings/{minibus.id}?week=2025-10-29"))
    assert holiday_week.count("Nid yw'n ddiwrnod ysgol") == 5
    fragment = signed_in("staff.holt", htmx=True).get(f"/bookings/{minibus.id}?week=2025-10-06")
    assert page_of(fragment).lstrip().startswith('<section id="week"')
    assert signed_in("staff.holt").get(f"/bookings/{minibus.id}?week=not-a-date").status_code == 400


def test_a_leader_sees_who_used_how_much_of_the_minibus_this_half_term(booking_app, demo, signed_in, minibus):
    signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(demo.school("park").id))
    response = signed_in("head.holt").get(f"/bookings/{minibus.id}/usage")
    page = page_of(response)
    assert "Hydref 1" in page and "1 Medi – 24 Hyd 2025" in page
    rows = re.findall(r'<tr>\s*<th scope="row"><span class="swatch[^"]*">([^<]+)</span></th>\s*'
                                    r'<td[^>]*>(\d+)</td>\s*<td[^>]*>([\d.,]+)</td>', page)
    assert rows[0] == ("Ysgol Gynradd Gymunedol Park", "3", "18")
    assert dict((name, count) for name, count, _hours in rows)["Ysgol Gynradd Gymunedol Holt"] == "2"
    assert "3 o 4 wedi'u defnyddio" in page


def test_the_feed_shows_the_bookings_to_members_only(booking_app, demo, signed_in, client, minibus):
    week = page_of(signed_in("staff.holt").get(f"/bookings/{minibus.id}?week=2025-09-22"))
    feed_url = re.search(r'href="http://localhost(/bookings/\d+/bookings.ics\?[^"]+)"', week).group(1)
    feed = client.get(feed_url.replace("&amp;", "&"))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = Calendar.from_ical(feed.data).walk("VEVENT")
    # the feed looks two months back from today, where the demo has the current half term's trips
    with booking_app.app_context():
        recent = db.session.scalar(select(func.count(ResourceBooking.id)).where(
            ResourceBooking.resource_id == minibus.id, ResourceBooking.cancelled_at.is_(None),
            ResourceBooking.ends_at >= clock.utcnow() - FEED_HISTORY))
    assert len(events) == recent > 0
    assert {str(event["SUMMARY"]).split(": ")[0] for event in events} <= {
        "Ysgol Gynradd Gymunedol Park", "Ysgol Gynradd Gymunedol Holt", "Ysgol Gynradd yr Holl Saint",
        "Ysgol Sant Pedr", "Ysgol Gynradd y Rofft", "Ysgol Uwchradd Darland"}
    assert client.get(f"/bookings/{minibus.id}/bookings.ics").status_code == 404
    assert client.get(f"/bookings/{minibus.id}/bookings.ics?key=forged").status_code == 404


def test_htmx_booking_swaps_the_form_with_alternatives_or_moves_to_the_week(booking_app, demo, signed_in, minibus):
    park, holt = demo.school("park"), demo.school("holt")
    done = signed_in("staff.park", htmx=True).post(f"/bookings/{minibus.id}/book", data=trip(park.id))
    assert done.status_code == 200
    assert done.headers["HX-Redirect"].endswith(f"/bookings/{minibus.id}?week=2025-10-07")
    clash = signed_in("staff.holt", htmx=True).post(f"/bookings/{minibus.id}/book", data=trip(holt.id))
    assert clash.status_code == 409
    body = page_of(clash)
    assert body.lstrip().startswith('<div id="booking-form"') and 'name="alternative_day"' in body


def test_leaders_add_and_change_resources(booking_app, demo, signed_in):
    leader = signed_in("head.holt")
    form = {"name_en": "Laptop trolley", "name_cy": "Troli gliniaduron", "kind": "equipment",
            "owner_school_id": demo.school("holt").id, "capacity": 30, "opens_at": "08:30", "closes_at": "15:30",
            "slot_minutes": 60, "fair_share_limit": "", "fair_share_unit": "bookings", "active": "y"}
    assert leader.post("/bookings/new", data={**form, "closes_at": "08:00"}).status_code == 422
    assert signed_in("staff.holt").post("/bookings/new", data=form).status_code == 403
    response = leader.post("/bookings/new", data=form)
    assert response.status_code == 303
    with booking_app.app_context():
        trolley = db.session.scalar(select(Resource).where(Resource.name_en == "Laptop trolley"))
        assert (trolley.capacity, trolley.slot_minutes, trolley.fair_share_limit) == (30, 60, None)
        assert trolley.opens_at == time(8, 30)
    assert "Troli gliniaduron" in page_of(signed_in("staff.park").get("/bookings/"))


def test_my_school_lists_its_coming_bookings_with_cancel_buttons(booking_app, demo, signed_in, minibus):
    signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(demo.school("park").id))
    page = page_of(signed_in("head.park").get("/bookings/mine"))
    assert "Dydd Mawrth 7 Hydref 2025, 09:00–15:00" in page
    listed = page.count('class="booking"')
    assert listed >= 1 and page.count("Canslo'r archeb") == listed
    assert "Football league fixture" not in page  # Holt's trips are not Park's
    assert "2025-09-23" not in page and "23 Medi" not in page  # before today
