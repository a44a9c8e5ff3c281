"""A head in a half-termly meeting: the summary filtered to Autumn 2 with JavaScript on and off,
sorted by a column, on a laptop and at phone width, with axe finding nothing."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@JAVASCRIPT_ON_AND_OFF
def test_a_head_filters_the_summary_to_autumn_2_and_sorts_it(app, new_page, session_cookie_for, javascript):
    app.config["TODAY"] = "2025-12-15"  # the day of the demo's Autumn 2 meeting
    page = new_page(javascript=javascript, locale="en-GB", cookies=session_cookie_for("head.holt"), bypass_csp=True)
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
