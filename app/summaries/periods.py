"""The stretch of time a summary covers: an academic year, one of its terms, or a half term.

A period is named the same way in every cluster ("Autumn 2 of 2025/26"), so an authority can
compare clusters; each cluster's own half-term dates decide which days it covers there.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.calendar.models import AcademicYear, HalfTerm, Term, TermKind
from app.extensions import db

TERM_ORDER = (TermKind.AUTUMN, TermKind.SPRING, TermKind.SUMMER)
#: the value of the summary's `compare` filter that sets each figure beside the year before's
LAST_YEAR = "last-year"


@dataclass(frozen=True)
class Period:
    """A year (term and half empty), a term (half empty) or a half term."""

    start_year: int
    term: TermKind | None = None
    half: int | None = None

    @property
    def year_label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        if self.half:
            return f"{self.term.half_term_label(self.half)} {self.year_label}"
        if self.term:
            return f"{self.term.label} {self.year_label}"
        return str(_l("Academic year %(year)s", year=self.year_label))

    @property
    def slug(self) -> str:
        """The value of the period filter: '', 'autumn' or 'autumn-2'."""
        if self.half:
            return f"{self.term.value}-{self.half}"
        return self.term.value if self.term else ""

    @classmethod
    def from_slug(cls, start_year: int, slug: str) -> "Period | None":
        """The period a filter value names, or None when it names none."""
        if not slug:
            return cls(start_year)
        kind, _, half = slug.partition("-")
        term = TermKind._value2member_map_.get(kind)
        if term is None or half not in ("", "1", "2"):
            return None
        return cls(start_year, term, int(half) if half else None)

    def previous(self) -> "Period":
        """The period of the same length just before: the half term, term or year before."""
        if self.term is None:
            return Period(self.start_year - 1)
        if self.half == 2:
            return Period(self.start_year, self.term, 1)
        position = TERM_ORDER.index(self.term)
        year = self.start_year - 1 if position == 0 else self.start_year
        # position - 1 wraps from autumn round to the summer term of the year before
        return Period(year, TERM_ORDER[position - 1], 2 if self.half else None)

    def a_year_before(self) -> "Period":
        """The same year, term or half term of the year before."""
        return Period(self.start_year - 1, self.term, self.half)

    def covers(self, start_year: int, term: TermKind, number: int) -> bool:
        """Whether the half term `number` of `term` in the year `start_year` is part of this period."""
        return (start_year == self.start_year and self.term in (None, term)
                and self.half in (None, number))

    def dates_in(self, halves) -> dict[int, tuple[date, date]]:
        """{cluster id: (first day, last day)} of this period in each cluster that has it, of `halves`
        as `half_terms_of` reads them."""
        dates = {}
        for half in halves:
            if self.covers(half.start_year, half.kind, half.number):
                first, last = dates.get(half.cluster_id, (half.starts_on, half.ends_on))
                dates[half.cluster_id] = (min(first, half.starts_on), max(last, half.ends_on))
        return dates


def half_terms_of(cluster_ids, start_years) -> list:
    """Every half term of the clusters' years that start in `start_years`: (cluster_id, start_year, kind,
    number, starts_on, ends_on), one query for all the periods a page compares."""
    return db.session.execute(
        select(AcademicYear.cluster_id, AcademicYear.start_year, Term.kind, HalfTerm.number, HalfTerm.starts_on,
               HalfTerm.ends_on)
        .select_from(HalfTerm).join(Term, Term.id == HalfTerm.term_id)
        .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
        .where(AcademicYear.cluster_id.in_(cluster_ids), AcademicYear.start_year.in_(set(start_years)))).all()


def period_choices() -> list[tuple[str, str]]:
    """(filter value, label) for the whole year, each term and each half term, in order."""
    choices = [("", str(_l("Whole year")))]
    for term in TERM_ORDER:
        choices.append((term.value, str(term.label)))
        choices += [(f"{term.value}-{half}", str(term.half_term_label(half))) for half in (1, 2)]
    return choices


def period_of_day(cluster_ids, day: date) -> Period | None:
    """The half term that `day` falls in (or the last one before it, in the holidays), if any."""
    row = db.session.execute(
        select(AcademicYear.start_year, Term.kind, HalfTerm.number)
        .select_from(HalfTerm).join(HalfTerm.term).join(Term.academic_year)
        .where(AcademicYear.cluster_id.in_(cluster_ids), HalfTerm.starts_on <= day)
        .order_by(HalfTerm.starts_on.desc()).limit(1)).first()
    return Period(*row) if row else None


def years_of(cluster_ids) -> list[int]:
    """The academic years (their start years) the clusters have, latest first."""
    return list(db.session.scalars(select(AcademicYear.start_year).distinct()
                                   .where(AcademicYear.cluster_id.in_(cluster_ids))
                                   .order_by(AcademicYear.start_year.desc())))
