"""Views of the leadership summary: the tables for a period, sorted and filtered, their CSV and
XLSX exports, and an authority officer's view of every cluster with a way into each."""

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import allow
from app.auth.models import Role
from app.clock import today
from app.clusters.models import Cluster
from app.exports import download
from app.extensions import db
from app.htmx import render_page
from app.i18n import plain_localized
from app.summaries import bp
from app.summaries.charts import bar_chart, trend_chart
from app.summaries.exports import figure_cells, figure_text, table_rows
from app.summaries.forms import SummaryFilterForm
from app.summaries.periods import LAST_YEAR, Period, period_of_day, years_of
from app.summaries.services import Scope, Summary, build_summary, sort_rows

#: who reads the summary; governors read it without changing anything, as everywhere
READERS = (Role.ADMIN, Role.LEADER, Role.GOVERNOR, Role.OFFICER)

bp.add_app_template_global(figure_text, "summary_figure")
bp.add_app_template_global(figure_cells, "summary_cells")


def _scope(cluster_slug: str | None) -> Scope:
    """The signed-in person's cluster; for an officer, the authority, or one of its clusters."""
    if current_user.role == Role.OFFICER:
        if cluster_slug is None:
            return Scope.of_authority(current_user.authority)
        cluster = db.session.scalar(select(Cluster).where(Cluster.slug == cluster_slug,
                                                          Cluster.authority_id == current_user.authority_id))
    else:
        cluster = current_user.cluster
        if cluster_slug is not None and cluster.slug != cluster_slug:
            cluster = None
    if cluster is None:
        abort(404)
    return Scope.of_cluster(cluster)


def _summary(cluster_slug: str | None) -> tuple[Summary, SummaryFilterForm]:
    """The summary the filters ask for: by default, the half term we are in (or just had)."""
    scope = _scope(cluster_slug)
    years = years_of(scope.cluster_ids)
    form = SummaryFilterForm(request.args, years=years)
    period = None
    if form.year.data in years:
        period = Period.from_slug(form.year.data, request.args.get("period", ""))
    if period is None:
        period = period_of_day(scope.cluster_ids, today()) or Period(years[0] if years else today().year)
    form.year.data, form.period.data = period.start_year, period.slug
    summary = build_summary(scope, period, today(), against_last_year=form.compare.data == LAST_YEAR)
    column, _sep, order = request.args.get("sort", "").partition(":")
    table_slug, _sep, column_key = column.partition(".")
    if table_slug in {table.slug for table in summary.tables}:
        sort_rows(summary.table(table_slug), column_key, order == "desc")
    return summary, form


@bp.route("/summary/")
@bp.route("/summary/clusters/<cluster>/")
@allow(*READERS)
def summary(cluster: str | None = None):
    """The leadership summary: feedback, participation, delivery and actions per school."""
    summary, form = _summary(cluster)
    chart = bar_chart(summary.table("participation"), ("entries", "places_used"))
    # an authority's rows lead to each cluster's summary of the period: one address each, not one per table
    cluster_links = {group.id: url_for("summaries.summary", cluster=group.slug, year=summary.period.start_year,
                                       period=summary.period.slug, compare=summary.compare)
                     for group in summary.scope.groups} if summary.scope.authority else {}
    return render_page("summaries/summary.html", "summaries/_results.html", summary=summary, form=form,
                       chart=chart, trend_chart=trend_chart(summary.trend), cluster_slug=cluster,
                       sort=request.args.get("sort", ""), cluster_links=cluster_links)


@bp.route("/summary/export/<table>.<fmt>")
@bp.route("/summary/clusters/<cluster>/export/<table>.<fmt>")
@allow(*READERS)
def export(table: str, fmt: str, cluster: str | None = None):
    """One table of the summary as CSV or XLSX, with the same figures as the page."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    summary, _form = _summary(cluster)
    if table not in {each.slug for each in summary.tables}:
        abort(404)
    rows = table_rows(summary.table(table))
    subject = plain_localized(summary.scope.cluster or summary.scope.authority, "name")
    name = "-".join(part for part in (_("summary"), table, str(summary.period.start_year), summary.period.slug)
                    if part)
    return download(rows, fmt, name, f"{subject[:20]} {summary.period.slug or summary.period.start_year}")
