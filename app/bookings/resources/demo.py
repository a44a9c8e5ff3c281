"""Demo data: the cluster minibus and Darland High's hall and sports hall, with bookings from
every school in this half term, the last, the next, and the same two a year before, and in the
coming fortnight: trips and rooms on a few days, the rest of the school days free to book."""

from datetime import time, timedelta

from sqlalchemy import select

from app.auth.models import Role, User
from app.bookings.resources.models import FairShareUnit, Resource, ResourceBooking, ResourceKind
from app.bookings.resources.services import half_terms_of, is_school_day
from app.calendar.demo_dates import DemoDates
from app.clock import utc_moment
from app.clusters.models import Cluster, School
from app.extensions import db

#: (weekday, from, until, school, purpose, destination, passengers) of the minibus trips each
#: school makes in the second and fourth weeks of a half term
MINIBUS_TRIPS = (
    (1, time(9, 0), time(15, 0), "park", "Year 6 trip", "Erddig, Wrexham", 14),
    (3, time(12, 30), time(15, 30), "holt", "Football league fixture", "Gresford Athletic", 10),
    (0, time(9, 0), time(12, 0), "all-saints", "Swimming lessons", "Waterworld, Wrexham", 15),
    (2, time(9, 0), time(15, 0), "darland-high", "Geography field trip", "Llangollen", 15),
    (4, time(13, 0), time(15, 30), "the-rofft", "Cluster choir rehearsal", "Darland High School", 12),
    (3, time(9, 0), time(12, 0), "st-peters", "Forest school", "Alyn Waters Country Park", 12),
)
#: (room, weekday, from, until, school, purpose) in the third week of a half term
HALL_BOOKINGS = (
    ("hall", 2, time(13, 0), time(15, 0), "darland-high", "Year 6 transition assembly"),
    ("hall", 4, time(9, 0), time(11, 0), "the-rofft", "Cluster choir rehearsal"),
    ("sports", 0, time(13, 0), time(15, 0), "holt", "Cluster netball tournament"),
    ("sports", 3, time(9, 0), time(12, 0), "park", "Year 5 sports festival"),
)


def load(dates: DemoDates) -> None:
    """Add the three resources and their bookings."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = {school.slug: school for school in db.session.scalars(select(School).where(
        School.cluster_id == cluster.id))}
    bookers = {person.school_id: person for person in db.session.scalars(
        select(User).where(User.cluster_id == cluster.id, User.role == Role.STAFF))}
    high = schools["darland-high"]
    minibus = Resource(
        cluster_id=cluster.id, owner_school=high, kind=ResourceKind.VEHICLE, capacity=16,
        name_en="Cluster minibus", name_cy="Bws mini'r clwstwr",
        notes_en="16 seats including the driver. Keys and the logbook are at Darland High's reception. "
                 "Drivers need D1 entitlement or a MiDAS certificate. Return it with at least a quarter tank.",
        notes_cy="16 sedd gan gynnwys y gyrrwr. Mae'r allweddi a'r llyfr log yn nerbynfa Ysgol Uwchradd Darland. "
                 "Rhaid i yrwyr gael hawl D1 neu dystysgrif MiDAS. Dychwelwch ef gydag o leiaf chwarter tanc.",
        opens_at=time(8, 0), closes_at=time(17, 0), slot_minutes=30,
        fair_share_limit=4, fair_share_unit=FairShareUnit.BOOKINGS)
    hall = Resource(
        cluster_id=cluster.id, owner_school=high, kind=ResourceKind.ROOM, capacity=300,
        name_en="Darland High main hall", name_cy="Prif neuadd Ysgol Uwchradd Darland",
        notes_en="Stage, sound system and projector. Chairs for 300.",
        notes_cy="Llwyfan, system sain a thaflunydd. Cadeiriau i 300.",
        opens_at=time(8, 30), closes_at=time(16, 30), slot_minutes=30)
    sports = Resource(
        cluster_id=cluster.id, owner_school=high, kind=ResourceKind.ROOM, capacity=120,
        name_en="Darland High sports hall", name_cy="Neuadd chwaraeon Ysgol Uwchradd Darland",
        notes_en="Four badminton courts or two netball courts. Indoor shoes only.",
        notes_cy="Pedwar cwrt badminton neu ddau gwrt pêl-rwyd. Esgidiau dan do yn unig.",
        opens_at=time(8, 30), closes_at=time(16, 30), slot_minutes=30,
        fair_share_limit=8, fair_share_unit=FairShareUnit.HOURS)
    db.session.add_all([minibus, hall, sports])
    db.session.flush()
    rooms = {"hall": hall, "sports": sports}

    half_terms = half_terms_of(cluster.id)
    wanted = [dates.current_half, dates.previous_half, dates.a_year_before(dates.current_half)]
    wanted += [dates.a_year_before(dates.previous_half)] if dates.previous_half else []
    following = [half for half in dates.halves if half.starts_on > dates.today][:1]
    spans = {(half.starts_on, half.ends_on) for half in wanted + following if half is not None}
    chosen = [half for half in half_terms if (half.starts_on, half.ends_on) in spans]

    def add(resource, day, starts, ends, school_slug, purpose, destination="", passengers=None):
        school = schools[school_slug]
        db.session.add(ResourceBooking(
            resource_id=resource.id, school_id=school.id, booked_by_id=bookers[school.id].id,
            starts_at=utc_moment(day, starts), ends_at=utc_moment(day, ends), purpose=purpose,
            destination=destination, passengers=passengers,
            driver_name=bookers[school.id].name if destination else "", driver_permit_confirmed=bool(destination)))

    for half in chosen:
        first_monday = half.starts_on - timedelta(days=half.starts_on.weekday())
        # two trips a half term for each school: in its second and fourth weeks
        for week in (1, 3):
            for weekday, starts, ends, school_slug, purpose, destination, passengers in MINIBUS_TRIPS:
                day = first_monday + timedelta(weeks=week, days=weekday)
                if is_school_day(half_terms, day):
                    add(minibus, day, starts, ends, school_slug, purpose, destination, passengers)
        for room, weekday, starts, ends, school_slug, purpose in HALL_BOOKINGS:
            day = first_monday + timedelta(weeks=2, days=weekday)
            if is_school_day(half_terms, day):
                add(rooms[room], day, starts, ends, school_slug, purpose)
    # late in a half term, or before a holiday, the trips above may all be past or weeks away: then
    # two schools have one on the next school days
    if not _booked_between(minibus, dates.today, dates.today + timedelta(weeks=3)):
        days = (dates.today + timedelta(days=n) for n in range(1, 60))
        school_days = [day for day in days if is_school_day(half_terms, day)][:2]
        for day, (_weekday, starts, ends, school_slug, purpose, destination, passengers) in zip(
                school_days, MINIBUS_TRIPS[::2], strict=False):
            add(minibus, day, starts, ends, school_slug, purpose, destination, passengers)
    db.session.commit()


def _booked_between(resource: Resource, first, last) -> bool:
    """Whether the demo has put a booking of `resource` on a day from `first` to `last`."""
    db.session.flush()
    return db.session.scalar(select(ResourceBooking.id).where(
        ResourceBooking.resource_id == resource.id, ResourceBooking.starts_at >= utc_moment(first, time.min),
        ResourceBooking.starts_at < utc_moment(last + timedelta(days=1), time.min)).limit(1)) is not None
