"""Signing in with Hwb in a real browser, on a phone, against the real test provider: in Welsh, in and out
again; and in English, a refusal said in a sentence."""

import pytest
from playwright.sync_api import expect

from tests.oidc_provider import oidc_provider  # noqa: F401 (a fixture)
from tests.reading import page_width
from tests.test_accessibility import axe_violations
from tests.test_oidc import site  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def _at_the_provider(page, account: str) -> None:
    """oidc-provider's own login page: any password will do."""
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any")
    page.get_by_role("button", name="Sign-in").click()


def test_a_teacher_signs_in_with_hwb_and_a_stranger_is_told_who_to_ask(site, oidc_provider, new_page):  # noqa: F811
    page = new_page(locale="cy-GB", bypass_csp=True, cookies=[{"name": "lang", "value": "cy"}])
    page.goto("/sign-in?next=/account")
    problems = axe_violations(page)
    assert page_width(page) <= 390
    page.get_by_role("link", name="Mewngofnodi gyda Hwb (Microsoft)").click()
    _at_the_provider(page, "ffion")
    page.wait_for_url(f"{site}/account")
    page.get_by_role("button", name="Allgofnodi", exact=True).click()
    # signed out here, and offered Hwb's own sign-out for a computer others use
    expect(page.get_by_role("heading", level=1)).to_have_text("Rydych chi wedi allgofnodi")
    expect(page.get_by_role("link", name="Allgofnodi o'ch cyfrif Hwb (Microsoft) hefyd")).to_have_attribute(
        "href", f"{oidc_provider.issuer}/session/end?client_id=clwstwr")
    problems += axe_violations(page)

    page = new_page(locale="en-GB", cookies=[{"name": "lang", "value": "en"}])
    page.goto("/sign-in")
    page.get_by_role("link", name="Sign in with Google").click()
    _at_the_provider(page, "stranger")
    expect(page.locator(".error-summary")).to_contain_text(
        "There is no account here for someone@elsewhere.example. Ask your school's headteacher or the cluster "
        "admin to add you, then sign in again.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert problems == []
