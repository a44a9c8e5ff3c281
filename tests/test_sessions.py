"""Sign-ins the server can end (issue #17): a copy of the cookie taken before signing out, "sign out
everywhere", a password change or an idle afternoon signs nobody in; calendar links reset alone."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from app.auth.models import SignIn, User
from app.auth.sessions import delete_old
from app.clock import machine_utcnow as utcnow
from app.extensions import db
from tests.factories import PASSWORD
from tests.test_auth import _form_token, _sign_in

ACCOUNT = "/account"


def _copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie (as a thief or a shared PC would)."""
    name = app.config["SESSION_COOKIE_NAME"]
    copy = app.test_client()
    copy.set_cookie(name, client.get_cookie(name).value)
    return copy


def _signed_out(client) -> bool:
    response = client.get(ACCOUNT)
    return response.status_code == 302 and "/sign-in" in response.headers["Location"]


def _post(client, url, page="/account"):
    return client.post(url, data={"csrf_token": _form_token(client, page)})


def test_a_copy_of_the_cookie_taken_before_signing_out_works_no_more(app, client, demo):
    _sign_in(client, "staff.holt@darland.example")
    copy = _copy_of(app, client)
    assert copy.get(ACCOUNT).status_code == 200  # the copy works while the sign-in is live
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert _signed_out(copy) and _signed_out(client)
    # nor can it book the minibus
    assert copy.get("/bookings/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SignIn.ended_at).where(SignIn.user_id == demo.user("staff.holt").id))


def test_signing_out_of_one_device_leaves_the_others_signed_in(app, client, demo):
    _sign_in(client, "staff.holt@darland.example")
    laptop = app.test_client()
    _sign_in(laptop, "staff.holt@darland.example")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
    client.post("/sign-out", data={"csrf_token": token})
    assert _signed_out(client) and laptop.get(ACCOUNT).status_code == 200


def test_sign_out_everywhere_ends_every_device_and_says_how_many(app, client, demo):
    client.set_cookie("lang", "en")
    _sign_in(client, "staff.holt@darland.example")
    laptop, copy = app.test_client(), _copy_of(app, client)
    _sign_in(laptop, "staff.holt@darland.example")
    response = _post(client, "/account/sign-out-everywhere")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "You have signed out of 2 devices." in client.get("/").text
    assert _signed_out(client) and _signed_out(laptop) and _signed_out(copy)
    # signing in again afterwards works as ever
    _sign_in(laptop, "staff.holt@darland.example")
    assert laptop.get(ACCOUNT).status_code == 200


def test_a_password_change_ends_copies_of_the_cookie_but_keeps_this_device(app, client, demo):
    _sign_in(client, "head.holt@darland.example")
    copy = _copy_of(app, client)
    response = client.post(ACCOUNT, data={"csrf_token": _form_token(client, ACCOUNT), "current_password":
                                          PASSWORD,
                                          "new_password": "a-brand-new-password",
                                          "confirm_password": "a-brand-new-password"})
    assert response.status_code == 303
    assert client.get(ACCOUNT).status_code == 200 and _signed_out(copy)


def test_a_sign_in_left_idle_ends_by_itself(app, client, demo):
    _sign_in(client, "staff.holt@darland.example")
    assert client.get(ACCOUNT).status_code == 200
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    with app.app_context():
        db.session.execute(update(SignIn).values(last_seen_at=utcnow() - idle))
        db.session.commit()
    assert _signed_out(client)
    with app.app_context():
        assert db.session.scalar(select(SignIn.ended_at)) is not None


def test_using_the_app_keeps_a_sign_in_alive_with_a_write_at_most_a_minute(app, client, demo):
    _sign_in(client, "staff.holt@darland.example")
    with app.app_context():
        a_while_ago = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 1)
        db.session.execute(update(SignIn).values(last_seen_at=a_while_ago))
        db.session.commit()
    assert client.get(ACCOUNT).status_code == 200
    with app.app_context():
        seen = db.session.scalar(select(SignIn.last_seen_at))
    assert seen > a_while_ago + timedelta(minutes=5)
    client.get(ACCOUNT)
    with app.app_context():
        assert db.session.scalar(select(SignIn.last_seen_at)) == seen  # not written again within the minute


def test_two_requests_keeping_one_sign_in_alive_at_once_both_get_their_page(app, client, demo, monkeypatch):
    """Two tabs (or a page and its htmx request) of one person, each the first request after a minute: both
    read the sign-in, both write that it was seen. The second write must wait for the first, not fail
    (on SQLite a write after a read in one transaction fails at once if another wrote in between: a 503,
    the likely cause of the bench's occasional error on the leader summary, all of whose requests share
    one sign-in)."""
    from app.auth import sessions
    _sign_in(client, "staff.holt@darland.example")
    a_minute_ago = utcnow() - timedelta(minutes=2)
    with app.app_context():
        db.session.execute(update(SignIn).values(last_seen_at=a_minute_ago))
        db.session.commit()
    other_tab = [update(SignIn).values(last_seen_at=utcnow() - timedelta(seconds=90))]

    def now():  # asked after this request has read its sign-in: the other tab's write lands here, once
        while other_tab:
            with db.engine.begin() as connection:
                connection.execute(other_tab.pop())
        return utcnow()
    monkeypatch.setattr(sessions, "machine_utcnow", now)
    assert client.get(ACCOUNT).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(SignIn.last_seen_at)) > utcnow() - timedelta(seconds=5)


def test_old_sign_ins_are_deleted_by_the_retention_run(app, client, demo):
    _sign_in(client, "staff.holt@darland.example")
    with app.app_context():
        db.session.execute(update(SignIn).values(last_seen_at=utcnow() - timedelta(days=31)))
        db.session.commit()
        assert "deleted 1" in delete_old()
        assert db.session.scalar(select(SignIn.id)) is None


def test_a_forged_or_missing_sign_in_token_signs_nobody_in(app, demo):
    person = demo.user("staff.holt")
    for session_id in (f"{person.id}:1", f"{person.id}:1:not-a-token", f"{person.id}:1:"):
        forged = app.test_client()
        with forged.session_transaction() as session:
            session["_user_id"] = session_id
        assert _signed_out(forged)


def _minibus_feed(client) -> str:
    page = client.get("/bookings/").text
    minibus = re.search(r'href="/bookings/(\d+)"', page).group(1)
    week = client.get(f"/bookings/{minibus}").text
    return re.search(r'href="http://localhost(/bookings/\d+/bookings.ics\?[^"]+)"', week).group(1).replace("&amp;", "&")


def test_resetting_calendar_links_ends_the_old_ones_only(app, client, demo):
    client.set_cookie("lang", "en")
    _sign_in(client, "staff.holt@darland.example")
    old = _minibus_feed(client)
    calendar_app = app.test_client()
    assert calendar_app.get(old).status_code == 200
    response = _post(client, "/account/reset-calendar-links")
    assert response.status_code == 303
    assert "Your calendar links are new" in client.get(ACCOUNT).text
    new = _minibus_feed(client)
    assert new != old
    assert calendar_app.get(new).status_code == 200 and calendar_app.get(old).status_code == 404
    assert client.get(ACCOUNT).status_code == 200  # the person stays signed in
    with app.app_context():
        assert db.session.get(User, demo.user("staff.holt").id).feed_version == 2
