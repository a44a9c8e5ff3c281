"""Who may open which page and change which records: the one place that decides it.

Every view declares its audience with `@public` or `@allow(...)`. A view that declares
nothing is refused to everyone, and `create_app` will not start while one exists, so a
forgotten declaration cannot become an open page.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, request
from flask_login import current_user
from sqlalchemy import Select, select

from app.auth.models import Role, User
from app.clusters.models import Cluster, School
from app.extensions import db, login_manager

#: every role that signs in
SIGNED_IN = tuple(Role)
#: roles that read the whole cluster's summaries and directory
LEADERSHIP = (Role.ADMIN, Role.LEADER)
_ANYONE = "anyone"
_UNCHECKED_ENDPOINTS = {"static"}  # Flask's own static files


def public(view: Callable) -> Callable:
    """Let anyone, signed in or not, use this view."""
    view.access = _ANYONE
    return view


def allow(*roles: Role) -> Callable[[Callable], Callable]:
    """Let only people with one of `roles` use this view."""
    def decorate(view: Callable) -> Callable:
        view.access = frozenset(roles)
        return view
    return decorate


def private_page(view: Callable) -> Callable:
    """Mark a public view whose page carries a family's private token or what they typed (a survey's
    answers, a booking): like every signed-in page, it is never kept by a browser or proxy cache."""
    view.private_page = True
    return view


def keep_personal_pages_out_of_caches(response):
    """after_request: `Cache-Control: no-store` on every signed-in page and every private page.
    Public pages and static files keep the caching their views gave them."""
    if request.endpoint is None or request.endpoint in _UNCHECKED_ENDPOINTS:
        return response
    view = current_app.view_functions[request.endpoint]
    if getattr(view, "private_page", False) or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def access_of(view: Callable):
    """The declared audience of a view: 'anyone', a set of roles, or None if undeclared."""
    return getattr(view, "access", None)


def may_use(user, endpoint: str) -> bool:
    """Whether `user` (signed in or not) may open the view behind `endpoint`."""
    access = access_of(current_app.view_functions[endpoint])
    if access == _ANYONE:
        return True
    return bool(user.is_authenticated and access and user.role in access)


def enforce_access() -> None:
    """Refuse the request unless the view's declaration lets this visitor in (before_request)."""
    if request.endpoint is None or request.endpoint in _UNCHECKED_ENDPOINTS:
        return None
    access = access_of(current_app.view_functions[request.endpoint])
    if access == _ANYONE:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if access is None or current_user.role not in access:
        abort(403)
    return None


def check_every_view_declares_access(app: Flask) -> None:
    """Fail at start-up if a view forgot to say who may use it."""
    undeclared = sorted(endpoint for endpoint, view in app.view_functions.items()
                        if endpoint not in _UNCHECKED_ENDPOINTS and access_of(view) is None)
    if undeclared:
        raise RuntimeError("These views declare no access (@public or @allow): " + ", ".join(undeclared))


def visible_schools(user: User) -> Select:
    """A query for the schools this person may see: their cluster, or an officer's authority."""
    query = select(School).join(School.cluster)
    if user.role == Role.OFFICER:
        return query.where(Cluster.authority_id == user.authority_id)
    return query.where(School.cluster_id == user.cluster_id)


def can_change_school_records(user: User, school: School) -> bool:
    """Staff and leaders change their own school's records; cluster admins any school of theirs."""
    if user.role == Role.ADMIN:
        return school.cluster_id == user.cluster_id
    if user.role in (Role.LEADER, Role.STAFF):
        return school.id == user.school_id
    return False


def in_own_cluster(model, record_id: int):
    """The record of `model` with this id if it belongs to the signed-in person's cluster, else a 404.

    Another cluster's records answer 404, not 403, so their ids give nothing away.
    """
    record = db.session.get(model, record_id)
    if record is None or record.cluster_id != current_user.cluster_id:
        abort(404)
    return record

