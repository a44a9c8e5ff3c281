"""A family answers a survey on a phone, in a real browser: Welsh first, English halfway,
JavaScript on and off, with axe-core checking every step."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.surveys.models import Response
from app.surveys.services import change_state, create_from_template
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def family_survey(app, demo):
    """The ready-made family survey, published, with Holt's link."""
    with app.app_context():
        admin = db.session.get(User, demo.user("admin").id)
        survey = create_from_template(admin, "family_event")
        change_state(admin, survey, "publish")
        holt = next(link for link in survey.links if link.school.slug == "holt")
        return survey.id, holt.token


def answer_this_page(page) -> None:
    """Answer every question showing: the last (happiest) face, the first option, some words.

    An answer may bring a question into view (htmx), so go round until every one shown is answered.
    """
    answered = set()
    while True:
        page.wait_for_load_state("networkidle")
        waiting = [q for q in page.locator(".question:visible").all() if q.get_attribute("id") not in answered]
        if not waiting:
            return
        for question in waiting:
            answered.add(question.get_attribute("id"))
            labels = question.locator(".option__label")
            if question.locator("input[type=radio]").count():
                labels.nth(labels.count() - 1 if question.locator(".face").count() else 0).click()
            elif question.locator("input[type=checkbox]").count():
                labels.first.click()
            elif question.locator("textarea, input[type=text]").count():
                question.locator("textarea, input[type=text]").first.fill("Diolch – thank you")


@JAVASCRIPT_ON_AND_OFF
def test_a_family_answers_in_welsh_switches_to_english_and_sends(app, new_page, family_survey, javascript):
    survey_id, token = family_survey
    page = new_page(javascript=javascript, locale="cy-GB", bypass_csp=True)
    problems = []
    page.goto(f"/s/{token}")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator(".survey__school")).to_have_text("Ysgol Gynradd Gymunedol Holt")
    problems += axe_violations(page) if javascript else []
    page.get_by_role("button", name="Dechrau").click()
    expect(page.locator(".progress-text")).to_have_text("Adran 1 o 3")
    problems += axe_violations(page) if javascript else []

    # Next without answering: the mistakes are listed and linked, in Welsh, and nothing moves on
    page.get_by_role("button", name="Nesaf").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".progress-text")).to_have_text("Adran 1 o 3")
    problems += axe_violations(page) if javascript else []
    # each message names its question, and each link is a finger-sized target (GOV.UK: 44 px)
    links = page.locator(".error-summary__list a").all()
    assert links and all(link.inner_text().startswith("Atebwch “") for link in links)
    assert min(link.bounding_box()["height"] for link in links) >= 44
    answer_this_page(page)
    chosen = page.locator(".option__input:checked").first.get_attribute("id")
    page.get_by_role("button", name="Nesaf").click()
    expect(page.locator(".progress-text")).to_have_text("Adran 2 o 3")
    assert page_width(page) <= 390

    # halfway, English: the same page, and going back finds the answers given in Welsh
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".progress-text")).to_have_text("Section 2 of 3")
    problems += axe_violations(page) if javascript else []
    page.get_by_role("button", name="Back").click()
    expect(page.locator(".progress-text")).to_have_text("Section 1 of 3")
    expect(page.locator(f"#{chosen}")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    answer_this_page(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".progress-text")).to_have_text("Section 3 of 3")
    answer_this_page(page)
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    problems += axe_violations(page) if javascript else []
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    problems += axe_violations(page) if javascript else []
    assert problems == []

    with app.app_context():
        responses = db.session.scalars(select(Response).where(Response.survey_id == survey_id)).all()
        assert [(r.language, len(r.answers) > 5) for r in responses] == [("en", True)]


def test_with_javascript_the_pages_change_without_loading(new_page, family_survey):
    _survey_id, token = family_survey
    page = new_page(locale="en-GB")
    page.goto(f"/s/{token}")
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".progress-text")).to_have_text("Section 1 of 3")
    page.evaluate("window.stillTheSamePage = true")
    answer_this_page(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".progress-text")).to_have_text("Section 2 of 3")
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(re.compile(r"/2$"))
    # the language switch is a button of the page's form, which follows the address htmx moved to
    expect(page.locator("#language-switch")).to_have_attribute("form", "section-form")
    assert page.locator("#section-form").get_attribute("action").endswith("/2")


@JAVASCRIPT_ON_AND_OFF
def test_switching_language_mid_page_keeps_what_was_chosen_there(app, new_page, family_survey, javascript):
    """The switch sends the page's answers (unchecked) before the language changes: nothing is lost."""
    _survey_id, token = family_survey
    page = new_page(javascript=javascript, locale="en-GB")
    page.goto(f"/s/{token}")
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".progress-text")).to_have_text("Section 1 of 3")
    answer_this_page(page)
    chosen = [element.get_attribute("id") for element in page.locator(".option__input:checked").all()]
    written = page.locator("textarea, input[type=text]").first.input_value() if page.locator(
        "textarea, input[type=text]").count() else None
    assert chosen
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator(".progress-text")).to_have_text("Adran 1 o 3")
    for element_id in chosen:
        expect(page.locator(f"#{element_id}")).to_be_checked()
    if written:
        expect(page.locator("textarea, input[type=text]").first).to_have_value(written)
    expect(page.locator(".error-summary")).to_have_count(0)  # switching is not a Next: nothing is checked


def test_the_stylesheet_a_family_page_carries_inside_it_is_applied_under_the_policy(new_page, family_survey):
    # the real browser enforces the Content-Security-Policy: the <style> is allowed by its hash alone
    _survey_id, token = family_survey
    page = new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(f"/s/{token}")
    start = page.get_by_role("button", name="Dechrau")
    assert start.evaluate("button => getComputedStyle(button).backgroundColor") == "rgb(11, 90, 74)"  # --brand
    assert start.bounding_box()["height"] >= 44
    assert refused == []


def test_without_javascript_the_next_page_finds_the_stylesheet_fetched_while_the_start_page_was_read(
        new_page, family_survey):
    _survey_id, token = family_survey
    page = new_page(javascript=False)
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    fetched = []  # the stylesheet's answers that came over the network, not from the browser's cache
    devtools.on("Network.responseReceived", lambda event: fetched.append(event["response"]["url"]) if (
        "/css/app.css" in event["response"]["url"] and not event["response"].get("fromDiskCache")
        and not event["response"].get("fromPrefetchCache")) else None)
    page.goto(f"/s/{token}", wait_until="networkidle")
    assert len(fetched) == 1  # the prefetch, while the start page is read
    page.get_by_role("button", name="Dechrau").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("link[rel=stylesheet]").count() == 1  # a whole page, linking the file…
    next_button = page.locator("#section-form button[name=go][value=next]")
    assert next_button.evaluate("button => getComputedStyle(button).backgroundColor") == "rgb(11, 90, 74)"
    assert len(fetched) == 1  # …which it did not wait for: it was in the cache
