"""A head brings two members of staff in from a spreadsheet on a phone, in a real browser: a file with a
mistake first, then the corrected one previewed and saved; with JavaScript on (htmx swaps the forms in
place) and off, axe-core checking every step."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

HEADER = "Enw;Cyfeiriad e-bost;Ysgol;Rôl;Teitl y swydd yn Gymraeg\n"


def _file(rows: str) -> dict:
    return {"name": "staff.csv", "mimeType": "text/csv", "buffer": (HEADER + rows).encode("utf-8-sig")}


@JAVASCRIPT_ON_AND_OFF
def test_a_head_uploads_previews_and_saves_a_file_of_staff(app, demo, new_page, session_cookie_for, javascript):
    page = new_page(javascript=javascript, bypass_csp=True,
                    cookies=[{"name": "lang", "value": "cy"}, *session_cookie_for("head.holt")])
    page.goto("/admin/people")
    page.get_by_role("link", name="Ychwanegu pobl o ffeil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ychwanegu pobl o ffeil")
    problems = axe_violations(page) if javascript else []

    # a row for another school: the preview says which, and offers no button
    page.get_by_label("Ffeil").set_input_files(_file("Mari Lloyd;mari@holt.example;holt;Staff;Athrawes\n"
                                                     "Siôn Park;sion@park.example;park;Staff;Athro\n"))
    page.get_by_role("button", name="Llwytho i fyny a rhagweld").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Rhes 3 (Siôn Park <sion@park.example>): Dim ond pobl eich ysgol eich hun")
    expect(page.get_by_role("button", name="Cadw'r newidiadau hyn")).to_have_count(0)
    problems += axe_violations(page) if javascript else []
    assert page_width(page) <= 390

    # the corrected file: previewed, then saved
    page.get_by_role("link", name="Llwytho ffeil arall i fyny").click()
    page.get_by_label("Ffeil").set_input_files(_file("Mari Lloyd;mari@holt.example;holt;Staff;Athrawes\n"
                                                     "Siôn Bryn;sion@holt.example;Ysgol Gynradd Gymunedol Holt;;\n"))
    page.get_by_role("button", name="Llwytho i fyny a rhagweld").click()
    expect(page.locator("#import-preview")).to_contain_text("2 i'w hychwanegu")
    expect(page.locator("#import-preview")).to_contain_text("Athrawes")
    problems += axe_violations(page) if javascript else []
    assert page_width(page) <= 390
    page.get_by_role("button", name="Cadw'r newidiadau hyn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pobl")
    expect(page.locator(".message--success")).to_contain_text("staff.csv")
    assert problems == []
    with app.app_context():
        saved = db.session.scalars(select(User).where(User.email.in_(["mari@holt.example", "sion@holt.example"]))
                                   .order_by(User.email)).all()
        assert [(person.name, person.school_id, person.job_title_cy) for person in saved] == [
            ("Mari Lloyd", demo.school("holt").id, "Athrawes"), ("Siôn Bryn", demo.school("holt").id, "")]
