"""Booking shared resources: the rules (school days, opening hours, fair share) and the one
transaction in which a booking is decided."""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import clock
from app.audit.services import record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.bookings.resources.models import FairShareUnit, Resource, ResourceBooking
from app.calendar.models import AcademicYear, HalfTerm, Term
from app.clusters.models import School
from app.database import lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.forms import LATEST_DAY, is_sane_day, outside_bounds_message
from app.i18n import plain_localized

#: how far either side of a taken day to look for free ones
ALTERNATIVES_WINDOW_DAYS = 21
ALTERNATIVES_OFFERED = 3


class BookingRefused(Refused):
    """A booking the rules do not allow."""

    def __init__(self, message: str, field: str, alternatives: list[date] | None = None, taken: bool = False):
        super().__init__(message, field)
        #: the nearest free school days at the same times, when the day asked for is taken
        self.alternatives = alternatives or []
        #: the time asked for is someone else's: a conflict (409), not a mistake in the form (422)
        self.taken = taken


@dataclass
class BookingRequest:
    """What a member of staff asked for on the booking form."""

    resource_id: int
    school_id: int
    day: date
    starts: time
    ends: time
    purpose: str = ""
    destination: str = ""
    passengers: int | None = None
    driver_name: str = ""
    driver_permit_confirmed: bool = False
    repeat_weekly: bool = False
    override_reason: str = ""


@dataclass
class BookingOutcome:
    """The bookings made, and for a weekly repeat the dates that could not be booked, with why."""

    bookings: list[ResourceBooking]
    clashes: list[tuple[date, str]] = field(default_factory=list)


@dataclass
class SchoolUsage:
    """One school's use of a resource in a half term, against its fair share."""

    school: School
    bookings: int
    hours: float
    limit: int | None
    unit: FairShareUnit

    @property
    def used(self) -> float:
        return self.bookings if self.unit == FairShareUnit.BOOKINGS else self.hours

    @property
    def over(self) -> bool:
        return self.limit is not None and self.used > self.limit


def _moments_of(half: HalfTerm) -> tuple[datetime, datetime]:
    """The first moment of a half term's first day and of the day after its last, in UTC: the span
    its stored bookings fall in."""
    return clock.utc_moment(half.starts_on, time.min), clock.utc_moment(half.ends_on + timedelta(days=1), time.min)


def local_time(moment: datetime) -> datetime:
    """A stored UTC moment in Welsh local time."""
    return moment.astimezone(clock.LONDON)


def half_terms_of(cluster_id: int) -> list[HalfTerm]:
    """Every half term of the cluster's calendar, in order."""
    return db.session.scalars(select(HalfTerm).join(HalfTerm.term).join(Term.academic_year)
                              .where(AcademicYear.cluster_id == cluster_id)
                              .options(selectinload(HalfTerm.term).selectinload(Term.academic_year))
                              .order_by(HalfTerm.starts_on)).all()


def half_term_on(half_terms: list[HalfTerm], day: date) -> HalfTerm | None:
    """The half term that contains `day`, or None in a holiday."""
    return next((half for half in half_terms if half.contains(day)), None)


def is_school_day(half_terms: list[HalfTerm], day: date) -> bool:
    """A weekday inside a half term (the calendar's holidays are the gaps between them)."""
    return day.weekday() < 5 and half_term_on(half_terms, day) is not None


def half_term_now(cluster_id: int) -> HalfTerm | None:
    """This half term, or in a holiday the next one (else the last there is)."""
    half_terms = half_terms_of(cluster_id)
    today = clock.today()
    return (half_term_on(half_terms, today) or next((h for h in half_terms if h.starts_on > today), None)
            or (half_terms[-1] if half_terms else None))


def resources_of(cluster_id: int, include_withdrawn: bool = False) -> list[Resource]:
    """The cluster's resources, vehicles first."""
    query = select(Resource).where(Resource.cluster_id == cluster_id)
    if not include_withdrawn:
        query = query.where(Resource.active)
    return sorted(db.session.scalars(query.options(selectinload(Resource.owner_school))).all(),
                  key=lambda resource: (resource.kind != "vehicle", plain_localized(resource, "name")))


def live_bookings(resource_id: int, starts: datetime, ends: datetime):
    """A query for the uncancelled bookings of a resource that overlap [starts, ends)."""
    return (select(ResourceBooking)
            .where(ResourceBooking.resource_id == resource_id, ResourceBooking.cancelled_at.is_(None),
                   ResourceBooking.starts_at < ends, ResourceBooking.ends_at > starts)
            .options(selectinload(ResourceBooking.school))
            .order_by(ResourceBooking.starts_at))


