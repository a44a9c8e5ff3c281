"""How a summary figure is written, on the page and in the exports alike, so the two agree."""

from collections.abc import Callable

import flask_babel
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.disclosure import hidden_text
from app.i18n import remembered
from app.summaries.services import Cell, Column, Table

#: a summary page writes a few thousand figures, most of them small numbers again and again
format_decimal = remembered(flask_babel.format_decimal)


def figure_text(cell: Cell, column: Column | None = None, number: Callable = format_decimal) -> str:
    """'12', '45.5%', '3.84', '2.5' (days), '£1,250.50', 'fewer than 5' or 'hidden' for a hidden figure; '–' when
    there is none. Without a column, the figure is a count. `number` writes a number to a pattern."""
    kind = column.kind if column else "count"
    if cell.hidden:
        return hidden_text(cell.hidden)
    if cell.value is None:
        return "–"
    if kind == "percent":
        return number(cell.value, format="#,##0.0") + "%"
    if kind == "mean":
        return number(cell.value, format="0.00")
    if kind == "hours":
        return number(cell.value, format="#,##0.0")
    if kind == "days":
        return number(cell.value, format="#,##0.#")
    if kind == "money":
        return "£" + number(cell.value, format="#,##0.00")
    return number(cell.value, format="#,##0")


def change_text(cell: Cell, column: Column, number: Callable = format_decimal) -> str:
    """'▲ 3' or '▼ 2.5' against last period, 'no change', or '' when there is nothing to compare."""
    change = cell.change
    if change is None or (change == 0 and not cell.value):
        return ""
    if change == 0:
        return _("no change")
    written = number(abs(change), format="#,##0.##")
    return f"▲ {written}" if change > 0 else f"▼ {written}"


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


def figure_cells(cells: dict[str, Cell], columns: list[Column], labels: list[str], change_word: str) -> Markup:
    """The <td>s of one row of a summary table, each figure with its change: one call per row, with the
    locale read once, where a macro per figure cost most of the page (a summary writes hundreds)."""
    locale = (str(get_locale()), str(get_timezone()))

    def number(value, format):  # noqa: A002 (Babel's name for the pattern, as figure_text passes it)
        return format_decimal.in_locale(value, format, *locale)

    # f-strings of escaped parts: Markup.format escapes through string.Formatter, and cost more than the rest
    change_label = f'<span class="visually-hidden">{escape(change_word)} </span>'
    html = []
    for column, label in zip(columns, labels, strict=True):
        cell = cells[column.key]
        figure = (f'<span class="{"suppressed" if cell.suppressed else ""}">'
                  f'{escape(figure_text(cell, column, number))}</span>')
        change = change_text(cell, column, number)
        if change:
            direction = " change--up" if change.startswith("▲") else (" change--down" if change.startswith("▼") else "")
            figure += f' <span class="change{direction}">{change_label}{escape(change)}</span>'
        html.append(f'<td class="numeric" role="cell" data-label="{escape(label)}">{figure}</td>')
    return Markup("\n        ".join(html))  # noqa: S704 (every part escaped above)
