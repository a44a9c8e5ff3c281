"""Bar charts of the summary, laid out as HTML with each bar a sized SVG rectangle: the words and
numbers are page text, as large as the page's at every width (an SVG scaled down to a phone
shrinks its text with it), no script runs, nothing is fetched, and a table beside each chart
carries the same figures for anyone who cannot see it."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.summaries.services import Table, TrendPoint


@dataclass
class Bar:
    #: 1 or 2: which series, for its colour
    series: int
    value: float | None
    #: the bar's length as a share (0–100) of the longest
    length: float


@dataclass
class ChartRow:
    label: str
    bars: list[Bar]


@dataclass
class BarChart:
    title: str
    #: the series' names, in the order of each row's bars
    series: list[str]
    rows: list[ChartRow]


def _rows(labelled_values: list[tuple[str, list[float | None]]]) -> list[ChartRow]:
    largest = max([value or 0 for _label, values in labelled_values for value in values] + [1])
    return [ChartRow(label, [Bar(position, value, round(100 * (value or 0) / largest, 1))
                             for position, value in enumerate(values, start=1)])
            for label, values in labelled_values]


def bar_chart(table: Table, keys: tuple[str, ...]) -> BarChart:
    """One group of bars per row of `table` (not its total), one bar per column in `keys`."""
    series = [column for column in table.columns if column.key in keys]
    return BarChart(str(table.title), [str(column.label) for column in series],
                    _rows([(row.label, [row.cells[column.key].value for column in series]) for row in table.rows]))


def trend_chart(points: list[TrendPoint]) -> BarChart:
    """Responses of pupils and of families, one group of bars per half term."""
    return BarChart(str(_l("Feedback through the year")), [str(_l("Pupils")), str(_l("Families"))],
                    _rows([(str(point.period.term.half_term_label(point.period.half)),
                            [point.pupils.value, point.families.value]) for point in points]))
