"""Signing in through OpenID Connect providers: Hwb (a tenant of Microsoft Entra ID) and Google.

Authlib's Flask client does the protocol: discovery from the issuer, PKCE (S256), `state` and `nonce`
kept in the session, the code exchanged at the token endpoint, the ID token's signature checked
against the provider's published keys, and its `iss`, `aud`, `exp` and `nonce` checked. This module
decides who that person is here: the provider's subject once linked, else (once) a verified e-mail
address of an account an admin made. Nobody gets an account by signing in.
"""

from dataclasses import dataclass

from flask import current_app, g
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.services import record_event
from app.auth.models import Role, SignInPolicy, User, UserIdentity
from app.auth.services import find_user_by_email
from app.clock import utcnow
from app.database import lock_for_write, locked
from app.extensions import db

#: names whose label and button the catalogue knows; another provider brings OIDC_NAME_LABEL_EN/_CY
KNOWN_PROVIDERS = {
    "hwb": (_l("Hwb (Microsoft)"), _l("Sign in with Hwb (Microsoft)")),
    "google": (_l("Google"), _l("Sign in with Google")),
}
#: the session key naming the provider a person signed in through (for the offer to sign out there)
SESSION_PROVIDER = "oidc_provider"


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


def not_confirmed(name: str) -> SignInRefused:
    """The provider's answer could not be trusted: start again."""
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
        raise not_confirmed(name)
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
