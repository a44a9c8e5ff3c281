"""Asking to join as staff through a provider, where a cluster allows it for an e-mail domain: the
request, and the decision of a leader of the chosen school (or the cluster admin). Signing in alone
never makes an account; an approval does, linked to the provider account that asked."""


from sqlalchemy import select

from app.audit.services import record_event
from app.auth.models import NO_PASSWORD_HASH, JoinRequest, JoinStatus, Role, SignInPolicy, User, UserIdentity
from app.auth.services import find_user_by_email
from app.clock import utcnow
from app.clusters.models import School
from app.database import lock_for_write, locked
from app.extensions import db

#: the session key holding who is asking (provider, subject, email, name) between the callback and the form
SESSION_KEY = "oidc_join"


def domains(text: str) -> list[str]:
    """The e-mail domains typed in the admin's setting, lower case, without '@'."""
    return [domain.lstrip("@").lower() for domain in text.replace(",", " ").split()]


def joinable_schools(email: str) -> list[School]:
    """The schools someone with this address may ask to join: those of each cluster naming its domain."""
    domain = email.rsplit("@", 1)[-1].lower()
    clusters = [policy.cluster_id for policy in db.session.scalars(
        select(SignInPolicy).where(SignInPolicy.join_domains != "")) if domain in policy.join_domains.split()]
    return list(db.session.scalars(select(School).where(School.cluster_id.in_(clusters))
                                   .order_by(School.name_en))) if clusters else []


def request_of(provider: str, subject: str) -> JoinRequest | None:
    """This provider account's request to join, if it has made one."""
    return db.session.scalar(select(JoinRequest).where(JoinRequest.provider == provider,
                                                       JoinRequest.subject == subject))


def ask(asking: dict, school: School) -> JoinRequest:
    """Ask to join `school` as staff (again, after a refusal); a second ask while one waits changes nothing."""
    chosen = {"cluster_id": school.cluster_id, "school_id": school.id}  # read before the commit below expires it
    label = f"{asking['email']} ({school.name_en})"
    lock_for_write()  # one request per provider account, however many times the button is pressed
    request = db.session.scalar(select(JoinRequest).where(JoinRequest.provider == asking["provider"],
                                                          JoinRequest.subject == asking["subject"])
                                .with_for_update())
    if request is not None and request.status == JoinStatus.PENDING:
        db.session.commit()
        return request
    if request is None:
        request = JoinRequest(provider=asking["provider"], subject=asking["subject"])
    for name, value in {**chosen, "email": asking["email"], "name": asking["name"][:120],
                        "status": JoinStatus.PENDING, "decided_at": None, "decided_by_id": None}.items():
        setattr(request, name, value)
    db.session.add(request)
    db.session.flush()
    record_event(None, "join_requested", request, label, chosen["cluster_id"])
    db.session.commit()
    return request


def may_decide(actor: User, request: JoinRequest) -> bool:
    """A leader decides for their own school; the cluster admin for any school of the cluster."""
    if actor.role == Role.ADMIN:
        return request.cluster_id == actor.cluster_id
    return actor.role == Role.LEADER and request.school_id == actor.school_id


def waiting_for(actor: User) -> list[JoinRequest]:
    """The requests waiting for this leader's or admin's decision, oldest first."""
    query = select(JoinRequest).where(JoinRequest.status == JoinStatus.PENDING).order_by(JoinRequest.created_at)
    if actor.role == Role.ADMIN:
        return list(db.session.scalars(query.where(JoinRequest.cluster_id == actor.cluster_id)))
    return list(db.session.scalars(query.where(JoinRequest.school_id == actor.school_id)))


class AlreadyAMember(Exception):
    """An account with the request's address exists already: they sign in with it."""


def decide(actor: User, request_id: int, approve: bool) -> JoinRequest | None:
    """Approve (the account is made, linked to the provider account) or refuse a waiting request, once
    however many leaders press at once; None if the actor may not see it."""
    lock_for_write()
    request = locked(JoinRequest, request_id)
    if request is None or not may_decide(actor, request):
        return None
    if request.status != JoinStatus.PENDING:
        return request  # decided a moment ago by someone else
    if approve:
        if find_user_by_email(request.email) is not None:
            raise AlreadyAMember()
        user = User(email=request.email, name=request.name, role=Role.STAFF, cluster_id=request.cluster_id,
                    school_id=request.school_id, password_hash=NO_PASSWORD_HASH)
        db.session.add(user)
        db.session.add(UserIdentity(user=user, provider=request.provider, subject=request.subject,
                                    email_at_link=request.email))
        db.session.flush()
        record_event(actor, "join_approved", user, user.email, request.cluster_id)
    else:
        record_event(actor, "join_refused", request, request.email, request.cluster_id)
    request.status = JoinStatus.APPROVED if approve else JoinStatus.REFUSED
    request.decided_at, request.decided_by_id = utcnow(), actor.id
    db.session.commit()
    return request
