"""Schools and people of the cluster, and its audit log."""

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.admin import bp
from app.admin.forms import PeopleFilterForm, PersonForm, SchoolForm
from app.admin.services import (
    AlreadyTaken,
    SelfLockout,
    people_query,
    save_person,
    save_school,
    schools_with_people_counts,
    set_person_active,
)
from app.audit.models import AuditEvent
from app.auth.access import LEADERSHIP, SIGNED_IN, allow, in_own_cluster, visible_schools
from app.auth.models import Role, User
from app.clusters.models import School
from app.extensions import db
from app.htmx import is_htmx_request, redirect_to, render_page
from app.i18n import localized_column, safe_next_url

PAGE_SIZE = 50


def _cluster_schools() -> list[School]:
    return db.session.scalars(select(School).where(School.cluster_id == current_user.cluster_id)
                              .order_by(localized_column(School, "name"))).all()


@bp.route("/schools")
@allow(*SIGNED_IN)
def schools():
    """The schools the person can see, with their phase, roll and number of people."""
    rows = schools_with_people_counts(visible_schools(current_user))
    return render_template("admin/schools.html", rows=rows)


@bp.route("/schools/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def new_school():
    """Add a school to the cluster."""
    return _school_form(School())


@bp.route("/schools/<int:school_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit_school(school_id: int):
    """Change a school's names, phase or roll."""
    return _school_form(in_own_cluster(School, school_id))


def _school_form(school: School):
    form = SchoolForm(obj=school if school.id else None)
    if form.validate_on_submit():
        try:
            save_school(current_user, school, form.data)
        except AlreadyTaken:
            form.slug.errors.append(_("Another school of the cluster has this short name."))
        else:
            flash(_("The school is saved."), "success")
            return redirect_to(url_for("admin.schools"))
    status = 422 if form.is_submitted() else 200
    return render_page("admin/school_form.html", "admin/_school_form.html", status,
                       form=form, school=school)


@bp.route("/people")
@allow(*LEADERSHIP)
def people():
    """The people of the cluster, filtered by name, school, role and status."""
    # A filter shows no errors: a value it does not know simply filters nothing.
    filters = PeopleFilterForm(request.args, schools=_cluster_schools())
    pagination = db.paginate(
        people_query(current_user.cluster_id, search=(filters.q.data or "")[:100],
                     school_id=filters.school.data, role=filters.role.data or "",
                     status=filters.status.data or "active")
        .options(joinedload(User.school), selectinload(User.identities)),
        page=request.args.get("page", 1, type=int), per_page=PAGE_SIZE, error_out=False)
    return render_page("admin/people.html", "admin/_people_results.html",
                       filters=filters, pagination=pagination)


@bp.route("/people/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def new_person():
    """Give someone an account in the cluster."""
    return _person_form(User())


@bp.route("/people/<int:user_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit_person(user_id: int):
    """Change a person's details, role, school or password."""
    return _person_form(in_own_cluster(User, user_id))


def _person_form(person: User):
    is_new = person.id is None
    form = PersonForm(obj=None if is_new else person, schools=_cluster_schools(), new_person=is_new)
    if form.validate_on_submit():
        try:
            save_person(current_user, person, form.data)
        except AlreadyTaken:
            form.email.errors.append(_("Another account already uses this email address."))
        except SelfLockout:
            form.role.errors.append(_("You cannot take away your own admin role."))
        else:
            flash(_("%(name)s is saved.", name=person.name), "success")
            return redirect_to(url_for("admin.people"))
    status = 422 if form.is_submitted() else 200
    return render_page("admin/person_form.html", "admin/_person_form.html", status,
                       form=form, person=person)


@bp.route("/people/<int:user_id>/active", methods=["POST"])
@allow(Role.ADMIN)
def set_active(user_id: int):
    """Deactivate or reactivate an account."""
    person = in_own_cluster(User, user_id)
    error = None
    try:
        set_person_active(current_user, person, request.form.get("active") == "1")
    except SelfLockout:
        error = _("You cannot deactivate your own account.")
    if is_htmx_request():
        return render_template("admin/_person_row.html", person=person, error=error), 422 if error else 200
    if error:
        flash(error, "error")
    elif person.active:
        flash(_("%(name)s can sign in again.", name=person.name), "success")
    else:
        flash(_("%(name)s can no longer sign in.", name=person.name), "success")
    return redirect_to(safe_next_url(request.form.get("next"), url_for("admin.people")))


@bp.route("/audit")
@allow(Role.ADMIN)
def audit_log():
    """Who changed what in the cluster, newest first."""
    pagination = db.paginate(
        select(AuditEvent).where(AuditEvent.cluster_id == current_user.cluster_id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()),
        page=request.args.get("page", 1, type=int), per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/audit_log.html", pagination=pagination)
