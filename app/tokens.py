"""Random tokens for addresses: survey links and drafts, meeting links."""

import secrets


def new_token() -> str:
    """A random, unguessable token for a link or a draft: 128 bits, 22 URL-safe characters."""
    return secrets.token_urlsafe(16)
