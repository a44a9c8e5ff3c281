"""A leader records a grant, spends some of their school's share and reads the cluster table, on a phone in a
real browser with htmx swapping the forms in place, axe-core checking every step (and the page a member of
staff reads of it, in Welsh)."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.funds.models import Fund, Spending
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def test_a_leader_records_a_grant_and_spending_and_sees_the_table(app, demo, new_page, session_cookie_for):
    page = new_page(locale="en-GB", bypass_csp=True,
                    cookies=[{"name": "lang", "value": "en"}, *session_cookie_for("head.holt")])
    page.goto("/funds/")
    problems = axe_violations(page)
    page.get_by_role("link", name="Record a fund").click()
    page.get_by_label("Name in English").fill("Wellbeing grant")
    page.get_by_label("Amount in pounds (optional)").first.fill("1,200.5O")
    page.get_by_label("Release days (optional)").fill("60")
    page.get_by_label("By the number of pupils on roll").check()
    page.get_by_role("button", name="Save the fund").click()
    # a mistake comes back at its field, in place, with what was typed
    expect(page.locator(".error-summary")).to_contain_text("Enter an amount in pounds, like 1,250.50 or £300")
    expect(page.get_by_label("Name in English")).to_have_value("Wellbeing grant")
    problems += axe_violations(page)
    page.get_by_label("Amount in pounds (optional)").first.fill("£1,200.50")
    page.get_by_role("button", name="Save the fund").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wellbeing grant")
    expect(page.locator(".message--success")).to_contain_text("The fund is saved")
    problems += axe_violations(page)

    page.get_by_role("link", name="Record spending").click()
    expect(page.get_by_label("School")).to_have_value(str(demo.school("holt").id))
    page.get_by_label("Release time or supply cover").check()
    page.get_by_label("Amount in pounds").fill("45")
    page.get_by_label("Release days").fill("9")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator(".error-summary")).to_contain_text("more release time than the school has left")
    problems += axe_violations(page)
    page.get_by_label("Release days").fill("1.5")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wellbeing grant")
    holt = page.get_by_role("row").filter(has_text="Holt CP School").first
    expect(holt).to_contain_text("£45.00")
    expect(holt).to_contain_text("1½ days")
    expect(page.get_by_role("row").filter(has_text="All schools")).to_contain_text("£1,200.50")
    problems += axe_violations(page)
    assert page_width(page) <= 390

    with app.app_context():
        fund_id = db.session.scalar(select(Fund.id).where(Fund.name_en == "Wellbeing grant"))
        assert db.session.scalars(select(Spending.amount_pence).where(Spending.fund_id == fund_id)).all() == [4500]
    staff = new_page(bypass_csp=True, cookies=[{"name": "lang", "value": "cy"}, *session_cookie_for("staff.holt")])
    staff.goto(f"/funds/{fund_id}")
    expect(staff.get_by_role("heading", level=2).first).to_contain_text("Eich ysgol: Ysgol Gynradd Gymunedol Holt")
    problems += axe_violations(staff)
    assert page_width(staff) <= 390
    assert problems == []
