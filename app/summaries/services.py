"""The leadership summary: one row per school (or per cluster, for an authority) and a total,
for feedback, participation, delivery and actions, each figure beside last period's.

Every figure is counted by the database (GROUP BY), a handful of queries per table whatever
the number of schools. Feedback follows the foundation's disclosure rule (`app.disclosure`):
a survey counts in the period in which it opened, once it has THRESHOLD responses in all, and
a school's figures for a period are hidden when the school is hidden in any survey counted
there; so the summary adds up what the surveys' own pages show, and hides what they hide.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, false, func, or_, select

from app.bookings.places.models import BookableSession, PlaceAttendance, PlaceRequest
from app.bookings.resources.models import Resource, ResourceBooking, ResourceKind
from app.calendar.models import AcademicYear, Activity, ActivityStatus, Approval, HalfTerm, Strand, Term
from app.clock import utc_moment
from app.clusters.models import Authority, Cluster, School
from app.competitions.models import Competition, Entry, Place
from app.disclosure import Hidden, threshold
from app.extensions import db
from app.funds.models import Fund, FundShare, Spending
from app.i18n import plain_localized
from app.practice.models import PracticeItem, PracticeVisit, Reach, VisitStatus
from app.summaries.learning_figures import LEARNING_COLUMNS_SPEC, learning_cells, learning_counts
from app.summaries.meeting_services import of_group
from app.summaries.models import Action, ActionStatus
from app.summaries.periods import LAST_YEAR, TERM_ORDER, Period, half_terms_of
from app.summaries.survey_figures import SurveyCounts, counted_surveys, read_surveys
from app.surveys.models import SurveyAudience

PLACED = (Place.FIRST, Place.SECOND, Place.THIRD)


# -- whose figures --------------------------------------------------------------------------------

@dataclass
class Scope:
    """One cluster, a row per school; or an authority, a row per cluster."""

    cluster: Cluster | None = None
    authority: Authority | None = None
    #: the rows' subjects in the order shown: schools, or clusters
    groups: list = field(default_factory=list)

    @classmethod
    def of_cluster(cls, cluster: Cluster) -> "Scope":
        return cls(cluster=cluster, groups=sorted(cluster.schools, key=lambda s: plain_localized(s, "name")))

    @classmethod
    def of_authority(cls, authority: Authority) -> "Scope":
        return cls(authority=authority, groups=sorted(authority.clusters, key=lambda c: plain_localized(c, "name")))

    @property
    def by_school(self) -> bool:
        return self.cluster is not None

    @property
    def cluster_ids(self) -> list[int]:
        return [self.cluster.id] if self.cluster else [cluster.id for cluster in self.groups]

    def key(self, school_column=School.id, cluster_column=School.cluster_id):
        """The column a figure is grouped by: the school, or the school's cluster."""
        return school_column if self.by_school else cluster_column

    def rolls(self) -> dict[int, int]:
        """Pupils on roll per row."""
        if self.by_school:
            return {school.id: school.roll for school in self.groups}
        return dict(db.session.execute(select(School.cluster_id, func.sum(School.roll))
                                       .where(School.cluster_id.in_(self.cluster_ids))
                                       .group_by(School.cluster_id)).all())


def _clusters_by_dates(dates: dict[int, tuple[date, date]]) -> dict[tuple[date, date], list[int]]:
    """The clusters grouped by their dates for the period: usually one group, as the clusters of
    an authority mostly keep the same terms."""
    grouped = defaultdict(list)
    for cluster_id, span in dates.items():
        grouped[span].append(cluster_id)
    return grouped


def _within(dates: dict[int, tuple[date, date]], cluster_column, day_column):
    """`day_column` falls inside the period as each cluster dates it."""
    grouped = _clusters_by_dates(dates)
    if not grouped:
        return false()
    # one range per set of dates rather than one per cluster: the condition an index on the day
    # can use, and far less SQL to build for an authority
    return or_(*(and_(cluster_column.in_(cluster_ids), day_column.between(starts, ends))
                 for (starts, ends), cluster_ids in grouped.items()))


def _moment_within(dates, cluster_column, moment_column):
    """A stored UTC moment falls on a day inside the period, in Welsh local time."""
    grouped = _clusters_by_dates(dates)
    if not grouped:
        return false()
    return or_(*(and_(cluster_column.in_(cluster_ids), moment_column >= utc_moment(starts, time.min),
                      moment_column < utc_moment(ends + timedelta(days=1), time.min))
                 for (starts, ends), cluster_ids in grouped.items()))


