"""Views of the leadership summary: the tables for a period, sorted and filtered, their CSV and
XLSX exports, and an authority officer's view of every cluster with a way into each."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app.auth.access import allow
from app.auth.models import Role
from app.clock import today
from app.clusters.models import Cluster
from app.data_version import data_version
from app.disclosure import threshold
from app.exports import download
from app.extensions import db
from app.fragments import SUMMARIES, rendered_once
from app.htmx import render_page
from app.i18n import current_language, plain_localized
from app.summaries import bp
from app.summaries.charts import bar_chart, trend_chart
from app.summaries.exports import figure_cells, figure_text, table_rows
from app.summaries.forms import SummaryFilterForm
from app.summaries.periods import LAST_YEAR, Period, period_of_day, years_of
from app.summaries.services import Scope, Summary, SummaryBasis, build_summary, read_basis, sort_rows, summary_of

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


def _chosen(cluster_slug: str | None) -> tuple[Scope, Period, SummaryFilterForm]:
    """Whose summary and of which period the filters ask for: by default, the half term we are in (or just had)."""
    scope = _scope(cluster_slug)
    years = years_of(scope.cluster_ids)
    form = SummaryFilterForm(request.args, years=years)
    period = None
    if form.year.data in years:
        period = Period.from_slug(form.year.data, request.args.get("period", ""))
    if period is None:
        period = period_of_day(scope.cluster_ids, today()) or Period(years[0] if years else today().year)
    form.year.data, form.period.data = period.start_year, period.slug
    return scope, period, form


def _sorted(summary: Summary) -> Summary:
    """The summary with the table the `sort` argument names in that order."""
    column, _sep, order = request.args.get("sort", "").partition(":")
    table_slug, _sep, column_key = column.partition(".")
    if table_slug in {table.slug for table in summary.tables}:
        sort_rows(summary.table(table_slug), column_key, order == "desc")
    return summary


def _results(basis: SummaryBasis, cluster_slug: str | None) -> str:
    """The summary's tables and charts, drawn."""
    summary = _sorted(summary_of(basis, today()))
    chart = bar_chart(summary.table("participation"), ("entries", "places_used"))
    # an authority's rows lead to each cluster's summary of the period: one address each, not one per table
    cluster_links = {group.id: url_for("summaries.summary", cluster=group.slug, year=summary.period.start_year,
                                       period=summary.period.slug, compare=summary.compare)
                     for group in summary.scope.groups} if summary.scope.authority else {}
    return render_template("summaries/_tables.html", summary=summary, chart=chart,
                           trend_chart=trend_chart(summary.trend), cluster_slug=cluster_slug,
                           sort=request.args.get("sort", ""), cluster_links=cluster_links)


@bp.route("/summary/")
@bp.route("/summary/clusters/<cluster>/")
@allow(*READERS)
def summary(cluster: str | None = None):
    """The leadership summary: feedback, participation, delivery and actions per school."""
    # the version first: figures read after it are at least as new as it, so none is kept under a version
    # that came after them (app/data_version.py)
    version = data_version()
    scope, period, form = _chosen(cluster)
    basis = read_basis(scope, period, against_last_year=form.compare.data == LAST_YEAR)
    filters = lambda: render_template("summaries/_filters.html", form=form)  # noqa: E731
    tables = lambda: _results(basis, cluster)  # noqa: E731
    if version is None:
        # a rendered template, escaped already
        filter_form, results = Markup(filters()), Markup(tables())  # noqa: S704
    else:
        # the same for everyone reading the same data, filters and language
        view = (version, tuple(scope.cluster_ids), period, cluster, current_language(), today(), request.script_root)
        filter_form = rendered_once(("summary-filters", *view, form.compare.data), filters)
        results = rendered_once(("summary-results", *view, scope.by_school, basis.against_last_year,
                                 request.args.get("sort", ""), threshold(), basis.surveys_key), tables, shelf=SUMMARIES)
    return render_page("summaries/summary.html", "summaries/_results.html", summary=basis, filter_form=filter_form,
                       results=results, cluster_slug=cluster)


@bp.route("/summary/export/<table>.<fmt>")
@bp.route("/summary/clusters/<cluster>/export/<table>.<fmt>")
@allow(*READERS)
def export(table: str, fmt: str, cluster: str | None = None):
    """One table of the summary as CSV or XLSX, with the same figures as the page."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    scope, period, form = _chosen(cluster)
    summary = _sorted(build_summary(scope, period, today(), against_last_year=form.compare.data == LAST_YEAR))
    if table not in {each.slug for each in summary.tables}:
        abort(404)
    rows = table_rows(summary.table(table))
    subject = plain_localized(summary.scope.cluster or summary.scope.authority, "name")
    name = "-".join(part for part in (_("summary"), table, str(summary.period.start_year), summary.period.slug)
                    if part)
    return download(rows, fmt, name, f"{subject[:20]} {summary.period.slug or summary.period.start_year}")
