"""Rate-limit keys and limits shared by the public forms (surveys, family bookings, feedback)."""

import hashlib
import hmac

from flask import current_app
from flask_limiter.util import get_remote_address

from app.clock import today


def anonymous_address_key() -> str:
    """The visitor's address as a keyed hash that changes every day.

    Enough to count one address's requests for the rate limit; the address itself is never
    kept, in memory, in Redis or anywhere else, and yesterday's keys cannot be linked to today's.
    """
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"{today().isoformat()}|{get_remote_address()}".encode()
    return "public:" + hmac.new(secret, message, hashlib.sha256).hexdigest()[:24]


def public_form_limit() -> str:
    """How many answers one address may send: generous, since a school's families may share its Wi-Fi."""
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]
