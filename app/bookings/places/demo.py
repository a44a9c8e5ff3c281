"""Demo data for places: sessions on the calendar's events for pupils at Darland High, with requests
from the primaries, in the history year and the current one.

Sessions held already have their requests and the places used; those to come are open for requests,
one of them full with a waiting list: the Skills Day shared in proportion to the schools' rolls, the
Year 6 check-in days for primary staff, two days of maths problem-solving workshops, the expressive
arts sessions in equal shares, and the taster days, first come first served.
"""

from datetime import time, timedelta

from sqlalchemy import select

from app.auth.models import Role, User
from app.bookings.places.models import (
    AllocationRule,
    BookableSession,
    PlaceAttendance,
    PlaceRequest,
    PlaceUnit,
)
from app.calendar.demo_dates import DemoDates
from app.calendar.models import AcademicYear, Activity
from app.clusters.models import Cluster, School
from app.extensions import db

SKILLS_DAY = "Skills Day – Years 5 and 6"
CHECK_IN = "Year 6 check-in days at Darland High School"
MATHS = "Maths problem-solving workshops for primary schools – critical thinking and problem solving (CWRE)"
EXPRESSIVE_ARTS = "Expressive arts sessions for primary schools"
TASTER_DAYS = "Extended transition and taster days at Darland High School"
#: a few pupils for the registers: first names and an initial, never more
PUPILS = ("Cerys M.", "Osian P.", "Lili J.", "Harri W.", "Alys R.", "Tomos E.", "Mali H.", "Ifan G.",
          "Ruby T.", "Jac D.", "Efa L.", "Noah B.")

#: (activity, days after its first day, capacity, unit, rule, fixed, deadline days before,
#:  requests as (school, places, pupils listed), attendance {school: places used} once held, or None)
SESSIONS = (
    (SKILLS_DAY, 0, 60, PlaceUnit.PUPILS, AllocationRule.ROLL, None, 14,
     [("park", 18, 0), ("the-rofft", 14, 0), ("all-saints", 12, 4), ("st-peters", 10, 0), ("holt", 8, 3)],
     {"park": 17, "the-rofft": 14, "all-saints": 11, "st-peters": 10, "holt": 6}),
    (CHECK_IN, 0, 10, PlaceUnit.STAFF, AllocationRule.NONE, None, 7,
     [("park", 2, 0), ("holt", 1, 0), ("all-saints", 2, 0), ("st-peters", 1, 0), ("the-rofft", 2, 0)],
     {"park": 2, "holt": 1, "all-saints": 2, "st-peters": 1, "the-rofft": 1}),
    (MATHS, 0, 30, PlaceUnit.PUPILS, AllocationRule.FIXED, 8, 14,
     [("holt", 6, 4), ("park", 8, 0), ("all-saints", 5, 0)], {"holt": 6, "park": 7, "all-saints": 5}),
    (MATHS, 1, 30, PlaceUnit.PUPILS, AllocationRule.NONE, None, 10,
     [("the-rofft", 15, 0), ("holt", 9, 0), ("st-peters", 6, 0)], None),
    (EXPRESSIVE_ARTS, 0, 24, PlaceUnit.PUPILS, AllocationRule.EQUAL, None, 21,
     [("park", 8, 0), ("holt", 4, 0), ("the-rofft", 6, 0), ("all-saints", 5, 0), ("st-peters", 5, 0),
      ("park", 3, 0)], {"park": 5, "holt": 4, "the-rofft": 5, "all-saints": 5, "st-peters": 4}),
    (TASTER_DAYS, 0, 90, PlaceUnit.PUPILS, AllocationRule.ROLL, None, 28,
     [("the-rofft", 20, 0), ("st-peters", 12, 0)], None),
)


def _activity(title: str, start_year: int) -> Activity | None:
    return db.session.scalar(select(Activity).join(AcademicYear, Activity.academic_year_id == AcademicYear.id)
                             .where(Activity.title_en == title, AcademicYear.start_year == start_year)
                             .order_by(Activity.id).limit(1))


def load(dates: DemoDates) -> None:
    """Add the sessions of both years, the schools' requests (confirmed or waiting, by the same rules as
    the app) and the places used at those already held."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = db.session.scalars(select(School).where(School.cluster_id == cluster.id).order_by(School.id)).all()
    by_slug = {school.slug: school for school in schools}
    staff = {user.school_id: user for user in db.session.scalars(
        select(User).where(User.cluster_id == cluster.id, User.role == Role.STAFF))}
    admin = db.session.scalar(select(User).where(User.cluster_id == cluster.id, User.role == Role.ADMIN))
    pupils = iter(PUPILS * 12)
    for start_year in dates.years:
        for title, day, capacity, unit, rule, fixed, notice, requests, used in SESSIONS:
            activity = _activity(title, start_year)
            if activity is None or activity.starts_on is None:
                continue
            held_on = activity.starts_on + timedelta(days=day)
            session = BookableSession(
                activity=activity, held_on=held_on, starts_at=activity.starts_at or time(9, 30),
                ends_at=activity.ends_at or time(15, 0), location_en=activity.location_en,
                location_cy=activity.location_cy, capacity=capacity, unit=unit, allocation_rule=rule,
                fixed_places=fixed, book_by=held_on - timedelta(days=notice), created_by=admin)
            db.session.add(session)
            allocations = session.allocations(schools)
            for slug, places, listed in requests:
                school = by_slug[slug]
                confirmed = min(places, session.room_for(school.id, allocations))
                session.requests.append(PlaceRequest(
                    school=school, requested_by=staff.get(school.id), places=places, places_asked=places,
                    confirmed=confirmed, waiting=places - confirmed,
                    pupil_names="\n".join(next(pupils) for _ in range(listed))))
            if held_on < dates.today:
                for slug, places in (used or {}).items():
                    session.attendance.append(PlaceAttendance(school=by_slug[slug], places_used=places,
                                                              recorded_by_id=admin.id if admin else None))
    db.session.flush()
    _one_open_for_requests(dates, admin)
    db.session.commit()


def _one_open_for_requests(dates: DemoDates, admin) -> None:
    """Late in the summer term every session's deadline has gone: then the taster days have one more
    session a fortnight on, so that there are always places to ask for."""
    if db.session.scalar(select(BookableSession.id).where(BookableSession.book_by >= dates.today).limit(1)):
        return
    held_on = dates.today + timedelta(days=14)
    while held_on.weekday() >= 5:  # a school day
        held_on += timedelta(days=1)
    last_day = dates.halves[-1].ends_on
    activity = _activity(TASTER_DAYS, dates.current_year)
    if activity is None or held_on > last_day:
        return
    db.session.add(BookableSession(
        activity=activity, held_on=held_on, starts_at=time(9, 30), ends_at=time(15, 0),
        location_en=activity.location_en, location_cy=activity.location_cy, capacity=60, unit=PlaceUnit.PUPILS,
        allocation_rule=AllocationRule.ROLL, book_by=dates.today + timedelta(days=7), created_by=admin))
