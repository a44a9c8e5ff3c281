"""People with accounts and their roles. Families and pupils never have accounts."""

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.clock import machine_utcnow, utcnow
from app.clusters.models import Authority, Cluster, School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column


class Role(LabelledEnum):
    ADMIN = "admin", _l("Cluster admin")
    LEADER = "leader", _l("Leader")
    STAFF = "staff", _l("Staff")
    GOVERNOR = "governor", _l("Governor")
    OFFICER = "officer", _l("Local authority officer")


class User(UserMixin, db.Model):
    """A member of staff, leader, governor, cluster admin or authority officer."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role NOT IN ('leader', 'staff') OR school_id IS NOT NULL",
                        name="school_staff_have_school"),
        CheckConstraint("role <> 'officer' OR authority_id IS NOT NULL",
                        name="officers_have_authority"),
        CheckConstraint("role = 'officer' OR cluster_id IS NOT NULL",
                        name="members_have_cluster"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored in lower case; the sign-in name
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: what the person does at school, in each language ("Headteacher", "Pennaeth"); may be empty
    job_title_en: Mapped[str] = mapped_column(String(120), default="", server_default="")
    job_title_cy: Mapped[str] = mapped_column(String(120), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    #: set for authority officers, who read every cluster of their authority
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    #: set for everyone but authority officers
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    #: the one school whose records staff and leaders may change
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    #: 'cy' or 'en'; the interface language chosen with the switch
    preferred_locale: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(default=True)
    #: raised on every password change or deactivation, which signs out old sessions
    session_version: Mapped[int] = mapped_column(default=1)
    #: raised by "reset my calendar links" (and a password change): old feed addresses stop working
    feed_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    authority: Mapped[Authority | None] = relationship()
    cluster: Mapped[Cluster | None] = relationship()
    school: Mapped[School | None] = relationship()
    identities: Mapped[list["UserIdentity"]] = relationship(back_populates="user", order_by="UserIdentity.provider")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # The version makes every old cookie invalid after a password change or deactivation; the
        # sign-in's own token (app/auth/sessions.py) lets one sign-in be ended alone
        return f"{self.id}:{self.session_version}:{getattr(self, 'sign_in_token', '')}"

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.session_version = (self.session_version or 0) + 1
        self.feed_version = (self.feed_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        """Whether a password was ever set: not for people brought in from a file, or who joined through a
        sign-in provider, until an admin gives them a temporary one."""
        return self.password_hash != NO_PASSWORD_HASH


#: the password hash of someone who has no password: no hash matches it
NO_PASSWORD_HASH = "!"  # noqa: S105 (not a password: a hash that no password matches)


def hash_password(password: str) -> str:
    """Hash a password with the configured method (scrypt in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class SignIn(db.Model):
    """One signed-in browser: its cookie names it by a random token, kept here only as a hash, so
    that signing out, "sign out everywhere" and an idle timeout end it on the server whatever copies
    of the cookie exist."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the cookie
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=machine_utcnow)
    #: moved on at most once a minute while the person uses the app, for the idle timeout
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=machine_utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserIdentity(db.Model):
    """A person's account at an OpenID Connect provider (Hwb, Google), linked to their account here on
    their first sign-in through it: from then on the provider's subject, not the e-mail, finds them."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_user_identities_provider_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the provider's name in OIDC_PROVIDERS ('hwb', 'google')
    provider: Mapped[str] = mapped_column(String(40))
    #: the ID token's `sub`: stable for the person at that provider, unlike their e-mail address
    subject: Mapped[str] = mapped_column(String(255))
    #: the e-mail address the provider gave when the account was linked (for the admin's eyes only)
    email_at_link: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="identities")


class SignInPolicy(db.Model):
    """How a cluster's people sign in: a cluster without a row signs in with passwords or a provider."""

    __tablename__ = "sign_in_policies"

    #: one policy per cluster
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True)
    #: password sign-in refused for everyone in the cluster but its admins (the break-glass accounts)
    provider_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: e-mail domains (space-separated, lower case) whose staff, unknown here, may ask through a provider to
    #: join a school of the cluster, pending a leader's approval; empty: nobody may
    join_domains: Mapped[str] = mapped_column(String(500), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class JoinStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for approval")
    APPROVED = "approved", _l("Approved")
    REFUSED = "refused", _l("Refused")


class JoinRequest(db.Model):
    """Someone unknown here, whose address a provider vouches for in a domain the cluster named, asking
    to join a school as staff: no account exists until a leader of that school or the admin approves."""

    __tablename__ = "join_requests"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_join_requests_provider_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    #: the provider account asking, linked to the new account on approval
    provider: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    #: as the provider gave them, lower case
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    status: Mapped[JoinStatus] = mapped_column(enum_column(JoinStatus), default=JoinStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    school: Mapped[School] = relationship()
