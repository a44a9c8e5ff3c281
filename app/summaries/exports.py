"""How a summary figure is written, on the page and in the exports alike, so the two agree."""

import flask_babel
from flask_babel import gettext as _

from app.disclosure import hidden_text
from app.i18n import remembered
from app.summaries.services import Cell, Column, Table

#: a summary page writes a few thousand figures, most of them small numbers again and again
format_decimal = remembered(flask_babel.format_decimal)


def figure_text(cell: Cell, column: Column | None = None) -> str:
    """'12', '45.5%', '3.84', '2.5' (days), '£1,250.50', 'fewer than 5' or 'hidden' for a hidden figure; '–' when
    there is none. Without a column, the figure is a count."""
    kind = column.kind if column else "count"
    if cell.hidden:
        return hidden_text(cell.hidden)
    if cell.value is None:
        return "–"
    if kind == "percent":
        return format_decimal(cell.value, format="#,##0.0") + "%"
    if kind == "mean":
        return format_decimal(cell.value, format="0.00")
    if kind == "hours":
        return format_decimal(cell.value, format="#,##0.0")
    if kind == "days":
        return format_decimal(cell.value, format="#,##0.#")
    if kind == "money":
        return "£" + format_decimal(cell.value, format="#,##0.00")
    return format_decimal(cell.value, format="#,##0")


def change_text(cell: Cell, column: Column) -> str:
    """'▲ 3' or '▼ 2.5' against last period, 'no change', or '' when there is nothing to compare."""
    change = cell.change
    if change is None or (change == 0 and not cell.value):
        return ""
    if change == 0:
        return _("no change")
    number = format_decimal(abs(change), format="#,##0.##")
    return f"▲ {number}" if change > 0 else f"▼ {number}"


def table_rows(table: Table) -> list[list[str]]:
    """A table as rows of text, a heading row first: each figure, then its change where it has one."""
    header = [str(table.row_heading)]
    for column in table.columns:
        header.append(str(column.label))
        if column.compares:
            header.append(_("%(figure)s: change", figure=column.label))
    rows = [header]
    for row in table.rows + ([table.total] if table.total else []):
        line = [row.label]
        for column in table.columns:
            cell = row.cells[column.key]
            line.append(figure_text(cell, column))
            if column.compares:
                line.append(change_text(cell, column))
        rows.append(line)
    return rows
