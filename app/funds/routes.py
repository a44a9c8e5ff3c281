"""Views of staff time and funds: the funds of a cluster with each school's part, a fund's cluster table and
entries, recording and changing a fund, recording, correcting and deleting spending, and the downloads."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import SIGNED_IN, allow
from app.auth.models import Role
from app.clock import today
from app.clusters.models import Cluster
from app.errors import show_refusal
from app.exports import download
from app.extensions import db
from app.funds import bp, exports, services
from app.funds.forms import SpendingForm, fund_form
from app.funds.models import Category, Fund, Spending
from app.funds.services import FundRefused, SpendingData
from app.htmx import redirect_to, render_page
from app.i18n import plain_localized

MANAGERS = services.MANAGERS
TABLE_READERS = services.TABLE_READERS


def _readable(fund_id: int) -> Fund:
    """The fund, if this person may read it; otherwise a 404 that gives nothing away."""
    fund = db.session.get(Fund, fund_id)
    if fund is None or not services.can_read(current_user, fund):
        abort(404)
    return fund


def _managed(fund_id: int) -> Fund:
    """The fund, if this person may read it and record against it (a 403 that says why if only the first)."""
    fund = _readable(fund_id)
    if not services.can_manage(current_user, fund):
        raise FundRefused(services.FOR_MANAGERS)
    return fund


def _cluster_shown() -> Cluster | None:
    """The person's cluster; for the officer, the one of their authority chosen in the address."""
    if current_user.role != Role.OFFICER:
        return current_user.cluster
    clusters = sorted(current_user.authority.clusters, key=lambda cluster: plain_localized(cluster, "name"))
    chosen = request.args.get("cluster")
    return next((cluster for cluster in clusters if cluster.slug == chosen), clusters[0] if clusters else None)


@bp.route("/")
@allow(*SIGNED_IN)
def index():
    """The cluster's funds, each with the reader's school's allocation, use and what is left."""
    cluster = _cluster_shown()
    funds = services.funds_of(current_user, cluster.id) if cluster else []
    mine = {fund.id: services.table_of(fund, today(), current_user.school_id).lines
            for fund in funds} if current_user.school_id else {}
    clusters = (sorted(current_user.authority.clusters, key=lambda each: plain_localized(each, "name"))
                if current_user.role == Role.OFFICER else [])
    return render_template("funds/index.html", cluster=cluster, clusters=clusters, funds=funds, mine=mine,
                           may_manage=services.can_manage(current_user), today=today())


def _fund_page(form, fund: Fund | None):
    return render_page("funds/form.html", "funds/_fund_form.html", status=422 if form.is_submitted() else 200,
                       form=form, fund=fund)


def _save(fund: Fund | None):
    """The fund form: a new fund's dates default to the academic year of today; saved, its page."""
    cluster = fund.cluster if fund else current_user.cluster
    schools = sorted(cluster.schools, key=lambda school: school.name_en)
    years, this_year = services.years_and_current(cluster, today())
    form = fund_form(schools, years, request.form if request.method == "POST" else None, fund)
    if request.method == "GET" and fund is None and this_year is not None:
        form.academic_year.data, form.starts_on.data, form.ends_on.data = \
            this_year.id, this_year.starts_on, this_year.ends_on
    if request.method == "POST" and form.validate_on_submit():
        try:
            saved = services.save_fund(current_user, fund, form.data_for_service(), form.fixed())
        except FundRefused as refusal:
            # the fixed shares' sum belongs beside the choice of how the fund is shared
            show_refusal(form, refusal, "allocation")
        else:
            flash(_("The fund is saved and shared between the schools."), "success")
            return redirect_to(url_for("funds.show", fund_id=saved.id))
    return _fund_page(form, fund)


@bp.route("/new", methods=["GET", "POST"])
@allow(*MANAGERS)
def new():
    """Record a grant or budget of the cluster and how it is shared between the schools."""
    return _save(None)


@bp.route("/<int:fund_id>/edit", methods=["GET", "POST"])
@allow(*MANAGERS)
def edit(fund_id: int):
    """Change a fund, or how it is shared; the schools' shares are worked out again."""
    return _save(_managed(fund_id))


@bp.route("/<int:fund_id>")
@allow(*SIGNED_IN)
def show(fund_id: int):
    """A fund: the cluster table with its warnings and every entry for those who read the cluster; for a
    member of staff, their school's part and entries."""
    fund = _readable(fund_id)
    whole = services.can_read_table(current_user, fund)
    table = services.table_of(fund, today(), None if whole else current_user.school_id)
    entries = services.entries_of(fund, None if whole else current_user.school_id)
    spenders = {school.id for school in services.schools_for_spending(current_user, fund)}
    return render_template("funds/fund.html", fund=fund, table=table, entries=entries, whole=whole,
                           spenders=spenders, may_manage=services.can_manage(current_user, fund),
                           far=services.FAR, today=today())


