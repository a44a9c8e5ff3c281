"""axe-core finds no WCAG 2.2 AA problem on any page, in either language, at phone width."""

from pathlib import Path

import axe_playwright_python
import pytest

from tests.routes import pages

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """Run axe-core on the page; one line per rule broken, with where."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            for violation in result["violations"]]


@pytest.mark.parametrize("language", ["cy", "en"])
def test_every_page_passes_axe_at_phone_width(app, demo, new_page, session_cookie_for, language):
    found = []
    for route in pages(app, demo):
        visitor = route.first_allowed_visitor()
        cookies = [{"name": "lang", "value": language}]
        if visitor != "anonymous":
            cookies += session_cookie_for(visitor)
        page = new_page(cookies=cookies, bypass_csp=True)
        response = page.goto(route.url)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        found += axe_violations(page)
        page.context.close()
    assert found == []


@pytest.mark.parametrize("language", ["cy", "en"])
def test_forms_with_mistakes_pass_axe(new_page, session_cookie_for, language):
    page = new_page(cookies=[{"name": "lang", "value": language}, *session_cookie_for("admin")],
                    bypass_csp=True)
    page.goto("/admin/people/new")
    page.locator("#person-form [type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert axe_violations(page) == []
