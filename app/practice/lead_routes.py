"""Who leads what: the cluster's page of each school's leads (the officer's across the authority), a
school's own form to keep them current, and the spreadsheet of them."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import SIGNED_IN, allow
from app.auth.models import Role
from app.clusters.models import Cluster, School
from app.exports import download
from app.extensions import db
from app.htmx import redirect_to
from app.practice import bp, leads
from app.practice.forms import LeadsFilterForm, LeadsForm
from app.practice.models import Responsibility

WRITERS = (Role.STAFF, Role.LEADER, Role.ADMIN)


def _chosen():
    """The filter form, the leads it asks for, and the one responsibility chosen (or None)."""
    clusters = (db.session.scalars(select(Cluster).where(Cluster.authority_id == current_user.authority_id)
                                   .order_by(Cluster.name_en)).all() if current_user.role == Role.OFFICER else [])
    form = LeadsFilterForm(request.args, clusters=clusters)
    responsibility = Responsibility(form.responsibility.data) if form.responsibility.data in \
        Responsibility._value2member_map_ else None
    cluster_id = form.cluster.data if form.cluster.data in {cluster.id for cluster in clusters} else None
    return form, leads.leads_of(leads.schools_seen_by(current_user, cluster_id)), responsibility


@bp.route("/leads")
@allow(*SIGNED_IN)
def leads_page():
    """Each school's leads for each Area of Learning and Experience and role, and who is not named yet."""
    form, all_leads, responsibility = _chosen()
    return render_template("practice/leads.html", form=form, all_leads=all_leads, chosen=responsibility,
                           responsibilities=[responsibility] if responsibility else list(Responsibility),
                           may_change=lambda school: leads.may_change(current_user, school))


@bp.route("/leads.<any(csv, xlsx):fmt>")
@allow(*SIGNED_IN)
def export_leads(fmt: str):
    """The leads shown, as a spreadsheet: one row per school and responsibility."""
    _form, all_leads, responsibility = _chosen()
    return download(leads.rows_for_export(all_leads, responsibility), fmt, "leads", _("Leads"))


@bp.route("/leads/<int:school_id>", methods=["GET", "POST"])
@allow(*WRITERS)
def edit_leads(school_id: int):
    """A school's own staff keep its leads current: a name (and e-mail) for each, blank for nobody yet."""
    school = db.session.get(School, school_id)
    if school is None or school.cluster_id != current_user.cluster_id:
        abort(404)
    if not leads.may_change(current_user, school):
        abort(403)
    form = LeadsForm()
    if form.validate_on_submit():
        leads.save_school_leads(current_user, school, form.named())
        flash(_("The leads are saved."), "success")
        return redirect_to(url_for("practice.leads_page") + f"#school-{school.id}")
    if not form.is_submitted():
        form.fill(leads.leads_of([school])[0])
    return render_template("practice/leads_form.html", form=form, school=school,
                           responsibilities=list(Responsibility)), 422 if form.is_submitted() else 200