def may_override_fair_share(user: User) -> bool:
    """Leaders and the cluster admin may let a school go beyond its share, saying why."""
    return user.role in (Role.ADMIN, Role.LEADER)


def check_request_shape(resource: Resource, request: BookingRequest) -> None:
    """Refuse what no calendar could allow: outside the hours, off the grid, too many passengers."""
    if request.ends <= request.starts:
        raise BookingRefused(_("The end must be after the start."), "ends")
    if request.starts < resource.opens_at or request.ends > resource.closes_at:
        raise BookingRefused(_("%(name)s can be booked between %(opens)s and %(closes)s.",
                               name=plain_localized(resource, "name"), opens=resource.opens_at.strftime("%H:%M"),
                               closes=resource.closes_at.strftime("%H:%M")), "starts")
    opening = resource.opens_at.hour * 60 + resource.opens_at.minute
    for name, moment in (("starts", request.starts), ("ends", request.ends)):
        if (moment.hour * 60 + moment.minute - opening) % resource.slot_minutes:
            raise BookingRefused(ngettext(
                "Bookings go in steps of %(num)d minute from %(opens)s.",
                "Bookings go in steps of %(num)d minutes from %(opens)s.",
                resource.slot_minutes, opens=resource.opens_at.strftime("%H:%M")), name)
    if not is_sane_day(request.day):  # the form refuses these; a weekly repeat must never count weeks to year 9999
        raise BookingRefused(outside_bounds_message(), "day")
    if request.day < clock.today():
        raise BookingRefused(_("That day has passed. Choose a day from today on."), "day")
    if resource.is_vehicle:
        if request.passengers is None:
            raise BookingRefused(_("Enter how many people will travel."), "passengers")
        if request.passengers > resource.capacity:
            raise BookingRefused(ngettext(
                "%(name)s has %(num)d seat.", "%(name)s has %(num)d seats.", resource.capacity,
                name=plain_localized(resource, "name")), "passengers")
        if not request.destination:
            raise BookingRefused(_("Enter where the trip goes."), "destination")
        if not request.driver_name:
            raise BookingRefused(_("Enter the driver's name."), "driver_name")
        if not request.driver_permit_confirmed:
            raise BookingRefused(_("Confirm that the driver holds the permit to drive the minibus."),
                                 "driver_permit_confirmed")


def _days_asked_for(request: BookingRequest, half_terms: list[HalfTerm]) -> list[date]:
    """The day, and with a weekly repeat the same weekday for the rest of its half term."""
    if not request.repeat_weekly:
        return [request.day]
    half = half_term_on(half_terms, request.day)
    days, day = [], request.day
    # LATEST_DAY too: a half term saved before dates were bounded may end in year 9999
    while half is not None and day <= min(half.ends_on, LATEST_DAY):
        days.append(day)
        day += timedelta(weeks=1)
    return days


def _share_used(resource: Resource, school_id: int, half: HalfTerm) -> float:
    """What the school has already used of its fair share of `resource` in `half`."""
    starts, ends = _moments_of(half)
    query = select(ResourceBooking).where(
        ResourceBooking.resource_id == resource.id, ResourceBooking.school_id == school_id,
        ResourceBooking.cancelled_at.is_(None), ResourceBooking.starts_at >= starts, ResourceBooking.starts_at < ends)
    if resource.fair_share_unit == FairShareUnit.BOOKINGS:
        return db.session.scalar(select(func.count()).select_from(query.subquery()))
    return sum(booking.hours for booking in db.session.scalars(query))


def _share_cost(resource: Resource, request: BookingRequest) -> float:
    if resource.fair_share_unit == FairShareUnit.BOOKINGS:
        return 1
    return (datetime.combine(date.min, request.ends) - datetime.combine(date.min, request.starts)).seconds / 3600


def _share_message(resource: Resource, school: School, half: HalfTerm) -> str:
    limit = resource.fair_share_limit
    if resource.fair_share_unit == FairShareUnit.BOOKINGS:
        return ngettext("%(school)s has had its fair share of %(resource)s this half term: %(num)d booking.",
                        "%(school)s has had its fair share of %(resource)s this half term: %(num)d bookings.",
                        limit, school=plain_localized(school, "name"), resource=plain_localized(resource, "name"))
    return ngettext("%(school)s has had its fair share of %(resource)s this half term: %(num)d hour.",
                    "%(school)s has had its fair share of %(resource)s this half term: %(num)d hours.",
                    limit, school=plain_localized(school, "name"), resource=plain_localized(resource, "name"))


