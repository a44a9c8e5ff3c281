"""The shell in a real browser at phone width: signing in, the language switch, and an
htmx-enhanced list and form, each with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.factories import PASSWORD
from tests.reading import page_width

pytestmark = pytest.mark.browser


def test_a_leader_signs_in_in_welsh_on_a_phone_and_finds_the_schools_and_people(new_page, demo):
    page = new_page(locale="cy-GB")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_role("link", name="Mewngofnodi", exact=True).first.click()
    page.get_by_label("Cyfeiriad e-bost").fill("head.holt@darland.example")
    page.get_by_label("Cyfrinair").fill(PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Croeso, Owain Jones")

    page.get_by_role("navigation").get_by_role("link", name="Ysgolion").click()
    expect(page.get_by_role("row", name=re.compile("Ysgol Gynradd Gymunedol Holt"))).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Pobl").click()
    expect(page.get_by_text("Dafydd Lloyd")).to_be_visible()
    assert page_width(page) <= 390


def test_the_language_switch_keeps_the_page_and_is_remembered(new_page, demo):
    page = new_page(locale="cy-GB")
    page.goto("/sign-in?next=/admin/people")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/admin/people$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clwstwr")
    expect(page.locator("html")).to_have_attribute("lang", "cy")


@JAVASCRIPT_ON_AND_OFF
def test_filtering_the_people_list(new_page, session_cookie_for, javascript):
    page = new_page(javascript=javascript, locale="en-GB", cookies=session_cookie_for("admin"))
    page.goto("/admin/people")
    expect(page.locator(".result-count")).to_have_text("14 people")
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
        page.get_by_label("Name or email").fill("holt")
        expect(page.locator(".result-count")).to_have_text("2 people")
        assert page.evaluate("window.stillTheSamePage") is True  # swapped, not reloaded
        expect(page).to_have_url(re.compile(r"q=holt"))  # the address can be shared
    else:
        page.get_by_label("Name or email").fill("holt")
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"q=holt"))
        expect(page.locator(".result-count")).to_have_text("2 people")
    expect(page.get_by_role("row", name=re.compile("Owain Jones"))).to_be_visible()


@JAVASCRIPT_ON_AND_OFF
def test_adding_a_person_shows_mistakes_in_place_then_saves(new_page, session_cookie_for, javascript):
    page = new_page(javascript=javascript, locale="en-GB", cookies=session_cookie_for("admin"))
    page.goto("/admin/people/new")
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Save person").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter the person's name")
    if javascript:
        assert page.evaluate("window.stillTheSamePage") is True
        expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter the person's name").click()
    expect(page.get_by_label("Full name")).to_be_focused()

    page.get_by_label("Full name").fill("Catrin Huws")
    page.get_by_label("Email address").fill("catrin@holt.example")
    page.get_by_label("School").select_option(label="Holt CP School")
    page.get_by_label("Temporary password").fill("a-temporary-password")
    page.get_by_role("button", name="Save person").click()
    expect(page).to_have_url(re.compile(r"/admin/people(#.*)?$"))  # a fragment survives redirects
    expect(page.locator(".message--success")).to_have_text("Catrin Huws is saved.")


@JAVASCRIPT_ON_AND_OFF
def test_deactivating_a_person(new_page, session_cookie_for, javascript):
    page = new_page(javascript=javascript, locale="en-GB", cookies=session_cookie_for("admin"))
    page.goto("/admin/people?q=park")
    row = page.get_by_role("row", name=re.compile("Lowri Thomas"))
    row.get_by_role("button", name=re.compile("Deactivate")).click()
    if javascript:  # the row changes in place
        row = page.get_by_role("row", name=re.compile("Lowri Thomas"))
        expect(row).to_contain_text("Deactivated")
        expect(row.get_by_role("button", name=re.compile("Reactivate"))).to_be_visible()
    else:  # the same filtered list comes back, which shows active people only
        expect(page.locator(".message--success")).to_have_text("Lowri Thomas can no longer sign in.")
        expect(page.get_by_role("row", name=re.compile("Lowri Thomas"))).to_have_count(0)
    expect(page).to_have_url(re.compile(r"q=park"))