def _each_period(query, spans, cluster_column, day_column, within=_within):
    """`query` (grouped by its row's key) run once for every span in `spans` (the period, and the one
    to compare it with, which never overlap): (index of the span, row) for each row, the row's figures
    counted over the days `day_column` has in that span, as the cluster of `cluster_column` dates it."""
    conditions = [within(dates, cluster_column, day_column) for dates in spans]
    which = case(*((condition, index) for index, condition in enumerate(conditions)))
    for row in db.session.execute(query.add_columns(which).where(or_(*conditions)).group_by(which)):
        yield row[-1], row[:-1]


def _per_span(spans) -> list[dict]:
    """Raw figures per row, one set for each span."""
    return [defaultdict(lambda: defaultdict(float)) for _dates in spans]


def _hours(starts, ends):
    """The hours between two timestamp columns, in the database's own arithmetic."""
    if db.session.get_bind().dialect.name == "sqlite":
        return (func.julianday(ends) - func.julianday(starts)) * 24
    return func.extract("epoch", ends - starts) / 3600


# -- the raw figures of one period -----------------------------------------------------------------

def feedback_counts(scope: Scope, surveys: list[SurveyCounts], dates) -> dict[int, dict[str, float]]:
    """Per row: responses by audience to the surveys counted in the period, the sum and number of
    five-point answers of pupils and of families (for their means), and, per school, whether it
    is hidden in one of those surveys (`<audience>_hidden`)."""
    figures = defaultdict(lambda: defaultdict(float))
    for survey, hidden in counted_surveys(surveys, dates):
        audience = survey.audience.value
        for school in survey.schools:
            group = figures[school.school_id if scope.by_school else school.cluster_id]
            group[f"{audience}_n"] += school.responses
            if scope.by_school and school.school_id in hidden:
                group[f"{audience}_hidden"] = 1
            if survey.audience.has_roll and school.scores:
                group[f"{audience}_score_sum"] += float(school.score_sum)
                group[f"{audience}_scores"] += school.scores
    return figures


def participation_counts(scope: Scope, spans) -> list[dict[int, dict[str, float]]]:
    """Per span and row: competition entries and placings, event places asked for (confirmed or waiting),
    confirmed and used, hours of shared vehicles and rooms, practice shared and visits made and received."""
    figures = _per_span(spans)
    key = scope.key(Entry.school_id)
    entries = (select(key, func.count(Entry.id), func.count(case((Entry.place.in_(PLACED), 1))))
               .join(Competition, Competition.id == Entry.competition_id).join(School, School.id == Entry.school_id)
               .where(Entry.withdrawn_at.is_(None)).group_by(key))
    for span, (group, count, placed) in _each_period(entries, spans, School.cluster_id, Competition.closes_on):
        figures[span][group].update(entries=count, placed=placed)

    key = scope.key(PlaceRequest.school_id)
    confirmed = (select(key, func.sum(PlaceRequest.places), func.sum(PlaceRequest.confirmed))
                 .join(BookableSession, BookableSession.id == PlaceRequest.session_id)
                 .join(School, School.id == PlaceRequest.school_id)
                 .where(PlaceRequest.cancelled_at.is_(None)).group_by(key))
    for span, (group, booked, places) in _each_period(confirmed, spans, School.cluster_id, BookableSession.held_on):
        figures[span][group].update(places_booked=int(booked or 0), places_confirmed=int(places or 0))
    key = scope.key(PlaceAttendance.school_id)
    used = (select(key, func.sum(PlaceAttendance.places_used))
            .join(BookableSession, BookableSession.id == PlaceAttendance.session_id)
            .join(School, School.id == PlaceAttendance.school_id).group_by(key))
    for span, (group, places) in _each_period(used, spans, School.cluster_id, BookableSession.held_on):
        figures[span][group]["places_used"] = int(places or 0)

    key = scope.key(ResourceBooking.school_id)
    hours = (select(key, Resource.kind, func.sum(_hours(ResourceBooking.starts_at, ResourceBooking.ends_at)))
             .join(Resource, Resource.id == ResourceBooking.resource_id)
             .join(School, School.id == ResourceBooking.school_id)
             .where(ResourceBooking.cancelled_at.is_(None)).group_by(key, Resource.kind))
    for span, (group, kind, total) in _each_period(hours, spans, School.cluster_id, ResourceBooking.starts_at,
                                                   within=_moment_within):
        if kind in (ResourceKind.VEHICLE, ResourceKind.ROOM):
            figures[span][group][f"{kind.value}_hours"] = round(float(total or 0), 1)

    # pieces of practice a school published to the cluster (or beyond) in the period
    key = scope.key(PracticeItem.school_id)
    shared = (select(key, func.count(PracticeItem.id)).join(School, School.id == PracticeItem.school_id)
              .where(PracticeItem.reach != Reach.DRAFT).group_by(key))
    for span, (group, count) in _each_period(shared, spans, School.cluster_id, PracticeItem.published_on):
        figures[span][group]["practice_shared"] = count

    # accepted visits to see practice whose day falls in the period: made by the visitor's school,
    # received by the piece's school, each in its own cluster's dates
    key = scope.key(School.id)
    accepted = (select(key, func.count(PracticeVisit.id)).select_from(PracticeVisit)
                .where(PracticeVisit.status == VisitStatus.ACCEPTED).group_by(key))
    made = accepted.join(School, School.id == PracticeVisit.visitor_school_id)
    received = (accepted.join(PracticeItem, PracticeItem.id == PracticeVisit.item_id)
                .join(School, School.id == PracticeItem.school_id))
    for figure, query in (("visits_made", made), ("visits_received", received)):
        for span, (group, count) in _each_period(query, spans, School.cluster_id, PracticeVisit.visit_on):
            figures[span][group][figure] = count
    return figures


