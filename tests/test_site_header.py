"""Every page's site header is drawn once per language, role, name shown and page, and kept
(site_header in app/templating.py): what is each request's own, the language switch's address and
the sign-out form's CSRF token, must still be that request's, and nothing of one visitor's header may
reach another's."""

import re

from flask import url_for
from sqlalchemy import select

from app.clusters.models import Cluster
from app.extensions import db
from app.templating import language_switch_url
from tests.conftest import sign_in_client

PUMPKIN = "Pumpkin Carving Competition"
_HEADER = re.compile(r'<header class="site-header">.*?</header>', re.DOTALL)
_SWITCH = re.compile(r'id="language-switch" href="([^"]+)"')
_SIGN_OUT_TOKEN = re.compile(r'action="/sign-out".*?name="csrf_token" value="([^"]+)"', re.DOTALL)
_PAGE_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _english(client):
    client.set_cookie("lang", "en")
    return client


def _header(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return _HEADER.search(response.get_data(as_text=True)).group(0)


def _switch_address(app, path: str) -> str:
    """The language switch's address for `path`, as the page would give it if nothing were kept."""
    with app.test_request_context(path, headers={"Cookie": "lang=en"}):
        return language_switch_url()


def test_the_language_switch_returns_to_each_page_itself(app, client, demo):
    _english(client)
    pumpkin = f"/competitions/results/darland/{demo.competition(PUMPKIN)}"
    odd = '/calendar/darland/?term=autumn&strand="><script>x</script>'
    for path in (pumpkin, "/competitions/results/darland", pumpkin, "/calendar/darland/", odd, "/calendar/darland/"):
        header = _header(client, path)
        assert _SWITCH.search(header).group(1).replace("&amp;", "&") == _switch_address(app, path), path
    assert "<script>x" not in _header(client, odd)


def test_each_visitor_gets_the_menu_of_their_role(app, demo, signed_in):
    anonymous = _header(_english(app.test_client()), "/calendar/darland/")
    assert "Sign in" in anonymous and "Sign out" not in anonymous and "Summary" not in anonymous
    leader = _header(_english(signed_in("leader")), "/calendar/darland/")
    assert "Sign out" in leader and "Summary" in leader and "People" in leader and "Audit log" not in leader
    admin = _header(_english(signed_in("admin")), "/calendar/darland/")
    assert "Audit log" in admin
    staff = _header(_english(signed_in("staff")), "/calendar/darland/")
    assert "Sign out" in staff and "Summary" not in staff and "People" not in staff


def test_the_page_shown_is_marked_in_the_menu_wherever_the_header_was_drawn(demo, signed_in):
    leader = _english(signed_in("leader"))
    for _ in range(2):
        people = _header(leader, "/admin/people")
        assert re.search(r'href="/admin/people"[^>]*aria-current="page">People', people)
        schools = _header(leader, "/admin/schools")  # the same blueprint, another page
        assert re.search(r'href="/admin/schools"[^>]*aria-current="page">Schools', schools)
        assert 'aria-current="page">People' not in schools and 'aria-current="page">Schools' not in people


def test_each_signed_in_visitor_signs_out_with_their_own_token(app, demo):
    first, second = (_english(sign_in_client(app.test_client(), demo.user(who)))
                     for who in ("head.holt", "head.park"))
    tokens = []
    for client in (first, second):
        page = client.get("/calendar/darland/").get_data(as_text=True)
        header_token = _SIGN_OUT_TOKEN.search(page).group(1)
        assert header_token == _PAGE_TOKEN.search(page).group(1)
        tokens.append(header_token)
    assert tokens[0] != tokens[1]
    assert first.post("/sign-out", data={"csrf_token": tokens[0]}).status_code == 303
    assert "Sign in" in _header(first, "/calendar/darland/")
    assert "Sign out" in _header(second, "/calendar/darland/")


def test_a_cluster_renamed_shows_in_the_header_at_once(app, demo, signed_in):
    leader = _english(signed_in("leader"))
    assert "Darland" in _header(leader, "/calendar/darland/")
    with app.app_context():
        cluster = db.session.scalar(select(Cluster))
        cluster.name_en = "Darland and Rossett Cluster"
        db.session.commit()
    assert "Darland and Rossett Cluster" in _header(leader, "/calendar/darland/")


def test_a_header_kept_in_one_language_is_not_shown_in_the_other(app, demo):
    client = app.test_client()
    for language, sign_in in (("en", "Sign in"), ("cy", "Mewngofnodi"), ("en", "Sign in")):
        client.set_cookie("lang", language)
        header = _header(client, "/calendar/darland/")
        assert sign_in in header
        with app.test_request_context():
            assert f'href="{url_for("auth.sign_in")}"' in header
