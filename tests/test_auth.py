"""Signing in and out, sessions, the account page and the sign-in rate limit."""

import re

import pytest

from app import create_app
from app.audit.models import AuditEvent
from app.auth.models import User
from app.config import TestConfig
from app.extensions import db
from tests.factories import PASSWORD


def _form_token(client, url):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text).group(1)


def _sign_in(client, email, password=PASSWORD, next_url=None):
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    token = _form_token(client, url)
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def test_a_person_signs_in_and_lands_where_they_were_going(client, demo):
    response = _sign_in(client, "Head.Holt@Darland.example", next_url="/admin/people")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/people"
    assert client.get("/admin/people").status_code == 200


def test_a_foreign_next_address_is_ignored(client, demo):
    response = _sign_in(client, "head.holt@darland.example", next_url="https://evil.example/")
    assert response.headers["Location"] == "/"


def test_wrong_password_and_unknown_address_get_the_same_message(client, demo):
    client.set_cookie("lang", "en")
    wrong_password = _sign_in(client, "head.holt@darland.example", "not-the-password")
    unknown = _sign_in(client, "nobody@darland.example")
    assert wrong_password.status_code == unknown.status_code == 422
    message = "The email address or password is not right."
    assert message in wrong_password.text and message in unknown.text


def test_empty_fields_are_named_in_the_error_summary_in_welsh(client, demo):
    client.set_cookie("lang", "cy")
    response = _sign_in(client, "", "")
    assert response.status_code == 422
    assert 'href="#email">Rhowch eich cyfeiriad e-bost</a>' in response.text
    assert 'href="#password">Rhowch eich cyfrinair</a>' in response.text


def test_a_deactivated_account_cannot_sign_in(client, make, demo):
    person = make.user("staff", cluster_id=demo.cluster.id, school_id=demo.school("holt").id, active=False)
    assert _sign_in(client, person.email).status_code == 422


def test_deactivating_an_account_ends_its_sessions(app, signed_in, demo):
    client = signed_in("staff.park")
    assert client.get("/account").status_code == 200
    with app.app_context():
        db.session.get(User, demo.user("staff.park").id).active = False
        db.session.commit()
    assert "/sign-in" in client.get("/account").headers["Location"]


def test_the_session_cookie_is_httponly_and_samesite_lax(client, demo):
    cookie = _sign_in(client, "head.holt@darland.example").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_cookie_is_secure_when_configured(app, demo):
    app.config["SESSION_COOKIE_SECURE"] = True
    cookie = _sign_in(app.test_client(), "head.holt@darland.example").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_sign_in_is_rate_limited_with_a_message_in_the_readers_language(app, client, demo):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    client.set_cookie("lang", "cy")
    statuses = [_sign_in(client, "head.holt@darland.example", "wrong-password").status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    response = _sign_in(client, "head.holt@darland.example")
    assert response.status_code == 429
    assert "Gormod o ymdrechion" in response.text


def test_signing_out_needs_a_post_and_forgets_the_session(client, demo):
    _sign_in(client, "head.holt@darland.example")
    assert client.get("/sign-out").status_code == 405
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert "/sign-in" in client.get("/account").headers["Location"]


def test_changing_the_password_signs_out_other_devices_but_not_this_one(app, client, demo):
    _sign_in(client, "head.holt@darland.example")
    other_device = app.test_client()
    _sign_in(other_device, "head.holt@darland.example")
    token = _form_token(client, "/account")
    response = client.post("/account", data={"csrf_token": token, "current_password": PASSWORD,
                                             "new_password": "a-brand-new-password",
                                             "confirm_password": "a-brand-new-password"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert "/sign-in" in other_device.get("/account").headers["Location"]
    with app.app_context():
        user = db.session.get(User, demo.user("head.holt").id)
        assert user.check_password("a-brand-new-password")
        event = db.session.query(AuditEvent).filter_by(action="password_changed").one()
        assert event.entity_id == user.id and "a-brand-new-password" not in str(event.changes)


def test_a_wrong_current_password_or_short_new_one_is_refused(client, demo):
    client.set_cookie("lang", "en")
    _sign_in(client, "head.holt@darland.example")
    token = _form_token(client, "/account")
    response = client.post("/account", data={"csrf_token": token, "current_password": "wrong",
                                             "new_password": "short", "confirm_password": "different"})
    assert response.status_code == 422
    assert "Use at least 10 characters" in response.text
    assert "The two new passwords are not the same" in response.text


def _redis_reachable() -> bool:
    import socket
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis rate-limit test skipped: nothing on 127.0.0.1:6379")
def test_sign_in_limits_are_shared_through_redis_when_configured(database_url):
    """Production runs several workers; the counts must live in Redis, not in each worker."""
    import uuid

    import redis

    prefix = f"clwstwr-test-{uuid.uuid4().hex[:8]}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False,
                     RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15", RATELIMIT_KEY_PREFIX=prefix,
                     LOGIN_RATE_LIMIT="2 per minute")
    store = redis.Redis(host="127.0.0.1", port=6379, db=15)
    # Flask-Limiter keeps the first key prefix it saw in this process, so look for new keys of any prefix.
    before = set(store.keys("*LIMITER*"))
    try:
        statuses = [app.test_client().post("/sign-in", data={"email": "a@b.example", "password": "wrong-one"})
                    .status_code for _ in range(3)]  # a new client each time: only the address counts
        assert statuses == [422, 422, 429]
        assert set(store.keys("*LIMITER*")) - before, "the counter is not in Redis"
    finally:
        for key in set(store.keys("*LIMITER*")) - before:
            store.delete(key)


def _attempt(app, email, address, typed=None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/sign-in", data={"email": email, "password": typed or "not-the-password"})


def test_staff_sharing_a_schools_address_are_not_locked_out_by_one_persons_mistakes(app, demo):
    app.config.update(WTF_CSRF_ENABLED=False, LOGIN_RATE_LIMIT="3 per minute")
    school = "10.0.0.7"
    statuses = [_attempt(app, "staff.holt@darland.example", school).status_code for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    limited = _attempt(app, "staff.holt@darland.example", school)
    assert int(limited.headers["Retry-After"]) >= 1
    # a colleague at the same school signs in
    assert _attempt(app, "head.holt@darland.example", school, PASSWORD).status_code == 303


def test_one_account_guessed_from_many_addresses_is_limited(app, demo):
    app.config.update(WTF_CSRF_ENABLED=False, LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    statuses = [_attempt(app, "Head.Holt@darland.example ", f"10.0.1.{n}").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]


def test_one_address_has_a_ceiling_for_every_account_together(app, demo):
    app.config.update(WTF_CSRF_ENABLED=False, LOGIN_ADDRESS_RATE_LIMIT="3 per minute")
    statuses = [_attempt(app, f"person{n}@darland.example", "10.0.2.1").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert _attempt(app, "person9@darland.example", "10.0.2.2").status_code == 422