def _in_period(query, period: Period, scope: Scope, dates):
    """`query` of activities narrowed to the approved ones of the period: those of its half terms, and for
    a year or a term also those of the whole term; undated work of a term belongs to its term."""
    query = (query.join(Term, Term.id == Activity.term_id)
             .join(AcademicYear, AcademicYear.id == Activity.academic_year_id)
             .outerjoin(HalfTerm, HalfTerm.id == Activity.half_term_id)
             .where(Activity.cluster_id.in_(scope.cluster_ids), Activity.approval == Approval.APPROVED,
                    AcademicYear.start_year == period.start_year))
    if period.term:
        query = query.where(Term.kind == period.term)
    if period.half:
        query = query.where(or_(HalfTerm.number == period.half,
                                and_(Activity.half_term_id.is_(None),
                                     _within(dates, Activity.cluster_id, Activity.starts_on))))
    return query


def delivery_counts(scope: Scope, period: Period, dates) -> dict[object, dict[str, float]]:
    """Per strand (one cluster) or per cluster (an authority): activities planned, done, cancelled."""
    key = Activity.strand if scope.by_school else Activity.cluster_id
    figures = defaultdict(lambda: defaultdict(float))
    counts = _in_period(select(key, Activity.status, func.count(Activity.id)), period, scope, dates)
    for group, status, count in db.session.execute(counts.group_by(key, Activity.status)):
        figures[group][status.value] = count
    return figures


def action_counts(scope: Scope, spans, today: date) -> list[dict[object, dict[str, float]]]:
    """Per span and owning school (None: the group or a person) or per cluster: the leadership group's open
    actions (not its networks'), those due in the span and still open, and those overdue today; one query."""
    key = Action.owner_school_id if scope.by_school else Action.cluster_id
    is_open = Action.status == ActionStatus.OPEN
    query = (select(key, func.count(case((is_open, 1))), func.count(case((and_(is_open, Action.due_on < today), 1))),
                    *(func.count(case((and_(is_open, _within(dates, Action.cluster_id, Action.due_on)), 1)))
                      for dates in spans))
             .join(Action.meeting).where(Action.cluster_id.in_(scope.cluster_ids), of_group(None)).group_by(key))
    figures = _per_span(spans)
    for group, opened, overdue, *due in db.session.execute(query):
        for span, due_in_span in enumerate(due):
            figures[span][group] = {"open": opened, "due": due_in_span, "overdue": overdue}
    return figures


