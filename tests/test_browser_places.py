"""A member of staff at Holt asks for places on the Skills Day from a phone, in Welsh, in a real
browser: a mistake first, then three places, with JavaScript on (htmx swaps the box) and off."""

from datetime import time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.bookings.places.models import BookableSession, PlaceRequest
from app.extensions import db
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.factories import TODAY
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

SKILLS_DAY = "Skills Day – Years 5 and 6"


@pytest.fixture
def skills_day_session(app, demo):
    """A session of the Skills Day with 30 places, taking requests for ten more days."""
    with app.app_context():
        held_on = TODAY + timedelta(days=20)
        session = BookableSession(activity_id=demo.activity(SKILLS_DAY).id, held_on=held_on, starts_at=time(9, 15),
                                  ends_at=time(14, 45), location_en="Darland High School",
                                  location_cy="Ysgol Uwchradd Darland", capacity=30,
                                  book_by=TODAY + timedelta(days=10))
        db.session.add(session)
        db.session.commit()
        return session.id


@JAVASCRIPT_ON_AND_OFF
def test_staff_request_places_in_welsh_on_a_phone(app, demo, new_page, session_cookie_for, skills_day_session,
                                                  javascript):
    session_id = skills_day_session
    page = new_page(javascript=javascript, locale="cy-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "cy"}, *session_cookie_for("staff.holt")])
    activity_url = f"/calendar/darland/activities/{demo.activity(SKILLS_DAY).id}"
    page.goto(activity_url)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    box = page.locator(f"#place-box-{session_id}")
    expect(box).to_be_visible()
    expect(page.locator("#places h3").first).to_contain_text("2")  # the day, in Welsh dates
    problems = axe_violations(page) if javascript else []

    # a mistake: no places is not a number of places; the message is in Welsh, beside the field
    page.locator(f"#s{session_id}-places").fill("0")
    page.locator(f"#s{session_id}-submit").click()
    expect(page.locator(f"#place-box-{session_id} .error-summary")).to_be_visible()
    expect(page.locator(f"#s{session_id}-places-error")).to_contain_text("Rhowch rif cyfan o 1 i 30")
    expect(page.locator(f"#s{session_id}-places")).to_have_attribute("aria-invalid", "true")
    problems += axe_violations(page) if javascript else []

    # three places, with the register: first names and initials
    page.locator(f"#s{session_id}-places").fill("3")
    page.locator(f"#s{session_id}-pupil_names").fill("Cerys M.\nOsian P.\nLili J.")
    page.locator(f"#s{session_id}-submit").click()
    if javascript:
        # htmx swapped the box in place: same address, the confirmation inside the box
        expect(page.locator(f"#place-box-{session_id} .message--success")).to_be_visible()
        assert page.url.endswith(activity_url)
        problems += axe_violations(page)
    else:
        # without JavaScript the mistake came back on the session's own page (the same form); sent from
        # there, the request lands on that page with the message
        page.wait_for_load_state()
        assert page.url.endswith(f"/places/sessions/{session_id}"), page.url
        expect(page.locator("#messages .message--success")).to_be_visible()
    expect(page.locator(f"#place-box-{session_id}")).to_contain_text("Cerys M., Osian P., Lili J.")
    expect(page.locator(f"#place-box-{session_id} .tag").first).to_contain_text("3")
    assert page_width(page) <= 390
    assert problems == []
    with app.app_context():
        made = db.session.scalars(select(PlaceRequest).where(PlaceRequest.session_id == session_id)).all()
        assert [(r.school_id, r.places, r.confirmed, r.waiting) for r in made] == [(demo.school("holt").id, 3, 3, 0)]


@JAVASCRIPT_ON_AND_OFF
def test_staff_give_places_back_on_the_session_page(app, demo, new_page, session_cookie_for, signed_in,
                                                    skills_day_session, javascript):
    session_id = skills_day_session
    app.config["WTF_CSRF_ENABLED"] = False
    signed_in("staff.holt").post(f"/places/sessions/{session_id}/requests", data={f"s{session_id}-places": "4"})
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        request_id = db.session.scalar(select(PlaceRequest.id).where(PlaceRequest.session_id == session_id))
    page = new_page(javascript=javascript, locale="cy-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "cy"}, *session_cookie_for("staff.holt")])
    page.goto(f"/places/sessions/{session_id}")
    page.locator(f"#place-box-{session_id} summary").click()  # "give places back" opens, with or without JS
    page.locator(f"#r{request_id}-places").fill("1")
    page.locator(f"#r{request_id}-submit").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert page.url.endswith(f"/places/sessions/{session_id}")
    expect(page.locator("#session-body table")).to_contain_text("1")
    assert page_width(page) <= 390
    if javascript:
        assert axe_violations(page) == []
    with app.app_context():
        assert db.session.get(PlaceRequest, request_id).places == 1