def _spending_form(fund: Fund, formdata=None, obj=None) -> SpendingForm:
    schools = [(school.id, plain_localized(school, "name")) for school in services.schools_for_spending(current_user,
                                                                                                          fund)]
    form = SpendingForm(formdata, obj=obj, schools=schools)
    if formdata is None and obj is not None:
        form.school.data, form.category.data = obj.school_id, obj.category.value
        form.amount.data, form.days.data = obj.amount_pence, obj.half_days
    elif formdata is None:
        form.school.data, form.spent_on.data = (schools[0][0] if len(schools) == 1 else None), today()
    return form


def _entry(form: SpendingForm) -> SpendingData:
    return SpendingData(school_id=form.school.data, category=Category(form.category.data),
                        spent_on=form.spent_on.data, amount_pence=form.amount.data, half_days=form.days.data,
                        note=form.note.data)


def _spending_page(fund: Fund, form: SpendingForm, spending: Spending | None):
    line = None
    if form.school.data:
        lines = services.table_of(fund, today(), form.school.data).lines
        line = lines[0] if lines else None
    return render_page("funds/spending.html", "funds/_spending_form.html",
                       status=422 if form.is_submitted() else 200, fund=fund, form=form, spending=spending,
                       line=line)


def _record(fund: Fund, spending: Spending | None):
    """Validate the entry and record or correct it; its reasons beside the fields."""
    form = _spending_form(fund, request.form if request.method == "POST" else None, spending)
    if request.method == "POST" and form.validate_on_submit():
        try:
            if spending is None:
                services.record_spending(current_user, fund.id, _entry(form))
            else:
                services.correct_spending(current_user, spending.id, _entry(form))
        except FundRefused as refusal:
            show_refusal(form, refusal, "amount")
        else:
            flash(_("The spending is saved."), "success")
            return redirect_to(url_for("funds.show", fund_id=fund.id) + "#entries")
    return _spending_page(fund, form, spending)


@bp.route("/<int:fund_id>/spending", methods=["GET", "POST"])
@allow(*MANAGERS)
def spend(fund_id: int):
    """Record what a school used of a fund: its cost, its release days, or both."""
    return _record(_managed(fund_id), None)


def _own_entry(spending_id: int) -> Spending:
    """An entry this person may correct: one of their school's (any of the cluster's for the admin)."""
    spending = db.session.get(Spending, spending_id)
    if spending is None:
        abort(404)
    fund = _managed(spending.fund_id)
    if spending.school_id not in {school.id for school in services.schools_for_spending(current_user, fund)}:
        raise FundRefused(_("A leader records spending for their own school; the cluster admin for any school."))
    return spending


@bp.route("/spending/<int:spending_id>", methods=["GET", "POST"])
@allow(*MANAGERS)
def correct(spending_id: int):
    """Correct an entry; the audit log keeps what it said before."""
    spending = _own_entry(spending_id)
    return _record(spending.fund, spending)


@bp.route("/spending/<int:spending_id>/delete", methods=["POST"])
@allow(*MANAGERS)
def delete(spending_id: int):
    """Delete an entry made in error; the audit log keeps what it said."""
    spending = _own_entry(spending_id)
    fund_id = spending.fund_id
    services.delete_spending(current_user, spending.id)
    flash(_("The entry is deleted."), "success")
    return redirect_to(url_for("funds.show", fund_id=fund_id) + "#entries")


def _table_reader(fund_id: int) -> Fund:
    """The fund, if this person reads its whole cluster table; otherwise a 404."""
    fund = _readable(fund_id)
    if not services.can_read_table(current_user, fund):
        abort(404)
    return fund


@bp.route("/<int:fund_id>/table.<any(csv, xlsx):fmt>")
@allow(*TABLE_READERS)
def export_table(fund_id: int, fmt: str):
    """The cluster table as CSV or Excel, its totals the page's to the penny."""
    fund = _table_reader(fund_id)
    return download(exports.table_rows(services.table_of(fund, today())), fmt, f"fund-{fund.id}-schools",
                    plain_localized(fund, "name"))


@bp.route("/<int:fund_id>/entries.<any(csv, xlsx):fmt>")
@allow(*TABLE_READERS)
def export_entries(fund_id: int, fmt: str):
    """Every entry against the fund as CSV or Excel, with their total."""
    fund = _table_reader(fund_id)
    return download(exports.entry_rows(services.entries_of(fund)), fmt, f"fund-{fund.id}-entries",
                    plain_localized(fund, "name"))

