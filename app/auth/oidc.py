"""Signing in through OpenID Connect providers: Hwb (a tenant of Microsoft Entra ID) and Google.

Authlib's Flask client does the protocol: discovery from the issuer, PKCE (S256), `state` and `nonce`
kept in the session, the code exchanged at the token endpoint, the ID token's signature checked
against the provider's published keys, and its `iss`, `aud`, `exp` and `nonce` checked. This module
decides who that person is here: the provider's subject once linked, else (once) a verified e-mail
address of an account an admin made. Nobody gets an account by signing in.
"""

import threading
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import current_app, g, redirect, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from joserfc.errors import JoseError
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.models import Role, SignInPolicy, User, UserIdentity
from app.auth.services import find_user_by_email
from app.clock import utcnow
from app.database import lock_for_write, locked
from app.extensions import db
from app.links import public_url

#: names whose label and button the catalogue knows; another provider brings OIDC_NAME_LABEL_EN/_CY
KNOWN_PROVIDERS = {
    "hwb": (_l("Hwb (Microsoft)"), _l("Sign in with Hwb (Microsoft)")),
    "google": (_l("Google"), _l("Sign in with Google")),
}
_EXTENSION = "clwstwr_oidc"
#: the session key naming the provider a person signed in through (for the offer to sign out there)
SESSION_PROVIDER = "oidc_provider"
_registry_lock = threading.Lock()


class SignInRefused(Exception):
    """The sign-in did not happen; `str()` is the sentence the person reads, in their language, and
    `status` the page's: 400 for an answer we cannot trust, 403 for a person we cannot let in, 503 for a
    provider we cannot reach."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


class UnknownPerson(SignInRefused):
    """The provider vouches for an address no account here has (it may ask to join: app/auth/joining.py)."""

    def __init__(self, message: str, email: str):
        super().__init__(message)
        self.email = email


@dataclass(frozen=True)
class Provider:
    name: str
    #: what the provider is called ("Hwb (Microsoft)")
    label: str
    #: the sign-in button's words ("Sign in with Hwb (Microsoft)")
    button: str


def providers() -> list[Provider]:
    """The configured providers, in the order OIDC_PROVIDERS names them, labelled in the reader's language."""
    return [provider(name) for name in current_app.config["OIDC_PROVIDERS"]]


def provider(name: str) -> Provider:
    """One configured provider by name; KeyError if it is not configured."""
    settings = current_app.config["OIDC_PROVIDERS"][name]
    if name in KNOWN_PROVIDERS:
        label, button = (str(text) for text in KNOWN_PROVIDERS[name])
    else:
        label = settings.get(f"label_{get_locale()}") or settings.get("label_en") or name
        button = _("Sign in with: %(provider)s", provider=label)
    return Provider(name, label, button)


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
        raise _not_confirmed(name)
    try:
        token = client.authorize_access_token(claims_options={"iss": {"essential": True, "value": issuer}},
                                              leeway=current_app.config["OIDC_CLOCK_LEEWAY"])
    except requests.RequestException as error:
        current_app.logger.warning("OIDC %s: token endpoint failed: %r", name, error)
        raise _unreachable(name) from None
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as error:
        # a replayed code, a token for another app, an expired token, a wrong nonce or signature
        current_app.logger.warning("OIDC %s: refused: %r", name, error)
        raise _not_confirmed(name) from None
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise _not_confirmed(name)
    return dict(claims), state


def _not_confirmed(name: str) -> SignInRefused:
    return SignInRefused(_("%(provider)s did not confirm who you are. Start again with the button below.",
                           provider=provider(name).label), 400)


def _email_verified(claims: dict) -> bool:
    """Whether the provider vouches for the address: Google says `email_verified`; Microsoft Entra ID
    says `xms_edov` (the address's domain is the tenant's own) once the app asks for that claim."""
    return claims.get("email_verified") is True or claims.get("xms_edov") in (True, "1", "true")


def _deactivated() -> SignInRefused:
    return SignInRefused(_("Your account here has been switched off. Ask your school's headteacher or the "
                           "cluster admin if you need it again."))


