"""A convenor plans a network meeting into the calendar and agrees an action at it, on a phone, in a real
browser: with JavaScript on (htmx swaps the forms in place) and off, axe-core checking every step."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.networks.models import Network
from app.summaries.models import Action
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@JAVASCRIPT_ON_AND_OFF
def test_a_convenor_plans_a_meeting_and_agrees_an_action(app, demo, new_page, session_cookie_for, javascript):
    with app.app_context():
        network_id = db.session.scalar(select(Network.id).where(Network.name_en == "Curriculum Leaders"))
    page = new_page(javascript=javascript, locale="en-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "en"}, *session_cookie_for("staff.holt")])
    page.goto("/networks/")
    page.get_by_role("link", name="Curriculum Leaders").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Curriculum Leaders")
    problems = axe_violations(page) if javascript else []
    assert page_width(page) <= 390

    # a day in the Christmas holiday is refused, with the place kept as typed
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Day").fill("2025-12-29")
    page.get_by_label("Where, in English").fill("Holt CP School, the hall")
    page.get_by_role("button", name="Put it in the calendar").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a day in term time")
    expect(page.get_by_label("Where, in English")).to_have_value("Holt CP School, the hall")
    problems += axe_violations(page) if javascript else []
    page.get_by_label("Day").fill("2026-03-04")
    page.get_by_label("Starts at").fill("15:30")
    page.get_by_role("button", name="Put it in the calendar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Network meeting")
    expect(page.locator(".message--success")).to_contain_text("The meeting is in the calendar")
    problems += axe_violations(page) if javascript else []

    # an action: a mistake first, then agreed
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#new-action .error-summary")).to_contain_text("Write the action in English, in Welsh")
    page.get_by_label("The action in English").fill("Share the Humanities maps")
    page.get_by_label("Owner").select_option(label="Lowri Thomas")
    page.get_by_label("Due by").fill("2026-03-20")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#agreed-actions .action-list")).to_contain_text("Share the Humanities maps")
    problems += axe_violations(page) if javascript else []
    assert page_width(page) <= 390

    # the meeting is in the calendar, in Spring 2
    page.get_by_role("link", name="In the calendar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Curriculum Leaders")
    assert problems == []
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.text_en == "Share the Humanities maps"))
        half = action.meeting.half_term
        assert action.meeting.network_id == network_id and (half.term.kind.value, half.number) == ("spring", 2)