def funding_counts(scope: Scope, spans, start_years: tuple[int, ...]) -> list[dict[object, dict[str, float]]]:
    """Per span and row: the release time (half days) and money (pence) its schools used of the cluster's funds
    in the span, by the day of each entry, and their allocations of the funds of the span's year (`start_years`)."""
    figures = _per_span(spans)
    key = scope.key(Spending.school_id)
    used = (select(key, func.sum(Spending.half_days), func.sum(Spending.amount_pence))
            .join(School, School.id == Spending.school_id).group_by(key))
    for span, (group, half_days, pence) in _each_period(used, spans, School.cluster_id, Spending.spent_on):
        figures[span][group].update(half_days_used=int(half_days or 0), pence_spent=int(pence or 0))
    key = scope.key(FundShare.school_id)
    allocated = (select(key, AcademicYear.start_year, func.sum(FundShare.half_days), func.sum(FundShare.amount_pence))
                 .join(School, School.id == FundShare.school_id).join(Fund, Fund.id == FundShare.fund_id)
                 .join(AcademicYear, AcademicYear.id == Fund.academic_year_id)
                 .where(AcademicYear.start_year.in_(set(start_years)), School.cluster_id.in_(scope.cluster_ids))
                 .group_by(key, AcademicYear.start_year))
    for group, start_year, half_days, pence in db.session.execute(allocated):
        for span, year in enumerate(start_years):
            if year == start_year:
                figures[span][group].update(half_days_allocated=int(half_days or 0), pence_allocated=int(pence or 0))
    return figures


# -- tables ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: object
    #: count, percent, mean, hours, days or money: how the value is written
    kind: str = "count"
    #: whether the figure means something against last period's
    compares: bool = True


@dataclass
class Cell:
    """A figure, whether it must be hidden (and why), and the same figure last period."""

    value: float | int | None
    hidden: Hidden | None = None
    previous: float | int | None = None
    previous_hidden: Hidden | None = None

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None

    @property
    def change(self) -> float | None:
        """The rise (positive) or fall since last period, when both are there to compare."""
        if self.value is None or self.previous is None or self.hidden or self.previous_hidden:
            return None
        return round(self.value - self.previous, 2)


@dataclass
class Row:
    key: object
    label: str
    cells: dict[str, Cell]
    is_total: bool = False


@dataclass
class Table:
    slug: str
    title: object
    caption: object
    #: heading of the first column: School, Cluster, Strand, Owner
    row_heading: object
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None

    def __post_init__(self):
        # a snapshot such as "overdue today" has no last-period figure to set beside it
        for column in self.columns:
            if not column.compares:
                for row in self.rows + ([self.total] if self.total else []):
                    row.cells[column.key].previous = None


def _rate(part, whole) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _feedback_cells(raw: dict, roll: int, is_total: bool) -> dict[str, Cell]:
    """A row's feedback cells: those of an audience are hidden together when the school is hidden
    in a survey of the period. A total adds up whole surveys, which are shown, so it is never hidden."""
    cells = {}
    for audience in ("pupils", "families", "staff"):
        responses = int(raw.get(f"{audience}_n", 0))
        hidden = Hidden.IN_SET if raw.get(f"{audience}_hidden") and not is_total else None
        cells[f"{audience}_n"] = Cell(None if hidden else responses, hidden)
        if audience == "staff":
            break
        answers = raw.get(f"{audience}_scores", 0)
        mean = round(raw[f"{audience}_score_sum"] / answers, 2) if answers else None
        cells[f"{audience}_rate"] = Cell(None if hidden else _rate(responses, roll), hidden)
        cells[f"{audience}_mean"] = Cell(None if hidden else mean, hidden)
    return cells


def _participation_cells(raw: dict, totals: dict) -> dict[str, Cell]:
    confirmed, used = raw.get("places_confirmed", 0), raw.get("places_used", 0)
    return {
        "entries": Cell(int(raw.get("entries", 0))),
        "placed": Cell(int(raw.get("placed", 0))),
        "places_booked": Cell(int(raw.get("places_booked", 0))),
        "places_confirmed": Cell(int(confirmed)),
        "places_used": Cell(int(used)),
        "places_used_rate": Cell(_rate(used, confirmed)),
        "vehicle_hours": Cell(raw.get("vehicle_hours", 0)),
        "vehicle_share": Cell(_rate(raw.get("vehicle_hours", 0), totals.get("vehicle_hours", 0))),
        "room_hours": Cell(raw.get("room_hours", 0)),
        "practice_shared": Cell(int(raw.get("practice_shared", 0))),
        "visits_made": Cell(int(raw.get("visits_made", 0))),
        "visits_received": Cell(int(raw.get("visits_received", 0))),
    }


