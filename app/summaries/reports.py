"""The annual report and transition plan: a draft assembled from the year's data, the narrative
leaders write in both languages, and the figures frozen when the report is marked final.

The figures are kept as plain data (numbers, and names in both languages), so a final report
reads the same in Welsh and English years later, whatever has changed in the database since.
"""

from datetime import date

from sqlalchemy import select

from app.audit.services import record_event
from app.auth.models import User
from app.calendar.models import AcademicYear, Activity, Approval, Term
from app.clock import utcnow
from app.clusters.models import Cluster
from app.competitions.models import Place, points_table
from app.competitions.services import published_in
from app.disclosure import Hidden
from app.extensions import db
from app.funds.models import Fund
from app.funds.services import Line, table_of
from app.i18n import current_language, other_language
from app.summaries.meeting_services import open_actions
from app.summaries.models import AnnualReport
from app.summaries.periods import Period
from app.summaries.services import Scope, build_summary

#: below this share of the roll answering, a school's survey response is a challenge to name
LOW_RESPONSE_RATE = 20
NARRATIVE_FIELDS = ("achievements", "challenges", "plans")


def bilingual(mapping: dict, field: str) -> str:
    """`field` of a snapshot's item in the reader's language, or the other when it has none."""
    return mapping.get(f"{field}_{current_language()}") or mapping.get(f"{field}_{other_language()}") or ""


def _names(record, field: str = "name") -> dict:
    return {f"{field}_en": getattr(record, f"{field}_en"), f"{field}_cy": getattr(record, f"{field}_cy")}


def _shown(cell):
    """A figure as data: None when it is hidden or there is none."""
    return None if cell.suppressed else cell.value


def hidden_in(row: dict, key: str) -> Hidden | None:
    """Whether a snapshot row's figure is hidden (a school's, so one of a set)."""
    return Hidden.IN_SET if key in row.get("hidden", ()) else None


def report_figures(cluster: Cluster, year: AcademicYear, today: date) -> dict:
    """The year's figures for the report: delivery by strand, each school's participation and
    feedback, competition winners, the challenges the data shows, and next year's calendar."""
    summary = build_summary(Scope.of_cluster(cluster), Period(year.start_year), today)
    feedback, participation = summary.table("feedback"), summary.table("participation")
    schools = {school.id: school for school in cluster.schools}
    rows = []
    for feedback_row, participation_row in zip(feedback.rows, participation.rows, strict=True):
        school = schools[feedback_row.key]
        row = _names(school)
        row.update({key: _shown(cell) for key, cell in feedback_row.cells.items()})
        row.update({key: _shown(cell) for key, cell in participation_row.cells.items()})
        row["hidden"] = [key for key, cell in feedback_row.cells.items() if cell.hidden]
        rows.append(row)
    totals = {key: _shown(cell) for key, cell in feedback.total.cells.items()}
    totals.update({key: _shown(cell) for key, cell in participation.total.cells.items()})
    delivery = {row.key: {key: cell.value for key, cell in row.cells.items()}
                for row in summary.table("delivery").rows}
    return {
        "year": year.label,
        "delivery": delivery,
        "schools": rows,
        "totals": totals,
        "competitions": _winners(cluster, year),
        "points": [dict(_names(line.school), points=line.points, rank=line.rank)
                   for line in points_table(published_in(cluster.id, year.id), cluster.schools)],
        "challenges": {
            "overdue": [dict(_names(action, "text"), due_on=action.due_on.isoformat(),
                             owner_en=action.owner_school.name_en if action.owner_school else "",
                             owner_cy=action.owner_school.name_cy if action.owner_school else "")
                        for action in open_actions(cluster.id, due_by=min(today, year.ends_on))
                        if action.due_on < today],
            "low_response": [_names(schools[row.key]) for row in feedback.rows
                             if any(row.cells[key].value is not None and not row.cells[key].suppressed
                                    and row.cells[key].value < LOW_RESPONSE_RATE
                                    for key in ("pupils_rate", "families_rate"))],
            "hidden": [_names(schools[row.key]) for row in feedback.rows
                       if row.cells["pupils_n"].suppressed or row.cells["families_n"].suppressed],
            "no_entries": [_names(schools[row.key]) for row in participation.rows if not row.cells["entries"].value],
        },
        "plans": _next_year(cluster, year),
        "funding": _funding(cluster, year, today),
    }