def nearest_free_days(resource: Resource, half_terms: list[HalfTerm], day: date, starts: time, ends: time,
                      count: int = ALTERNATIVES_OFFERED) -> list[date]:
    """The school days closest to `day` (not before today) on which the same hours are free."""
    window = timedelta(days=ALTERNATIVES_WINDOW_DAYS)
    taken = db.session.scalars(live_bookings(resource.id, clock.utc_moment(day - window, time.min),
                                             clock.utc_moment(day + window, time.max))).all()
    today = clock.today()
    candidates = sorted((day + timedelta(days=offset) for offset in range(-window.days, window.days + 1)
                         if offset), key=lambda other: (abs((other - day).days), other))
    free = []
    for other in candidates:
        if other < today or not is_school_day(half_terms, other):
            continue
        begins, finishes = clock.utc_moment(other, starts), clock.utc_moment(other, ends)
        if not any(booking.starts_at < finishes and booking.ends_at > begins for booking in taken):
            free.append(other)
        if len(free) == count:
            break
    return sorted(free)


def book_resource(actor: User, request: BookingRequest) -> BookingOutcome:
    """Book the resource for the school, deciding every date under one lock; refuse or list clashes.

    The first (or only) date must be bookable, else the whole request is refused with the reason
    and, when it is taken, the nearest free days. Later dates of a weekly repeat that are taken,
    in a holiday or beyond the fair share are listed as clashes and the free ones are booked.
    """
    resource_id, school_id = request.resource_id, request.school_id
    resource, school = db.session.get(Resource, resource_id), db.session.get(School, school_id)
    if resource is None or not resource.active:
        raise BookingRefused(_("That resource is not taking bookings."), "resource")
    if school is None or not can_change_school_records(actor, school) or school.cluster_id != resource.cluster_id:
        raise BookingRefused(_("You can book only for your own school."), "school")
    check_request_shape(resource, request)
    if request.override_reason.strip() and not may_override_fair_share(actor):
        raise BookingRefused(_("Only a leader can go beyond a school's fair share."), "override_reason")
    half_terms = half_terms_of(resource.cluster_id)
    for half in half_terms:  # detached, so that lock_for_write()'s commit does not make us reload each one
        db.session.expunge(half)
    if not is_school_day(half_terms, request.day):
        raise BookingRefused(_("That is not a school day: bookings are for term time, Monday to Friday."), "day")
    actor_id = actor.id
    # A second try: when PostgreSQL's exclusion constraint catches an overlap our look under the lock
    # missed (only a write that skipped the lock can cause one), that booking is committed, so deciding
    # again sees it and answers as the lock would have: the same refusal and free days, or the clash listed.
    for _attempt in range(2):
        try:
            return _decide(actor, actor_id, request, half_terms)
        except IntegrityError as error:
            db.session.rollback()
            if not _is_overlap(error):
                raise
            overlap = error
    raise BookingRefused(_("Someone booked that time a moment ago. Choose another."), "day",
                         taken=True) from overlap


def _is_overlap(error: IntegrityError) -> bool:
    """Whether the database refused a booking for overlapping another (SQLSTATE 23P01, exclusion_violation)."""
    return "23P01" in (getattr(error.orig, "sqlstate", None), getattr(error.orig, "pgcode", None))


def _decide(actor: User, actor_id: int, request: BookingRequest, half_terms: list[HalfTerm]) -> BookingOutcome:
    """Decide and write every date of the request under the write lock, as book_resource() describes.

    Raises IntegrityError when the database's own rule refuses a row, wherever the session writes
    it: at an autoflush inside the loop, at the flush or at the commit.
    """
    resource_id, school_id = request.resource_id, request.school_id
    override = request.override_reason.strip()
    series = secrets.token_hex(8) if request.repeat_weekly else None
    lock_for_write()
    resource = locked(Resource, resource_id)
    school = db.session.get(School, school_id)
    cost = _share_cost(resource, request)
    outcome = BookingOutcome(bookings=[])
    used_by_half: dict[int, float] = {}
    for index, day in enumerate(_days_asked_for(request, half_terms)):
        problem, alternatives, taken = None, [], False
        half = half_term_on(half_terms, day)
        starts, ends = clock.utc_moment(day, request.starts), clock.utc_moment(day, request.ends)
        if not is_school_day(half_terms, day):
            problem = _("not a school day")
        elif clash := db.session.scalars(live_bookings(resource.id, starts, ends)).first():
            problem, taken = _("booked by %(school)s", school=plain_localized(clash.school, "name")), True
            if index == 0:
                problem = _("%(resource)s is already booked by %(school)s at that time.",
                            resource=plain_localized(resource, "name"), school=plain_localized(clash.school, "name"))
                alternatives = nearest_free_days(resource, half_terms, day, request.starts, request.ends)
        elif resource.fair_share_limit is not None and not override:
            used = used_by_half.setdefault(half.id, _share_used(resource, school.id, half))
            if used + cost > resource.fair_share_limit:
                problem = _share_message(resource, school, half)
        if problem and index == 0:
            db.session.rollback()
            raise BookingRefused(problem, "day", alternatives, taken=taken)
        if problem:
            outcome.clashes.append((day, problem))
            continue
        if half is not None and half.id in used_by_half:
            used_by_half[half.id] += cost
        booking = ResourceBooking(
            resource_id=resource.id, school_id=school.id, booked_by_id=actor_id, starts_at=starts, ends_at=ends,
            purpose=request.purpose, destination=request.destination if resource.is_vehicle else "",
            passengers=request.passengers if resource.is_vehicle else None,
            driver_name=request.driver_name if resource.is_vehicle else "",
            driver_permit_confirmed=resource.is_vehicle and request.driver_permit_confirmed,
            series=series, override_reason=override)
        db.session.add(booking)
        outcome.bookings.append(booking)
    db.session.flush()
    for booking in outcome.bookings:
        record_event(actor, "booked", booking, _booking_label(resource, school, booking), resource.cluster_id,
                     {"override_reason": [None, override]} if override else None)
    db.session.commit()
    return outcome


