"""Signing in with Hwb and Google through OpenID Connect, against a real provider (tests/oidc_provider.py).

Each journey goes over real HTTP: our live server, the provider's pages, its token endpoint and keys.
"""

import html
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from sqlalchemy import func, select

from app import create_app
from app.audit.models import AuditEvent
from app.auth.models import JoinRequest, User, UserIdentity
from app.config import TestConfig, oidc_providers_from_environment
from app.extensions import db
from tests.concurrency import post_at_once, session_cookie
from tests.factories import PASSWORD
from tests.oidc_provider import oidc_provider  # noqa: F401 (a fixture)


@pytest.fixture
def site(app, demo, oidc_provider, live_server):  # noqa: F811
    """The live server with Hwb (and Google) set up at the test provider."""
    app.config["OIDC_PROVIDERS"] = {"hwb": oidc_provider.settings(), "google": oidc_provider.settings()}
    return live_server


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def _start(http: requests.Session, site: str, provider: str = "hwb", next_url: str = "") -> str:
    """Press the provider's button on our sign-in page: the provider's authorization address."""
    page = http.get(f"{site}/sign-in" + (f"?next={next_url}" if next_url else ""))
    button = html.unescape(re.search(rf'href="(/sign-in/oidc/{provider}[^"]*)"', page.text).group(1))
    response = http.get(site + button, allow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def _at_provider(http: requests.Session, authorization_url: str, account: str, site: str) -> str:
    """Sign in at the provider's own login page as `account`: the callback address it sends us back to."""
    login = http.get(authorization_url)
    action = re.search(r'<form[^>]*action="([^"]+)"', login.text).group(1)
    response = http.post(requests.compat.urljoin(login.url, action),
                         data={"prompt": "login", "login": account, "password": "any"}, allow_redirects=False)
    while not response.headers["Location"].startswith(site):
        response = http.get(requests.compat.urljoin(response.url, response.headers["Location"]),
                            allow_redirects=False)
    return response.headers["Location"]


def _browser(language: str = "en") -> requests.Session:
    http = requests.Session()
    http.cookies.set("lang", language)
    return http


def _sign_in(site: str, account: str, http: requests.Session | None = None, next_url: str = ""):
    """The whole journey for `account`: our answer to the provider's callback (not followed)."""
    http = http or _browser()
    callback = _at_provider(http, _start(http, site, next_url=next_url), account, site)
    return http.get(callback, allow_redirects=False), http


def _refusal(response) -> str:
    """The sentence on the sign-in page that says why not."""
    summary = re.search(r'<ul class="error-summary__list">\s*<li>(.*?)</li>', response.text, re.S).group(1)
    return html.unescape(re.sub(r"\s+", " ", summary))


def test_a_person_signs_in_with_hwb_and_is_known_by_subject_after(app, site, oidc_provider):  # noqa: F811
    response, http = _sign_in(site, "ffion", next_url="/admin/schools")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/schools"
    assert "Ffion Evans" in http.get(f"{site}/account").text
    with app.app_context():
        identity = db.session.scalar(select(UserIdentity).where(UserIdentity.subject == "ffion"))
        assert (identity.provider, identity.user.email) == ("hwb", "staff.all-saints@darland.example")
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == identity.user_id,
                                                                 AuditEvent.action == "sign_in_linked"))

    # Signing out offers the provider's own sign-out, which it publishes
    signed_out = http.post(f"{site}/sign-out", data={"csrf_token": _csrf(http.get(f"{site}/account").text)})
    assert signed_out.url == f"{site}/signed-out"
    assert f'href="{oidc_provider.issuer}/session/end?client_id=clwstwr"' in signed_out.text
    assert http.get(f"{site}/account", allow_redirects=False).status_code == 302

    # A new address at Hwb is still the same person: the subject, not the e-mail, finds them
    oidc_provider.set_email("ffion", "ffion.evans@newaddress.example")
    try:
        again, http = _sign_in(site, "ffion")
        assert again.status_code == 303
        assert "Ffion Evans" in http.get(f"{site}/account").text
    finally:
        oidc_provider.set_email("ffion", "staff.all-saints@darland.example")