def person_for(name: str, claims: dict) -> User:
    """The active account the provider's checked claims belong to, linked to that provider account on
    its first sign-in; SignInRefused (status 403) if there is none."""
    subject = str(claims["sub"])
    lock_for_write()  # it writes (the link, its last use): on SQLite, under the write lock from the start
    identity = db.session.scalar(select(UserIdentity).where(UserIdentity.provider == name,
                                                            UserIdentity.subject == subject))
    if identity is None:
        identity = _link(name, subject, claims)
    if not identity.user.active:
        raise _deactivated()
    identity.last_used_at = utcnow()
    db.session.commit()
    return identity.user


def _link(name: str, subject: str, claims: dict) -> UserIdentity:
    """Link a provider account to the active account an admin made with the same, verified, address."""
    email = str(claims.get("email") or "").strip().lower()
    if email and not _email_verified(claims):
        raise SignInRefused(_("%(provider)s has not confirmed your email address, so we cannot tell which "
                              "account here is yours. Ask your school's IT support to confirm it, or sign in "
                              "with your email address and password.", provider=provider(name).label))
    if not email:
        raise _not_confirmed(name)
    found = find_user_by_email(email)
    if found is None:
        raise UnknownPerson(_("There is no account here for %(email)s. Ask your school's headteacher or the "
                              "cluster admin to add you, then sign in again.", email=email), email)
    # one link per provider account: the same person's first sign-in in two tabs at once links once,
    # decided under the account's lock (PostgreSQL; SQLite holds its write lock already)
    user = locked(User, found.id)
    identity = db.session.scalar(select(UserIdentity).where(UserIdentity.provider == name,
                                                            UserIdentity.subject == subject))
    if identity is not None:
        return identity
    if not user.active:
        raise _deactivated()
    identity = UserIdentity(user=user, provider=name, subject=subject, email_at_link=email)
    db.session.add(identity)
    record_event(user, "sign_in_linked", user, f"{user.email} ({provider(name).label})", user.cluster_id)
    return identity  # person_for commits it with its first use


def provider_required(cluster_id: int | None) -> bool:
    """Whether this cluster's staff must sign in through a provider (cached for the request)."""
    if cluster_id is None or not current_app.config["OIDC_PROVIDERS"]:
        return False  # with no provider set up, nobody could sign in at all
    cache = g.setdefault("_provider_required", {})
    if cluster_id not in cache:
        cache[cluster_id] = bool(db.session.scalar(select(SignInPolicy.provider_required)
                                                   .where(SignInPolicy.cluster_id == cluster_id)))
    return cache[cluster_id]


def password_allowed(user: User) -> bool:
    """Whether this person may sign in with a password: a cluster's admins always may (the break-glass
    account for when the provider is down or misconfigured)."""
    return user.role == Role.ADMIN or not provider_required(user.cluster_id)


def sign_in_methods(user: User) -> list[str]:
    """How a person can sign in, for the admin's list of people: 'Password' (if they have one and may use
    it), and each linked provider."""
    methods = [_("Password")] if user.has_password and password_allowed(user) else []
    configured = current_app.config["OIDC_PROVIDERS"]
    return methods + [provider(identity.provider).label if identity.provider in configured else identity.provider
                      for identity in user.identities]


def policy_of(cluster_id: int) -> SignInPolicy:
    """The cluster's sign-in policy, or the default one (not saved) if it has none."""
    return db.session.get(SignInPolicy, cluster_id) or SignInPolicy(cluster_id=cluster_id, provider_required=False,
                                                                    join_domains="")


def set_policy(actor: User, required: bool, join_domains: str) -> None:
    """Set how the actor's cluster's staff sign in (a provider required; who may ask to join); audited."""
    policy = policy_of(actor.cluster_id)
    changes = {name: [old, new] for name, old, new in (("provider_required", policy.provider_required, required),
                                                       ("join_domains", policy.join_domains, join_domains))
               if old != new}
    if changes:
        record_event(actor, "sign_in_policy_changed", actor.cluster, actor.cluster.name_en, actor.cluster_id, changes)
        policy.provider_required, policy.join_domains = required, join_domains
        db.session.add(policy)
    db.session.commit()


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
