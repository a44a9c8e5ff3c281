"""A fund's cluster table and its entries as rows for CSV and Excel: pounds with exactly two decimal places and
days as numbers, from the same integer pence and half days as the page, so the totals agree to the penny."""

from flask_babel import gettext as _

from app.funds.amounts import days, pounds
from app.funds.models import Spending
from app.funds.services import FundTable, Line
from app.i18n import plain_localized


def _money(pence: int | None):
    return "" if pence is None else pounds(pence)


def _days(half_days: int | None):
    return "" if half_days is None else days(half_days)


def _percent(value: int | None):
    return "" if value is None else value


def table_rows(table: FundTable) -> list[list]:
    """A heading row, a row per school, and the total."""
    rows = [[_("School"), _("Allocated (£)"), _("Spent (£)"), _("Left (£)"), _("Release days allocated"),
             _("Release days used"), _("Release days left"), _("Money used (%)"), _("Release days used (%)"),
             _("Grant's time gone (%)"), _("Warning")]]

    def row(label: str, line: Line, gone):
        return [label, _money(line.allocated_pence), _money(line.spent_pence), _money(line.left_pence),
                _days(line.allocated_half_days), _days(line.used_half_days), _days(line.left_half_days),
                _percent(line.money_used_percent), _percent(line.days_used_percent), gone,
                "; ".join(pace.text for pace in line.paces)]

    rows.extend(row(plain_localized(line.school, "name"), line, table.gone) for line in table.lines)
    rows.append(row(_("All schools"), table.total, table.gone))
    return rows


def entry_rows(entries: list[Spending]) -> list[list]:
    """A heading row, a row per entry, and their total."""
    rows = [[_("Day"), _("School"), _("What it was for"), _("Amount (£)"), _("Release days"), _("Note"),
             _("Entered by")]]
    rows.extend([entry.spent_on.isoformat(), plain_localized(entry.school, "name"), str(entry.category.label),
                 _money(entry.amount_pence), _days(entry.half_days), entry.note,
                 entry.entered_by.name if entry.entered_by else ""] for entry in entries)
    rows.append([_("Total"), "", "", pounds(sum(entry.amount_pence or 0 for entry in entries)),
                 days(sum(entry.half_days or 0 for entry in entries)), "", ""])
    return rows
