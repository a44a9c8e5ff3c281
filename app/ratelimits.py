"""Rate-limit keys and limits shared by the public forms (surveys, family bookings, feedback).

Two limits guard them. One counts the answers one family sends (a survey's answers in progress, a
family's own booking): tight, since one person needs few. The other counts what one internet
address sends, with a much higher ceiling, since a school's families may share its Wi-Fi and
so one address."""

import hashlib
import hmac

from flask import current_app, request
from flask_limiter.util import get_remote_address

from app.clock import today


def anonymous_address_key() -> str:
    """The visitor's address as a keyed hash that changes every day.

    Enough to count one address's requests for the rate limit; the address itself is never
    kept, in memory, in Redis or anywhere else, and yesterday's keys cannot be linked to today's.
    """
    return "public:" + _keyed(f"{today().isoformat()}|{get_remote_address()}")


def _keyed(text: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()[:24]


def own_answers_key() -> str:
    """The answers in progress this request sends (a survey's draft, a family's booking), keyed: one
    family, whatever address it uses."""
    arguments = request.view_args or {}
    return "answers:" + _keyed(str(arguments.get("draft_token") or arguments.get("meeting_key") or ""))


def own_answers_limit() -> str:
    """How many sends one family's answers may take: a page at a time, so few are needed."""
    return current_app.config["PUBLIC_ANSWER_RATE_LIMIT"]


def public_form_limit() -> str:
    """How many answers one address may send: generous, since a school's families may share its Wi-Fi."""
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


def _account_named() -> str:
    """The sign-in form's e-mail address as typed, tidied as the sign-in tidies it."""
    return (request.form.get("email") or "").strip().lower()


def sign_in_account_key() -> str:
    """One account's sign-in attempts from anywhere, keyed: guessing one person's password from many
    addresses counts against that person."""
    return "sign-in-account:" + _keyed(_account_named())


def sign_in_key() -> str:
    """One account's attempts from one address (a person mistyping, or guessing at one account)."""
    return "sign-in:" + _keyed(f"{get_remote_address()}|{_account_named()}")


def sign_in_address_key() -> str:
    """Every attempt from one address: a high ceiling, since a school's staff on an INSET day share it."""
    return "sign-in-address:" + _keyed(get_remote_address())
