"""The calendar in a real browser: the year at a glance on a phone and a wide screen in Welsh,
the filters with JavaScript on and off, and a head's round trip from filter to feed."""

import re
from urllib.request import urlopen

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width

pytestmark = pytest.mark.browser


def _term_heading_tops(page) -> list[float]:
    return page.eval_on_selector_all(".year-grid__term-heading", "els => els.map(e => e.getBoundingClientRect().top)")


def test_on_a_phone_the_year_is_a_list_by_term_for_families_in_welsh(new_page, demo):
    page = new_page(locale="cy-GB", width=390)
    page.goto("/calendar/darland/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=2, name=re.compile("Tymor yr Hydref"))).to_be_visible()
    tops = _term_heading_tops(page)
    assert len(tops) == 3 and tops[0] < tops[1] < tops[2]  # stacked, autumn first
    assert page_width(page) <= 390
    expect(page.get_by_role("link", name="Cystadleuaeth Cerfio Pwmpen")).to_be_visible()
    expect(page.get_by_role("link", name="Cyfarfodydd pontio i rieni a gofalwyr")).to_have_count(1)
    expect(page.get_by_role("link", name="Cyfarfod Penaethiaid y Clwstwr")).to_have_count(0)


def test_on_a_wide_screen_the_terms_stand_side_by_side_as_in_the_policy(new_page, session_cookie_for):
    page = new_page(locale="cy-GB", width=1280, cookies=session_cookie_for("leader"))
    page.goto("/calendar/darland/")
    tops = _term_heading_tops(page)
    assert len(set(tops)) == 1  # one row of term headings
    lefts = page.eval_on_selector_all(".year-grid__term-heading",
                                      "els => els.map(e => e.getBoundingClientRect().left)")
    assert lefts == sorted(lefts)
    expect(page.locator(".year-grid__strand-label").first).to_have_text("Addysgu a dysgu")
    assert page_width(page) <= 1280


@JAVASCRIPT_ON_AND_OFF
def test_filtering_the_calendar(new_page, demo, javascript):
    page = new_page(javascript=javascript, locale="en-GB")
    page.goto("/calendar/darland/")
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Term").select_option(label="Spring term")
    page.get_by_label("Strand").select_option(label="Wellbeing, equity and inclusion")
    if not javascript:
        page.get_by_role("button", name="Show").click()
    expect(page.locator(".result-count")).to_have_text("5 activities in 2025/26")  # the year of today
    expect(page).to_have_url(re.compile(r"term=spring.*strand=wellbeing|strand=wellbeing.*term=spring"))
    if javascript:
        assert page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_role("link", name="Easter Egg Decoration Competition")).to_be_visible()
    expect(page.get_by_role("link", name="Pumpkin Carving Competition")).to_have_count(0)


@JAVASCRIPT_ON_AND_OFF
def test_a_head_marks_the_easter_egg_competition_done_and_subscribes_to_holt(
        new_page, session_cookie_for, live_server, javascript):
    page = new_page(javascript=javascript, locale="cy-GB", cookies=session_cookie_for("head.holt"))
    page.goto("/calendar/darland/?term=spring&strand=wellbeing")
    page.get_by_role("link", name="Cystadleuaeth Addurno Wy Pasg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cystadleuaeth Addurno Wy Pasg")
    page.get_by_label("Wedi'i gwblhau").check()
    page.get_by_label("Nodyn").fill("62 o geisiadau o bum ysgol")
    page.get_by_role("button", name="Cadw'r statws").click()
    expect(page.get_by_text("Mae'r statws wedi'i gadw.")).to_be_visible()
    page.reload()
    expect(page.locator(".activity-page__tags")).to_contain_text("Wedi'i gwblhau")

    page.goto("/calendar/darland/")
    page.get_by_text("Ychwanegu'r calendr at eich ffôn neu'ch cyfrifiadur").click()
    holt = page.get_by_role("link", name=re.compile(r"^cyfeiriad gwe\s*:\s*Ysgol Gynradd Gymunedol Holt$"))
    address = holt.get_attribute("href")
    assert address.startswith(live_server + "/calendar/darland/schools/holt/feed.ics?key=")
    webcal = page.get_by_role("link", name="Ysgol Gynradd Gymunedol Holt", exact=True).get_attribute("href")
    assert webcal == "webcal://" + address.split("://", 1)[1]
    with urlopen(address) as response:  # what a calendar app does with the address
        calendar = Calendar.from_ical(response.read())
    titles = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert "Cystadleuaeth Addurno Wy Pasg" in titles and "Cyfarfod Penaethiaid y Clwstwr" in titles
