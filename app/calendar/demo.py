"""Demo data: the Darland cluster's 2025/26 calendar, as it stood at the start of Spring 2, and
2026/27 planned from it with the "copy to next year" of the calendar itself."""

from datetime import date, time

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.demo_data import ACTIVITIES, HALF_TERMS
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
from app.calendar.services import copy_to_next_year
from app.clusters.models import Cluster, School
from app.extensions import db

#: the demo shows the calendar on this day: autumn and Spring 1 have happened, the rest is planned
DEMO_AS_OF = date(2026, 2, 23)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _status(row: dict) -> ActivityStatus:
    last_day = _day(row["ends_on"] or row["starts_on"])
    if last_day is not None:
        return ActivityStatus.DONE if last_day < DEMO_AS_OF else ActivityStatus.PLANNED
    return ActivityStatus.DONE if row["term"] == TermKind.AUTUMN else ActivityStatus.PLANNED


def load(password: str) -> None:
    """Add the academic year 2025/26, its terms and half terms, and every activity of the policy."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = {school.slug: school for school in
               db.session.scalars(select(School).where(School.cluster_id == cluster.id))}
    admin = db.session.scalar(select(User).where(User.cluster_id == cluster.id, User.role == Role.ADMIN))
    year = AcademicYear(cluster_id=cluster.id, start_year=2025)
    halves = {}
    for position, kind in enumerate(TermKind, start=1):
        term = Term(kind=kind, position=position)
        for number in (1, 2):
            first, last = HALF_TERMS[(kind.value, number)]
            halves[(kind, number)] = HalfTerm(number=number, starts_on=_day(first), ends_on=_day(last))
            term.half_terms.append(halves[(kind, number)])
        year.terms.append(term)
    db.session.add(year)
    terms = {term.kind: term for term in year.terms}
    for row in ACTIVITIES:
        kind = TermKind(row["term"])
        activity = Activity(
            cluster_id=cluster.id, academic_year=year, term=terms[kind],
            half_term=halves[(kind, row["half_term"])] if row["half_term"] else None,
            strand=Strand(row["strand"]), kind=ActivityKind(row["kind"]),
            title_en=row["title_en"], title_cy=row["title_cy"],
            description_en=row["description_en"], description_cy=row["description_cy"],
            location_en=row["location_en"], location_cy=row["location_cy"],
            starts_on=_day(row["starts_on"]), ends_on=_day(row["ends_on"]),
            starts_at=_time(row["starts_at"]), ends_at=_time(row["ends_at"]),
            host_school=schools[row["host"]] if row["host"] else None,
            all_schools=row["schools"] == "all",
            schools=[] if row["schools"] == "all" else [schools[slug] for slug in row["schools"]],
            pupil_year_groups=",".join(str(group) for group in row["pupils"]),
            for_pupils=bool(row["pupils"]), for_families=row["families"], for_staff=row["staff"],
            for_leaders=row["leaders"], status=_status(row), created_by=admin,
        )
        db.session.add(activity)
    db.session.commit()
    _plan_next_year(admin, cluster, year)


def _plan_next_year(admin, cluster, year) -> None:
    """2026/27 as leaders would make it: copy 2025/26 forward (52 weeks on, same weekdays), then
    move the first day off the August bank holiday to Tuesday 1 September."""
    following, _copied = copy_to_next_year(admin, cluster, year)
    following.half_terms[0].starts_on = date(2026, 9, 1)
    db.session.commit()
