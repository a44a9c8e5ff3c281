"""axe-core finds no WCAG 2.2 AA problem on any page, in either language, at phone width."""

from pathlib import Path

import axe_playwright_python
import pytest

from tests.conftest import BACKENDS
from tests.routes import pages
from tests.routes_common import VISITORS

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """Run axe-core on the page; one line per rule broken, with where."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # a walk loads it with every page already
        page.add_script_tag(path=str(AXE_SCRIPT))
    # resultTypes: the nodes of passes and inapplicable rules are not gathered, only of violations
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", WCAG_22_AA)
    return [f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            for violation in result["violations"]]


def _is_html_page(app, url, cookies) -> bool:
    client = app.test_client()
    for cookie in cookies:
        client.set_cookie(cookie["name"], cookie["value"])
    response = client.get(url)
    return response.status_code == 200 and response.mimetype == "text/html"


#: each kind of visitor, and the admin a second time on the public pages, where they see the buttons
#: and panels that manage them: one test each, so the workers share the walk
WALKS = (*VISITORS, "admin-on-public-pages")
#: the walk in English: the public pages as families see them, in either language; the staff pages,
#: and the admin's buttons on the public ones, are walked in Welsh only, since the two languages
#: share every template and differ only in words
ENGLISH_WALKS = ("anonymous",)


# Pages render the same on either database, so each language walks its pages on one of them.
@pytest.mark.parametrize(("backend", "language", "walk"), [
    *(pytest.param(*BACKENDS[0].values, "cy", walk, id=f"sqlite-cy-{walk}", marks=BACKENDS[0].marks)
      for walk in WALKS),
    *(pytest.param(*BACKENDS[1].values, "en", walk, id=f"postgresql-en-{walk}", marks=BACKENDS[1].marks)
      for walk in ENGLISH_WALKS),
], indirect=["backend"])
def test_every_page_passes_axe_at_phone_width(app, demo, new_page, session_cookie_for, language, walk):
    # Each page as the first kind of visitor who may open it, and a public page also as an admin.
    visitor = "admin" if walk == "admin-on-public-pages" else walk
    urls = [route.url for route in pages(app, demo)
            if (walk == visitor == route.first_allowed_visitor())
            or (walk == "admin-on-public-pages" and route.first_allowed_visitor() == "anonymous")]
    cookies = [{"name": "lang", "value": language}]
    if visitor != "anonymous":
        cookies += session_cookie_for(visitor)
    page = new_page(cookies=cookies, bypass_csp=True)
    page.context.add_init_script(path=str(AXE_SCRIPT))
    found = []
    for url in urls:
        if _is_html_page(app, url, cookies):  # feeds and redirects: nothing for axe to read
            page.goto(url)
            found += [f"as {visitor}: {problem}" for problem in axe_violations(page)]
    assert found == []


@pytest.mark.parametrize("language", ["cy", "en"])
def test_forms_with_mistakes_pass_axe(new_page, session_cookie_for, language):
    page = new_page(cookies=[{"name": "lang", "value": language}, *session_cookie_for("admin")],
                    bypass_csp=True)
    page.goto("/admin/people/new")
    page.locator("#person-form [type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert axe_violations(page) == []