@pytest.mark.parametrize("account, status, sentence", [
    ("unverified", 403, "Hwb (Microsoft) has not confirmed your email address"),
    ("stranger", 403, "There is no account here for someone@elsewhere.example. Ask your school's headteacher "
                      "or the cluster admin to add you"),
    ("expired", 400, "Hwb (Microsoft) did not confirm who you are"),         # exp an hour ago
    ("other-audience", 400, "Hwb (Microsoft) did not confirm who you are"),  # aud: another client
])
def test_the_provider_vouching_for_nobody_we_know_is_refused_with_a_sentence(app, site, account, status, sentence):
    response, http = _sign_in(site, account)
    assert response.status_code == status
    assert sentence in _refusal(response)
    assert http.get(f"{site}/account", allow_redirects=False).status_code == 302  # not signed in
    with app.app_context():
        assert db.session.scalar(select(UserIdentity)) is None


def test_a_first_sign_in_in_many_tabs_at_once_links_once(app, site):
    tabs = [_browser() for _ in range(8)]
    callbacks = [_at_provider(http, _start(http, site), "ffion", site) for http in tabs]
    together = threading.Barrier(len(tabs))

    def come_back(http, callback):
        together.wait()
        return http.get(callback, allow_redirects=False).status_code
    with ThreadPoolExecutor(len(tabs)) as pool:
        statuses = list(pool.map(come_back, tabs, callbacks))
    assert statuses == [303] * len(tabs)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserIdentity)) == 1
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "sign_in_linked")) == 1


def test_a_deactivated_person_is_refused_even_once_linked(app, site, demo):
    assert _sign_in(site, "tom")[0].status_code == 303  # linked
    with app.app_context():
        db.session.get(User, demo.user("staff.the-rofft").id).active = False
        db.session.commit()
    response, http = _sign_in(site, "tom")
    assert response.status_code == 403
    assert _refusal(response).startswith("Your account here has been switched off.")


def test_a_tampered_answer_is_refused_with_a_sentence_not_an_error(site):
    http = _browser()
    callback = _at_provider(http, _start(http, site), "ffion", site)
    parts = urlsplit(callback)
    wrong_state = urlunsplit(parts._replace(query=urlencode({**dict(parse_qsl(parts.query)), "state": "forged"})))
    back = f"{site}/sign-in/oidc/hwb/callback"
    for address in (wrong_state, back, f"{back}?code=%00&state=", f"{back}?error=access_denied&state=x"):
        response = http.get(address, allow_redirects=False)
        assert response.status_code == 400, address
        assert "sign" in _refusal(response)
    assert http.get(f"{site}/sign-in/oidc/nobody/callback").status_code == 404


def test_a_replayed_code_is_refused_by_the_provider(site):
    http = _browser()
    callback = _at_provider(http, _start(http, site), "ffion", site)
    # the session cookie as it was, its state still in it: a copy an attacker kept
    kept = http.cookies.get("clwstwr_session")
    assert http.get(callback, allow_redirects=False).status_code == 303
    replay = _browser()
    replay.cookies.set("clwstwr_session", kept)
    response = replay.get(callback, allow_redirects=False)
    assert response.status_code == 400
    assert _refusal(response) == "Hwb (Microsoft) did not confirm who you are. Start again with the button below."


def test_an_id_token_for_another_sign_in_is_refused_by_its_nonce(site):
    http = _browser()
    authorization = urlsplit(_start(http, site))
    # the nonce is swapped on the way to the provider, which then puts that one in the ID token
    query = {**dict(parse_qsl(authorization.query)), "nonce": "from-another-sign-in"}
    callback = _at_provider(http, urlunsplit(authorization._replace(query=urlencode(query))), "ffion", site)
    response = http.get(callback, allow_redirects=False)
    assert response.status_code == 400
    assert "did not confirm who you are" in _refusal(response)


def test_a_cluster_can_require_the_provider_for_all_but_its_admins(app, site, signed_in):
    admin = signed_in("admin")
    page = admin.get("/admin/signing-in")
    response = admin.post("/admin/signing-in", data={"csrf_token": _csrf(page.text), "provider_required": "y"})
    assert response.status_code == 303

    def password_sign_in(email):
        http = _browser()
        token = _csrf(http.get(f"{site}/sign-in").text)
        return http.post(f"{site}/sign-in", data={"csrf_token": token, "email": email, "password": PASSWORD},
                         allow_redirects=False)
    refused = password_sign_in("staff.all-saints@darland.example")
    assert refused.status_code == 403
    assert _refusal(refused).startswith("Your cluster does not use passwords for staff")
    assert password_sign_in("admin@darland.example").status_code == 303  # the break-glass account
    assert _sign_in(site, "ffion")[0].status_code == 303

    admin.set_cookie("lang", "en")
    people = admin.get("/admin/people?q=Ffion").text
    assert re.search(r'data-label="Signs in with">Hwb \(Microsoft\)</td>', people)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "sign_in_policy_changed"))


