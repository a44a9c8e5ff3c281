"""The OpenID Connect protocol itself, through Authlib's Flask client: the redirect to the provider,
the answer at our callback checked, and the provider's own sign-out page.

Kept apart from `app.auth.oidc` (who that person is here) and imported only by the views that talk to
a provider: Authlib, requests and cryptography take about 18 MiB of every worker that loads them, and
most workers only ever serve pages.
"""

import threading
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import current_app, redirect, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from joserfc.errors import JoseError

from app.auth.oidc import SignInRefused, not_confirmed, provider
from app.links import public_url

_EXTENSION = "clwstwr_oidc"
_registry_lock = threading.Lock()


def _client(name: str):
    """Authlib's client for this provider, registered on first use (so tests can configure providers
    after the app is made)."""
    oauth = current_app.extensions.get(_EXTENSION)
    if oauth is None:
        with _registry_lock:
            oauth = current_app.extensions.get(_EXTENSION) or OAuth(current_app)
            current_app.extensions[_EXTENSION] = oauth
    client = oauth.create_client(name)
    if client is None:
        settings = current_app.config["OIDC_PROVIDERS"][name]
        with _registry_lock:
            client = oauth.create_client(name) or oauth.register(
                name, client_id=settings["client_id"], client_secret=settings["client_secret"],
                server_metadata_url=settings["issuer"].rstrip("/") + "/.well-known/openid-configuration",
                client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256",
                               "default_timeout": current_app.config["OIDC_TIMEOUT"]})
    return client


def _unreachable(name: str) -> SignInRefused:
    return SignInRefused(_("%(provider)s cannot be reached just now. Try again in a few minutes, or sign "
                           "in with your email address and password.", provider=provider(name).label), 503)


def start(name: str, next_url: str):
    """The redirect that sends the person to the provider to sign in (and back to our callback)."""
    client = _client(name)
    redirect_uri = public_url("auth.oidc_callback", provider=name)
    try:
        # ui_locales: Microsoft and Google show their sign-in page in the reader's language
        authorization = client.create_authorization_url(redirect_uri, ui_locales=str(get_locale()))
    except (requests.RequestException, AuthlibBaseError, ValueError) as error:
        current_app.logger.warning("OIDC %s: discovery failed: %r", name, error)
        raise _unreachable(name) from None
    client.save_authorize_data(redirect_uri=redirect_uri, next_url=next_url, **authorization)
    return redirect(authorization["url"])


def finish(name: str) -> tuple[dict, dict]:
    """Check the provider's answer at our callback: the ID token's claims and what `start` kept."""
    client = _client(name)
    if request.args.get("error"):
        # the person said no at the provider, or the provider refused this app
        raise SignInRefused(_("You did not finish signing in with %(provider)s. Try again, or ask your "
                              "school's IT support if it keeps happening.", provider=provider(name).label), 400)
    state = client.framework.get_state_data(session, request.args.get("state"))
    if state is None:
        raise SignInRefused(_("That sign-in had expired or did not start here. Start again with the button below."),
                            400)
    issuer = current_app.config["OIDC_PROVIDERS"][name]["issuer"]
    if request.args.get("iss", issuer) != issuer:  # RFC 9207: an answer meant for another provider
        raise not_confirmed(name)
    try:
        token = client.authorize_access_token(claims_options={"iss": {"essential": True, "value": issuer}},
                                              leeway=current_app.config["OIDC_CLOCK_LEEWAY"])
    except requests.RequestException as error:
        current_app.logger.warning("OIDC %s: token endpoint failed: %r", name, error)
        raise _unreachable(name) from None
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as error:
        # a replayed code, a token for another app, an expired token, a wrong nonce or signature
        current_app.logger.warning("OIDC %s: refused: %r", name, error)
        raise not_confirmed(name) from None
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise not_confirmed(name)
    return dict(claims), state


def end_session_url(name: str) -> str | None:
    """The provider's own sign-out page, where it has one (Microsoft does; Google does not)."""
    if name not in current_app.config["OIDC_PROVIDERS"]:
        return None
    client = _client(name)
    try:
        endpoint = client.load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, AuthlibBaseError, ValueError):
        return None
    if not endpoint:
        return None
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode({'client_id': client.client_id})}"
