"""A parent books a transition meeting on a phone, in Welsh, with no account, in a real browser:
JavaScript on and off, axe-core checking every step; then changes and cancels it by the private link."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.bookings.meetings.models import MeetingBooking, MeetingSet
from app.extensions import db
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def transition_meetings(app, demo):
    """The demo's Darland High transition meetings: their public token."""
    with app.app_context():
        return db.session.scalar(select(MeetingSet.token))


@JAVASCRIPT_ON_AND_OFF
def test_a_parent_books_a_transition_meeting_in_welsh_with_no_account(app, new_page, transition_meetings,
                                                                       javascript):
    page = new_page(javascript=javascript, locale="cy-GB", bypass_csp=True)
    problems = []
    page.goto(f"/meetings/b/{transition_meetings}")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cyfarfodydd pontio i rieni a gofalwyr: Blwyddyn 6 i Flwyddyn 7")
    expect(page.get_by_role("link", name="English")).to_be_visible()
    problems += axe_violations(page) if javascript else []

    # Book with nothing filled in: the mistakes, in Welsh, linked from a summary
    page.get_by_role("button", name="Archebu").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Dewiswch amser ar gyfer y cyfarfod")
    expect(summary).to_contain_text("Rhowch eich enw")
    problems += axe_violations(page) if javascript else []

    # a bad e-mail address: what was typed stays
    first_time = page.locator(".option__label").first
    chosen = first_time.get_attribute("for")
    first_time.click()
    page.get_by_label("Eich enw").fill("Siân Roberts")
    page.get_by_label("Enw cyntaf eich plentyn").fill("Gwion R.")
    page.get_by_label("Blwyddyn ysgol eich plentyn nawr").select_option(label="Blwyddyn 6")
    page.get_by_label("Cyfeiriad e-bost").fill("sian-at-example")
    page.get_by_role("button", name="Archebu").click()
    expect(summary).to_contain_text("Rhowch gyfeiriad e-bost fel enw@example.com")
    expect(page.get_by_label("Eich enw")).to_have_value("Siân Roberts")
    expect(page.get_by_label("Enw cyntaf eich plentyn")).to_have_value("Gwion R.")
    expect(page.locator(f"#{chosen}")).to_be_checked()
    assert page_width(page) <= 390

    page.get_by_label("Cyfeiriad e-bost").fill("sian@example.org")
    page.get_by_role("button", name="Archebu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mae eich cyfarfod wedi'i drefnu")
    expect(page.locator(".summary-list")).to_contain_text("Gwion R., Blwyddyn 6")
    private_link = page.locator(".link-card__address a").get_attribute("href")
    assert "/meetings/booking/" in private_link
    assert page_width(page) <= 390
    problems += axe_violations(page) if javascript else []

    # later, from the link: change the time, then cancel
    page.goto(private_link)
    page.get_by_role("link", name="Newid yr amser").click()
    page.locator(".option__label").first.click()
    page.get_by_role("button", name="Newid i'r amser hwn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mae eich cyfarfod wedi symud")
    problems += axe_violations(page) if javascript else []
    page.get_by_role("link", name="Canslo'r cyfarfod").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Canslo'r cyfarfod?")
    problems += axe_violations(page) if javascript else []
    page.get_by_role("button", name="Ie, canslo'r cyfarfod").click()
    expect(page.locator(".message--success")).to_contain_text("Mae eich cyfarfod wedi'i ganslo")
    assert problems == []

    with app.app_context():
        booking = db.session.scalar(select(MeetingBooking).where(MeetingBooking.parent_name == "Siân Roberts"))
        assert (booking.language, booking.child_name, booking.email) == ("cy", "Gwion R.", "sian@example.org")
        assert booking.cancelled_at is not None
    page.goto(private_link)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert page.get_by_role("heading", level=1).text_content() != "Eich cyfarfod"  # the link no longer works


def test_the_school_list_prints_without_the_menus(new_page, session_cookie_for, app, transition_meetings):
    with app.app_context():
        set_id = db.session.scalar(select(MeetingSet.id))
    page = new_page(cookies=[{"name": "lang", "value": "en"}, *session_cookie_for("staff.darland-high")])
    page.goto(f"/meetings/{set_id}/print")
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".no-print").first).to_be_hidden()
    expect(page.locator("table").first).to_contain_text("Gareth Lloyd")
