"""The demo: the Darland cluster's policy and its 2025/26 calendar (the seed), made to live in the
academic year of today, with the year before it as history, whatever today is.

The seed's dates move on (or back) by whole weeks, so weekdays and half-term boundaries keep their
shape, as the calendar's own "copy to next year" does. The demo's current year is the one whose
summer term has not ended yet on the day it is built; the year before is its history, with figures
to compare. Each module then places its data relative to that day: surveys open now with answers
so far, bookings in the coming weeks, a competition open for entries, one being judged and one
published, the leaders' meetings of the half terms just gone. The same day makes the same demo:
its randomness is seeded with the day.
"""

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


def not_demo_data() -> list[str]:
    """What in the database is not demo data: people or authorities that neither this demo nor
    `flask demo large` made."""
    from sqlalchemy import and_, func, select

    from app import demo_large
    from app.auth.models import User
    from app.clusters import demo as clusters_demo
    from app.clusters.models import Authority
    from app.extensions import db

    domains = (*clusters_demo.DEMO_DOMAINS, demo_large.EMAIL_DOMAIN)
    found = []
    people = db.session.scalar(select(func.count(User.id)).where(
        and_(*(User.email.not_like(f"%{domain}") for domain in domains))))
    if people:
        found.append(f"{people} people who are not demo accounts")
    authorities = db.session.scalars(select(Authority.slug).where(
        Authority.slug.not_in((clusters_demo.AUTHORITY_SLUG, demo_large.AUTHORITY_SLUG)))).all()
    if authorities:
        found.append("authorities " + ", ".join(authorities))
    return found


def delete_everything() -> None:
    """Delete every row of every table, and the photos the entries kept: a demo about to be rebuilt."""
    from sqlalchemy import select

    from app.competitions import photos
    from app.competitions.models import Entry
    from app.extensions import db

    for name in db.session.scalars(select(Entry.photo_name).where(Entry.photo_name.is_not(None))):
        photos.delete(name)
    db.session.commit()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def load_all(password: str, today: date) -> None:
    """Load the Darland cluster demo for `today`: schools and people, then each module's data."""
    from app.bookings.meetings import demo as meetings_demo
    from app.bookings.places import demo as places_demo
    from app.bookings.resources import demo as resources_demo
    from app.calendar import demo as calendar_demo
    from app.clusters import demo as clusters_demo
    from app.competitions import demo as competitions_demo
    from app.networks import demo as networks_demo
    from app.practice import demo as practice_demo
    from app.summaries import demo as summaries_demo
    from app.surveys import demo as surveys_demo

    dates = DemoDates.on(today)
    clusters_demo.load(password)
    for loader in (calendar_demo.load, surveys_demo.load, resources_demo.load, places_demo.load,
                   meetings_demo.load, competitions_demo.load, summaries_demo.load, practice_demo.load,
                   networks_demo.load):
        loader(dates)
