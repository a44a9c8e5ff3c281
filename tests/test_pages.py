"""Every page renders in Welsh and in English, with the switch, and every response is locked down."""

import base64
import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import sign_in_client
from tests.routes import pages


def _get(app, demo, route, language):
    client = app.test_client()
    visitor = route.first_allowed_visitor()
    if visitor != "anonymous":
        sign_in_client(client, demo.user(visitor))
    client.set_cookie("lang", language)
    return client.get(route.url)


@pytest.mark.parametrize("language", ["cy", "en"])
def test_every_page_renders_in_both_languages_with_the_switch(app, demo, language):
    other = "en" if language == "cy" else "cy"
    problems = []
    for route in pages(app, demo):
        response = _get(app, demo, route, language)
        if response.status_code >= 400:
            problems.append(f"{route.url}: {response.status_code}")
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        html = response.get_data(as_text=True)
        if f'<html lang="{language}">' not in html:
            problems.append(f"{route.url}: no <html lang={language}>")
        if not re.search(rf'href="/language/{other}\?next=[^"]*"', html):
            problems.append(f"{route.url}: no switch to {other}")
    assert problems == []


def test_every_response_carries_the_security_headers(app, demo):
    missing = []
    for route in pages(app, demo):
        response = _get(app, demo, route, "cy")
        policy = response.headers.get("Content-Security-Policy", "")
        checks = {
            # a file download allows no script at all (default-src 'none', in a sandbox)
            "CSP without inline script": ("script-src 'self'" in policy or "default-src 'none'" in policy
                                          and "script-src" not in policy) and "unsafe-inline" not in policy,
            "frame-ancestors 'none'": "frame-ancestors 'none'" in policy,
            "X-Content-Type-Options": response.headers.get("X-Content-Type-Options") == "nosniff",
            "Referrer-Policy": bool(response.headers.get("Referrer-Policy")),
        }
        missing += [f"{route.url}: {name}" for name, ok in checks.items() if not ok]
    assert missing == []


def test_error_pages_are_bilingual(client):
    client.set_cookie("lang", "cy")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in response.get_data(as_text=True)
    client.set_cookie("lang", "en")
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)


def test_a_page_asked_for_by_htmx_varies_on_the_header(signed_in):
    response = signed_in("admin", htmx=True).get("/admin/people")
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in response.get_data(as_text=True)


def test_pages_and_static_files_reach_a_phone_compressed(client):
    browser_asks_for = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends
    for url in ("/", "/static/vendor/htmx-2.0.11.min.js", "/static/css/app.css", "/static/js/app.js"):
        plain = client.get(url)
        squeezed = client.get(url, headers=browser_asks_for)
        assert squeezed.headers.get("Content-Encoding") in ("zstd", "br", "gzip"), url
        assert len(squeezed.get_data()) < 0.6 * len(plain.get_data()), url


def test_static_files_are_addressed_by_their_content_and_kept_for_a_year(app, client, tmp_path):
    page = client.get("/").text
    addresses = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert {address.split("?")[0] for address in addresses} >= {
        "/static/css/app.css", "/static/vendor/htmx-2.0.11.min.js", "/static/js/app.js"}
    for address in addresses:
        path, version = re.fullmatch(r"/static/([^?]+)\?v=([0-9a-f]{12})", address).groups()
        assert version == hashlib.sha256((Path(app.static_folder) / path).read_bytes()).hexdigest()[:12]
        kept = client.get(address).headers
        assert {"max-age=31536000", "immutable", "public"} <= set(kept["Cache-Control"].split(", ")), address
        assert "ETag" not in kept and "Last-Modified" not in kept  # never checked again: no validators
        # the bare address, or one whose file has changed since, is checked again each time
        for stale in (f"/static/{path}", f"/static/{path}?v=000000000000"):
            assert "immutable" not in client.get(stale).headers.get("Cache-Control", ""), stale


def test_a_static_file_is_the_same_whatever_the_session_cookie(signed_in):
    # a changed session cookie (a family's Start, a sign-in) must not make a browser fetch every file again
    client = signed_in("admin")
    address = re.search(r'href="(/static/css/app\.css\?v=\w+)"', client.get("/").text).group(1)
    for response in (client.get(address), client.get("/static/css/app.css")):
        assert "Cookie" not in response.headers.get("Vary", "") and "Set-Cookie" not in response.headers
    assert "Cookie" in client.get("/").headers["Vary"]  # pages still say so


def test_a_fragment_brings_the_language_switch_for_its_own_address(signed_in):
    response = signed_in("admin", htmx=True).get("/admin/people?q=holt")
    assert 'id="language-switch" href="/language/en?next=/admin/people?q%3Dholt"' in response.text
    assert 'hx-swap-oob="true"' in response.text


def test_the_pages_families_open_carry_their_stylesheet_and_the_policy_allows_exactly_that(app, make, demo, client):
    # issue #22: a phone's first visit sees the page without a second round trip for the stylesheet
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    token = next(link.token for link in survey.links if link.school.slug == "holt")
    family_page = client.get(f"/s/{token}")
    html = family_page.get_data(as_text=True)
    inline = re.search(r"<style>(.*?)</style>", html, re.S)
    assert inline and '<link rel="stylesheet"' not in html
    # without JavaScript the next page is a whole page linking the file: fetched while the family reads this
    assert re.search(r'<noscript><link rel="prefetch" href="/static/css/app\.css\?v=\w+"></noscript>', html)
    # the survey's next pages, swapped into this one with JavaScript, link the file without it (and stay light)
    assert inline.group(1) == (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
    policy = family_page.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in policy and "unsafe-inline" not in policy
    app.config["WTF_CSRF_ENABLED"] = False  # Start, pressed here without a browser
    first_section = client.get(client.post(f"/s/{token}").headers["Location"]).get_data(as_text=True)
    # staff come back to pages again and again: theirs link it, from the cache after the first
    staff_page = client.get("/calendar/darland/").get_data(as_text=True)
    for page in (first_section, staff_page):
        assert "<style>" not in page and '<link rel="stylesheet" href="/static/css/app.css?v=' in page
    # the file itself carries no policy (documents have one; a stylesheet ignores it), but is never sniffed
    stylesheet = client.get(re.search(r'href="(/static/css/app\.css\?v=\w+)"', staff_page).group(1))
    assert "Content-Security-Policy" not in stylesheet.headers
    assert stylesheet.headers["X-Content-Type-Options"] == "nosniff"
