"""Signing in and changing one's own account."""

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.audit.services import record_event
from app.auth.models import User, hash_password
from app.extensions import db

_dummy_hash_cache: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _dummy_hash_cache:
        _dummy_hash_cache[method] = hash_password("not-a-real-password")
    return _dummy_hash_cache[method]


def find_user_by_email(email: str) -> User | None:
    """The account with this email address, whatever its case."""
    return db.session.scalar(select(User).where(User.email == func.lower(email.strip())))


def authenticate(email: str, password: str) -> User | None:
    """The active account matching these credentials, or None.

    A wrong address costs as much time as a wrong password, so the response time does not
    reveal which addresses have accounts.
    """
    user = find_user_by_email(email)
    if user is None or not user.has_password:  # someone with no password yet takes as long as a stranger
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password, sign out other sessions, and log the change."""
    user.set_password(new_password)
    record_event(user, "password_changed", user, user.email, user.cluster_id)
    db.session.commit()


def set_language(user: User, language: str) -> None:
    """Remember a person's interface language on their account."""
    user.preferred_locale = language
    db.session.commit()


def reset_feed_links(user: User) -> None:
    """New calendar feed keys for a person: the old addresses stop working."""
    user.feed_version = (user.feed_version or 0) + 1
    record_event(user, "feed_links_reset", user, user.email, user.cluster_id)
    db.session.commit()
