"""Bar charts drawn as inline SVG from a summary table: no script, no image to fetch, and the
table beside each chart carries the same figures for anyone who cannot see it."""

from dataclasses import dataclass

from app.summaries.services import Column, Table

#: bar length in SVG units for the largest figure; labels take the space to the left
BAR_SPACE = 300
ROW_HEIGHT = 28


@dataclass
class Bar:
    column: Column
    value: float
    length: float
    y: int


@dataclass
class ChartRow:
    label: str
    bars: list[Bar]
    y: int


@dataclass
class BarChart:
    title: str
    series: list[Column]
    rows: list[ChartRow]
    height: int
    bar_space: int = BAR_SPACE


def bar_chart(table: Table, keys: tuple[str, ...]) -> BarChart:
    """One group of bars per row of `table` (not its total), one bar per column in `keys`."""
    series = [column for column in table.columns if column.key in keys]
    largest = max([row.cells[column.key].value or 0 for row in table.rows for column in series] + [1])
    rows, y = [], 0
    for row in table.rows:
        bars = []
        for offset, column in enumerate(series):
            value = row.cells[column.key].value or 0
            bars.append(Bar(column, value, round(BAR_SPACE * value / largest, 1), y + offset * 12))
        rows.append(ChartRow(row.label, bars, y))
        y += ROW_HEIGHT + 12 * (len(series) - 1)
    return BarChart(str(table.title), series, rows, y)