def test_staff_of_a_named_domain_ask_to_join_and_a_leader_of_their_school_lets_them_in(app, site, signed_in, demo):
    admin = signed_in("admin")
    token = _csrf(admin.get("/admin/signing-in").text)
    assert admin.post("/admin/signing-in", data={"csrf_token": token, "join_domains": "Elsewhere.example, "
                                                 "hwbcymru.net"}).status_code == 303

    # no account, but a confirmed address in a named domain: they choose their school
    response, http = _sign_in(site, "stranger")
    assert response.headers["Location"] == "/sign-in/join"
    page = http.get(f"{site}/sign-in/join")
    assert "There is no account here for someone@elsewhere.example yet" in html.unescape(page.text)
    holt = demo.school("holt").id
    asked = http.post(f"{site}/sign-in/join", data={"csrf_token": _csrf(page.text), "school": holt})
    assert "Your request is waiting for a leader of your school to approve it: Holt" in asked.text
    again, http = _sign_in(site, "stranger")
    assert again.headers["Location"] == "/sign-in/join"  # still waiting, no account
    with app.app_context():
        request_id = db.session.scalar(select(JoinRequest.id))
        assert db.session.scalar(select(User).where(User.email == "someone@elsewhere.example")) is None

    # another school's head may not decide it; Holt's head approves, pressing many times at once
    park = signed_in("head.park")
    assert park.post(f"/admin/join-requests/{request_id}", data={
        "csrf_token": _csrf(park.get("/admin/join-requests").text), "decision": "approve"}).status_code == 404
    app.config["WTF_CSRF_ENABLED"] = False  # the race test counts rows; tests/test_csrf.py covers tokens
    heads = [session_cookie(app, demo.user(who)) for who in ("head.holt", "admin")]
    statuses = post_at_once(site, [(heads[n % 2], f"/admin/join-requests/{request_id}", {"decision": "approve"})
                                   for n in range(8)])
    assert statuses == [303] * 8
    with app.app_context():
        joined = db.session.scalar(select(User).where(User.email == "someone@elsewhere.example"))
        assert (joined.role.value, joined.school_id, [i.subject for i in joined.identities]) == ("staff", holt,
                                                                                                  ["stranger"])
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "join_approved")) == 1
        assert not joined.has_password
    assert _sign_in(site, "stranger")[0].headers["Location"] == "/"
    # the people list says how they sign in: with the provider alone, no password being theirs to use
    holt_head = signed_in("head.holt")
    holt_head.set_cookie("lang", "en")
    people = holt_head.get("/admin/people?q=elsewhere").text
    assert re.search(r'data-label="Signs in with">Hwb \(Microsoft\)</td>', people)


def test_a_provider_that_cannot_be_reached_is_said_so_on_the_sign_in_page(app, client):
    app.config.update(OIDC_PROVIDERS={"hwb": {"issuer": "http://127.0.0.1:9", "client_id": "clwstwr",
                                              "client_secret": "-"}}, OIDC_TIMEOUT=2)
    client.set_cookie("lang", "cy")
    response = client.get("/sign-in/oidc/hwb")
    assert response.status_code == 503
    assert "Nid oes modd cyrraedd Hwb (Microsoft) ar hyn o bryd." in html.unescape(response.text)
    assert client.get("/sign-in/oidc/google").status_code == 404  # not set up


def test_providers_come_from_the_environment_and_one_half_set_up_stops_the_app(monkeypatch):
    monkeypatch.setenv("OIDC_PROVIDERS", "hwb, Google")
    monkeypatch.setenv("OIDC_HWB_ISSUER", "https://login.microsoftonline.com/tenant/v2.0")
    monkeypatch.setenv("OIDC_HWB_CLIENT_ID", "id")
    monkeypatch.setenv("OIDC_HWB_CLIENT_SECRET", "secret")
    providers = oidc_providers_from_environment()
    assert list(providers) == ["hwb", "google"]
    assert providers["hwb"]["issuer"] == "https://login.microsoftonline.com/tenant/v2.0"
    with pytest.raises(RuntimeError, match="OIDC_GOOGLE_ISSUER, OIDC_GOOGLE_CLIENT_ID, OIDC_GOOGLE_CLIENT_SECRET"):
        create_app(TestConfig, OIDC_PROVIDERS=providers)