def _funding_cells(raw: dict) -> dict[str, Cell]:
    """Release days (exact to the half day) and pounds (exact to the penny) from half days and pence."""
    half_days, half_days_allocated = int(raw.get("half_days_used", 0)), int(raw.get("half_days_allocated", 0))
    pence, pence_allocated = int(raw.get("pence_spent", 0)), int(raw.get("pence_allocated", 0))
    return {
        "days_used": Cell(half_days / 2),
        "days_allocated": Cell(half_days_allocated / 2),
        "days_used_rate": Cell(_rate(half_days, half_days_allocated)),
        "money_spent": Cell(Decimal(pence).scaleb(-2)),
        "money_allocated": Cell(Decimal(pence_allocated).scaleb(-2)),
        "money_spent_rate": Cell(_rate(pence, pence_allocated)),
    }


def _summed(raws) -> dict[str, float]:
    total = defaultdict(float)
    for raw in raws:
        for name, value in raw.items():
            total[name] += value
    return total


def _with_previous(now: dict[str, Cell], before: dict[str, Cell]) -> dict[str, Cell]:
    for name, cell in now.items():
        cell.previous, cell.previous_hidden = before[name].value, before[name].hidden
    return now


FEEDBACK_COLUMNS = [
    Column("pupils_n", _l("Pupils' responses")),
    Column("pupils_rate", _l("Pupils: % of roll"), "percent"),
    Column("pupils_mean", _l("Pupils: mean (1–5)"), "mean"),
    Column("families_n", _l("Families' responses")),
    Column("families_rate", _l("Families: % of roll"), "percent"),
    Column("families_mean", _l("Families: mean (1–5)"), "mean"),
    Column("staff_n", _l("Staff responses")),
]

PARTICIPATION_COLUMNS = [
    Column("entries", _l("Competition entries")),
    Column("placed", _l("Placed 1st–3rd")),
    Column("places_booked", _l("Event places asked for")),
    Column("places_confirmed", _l("Places confirmed")),
    Column("places_used", _l("Places used")),
    Column("places_used_rate", _l("% of places used"), "percent"),
    Column("vehicle_hours", _l("Minibus hours"), "hours"),
    Column("vehicle_share", _l("Share of minibus use"), "percent"),
    Column("room_hours", _l("Room hours"), "hours"),
    Column("practice_shared", _l("Practice shared")),
    Column("visits_made", _l("Visits made")),
    Column("visits_received", _l("Visits received")),
]

DELIVERY_COLUMNS = [
    Column(ActivityStatus.PLANNED.value, _l("Planned")),
    Column(ActivityStatus.DONE.value, _l("Done")),
    Column(ActivityStatus.CANCELLED.value, _l("Cancelled")),
]

FUNDING_COLUMNS = [
    Column("days_used", _l("Release days used"), "days"),
    Column("days_allocated", _l("Release days allocated"), "days", compares=False),
    Column("days_used_rate", _l("% of release days used"), "percent"),
    Column("money_spent", _l("Money spent"), "money"),
    Column("money_allocated", _l("Money allocated"), "money", compares=False),
    Column("money_spent_rate", _l("% of money spent"), "percent"),
]
LEARNING_COLUMNS = [Column(key, label, kind) for key, label, kind in LEARNING_COLUMNS_SPEC]

ACTION_COLUMNS = [
    Column("open", _l("Open"), compares=False),
    Column("due", _l("Due in the period, still open")),
    Column("overdue", _l("Overdue today"), compares=False),
]


def _compared_rows(lines, now: dict, before: dict, cells_of, total_label) -> tuple[list[Row], Row]:
    """The rows of a table and its total, each figure beside last period's.

    `lines` are (key, label): the key finds a row's raw figures in `now` and `before`. `cells_of`
    turns raw figures into cells given the row's key (None for the total) and the period's totals.
    """
    totals_now, totals_before = _summed(now.values()), _summed(before.values())
    rows = [Row(key, label, _with_previous(cells_of(now.get(key, {}), key, totals_now),
                                           cells_of(before.get(key, {}), key, totals_before)))
            for key, label in lines]
    total = Row(None, str(total_label), _with_previous(cells_of(totals_now, None, totals_now),
                                                        cells_of(totals_before, None, totals_before)), True)
    return rows, total