def _booking_label(resource: Resource, school: School, booking: ResourceBooking) -> str:
    return (f"{plain_localized(resource, 'name')} – {plain_localized(school, 'name')} – "
            f"{local_time(booking.starts_at):%Y-%m-%d %H:%M}")


def may_cancel(user: User, booking: ResourceBooking) -> bool:
    """Staff cancel their own school's bookings; leaders and the admin any in their cluster."""
    if user.role in (Role.ADMIN, Role.LEADER):
        return booking.resource.cluster_id == user.cluster_id
    return can_change_school_records(user, booking.school)


def cancel(actor: User, booking_id: int) -> ResourceBooking:
    """Cancel a booking; the slot is free again the moment this commits."""
    lock_for_write()
    booking = locked(ResourceBooking, booking_id)
    if booking.cancelled_at is None:
        booking.cancelled_at = clock.utcnow()
        booking.cancelled_by_id = actor.id
        record_event(actor, "cancelled", booking, _booking_label(booking.resource, booking.school, booking),
                     booking.resource.cluster_id)
    db.session.commit()
    return booking


def week_of(resource: Resource, monday: date) -> list[tuple[date, bool, list[ResourceBooking]]]:
    """Monday to Friday of one week: each day, whether it is a school day, and its bookings."""
    half_terms = half_terms_of(resource.cluster_id)
    bookings = db.session.scalars(live_bookings(resource.id, clock.utc_moment(monday, time.min),
                                                clock.utc_moment(monday + timedelta(days=5), time.min))).all()
    days = []
    for offset in range(5):
        day = monday + timedelta(days=offset)
        days.append((day, is_school_day(half_terms, day),
                     [booking for booking in bookings if local_time(booking.starts_at).date() == day]))
    return days


def school_bookings(school_id: int, since: date) -> list[ResourceBooking]:
    """A school's uncancelled bookings of every resource from `since` on, soonest first."""
    return db.session.scalars(
        select(ResourceBooking).where(ResourceBooking.school_id == school_id, ResourceBooking.cancelled_at.is_(None),
                                      ResourceBooking.ends_at >= clock.utc_moment(since, time.min))
        .options(selectinload(ResourceBooking.resource), selectinload(ResourceBooking.booked_by))
        .order_by(ResourceBooking.starts_at)).all()


def usage_by_school(resource: Resource, half: HalfTerm) -> list[SchoolUsage]:
    """Every school of the cluster with its bookings and hours of `resource` in `half`, most used first."""
    starts, ends = _moments_of(half)
    bookings = db.session.scalars(select(ResourceBooking).where(
        ResourceBooking.resource_id == resource.id, ResourceBooking.cancelled_at.is_(None),
        ResourceBooking.starts_at >= starts, ResourceBooking.starts_at < ends)).all()
    schools = db.session.scalars(select(School).where(School.cluster_id == resource.cluster_id)).all()
    usage = [SchoolUsage(school=school, bookings=sum(1 for b in bookings if b.school_id == school.id),
                         hours=sum(b.hours for b in bookings if b.school_id == school.id),
                         limit=resource.fair_share_limit, unit=resource.fair_share_unit) for school in schools]
    return sorted(usage, key=lambda row: (-row.hours, plain_localized(row.school, "name")))


def save_resource(actor: User, resource: Resource) -> Resource:
    """Create or change a resource and record it in the audit log."""
    action = "created" if resource.id is None else "updated"
    db.session.add(resource)
    db.session.flush()
    record_event(actor, action, resource, plain_localized(resource, "name"), resource.cluster_id)
    db.session.commit()
    return resource
