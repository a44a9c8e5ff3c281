"""Addresses that leave the app (in e-mails, on printed slips, in calendar files): they start with the
configured PUBLIC_URL, never with whatever Host a request named, so nobody can make the app send a
family a link to their own site."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """The full address of `endpoint` to e-mail or print; on a laptop with no PUBLIC_URL, the request's."""
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