def _counted_cells(columns):
    """A `cells_of` for tables of plain counts."""
    return lambda raw, key, totals: {column.key: Cell(int(raw.get(column.key, 0))) for column in columns}


@dataclass
class TrendPoint:
    """Responses of pupils and of families in one half term of the year."""

    period: Period
    pupils: Cell
    families: Cell


def feedback_trend(surveys: list[SurveyCounts], halves, start_year: int) -> list[TrendPoint]:
    """Responses per half term of the year to the surveys that opened in it (each cluster's own
    half-term dates, of `halves` as `half_terms_of` reads them), counting, as the tables do, only
    surveys with THRESHOLD responses or more."""
    counts = defaultdict(int)
    year = [half for half in halves if half.start_year == start_year]
    for survey in surveys:
        if survey.audience not in (SurveyAudience.PUPILS, SurveyAudience.FAMILIES):
            continue
        responses = survey.responses
        if responses < threshold():
            continue
        for half in year:
            if half.cluster_id == survey.cluster_id and half.starts_on <= survey.opens_on <= half.ends_on:
                counts[(half.kind, half.number, survey.audience)] += responses
    return [TrendPoint(Period(start_year, term, half), Cell(counts[(term, half, SurveyAudience.PUPILS)]),
                       Cell(counts[(term, half, SurveyAudience.FAMILIES)]))
            for term in TERM_ORDER for half in (1, 2)]


@dataclass
class Summary:
    """Everything the summary page shows for one period."""

    scope: Scope
    period: Period
    previous: Period
    dates: dict
    tables: list[Table]
    trend: list[TrendPoint] = field(default_factory=list)
    #: each figure beside the same period's a year before, not the period before's
    against_last_year: bool = False

    @property
    def compare(self) -> str | None:
        """The `compare` filter's value in this summary's addresses (None: the period before)."""
        return LAST_YEAR if self.against_last_year else None

    def table(self, slug: str) -> Table:
        return next(table for table in self.tables if table.slug == slug)


@dataclass
class SummaryBasis:
    """What a summary is read from before it is drawn: the period and the one it is compared with, their
    half terms, and the survey counts (read afresh for every page, as open surveys take answers without
    changing the data's version, app/data_version.py)."""

    scope: Scope
    period: Period
    previous: Period
    halves: list
    surveys: list[SurveyCounts]
    against_last_year: bool

    @property
    def compare(self) -> str | None:
        """The `compare` filter's value in the summary's addresses (None: the period before)."""
        return LAST_YEAR if self.against_last_year else None

    @property
    def surveys_key(self) -> tuple:
        """Everything of the surveys the summary shows, as a key: two bases with the same key show the same."""
        return tuple((survey.id, survey.cluster_id, survey.audience, survey.opens_on, survey.is_evaluation,
                      tuple(survey.schools)) for survey in self.surveys)


def read_basis(scope: Scope, period: Period, against_last_year: bool = False) -> SummaryBasis:
    """The basis of the summary for `period`, beside the period before's (or the same period's a year before)."""
    previous = period.a_year_before() if against_last_year else period.previous()
    halves = half_terms_of(scope.cluster_ids, (period.start_year, previous.start_year))
    surveys = read_surveys(scope.cluster_ids, [period.dates_in(halves), previous.dates_in(halves),
                                               Period(period.start_year).dates_in(halves)])
    return SummaryBasis(scope, period, previous, halves, surveys, against_last_year)


def build_summary(scope: Scope, period: Period, today: date, against_last_year: bool = False) -> Summary:
    """The four tables of the summary for `period`, each figure beside the period before's (or, with
    `against_last_year`, the same period's a year before)."""
    return summary_of(read_basis(scope, period, against_last_year), today)