def _winners(cluster: Cluster, year: AcademicYear) -> list[dict]:
    """The published competitions of the year with each category's first place."""
    competitions = []
    for competition in published_in(cluster.id, year.id):
        firsts = [entry for entry in competition.active_entries() if entry.place == Place.FIRST]
        categories = {category.id: category for category in competition.categories}
        competitions.append(dict(_names(competition, "title"), winners=[
            dict(_names(categories[entry.category_id]), entrant=entry.entrant_name,
                 school_en=entry.school.name_en, school_cy=entry.school.name_cy)
            for entry in sorted(firsts, key=lambda entry: categories[entry.category_id].position)]))
    return competitions


def _figures_of(line: Line) -> dict:
    """A line of a fund's table as pence and half days (None where the fund has no such figure)."""
    return {"allocated_pence": line.allocated_pence, "spent_pence": line.spent_pence, "left_pence": line.left_pence,
            "allocated_half_days": line.allocated_half_days, "used_half_days": line.used_half_days,
            "left_half_days": line.left_half_days}


def _funding(cluster: Cluster, year: AcademicYear, today: date) -> list[dict]:
    """Each fund of the year: what it held, and each school's allocation, use and what is left."""
    funds = db.session.scalars(select(Fund).where(Fund.cluster_id == cluster.id, Fund.academic_year_id == year.id)
                               .order_by(Fund.name_en, Fund.id)).all()
    return [dict(_names(fund), source=fund.source, has_money=fund.has_money, has_days=fund.has_days,
                 schools=[dict(_names(line.school), **_figures_of(line)) for line in table.lines],
                 total=_figures_of(table.total))
            for fund, table in ((fund, table_of(fund, today)) for fund in funds)]


def _next_year(cluster: Cluster, year: AcademicYear) -> dict:
    """Next year's calendar as drafted so far: its approved activities by term."""
    following = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == cluster.id,
                                                            AcademicYear.start_year == year.start_year + 1))
    if following is None:
        return {"year": f"{year.start_year + 1}/{(year.start_year + 2) % 100:02d}", "drafted": False,
                "activities": []}
    activities = db.session.scalars(
        select(Activity).join(Term, Term.id == Activity.term_id)
        .where(Activity.academic_year_id == following.id, Activity.approval == Approval.APPROVED)
        .order_by(Term.position, Activity.starts_on.is_(None), Activity.starts_on, Activity.id)).all()
    return {"year": following.label, "drafted": True,
            "activities": [dict(_names(activity, "title"), term=activity.term.kind.value,
                                strand=activity.strand.value,
                                starts_on=activity.starts_on.isoformat() if activity.starts_on else None)
                           for activity in activities]}


# -- the report itself ------------------------------------------------------------------------------

def report_of(cluster: Cluster, year: AcademicYear) -> AnnualReport:
    """The year's report, or a new, unsaved draft when nobody has written one yet."""
    report = db.session.scalar(select(AnnualReport).where(AnnualReport.cluster_id == cluster.id,
                                                          AnnualReport.academic_year_id == year.id))
    return report or AnnualReport(cluster_id=cluster.id, academic_year=year)


def figures_of(report: AnnualReport, today: date) -> dict:
    """What the report shows: the frozen figures of a final report, or today's of a draft."""
    if report.final_at is not None and report.snapshot is not None:
        return report.snapshot
    cluster = db.session.get(Cluster, report.cluster_id)
    return report_figures(cluster, report.academic_year, today)


def save_narrative(actor: User, report: AnnualReport, texts: dict[str, str]) -> AnnualReport:
    """Save the narrative sections, in both languages, of a report that is not final."""
    changes = {name: [getattr(report, name), value] for name, value in texts.items()
               if getattr(report, name) != value}
    for name, value in texts.items():
        setattr(report, name, value)
    db.session.add(report)
    db.session.flush()
    record_event(actor, "updated", report, report.label, report.cluster_id,
                 {name: [bool(old), bool(new)] for name, (old, new) in changes.items()})
    db.session.commit()
    return report


def mark_final(actor: User, report: AnnualReport, today: date) -> AnnualReport:
    """Freeze the figures as they are today; the report reads the same from now on."""
    report.snapshot = report_figures(db.session.get(Cluster, report.cluster_id), report.academic_year, today)
    report.final_at, report.final_by_id = utcnow(), actor.id
    db.session.add(report)
    db.session.flush()
    record_event(actor, "finalised", report, report.label, report.cluster_id)
    db.session.commit()
    return report


def reopen(actor: User, report: AnnualReport) -> AnnualReport:
    """Make a final report a draft again, its figures live once more."""
    report.snapshot, report.final_at, report.final_by_id = None, None, None
    record_event(actor, "reopened", report, report.label, report.cluster_id)
    db.session.commit()
    return report
