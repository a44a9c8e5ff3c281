"""Creating and changing schools and people, each change written to the audit log."""

import re

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import pending_changes, record_event
from app.auth.models import Role, User
from app.clusters.models import School, SchoolPhase
from app.extensions import db
from app.i18n import localized_column

SCHOOL_FIELDS = ("name_en", "name_cy", "slug", "phase", "roll")
PERSON_FIELDS = ("name", "email", "role", "school_id", "preferred_locale", "active",
                 "password_hash", "job_title_en", "job_title_cy")


class AlreadyTaken(Exception):
    """A unique value (a school's short name, an email address) is in use already."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class SelfLockout(Exception):
    """An admin tried to take away their own admin access, which would lock them out."""


def slugify(text: str) -> str:
    """A URL-safe short name from a school's English name: "St Peter's School" → "st-peters-school"."""
    text = text.lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "school"


def _save_logged(actor: User, record, is_new: bool, label: str, changes: dict,
                 unique_field: str) -> None:
    """Flush, log and commit `record`; a clash on its unique field becomes AlreadyTaken."""
    # The unique constraint decides a race between two admins; the earlier check is a courtesy.
    try:
        db.session.flush()
        if changes:
            record_event(actor, "created" if is_new else "updated", record, label,
                         record.cluster_id, changes)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AlreadyTaken(unique_field) from error


def slug_in_use(cluster_id: int, slug: str, except_school_id: int | None = None) -> bool:
    """Whether another school of the cluster already has this short name."""
    query = select(School.id).where(School.cluster_id == cluster_id, School.slug == slug)
    if except_school_id is not None:
        query = query.where(School.id != except_school_id)
    return db.session.scalar(query) is not None


def email_in_use(email: str, except_user_id: int | None = None) -> bool:
    """Whether another account already signs in with this email address."""
    query = select(User.id).where(User.email == email.strip().lower())
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query) is not None


def save_school(actor: User, school: School, data: dict) -> School:
    """Create or update a school of the actor's cluster from form data, and log it."""
    is_new = school.id is None
    slug = data["slug"] or slugify(data["name_en"] or data["name_cy"])
    if slug_in_use(actor.cluster_id, slug, school.id):
        raise AlreadyTaken("slug")
    school.name_en = data["name_en"]
    school.name_cy = data["name_cy"]
    school.slug = slug
    school.phase = SchoolPhase(data["phase"])
    school.roll = data["roll"]
    if is_new:
        school.cluster_id = actor.cluster_id
        db.session.add(school)
    _save_logged(actor, school, is_new, school.name_en or school.name_cy,
                 pending_changes(school, SCHOOL_FIELDS), "slug")
    return school


def save_person(actor: User, person: User, data: dict) -> User:
    """Create or update an account in the actor's cluster from form data, and log it."""
    is_new = person.id is None
    email = data["email"].strip().lower()
    if person.id == actor.id and data["role"] != Role.ADMIN:
        raise SelfLockout
    if email_in_use(email, person.id):
        raise AlreadyTaken("email")
    person.name = data["name"]
    person.email = email
    person.role = Role(data["role"])
    person.school_id = data["school_id"]
    person.preferred_locale = data["preferred_locale"]
    person.job_title_en = data["job_title_en"] or ""
    person.job_title_cy = data["job_title_cy"] or ""
    if data.get("password"):
        person.set_password(data["password"])
    if is_new:
        person.cluster_id = actor.cluster_id
        db.session.add(person)
    _save_logged(actor, person, is_new, person.email, pending_changes(person, PERSON_FIELDS), "email")
    return person


def set_person_active(actor: User, person: User, active: bool) -> None:
    """Deactivate (signing them out everywhere) or reactivate an account, and log it."""
    if person.id == actor.id and not active:
        raise SelfLockout
    if person.active == active:
        return
    person.active = active
    if not active:
        person.session_version += 1
    record_event(actor, "reactivated" if active else "deactivated", person, person.email,
                 person.cluster_id, {"active": [not active, active]})
    db.session.commit()


def people_query(cluster_id: int, search: str = "", school_id: int | None = None,
                 role: str = "", status: str = "active"):
    """People of a cluster matching the list's filters, ordered by name."""
    query = select(User).where(User.cluster_id == cluster_id)
    if search:
        needle = search.lower()
        query = query.where(or_(func.lower(User.name).contains(needle, autoescape=True),
                                User.email.contains(needle, autoescape=True)))
    if school_id:
        query = query.where(User.school_id == school_id)
    if role in Role._value2member_map_:
        query = query.where(User.role == Role(role))
    if status in ("active", "inactive"):
        query = query.where(User.active.is_(status == "active"))
    return query.order_by(func.lower(User.name), User.id)


def schools_with_people_counts(schools_query):
    """Each school of the query with the number of active accounts it has."""
    people = (select(User.school_id, func.count(User.id).label("people"))
              .where(User.active.is_(True)).group_by(User.school_id).subquery())
    query = (schools_query.add_columns(func.coalesce(people.c.people, 0))
             .outerjoin(people, people.c.school_id == School.id))
    return db.session.execute(query.order_by(localized_column(School, "name"))).all()