def summary_of(basis: SummaryBasis, today: date) -> Summary:
    """The summary's tables drawn from its basis."""
    scope, period, previous, halves, surveys = basis.scope, basis.period, basis.previous, basis.halves, basis.surveys
    dates, dates_before = period.dates_in(halves), previous.dates_in(halves)
    # the period and the one it is compared with: most figures count both in one query
    spans = (dates, dates_before)
    by_school = scope.by_school
    group_heading = _l("School") if by_school else _l("Cluster")
    all_groups = _l("All schools") if by_school else _l("All clusters")
    groups = [(group.id, plain_localized(group, "name")) for group in scope.groups]
    rolls = scope.rolls()

    def feedback_cells(raw, key, totals):
        if key is None:
            return _feedback_cells(raw, sum(rolls.values()), is_total=True)
        return _feedback_cells(raw, rolls.get(key, 0), is_total=False)

    feedback = Table(
        "feedback", _l("Feedback"),
        _l("Responses to the surveys that opened in the period, against the pupils on roll, and the mean "
           "answer to five-point questions (5 is best). A survey counts once %(num)d people have answered it; "
           "a school hidden in one of its surveys is hidden here too.", num=threshold()),
        group_heading, FEEDBACK_COLUMNS,
        *_compared_rows(groups, feedback_counts(scope, surveys, dates), feedback_counts(scope, surveys, dates_before),
                        feedback_cells, all_groups))

    participation = Table(
        "participation", _l("Participation"),
        _l("Competition entries that were not withdrawn; places on events asked for (confirmed or on the "
           "waiting list), confirmed and used; hours of the shared minibus and rooms; pieces of practice "
           "published to the cluster; and visits to see practice made and received. An equal share of minibus "
           "use is %(share)s%%.",
           share=_rate(1, len(scope.groups)) if scope.groups else 0),
        group_heading, PARTICIPATION_COLUMNS,
        *_compared_rows(groups, *participation_counts(scope, spans),
                        lambda raw, key, totals: _participation_cells(raw, totals), all_groups))

    strands = [(strand, str(strand.label)) for strand in Strand]
    delivery = Table(
        "delivery", _l("Delivery of the calendar"),
        _l("Activities of the calendar in the period by what became of them."),
        _l("Strand") if by_school else _l("Cluster"), DELIVERY_COLUMNS,
        *_compared_rows(strands if by_school else groups, delivery_counts(scope, period, dates),
                        delivery_counts(scope, previous, dates_before), _counted_cells(DELIVERY_COLUMNS),
                        _l("All activities")))

    # in a cluster, actions no school owns (the group's, or a person's) have a row of their own
    owners = groups + [(None, str(_l("The group, or a person")))] if by_school else groups
    actions = Table(
        "actions", _l("Agreed actions"),
        _l("Actions the Cluster Leadership Group agreed, by the school that owns them."),
        _l("Owner") if by_school else _l("Cluster"), ACTION_COLUMNS,
        *_compared_rows(owners, *action_counts(scope, spans, today), _counted_cells(ACTION_COLUMNS),
                        _l("All actions")))

    funding = Table(
        "funding", _l("Staff time and funds"),
        _l("Release days and money the schools used of the cluster's funds in the period, against their "
           "allocations of the funds of the year."),
        group_heading, FUNDING_COLUMNS,
        *_compared_rows(groups, *funding_counts(scope, spans, (period.start_year, previous.start_year)),
                        lambda raw, key, totals: _funding_cells(raw), all_groups))

    learning = Table(
        "learning", _l("Professional learning"),
        _l("Staff who went to the cluster's professional learning in the period, as a share of the school's "
           "staff with accounts, and the mean answer to the evaluations' five-point questions (5 is best), counted "
           "as the feedback is."),
        group_heading, LEARNING_COLUMNS,
        *_compared_rows(groups, *learning_counts(scope, surveys, spans, _each_period),
                        lambda raw, key, totals: learning_cells(raw, key is None, Cell, _rate), all_groups))

    return Summary(scope, period, previous, dates, [feedback, participation, delivery, actions, learning, funding],
                   feedback_trend(surveys, halves, period.start_year), basis.against_last_year)


def sort_rows(table: Table, column_key: str, descending: bool) -> None:
    """Order a table's rows by one column (its total stays last); hidden and empty figures last."""
    if column_key == "name":
        table.rows.sort(key=lambda row: row.label.casefold(), reverse=descending)
        return
    if column_key not in {column.key for column in table.columns}:
        return
    shown = [row for row in table.rows if row.cells[column_key].value is not None]
    hidden = [row for row in table.rows if row.cells[column_key].value is None]
    shown.sort(key=lambda row: row.cells[column_key].value, reverse=descending)
    table.rows = shown + hidden
