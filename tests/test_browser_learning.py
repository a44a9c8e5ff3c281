"""A member of staff signs up for professional learning on a phone, their head records that they went, and the
evaluation waits on their home page until they have answered it, in a real browser with JavaScript on and
off, axe-core checking the pages."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.calendar.models import Activity
from app.extensions import db
from app.learning.models import LearningActivity, Participant
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

WELLBEING_DAY = "Joint staff wellbeing day"


@JAVASCRIPT_ON_AND_OFF
def test_sign_up_attendance_and_the_evaluation_on_the_home_page(app, demo, new_page, session_cookie_for,
                                                                 javascript):
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).where(Activity.title_en == WELLBEING_DAY,
                                                                  Activity.academic_year_id == demo.year.id))
        db.session.execute(Participant.__table__.delete().where(Participant.activity_id == activity_id))
        db.session.commit()
        held_on = db.session.get(LearningActivity, activity_id).held_on
    english = {"name": "lang", "value": "en"}
    staff = new_page(javascript=javascript, locale="en-GB", bypass_csp=True,
                     cookies=[english, *session_cookie_for("staff.park")])
    staff.goto(f"/calendar/darland/activities/{activity_id}")
    panel = staff.locator("#learning")
    expect(panel).to_contain_text("Professional learning")
    panel.get_by_role("button", name="Sign up").click()
    expect(staff.locator(".message--success")).to_contain_text("is signed up")
    expect(staff.locator("#learning")).to_contain_text("You are signed up.")
    problems = axe_violations(staff) if javascript else []
    assert page_width(staff) <= 390

    # the day comes; Park's head records who went
    app.config["TODAY"] = held_on.isoformat()
    head = new_page(javascript=javascript, locale="en-GB", bypass_csp=True,
                    cookies=[english, *session_cookie_for("head.park")])
    head.goto(f"/learning/activities/{activity_id}/attendance")
    head.get_by_label(demo.user("staff.park").name).check()
    head.get_by_role("button", name="Save who went").click()
    expect(head.locator(".message--success")).to_contain_text("Saved who went")
    expect(head.get_by_label(demo.user("staff.park").name)).to_be_checked()
    problems += axe_violations(head) if javascript else []

    # the evaluation waits on the home page; answered, it goes
    staff.goto("/")
    link = staff.locator("#learning-surveys").get_by_role("link", name=f"How was “{WELLBEING_DAY}”?")
    link.click()
    staff.get_by_role("button", name="Start").click()
    for number in (1, 2, 3):  # the evaluation's three pages: the first answer to each question with choices
        expect(staff).to_have_url(re.compile(f"/{number}$"))
        names = staff.eval_on_selector_all("input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]")
        for name in names:  # (styled: each input is drawn by its label)
            staff.locator(f"input[name='{name}']").first.check(force=True)
        staff.get_by_role("button", name="Next" if number < 3 else "Check your answers").click()
    staff.get_by_role("button", name="Send").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Thank you")
    staff.goto("/")
    expect(staff.locator("#learning-surveys").get_by_role("link", name=f"How was “{WELLBEING_DAY}”?")).to_have_count(0)
    staff.goto("/learning/record")
    row = staff.locator("tr", has_text=WELLBEING_DAY)
    expect(row.locator("td[data-label='Evaluated']")).to_have_text("Yes")
    assert problems == []
