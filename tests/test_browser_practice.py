"""A member of staff searches the practice library in Welsh and shares a piece from a phone, in a real
browser, with JavaScript on (htmx swaps the results as they type) and off, with axe-core at each step."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.factories import TODAY
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@JAVASCRIPT_ON_AND_OFF
def test_staff_find_practice_by_a_mutated_word_and_share_a_piece_in_welsh(demo, new_page, session_cookie_for,
                                                                           javascript):
    page = new_page(javascript=javascript, locale="cy-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "cy"}, *session_cookie_for("staff.holt")])
    page.goto("/practice/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Llyfrgell arferion")
    problems = axe_violations(page) if javascript else []

    # "bontio" (soft mutation) finds "Pasbortau pontio"; with JavaScript the results change as they type
    page.locator("#q").fill("bontio")
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    else:
        page.get_by_role("button", name="Chwilio").click()
    expect(page.locator("#practice-results")).to_contain_text("Pasbortau pontio")
    expect(page.locator("#practice-results .result-count")).to_have_text(re.compile(r"^1 arfer"))
    if javascript:
        assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(re.compile(r"q=bontio"))  # the address keeps the search, with or without htmx
    assert page_width(page) <= 390

    # a new piece, in Welsh only: a mistake first (no strand), nothing typed is lost
    page.get_by_role("link", name="Rhannu arfer").click()
    page.get_by_label("Teitl yn Gymraeg").fill("Gwersi mathemateg yn yr ardd")
    page.get_by_label("Crynodeb yn Gymraeg").fill("Mesur a chyfri yn yr awyr agored.")
    page.get_by_role("button", name="Cadw").click()
    expect(page.locator(".error-summary")).to_contain_text("Dewiswch linyn")
    expect(page.get_by_label("Teitl yn Gymraeg")).to_have_value("Gwersi mathemateg yn yr ardd")
    problems += axe_violations(page) if javascript else []
    page.get_by_label("Addysgu a dysgu").check()
    page.get_by_label("Mathemateg a Rhifedd").check()
    page.get_by_role("button", name="Cadw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwersi mathemateg yn yr ardd")
    expect(page.locator(".summary-list")).to_contain_text("Drafft")
    problems += axe_violations(page) if javascript else []
    assert problems == []


def test_staff_ask_to_visit_the_host_accepts_and_both_write_what_they_learned(demo, new_page, session_cookie_for):
    visitor = new_page(locale="en-GB", bypass_csp=True,
                       cookies=[{"name": "lang", "value": "en"}, *session_cookie_for("staff.park")])
    visitor.goto("/practice/")
    visitor.get_by_role("link", name="Eisteddfod practice in every class").first.click()
    visitor.get_by_role("link", name="Ask to visit").click()
    visitor.get_by_role("button", name="Ask to visit").click()  # nothing chosen or typed: told what is missing
    expect(visitor.locator(".error-summary")).to_contain_text("Say what you hope to see")
    problems = axe_violations(visitor)
    visitor.get_by_label("Observe a lesson").check()
    visitor.get_by_label("What you hope to see").fill("How every class gets ready for the Eisteddfod.")
    visitor.get_by_role("button", name="Ask to visit").click()
    expect(visitor.locator(".summary-list")).to_contain_text("Waiting for an answer")
    visit_address = visitor.url

    # the day the tests live on is a school day: accepted for today, the notes can be written at once
    host = new_page(locale="en-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "en"}, *session_cookie_for("staff.holt")])
    host.goto("/practice/visits")
    host.get_by_role("link", name="Eisteddfod practice in every class").first.click()
    host.get_by_label("Day of the visit").fill(TODAY.isoformat())
    host.get_by_label("Time (optional)").fill("10:00")
    host.get_by_role("button", name="Accept").click()
    expect(host.locator(".summary-list")).to_contain_text("Accepted")
    expect(host.get_by_role("link", name="in the calendar")).to_be_visible()
    problems += axe_violations(host)
    host.get_by_label("What you learned").fill("Their questions made our pupils explain why, not only how.")
    host.get_by_role("button", name="Save the note").click()
    expect(host.locator(".message")).to_contain_text("Your note is saved")

    visitor.goto(visit_address)
    visitor.get_by_label("What you learned").fill("Every class rehearses in front of another class.")
    visitor.get_by_role("button", name="Save the note").click()
    # without JavaScript the form's answer is a new page: wait for it before following its link
    expect(visitor.locator(".message")).to_contain_text("Your note is saved")
    visitor.get_by_role("link", name="Eisteddfod practice in every class").click()
    expect(visitor.locator("section", has_text="What visitors learned")).to_contain_text("rehearses in front")
    assert page_width(visitor) <= 390
    assert problems == []


def test_staff_attach_a_pdf_to_a_piece_from_a_phone_and_see_it_listed(app, demo, new_page, session_cookie_for,
                                                                       tmp_path):
    from sqlalchemy import select

    from app.extensions import db
    from app.practice.demo import demo_pdf
    from app.practice.models import PracticeItem

    with app.app_context():
        item_id = db.session.scalar(select(PracticeItem.id).where(PracticeItem.title_en == "Outdoor maths trails"))
    worksheet = tmp_path / "Cynllun gwers.pdf"
    worksheet.write_bytes(demo_pdf("Cynllun gwers"))
    page = new_page(javascript=True, locale="en-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "en"}, *session_cookie_for("staff.holt")])
    page.goto(f"/practice/{item_id}")
    expect(page.locator("#attachments")).to_contain_text("Taflen llwybr mathemateg.pdf")
    page.get_by_label("File", exact=True).set_input_files(str(worksheet))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#attachments")).to_contain_text("Cynllun gwers.pdf")
    expect(page.locator("#attachments")).to_contain_text("PDF")
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    # the link downloads the file (never opened in the page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Cynllun gwers.pdf").click()
    assert download.value.suggested_filename == "Cynllun gwers.pdf"
