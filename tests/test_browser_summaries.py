"""A head in a half-termly meeting: the summary filtered to Autumn 2 with JavaScript on and off,
sorted by a column, on a laptop and at phone width, with axe finding nothing."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@JAVASCRIPT_ON_AND_OFF
def test_a_head_filters_the_summary_to_autumn_2_and_sorts_it(app, new_page, session_cookie_for, javascript):
    app.config["TODAY"] = "2025-12-15"  # the day of the demo's Autumn 2 meeting
    page = new_page(javascript=javascript, locale="en-GB", cookies=session_cookie_for("head.holt"), bypass_csp=True,
                    width=1280)
    page.goto("/summary/")
    expect(page.get_by_role("heading", level=2, name="Autumn 2 2025/26")).to_be_visible()
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Period", exact=True).select_option(label="Autumn 1")
    if not javascript:
        page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2, name="Autumn 1 2025/26")).to_be_visible()
    expect(page).to_have_url(re.compile(r"year=2025.*period=autumn-1"))
    expect(page.get_by_text("Each figure is shown beside the same figure for Summer 2 2024/25")).to_be_visible()

    page.get_by_role("link", name="Competition entries").click()
    header = page.locator("#participation th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(re.compile(r"sort=participation\.entries%3Adesc|sort=participation\.entries:desc"))
    if javascript:
        assert page.evaluate("window.stillTheSamePage") is True
        assert axe_violations(page) == []  # axe is a script: it runs only where scripts do
    figures = page.locator("#participation tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(text.split()[0]) for text in figures]
    assert numbers == sorted(numbers, reverse=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page_width(page) <= 390
    # on a phone each row is a card: the headings that sort are not shown, a list does it
    page.get_by_label("Order the Participation by").select_option(label="Room hours, highest first")
    if not javascript:
        page.locator("#participation").get_by_role("button", name="Order").click()
    expect(page).to_have_url(re.compile(r"sort=participation\.room_hours%3Adesc"))
    expect(page.get_by_label("Order the Participation by")).to_have_value("participation.room_hours:desc")


#: what the summary pages must keep to, measured in the page: the document and each table within
#: the window, and no chart text under 12 CSS px
MEASURE = """() => {
  const tooWide = [...document.querySelectorAll('.table-wrap')]
    .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1)
    .map(wrap => wrap.getAttribute('aria-label') + ': ' + wrap.scrollWidth + ' in ' + wrap.clientWidth);
  const texts = [...document.querySelectorAll('.bar-chart *, svg text')]
    .filter(element => [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim()));
  const small = texts.map(element => parseFloat(getComputedStyle(element).fontSize))
    .filter(size => size < 12);
  return {page: document.documentElement.scrollWidth, tooWide, small, texts: texts.length};
}"""


def test_the_summary_and_the_pack_fit_a_phone_a_laptop_and_a4(app, make, new_page, session_cookie_for):
    from app.summaries.models import LeadershipMeeting
    app.config["TODAY"] = "2025-12-15"
    with make.session() as session:
        meeting = session.scalar(select(LeadershipMeeting).where(LeadershipMeeting.network_id.is_(None))
                                 .order_by(LeadershipMeeting.held_on.desc()))
    for locale in ("cy-GB", "en-GB"):
        page = new_page(locale=locale, cookies=session_cookie_for("head.holt"))
        for path in ("/summary/?year=2025&period=autumn-2", "/summary/?year=2025&period=",
                     f"/summary/meetings/{meeting.id}/pack"):
            page.goto(path)
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_load_state("load")
                found = page.evaluate(MEASURE)
                where = f"{path} at {width} px in {locale}"
                assert found["page"] <= width, f"{where}: the page is {found['page']} px wide"
                assert found["tooWide"] == [], where
                assert found["small"] == [], f"{where}: chart text under 12 px"
                if "pack" not in path:
                    assert found["texts"] > 0, f"{where}: no chart measured"
            # printed on A4: tables of many columns go on landscape pages, 273 mm (1,032 px) wide
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 1032, "height": 730})
            assert page.evaluate(MEASURE)["tooWide"] == [], f"{path} printed in {locale}"
            page.emulate_media(media="screen")
