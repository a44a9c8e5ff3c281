"""The demo's days: the seed's 2025/26 calendar moved into the academic year of today (see app/demo.py),
and the half terms each module places its demo data in."""


import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.calendar.demo_data import HALF_TERMS
from app.calendar.models import TermKind

#: the academic year of the seed (the policy's calendar): 2025/26
SEED_YEAR = 2025
SEED_FIRST_DAY = date.fromisoformat(HALF_TERMS[("autumn", 1)][0])
TERM_ORDER = (TermKind.AUTUMN, TermKind.SPRING, TermKind.SUMMER)


@dataclass(frozen=True)
class Half:
    """A half term of a demo year, with the days the seed's dates move to."""

    start_year: int
    term: TermKind
    number: int
    starts_on: date
    ends_on: date

    @property
    def key(self) -> tuple[int, TermKind, int]:
        return self.start_year, self.term, self.number


def offset(start_year: int) -> timedelta:
    """How far the seed's dates move to land in the year starting in `start_year`: whole weeks,
    as near to a calendar year per year as whole weeks come."""
    return timedelta(weeks=round((date(start_year, 9, 1) - date(SEED_YEAR, 9, 1)).days / 7))


def moved(seed_day: date | None, start_year: int) -> date | None:
    """A day of the seed's year, in the year starting in `start_year` (the same weekday)."""
    return seed_day + offset(start_year) if seed_day else None


def halves_of(start_year: int) -> list[Half]:
    """The six half terms of a demo year, in order."""
    return [Half(start_year, term, number, moved(date.fromisoformat(HALF_TERMS[(term.value, number)][0]), start_year),
                 moved(date.fromisoformat(HALF_TERMS[(term.value, number)][1]), start_year))
            for term in TERM_ORDER for number in (1, 2)]


@dataclass(frozen=True)
class DemoDates:
    """The day the demo is built for, and the years and half terms it places things in."""

    today: date
    #: the start year of the academic year the demo lives in
    current_year: int

    @classmethod
    def on(cls, today: date) -> "DemoDates":
        """The demo of `today`: its current year is the first whose summer term has not ended."""
        year = today.year - 1
        while halves_of(year)[-1].ends_on < today:
            year += 1
        return cls(today, year)

    @property
    def history_year(self) -> int:
        return self.current_year - 1

    @property
    def years(self) -> tuple[int, int]:
        return self.history_year, self.current_year

    @property
    def halves(self) -> list[Half]:
        """Every half term of both years, in order."""
        return halves_of(self.history_year) + halves_of(self.current_year)

    @property
    def current_half(self) -> Half:
        """The half term today is in; in a holiday, the one just gone."""
        return [half for half in self.halves if half.starts_on <= self.today][-1]

    def before(self, half: Half) -> Half | None:
        """The half term before `half`, if the demo has it."""
        position = self.halves.index(half)
        return self.halves[position - 1] if position else None

    @property
    def previous_half(self) -> Half | None:
        return self.before(self.current_half)

    def a_year_before(self, half: Half) -> Half | None:
        """The same half term of the year before, if the demo has it."""
        return next((each for each in self.halves if each.key == (half.start_year - 1, half.term, half.number)),
                    None)

    def randomness(self, purpose: str) -> random.Random:
        """Randomness that is the same for the same day and purpose."""
        return random.Random(f"{self.today.isoformat()}:{purpose}")  # noqa: S311 (demo data, not secrets)
