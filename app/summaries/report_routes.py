"""Views of the annual report and transition plan: reading it (printable), writing its narrative
in both languages, and marking it final (or reopening it)."""

from datetime import date

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import allow
from app.calendar.models import AcademicYear, Strand
from app.clock import today
from app.extensions import db
from app.htmx import redirect_to
from app.summaries import bp
from app.summaries.forms import ReportForm
from app.summaries.meeting_routes import MEMBERS, READERS
from app.summaries.models import AnnualReport
from app.summaries.reports import (
    LOW_RESPONSE_RATE,
    NARRATIVE_FIELDS,
    bilingual,
    figures_of,
    hidden_in,
    mark_final,
    reopen,
    report_of,
    save_narrative,
)
from app.summaries.services import FEEDBACK_COLUMNS, PARTICIPATION_COLUMNS


def _year(start_year: int) -> AcademicYear:
    """The signed-in person's cluster's academic year that starts in `start_year`, else 404."""
    year = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == current_user.cluster_id,
                                                        AcademicYear.start_year == start_year))
    if year is None:
        abort(404)
    return year


bp.add_app_template_global(bilingual, "bilingual")
bp.add_app_template_global(hidden_in, "hidden_in")
# a snapshot keeps its dates as text (ISO), to be read in whichever language the reader has
bp.add_app_template_filter(date.fromisoformat, "isodate")


def _report_page(report: AnnualReport, status: int = 200):
    return render_template("summaries/report.html", report=report, figures=figures_of(report, today()),
                           strands=list(Strand), low_rate=LOW_RESPONSE_RATE,
                           labels={column.key: column.label for column in FEEDBACK_COLUMNS + PARTICIPATION_COLUMNS},
                           member=current_user.role in MEMBERS), status


@bp.route("/summary/reports/<int:start_year>")
@allow(*READERS)
def report(start_year: int):
    """The annual report and transition plan for a year: narrative and figures, ready to print."""
    return _report_page(report_of(current_user.cluster, _year(start_year)))


@bp.route("/summary/reports/<int:start_year>/edit", methods=["GET", "POST"])
@allow(*MEMBERS)
def edit_report(start_year: int):
    """Write the report's narrative: achievements, challenges and plans, in English and Welsh."""
    report = report_of(current_user.cluster, _year(start_year))
    if report.final_at is not None:
        flash(_("This report is final. Reopen it as a draft to change it."), "error")
        return _report_page(report, 409)
    form = ReportForm(obj=report)
    if form.validate_on_submit():
        save_narrative(current_user, report, {
            f"{name}_{language}": form[f"{name}_{language}"].data
            for name in NARRATIVE_FIELDS for language in ("en", "cy")})
        flash(_("The report is saved."), "success")
        return redirect_to(url_for("summaries.report", start_year=start_year))
    return render_template("summaries/report_form.html", form=form, report=report), 422 if form.errors else 200


@bp.route("/summary/reports/<int:start_year>/final", methods=["POST"])
@allow(*MEMBERS)
def finalise_report(start_year: int):
    """Mark the report final, freezing its figures; or, asked to reopen, make it a draft again."""
    report = report_of(current_user.cluster, _year(start_year))
    if request.form.get("reopen"):
        if report.final_at is not None:
            reopen(current_user, report)
        flash(_("The report is a draft again: its figures are live."), "success")
    else:
        if report.final_at is None:
            mark_final(current_user, report, today())
        flash(_("The report is final: its figures will not change."), "success")
    return redirect_to(url_for("summaries.report", start_year=start_year))
