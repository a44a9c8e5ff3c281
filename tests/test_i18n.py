"""Choosing the language, switching it, and showing bilingual content."""

import re
from datetime import date

import pytest
from flask import render_template_string
from flask_babel import format_date, ngettext

from app.auth.models import User
from app.clusters.models import School
from app.extensions import db
from app.i18n import localized, safe_next_url


def test_without_a_choice_the_browser_language_decides_then_the_default(client):
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="cy">' in client.get("/", headers={"Accept-Language": "cy-GB"}).text
    assert '<html lang="cy">' in client.get("/", headers={"Accept-Language": "fr"}).text  # DEFAULT_LOCALE


def test_the_switch_returns_to_the_same_page_and_is_remembered(client):
    response = client.get("/language/en?next=/admin/people%3Fq%3Dholt%26role%3Dstaff",
                          headers={"Accept-Language": "cy"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/people?q=holt&role=staff"
    assert "lang=en" in response.headers["Set-Cookie"]
    # the cookie beats the browser's own language from now on
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "cy"}).text


def test_the_page_links_to_itself_in_the_other_language(client):
    client.set_cookie("lang", "cy")
    html = client.get("/sign-in?next=/admin/people").text
    switch = re.search(r'<a class="language-switch" ([^>]+)>([^<]+)</a>', html)
    assert 'href="/language/en?next=/sign-in?next%3D/admin/people"' in switch.group(1)
    assert 'lang="en"' in switch.group(1) and switch.group(2) == "English"


def test_a_signed_in_persons_choice_is_saved_on_their_account_and_wins(app, demo, signed_in):
    client = signed_in("head.holt")
    client.get("/language/en?next=/")
    with app.app_context():
        assert db.session.get(User, demo.user("head.holt").id).preferred_locale == "en"
    # another device with a Welsh cookie still gets the person's choice
    other_device = signed_in("head.holt")
    other_device.set_cookie("lang", "cy")
    assert '<html lang="en">' in other_device.get("/").text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example",
                                    "javascript:alert(1)", "", None, "/ok\r\nSet-Cookie: x=1"])
def test_the_switch_never_redirects_off_the_site(target):
    assert safe_next_url(target) == "/"


def test_the_switch_carries_the_security_headers(client):
    response = client.get("/language/en?next=/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_language_goes_home(client):
    assert client.get("/language/fr?next=/sign-in").headers["Location"] == "/"


def test_content_falls_back_to_the_other_language_marked_with_its_lang(app):
    school = School(name_en="Holt CP School", name_cy="")
    with app.test_request_context(headers={"Cookie": "lang=cy"}):
        assert str(localized(school, "name")) == '<span lang="en">Holt CP School</span>'
        flagged = str(localized(school, "name", flag_missing=True))
        assert "Holt CP School" in flagged and "tag--warning" in flagged
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert str(localized(school, "name")) == "Holt CP School"


def test_content_is_escaped(app):
    school = School(name_en="<script>alert(1)</script>", name_cy="")
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert "<script>" not in str(localized(school, "name"))


def test_dates_use_welsh_month_and_day_names(app):
    with app.test_request_context(headers={"Cookie": "lang=cy"}):
        assert format_date(date(2025, 10, 14), "EEEE d MMMM y") == "Dydd Mawrth 14 Hydref 2025"
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert format_date(date(2025, 10, 14), "EEEE d MMMM y") == "Tuesday 14 October 2025"


def test_welsh_has_six_plural_forms(app):
    """Zero, one, two, few (3), many (6) and other each pick their own form."""
    with app.test_request_context(headers={"Cookie": "lang=cy"}):
        forms = {n: ngettext("%(num)d person", "%(num)d people", n) for n in (0, 1, 2, 3, 6, 10)}
    assert forms == {0: "0 person", 1: "1 person", 2: "2 berson", 3: "3 pherson", 6: "6 pherson",
                     10: "10 person"}


def test_templates_translate_escape_and_count_with_the_requests_own_translations(app):
    # the template's gettext is bound once per template drawn (app/templating.py): it must translate,
    # escape what is put in and choose the plural form as Jinja's own would, in each language in turn
    source = ('{{ _("%(name)s is saved.", name=name) }}|{{ ngettext("Wait %(num)d minute, then try again.", '
              '"Wait %(num)d minutes, then try again.", minutes) }}')
    for language, expected in (
            ("cy", "Wedi cadw manylion &lt;b&gt;Holt&lt;/b&gt;.|Arhoswch 2 funud, yna rhowch gynnig arall arni."),
            ("en", "&lt;b&gt;Holt&lt;/b&gt; is saved.|Wait 2 minutes, then try again."),
            ("cy", "Wedi cadw manylion &lt;b&gt;Holt&lt;/b&gt;.|Arhoswch 2 funud, yna rhowch gynnig arall arni.")):
        with app.test_request_context(headers={"Cookie": f"lang={language}"}):
            assert render_template_string(source, name="<b>Holt</b>", minutes=2) == expected
