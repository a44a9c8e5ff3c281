"""Demo data: the Darland cluster's calendar from its policy (2025/26, the seed), in the demo's
history year and its current year, each moved by whole weeks: what is past is done, the rest planned."""

from datetime import date, time

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.demo_data import ACTIVITIES
from app.calendar.demo_dates import DemoDates, halves_of, moved
from app.calendar.models import (
    AcademicYear,
    Activity,
    ActivityKind,
    ActivityStatus,
    HalfTerm,
    Strand,
    Term,
    TermKind,
)
from app.clusters.models import Cluster, School
from app.extensions import db


def _day(text: str | None, start_year: int) -> date | None:
    return moved(date.fromisoformat(text), start_year) if text else None


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _status(first: date | None, last: date | None, term: Term, today: date) -> ActivityStatus:
    """Done once its last day (or, undated, its term) is over; planned until then."""
    ends = last or first or term.ends_on
    return ActivityStatus.DONE if ends < today else ActivityStatus.PLANNED


def load(dates: DemoDates) -> None:
    """Add the history year and the current year, their terms and half terms, and every activity of
    the policy in each."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = {school.slug: school for school in
               db.session.scalars(select(School).where(School.cluster_id == cluster.id))}
    admin = db.session.scalar(select(User).where(User.cluster_id == cluster.id, User.role == Role.ADMIN))
    for start_year in dates.years:
        year = AcademicYear(cluster_id=cluster.id, start_year=start_year)
        halves = {}
        terms = {}
        for half in halves_of(start_year):
            if half.term not in terms:
                terms[half.term] = Term(kind=half.term, position=len(terms) + 1)
                year.terms.append(terms[half.term])
            halves[(half.term, half.number)] = HalfTerm(number=half.number, starts_on=half.starts_on,
                                                        ends_on=half.ends_on)
            terms[half.term].half_terms.append(halves[(half.term, half.number)])
        db.session.add(year)
        for row in ACTIVITIES:
            kind = TermKind(row["term"])
            starts_on, ends_on = _day(row["starts_on"], start_year), _day(row["ends_on"], start_year)
            db.session.add(Activity(
                cluster_id=cluster.id, academic_year=year, term=terms[kind],
                half_term=halves[(kind, row["half_term"])] if row["half_term"] else None,
                strand=Strand(row["strand"]), kind=ActivityKind(row["kind"]),
                title_en=row["title_en"], title_cy=row["title_cy"],
                description_en=row["description_en"], description_cy=row["description_cy"],
                location_en=row["location_en"], location_cy=row["location_cy"],
                starts_on=starts_on, ends_on=ends_on, starts_at=_time(row["starts_at"]), ends_at=_time(row["ends_at"]),
                host_school=schools[row["host"]] if row["host"] else None,
                all_schools=row["schools"] == "all",
                schools=[] if row["schools"] == "all" else [schools[slug] for slug in row["schools"]],
                pupil_year_groups=",".join(str(group) for group in row["pupils"]),
                for_pupils=bool(row["pupils"]), for_families=row["families"], for_staff=row["staff"],
                for_leaders=row["leaders"], status=_status(starts_on, ends_on, terms[kind], dates.today),
                created_by=admin,
            ))
    db.session.commit()
