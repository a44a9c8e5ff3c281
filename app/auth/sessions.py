"""Sign-ins that the server can end: each signed-in browser has a row (app.auth.models.SignIn)
named by a random token in its cookie. Signing out ends that row, "sign out everywhere" and a
password change end the others, and a sign-in unused for SESSION_IDLE_MINUTES ends by itself; a
copy of the cookie then signs nobody in."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, redirect, session
from flask_login import login_user
from sqlalchemy import delete, select, update

from app.auth.models import SignIn, User
from app.clock import machine_utcnow, utcnow
from app.database import lock_for_write
from app.extensions import db
from app.i18n import LANGUAGE_COOKIE
from app.retention import retention_task

#: how often a sign-in's last use is written: once a minute is enough for an idle timeout in hours
TOUCH_EVERY = timedelta(minutes=1)
#: ended and idle sign-ins are kept this long (for nothing but a look in the database), then deleted
KEPT_FOR = timedelta(days=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(user: User) -> str:
    """Record a new sign-in for `user` and name it on the user object (for its session id)."""
    token = secrets.token_urlsafe(24)
    user_id = user.id
    lock_for_write()  # SQLite: a read then a write in one transaction could lose to another sign-in
    db.session.add(SignIn(user_id=user_id, token_hash=_hash(token)))
    user.last_sign_in_at = utcnow()
    db.session.commit()
    user.sign_in_token = token
    return token


def sign_in_response(user: User, next_url: str):
    """Sign `user` in to this browser, by password or a provider alike, and send them on to `next_url`."""
    session.clear()  # a new session id for the new identity
    session.permanent = True
    begin(user)
    login_user(user)
    response = redirect(next_url, code=303)
    if user.preferred_locale:
        response.set_cookie(LANGUAGE_COOKIE, user.preferred_locale, max_age=365 * 24 * 3600,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def resume(user: User, token: str) -> bool:
    """Whether `token` is a live sign-in of `user`; it is ended if it has been idle too long."""
    if not token:
        return False
    sign_in = db.session.scalar(select(SignIn).where(SignIn.token_hash == _hash(token)))
    if sign_in is None or sign_in.user_id != user.id or sign_in.ended_at is not None:
        return False
    now = machine_utcnow()
    if now - sign_in.last_seen_at > _idle_limit():
        _write(sign_in.id, ended_at=now)
        return False
    if now - sign_in.last_seen_at > TOUCH_EVERY:
        _write(sign_in.id, last_seen_at=now)
    user.sign_in_token = token
    return True


def _write(sign_in_id: int, **values) -> None:
    """Change one sign-in in a transaction of its own. Two requests of one person (two tabs, a page and
    its htmx request) may both have read it and both write; on SQLite the second write in the reading
    transaction would fail at once ("database is locked", a 503) rather than wait for the first."""
    lock_for_write()
    db.session.execute(update(SignIn).where(SignIn.id == sign_in_id).values(**values))
    db.session.commit()


def end(token: str | None) -> None:
    """End one sign-in (signing out of this browser)."""
    if token:
        db.session.execute(update(SignIn).where(SignIn.token_hash == _hash(token), SignIn.ended_at.is_(None))
                           .values(ended_at=machine_utcnow()))
        db.session.commit()


def end_all(user: User, keep: str | None = None) -> int:
    """End every sign-in of `user` but the one named `keep`; how many were ended."""
    query = update(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None)).values(ended_at=machine_utcnow())
    if keep:
        query = query.where(SignIn.token_hash != _hash(keep))
    ended = db.session.execute(query).rowcount
    db.session.commit()
    return ended


@retention_task
def delete_old() -> str:
    """Delete sign-ins ended, or idle, for longer than KEPT_FOR."""
    cutoff = machine_utcnow() - KEPT_FOR
    deleted = db.session.execute(delete(SignIn).where((SignIn.ended_at < cutoff) | (SignIn.last_seen_at < cutoff)))
    db.session.commit()
    return f"Sign-ins: deleted {deleted.rowcount} ended or idle before {cutoff:%Y-%m-%d}."
