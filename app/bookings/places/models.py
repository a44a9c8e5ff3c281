"""Places on cluster events: bookable sessions of a calendar activity, schools' requests for places,
and the attendance recorded afterwards.

The rules that decide who gets a place live here, as pure functions of the rows; the services
apply them inside one locked transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.calendar.models import Activity, ActivityStatus
from app.clock import utcnow
from app.clusters.models import School, SchoolPhase
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column

#: year groups each phase teaches (-1 nursery, 0 reception); all-age and special schools teach all
PHASE_YEAR_GROUPS = {SchoolPhase.PRIMARY: set(range(-1, 7)), SchoolPhase.SECONDARY: set(range(7, 14))}


class PlaceUnit(LabelledEnum):
    """Whom a session's places are for."""

    PUPILS = "pupils", _l("Pupils")
    STAFF = "staff", _l("Staff")


class AllocationRule(LabelledEnum):
    """How a session's places are shared between the schools before its booking deadline."""

    NONE = "none", _l("No allocation: first come, first served")
    EQUAL = "equal", _l("Equal shares")
    ROLL = "roll", _l("In proportion to each school's roll")
    FIXED = "fixed", _l("A fixed number for each school")


def share_out(capacity: int, weights: dict[int, int]) -> dict[int, int]:
    """Split `capacity` places by weight (largest remainder): whole places, exactly `capacity` in all.

    Each key first gets the whole part of its exact share; the places left over go one each to the
    largest fractions (ties: the larger weight, then the smaller key). Nobody gets more than their
    exact share rounded up. All weights 0 counts as all equal.
    """
    if not weights:
        return {}
    if sum(weights.values()) <= 0:
        weights = dict.fromkeys(weights, 1)
    total = sum(weights.values())
    shares, remainders = {}, {}
    for key, weight in weights.items():
        shares[key], remainders[key] = divmod(capacity * max(weight, 0), total)
    left = capacity - sum(shares.values())
    for key in sorted(weights, key=lambda k: (-remainders[k], -weights[k], k))[:left]:
        shares[key] += 1
    return shares


class BookableSession(db.Model):
    """One sitting of a calendar activity with a limited number of places, which schools request."""

    __tablename__ = "bookable_sessions"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("fixed_places IS NULL OR fixed_places > 0", name="fixed_places_positive"),
        CheckConstraint("allocation_rule <> 'fixed' OR fixed_places IS NOT NULL", name="fixed_rule_has_number"),
        CheckConstraint("ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("book_by <= held_on", name="deadline_before_session"),
        Index("ix_bookable_sessions_activity_day", "activity_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the calendar activity this is a session of
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    #: the day it takes place
    held_on: Mapped[date] = mapped_column(index=True)
    #: local (Welsh) time it starts, if set
    starts_at: Mapped[time | None]
    #: local time it ends, if set
    ends_at: Mapped[time | None]
    #: where it takes place, in English
    location_en: Mapped[str] = mapped_column(String(200), default="")
    #: where it takes place, in Welsh
    location_cy: Mapped[str] = mapped_column(String(200), default="")
    #: how many places there are in all
    capacity: Mapped[int]
    #: whom the places are for: pupils or staff
    unit: Mapped[PlaceUnit] = mapped_column(enum_column(PlaceUnit), default=PlaceUnit.PUPILS)
    #: how places are shared between schools until the deadline
    allocation_rule: Mapped[AllocationRule] = mapped_column(enum_column(AllocationRule),
                                                            default=AllocationRule.NONE)
    #: places for each school under the fixed rule
    fixed_places: Mapped[int | None]
    #: the last day schools may request places
    book_by: Mapped[date]
    #: when a leader released the unused allocations to the waiting list (after the deadline)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: who released them
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: who set the session up
    #: being prepared (copied into a new year, say): only organisers see it, and no school asks yet
    draft: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: the session of an earlier year this one was copied from, once only
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("bookable_sessions.id", ondelete="SET NULL"),
                                                       unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship()
    requests: Mapped[list["PlaceRequest"]] = relationship(back_populates="session", order_by="PlaceRequest.id",
                                                          cascade="all, delete-orphan")
    attendance: Mapped[list["PlaceAttendance"]] = relationship(back_populates="session",
                                                               cascade="all, delete-orphan")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    released_by: Mapped[User | None] = relationship(foreign_keys=[released_by_id])

    @property
    def cluster_id(self) -> int:
        return self.activity.cluster_id

    @property
    def label(self) -> str:
        """A plain name for the audit log: the activity's title and the day."""
        return f"{self.activity.title_en or self.activity.title_cy} – {self.held_on.isoformat()}"

    # -- who takes part, and how many places each school may have ------------------------------

    def takes_part(self, school: School) -> bool:
        """Whether `school` may request places: the activity includes it, and for pupils' places of
        given year groups, the school teaches one of them (a high school books no Year 5 places)."""
        activity = self.activity
        if school.cluster_id != activity.cluster_id:
            return False
        if not activity.all_schools and school.id not in {s.id for s in activity.schools}:
            return False
        if self.unit == PlaceUnit.PUPILS and activity.year_groups:
            taught = PHASE_YEAR_GROUPS.get(school.phase)
            return taught is None or bool(taught & set(activity.year_groups))
        return True

    def schools_taking_part(self, cluster_schools: list[School]) -> list[School]:
        """The schools of the cluster that may request places, in the order given."""
        return [school for school in cluster_schools if self.takes_part(school)]

    def allocations(self, cluster_schools: list[School]) -> dict[int, int] | None:
        """Places set aside for each school taking part ({school id: places}), or None with no rule."""
        schools = self.schools_taking_part(cluster_schools)
        if self.allocation_rule == AllocationRule.NONE:
            return None
        if self.allocation_rule == AllocationRule.FIXED:
            return {school.id: min(self.fixed_places or 0, self.capacity) for school in schools}
        if self.allocation_rule == AllocationRule.ROLL:
            return share_out(self.capacity, {school.id: school.roll for school in schools})
        return share_out(self.capacity, {school.id: 1 for school in schools})

    def allocation_for(self, school: School, cluster_schools: list[School]) -> int | None:
        """The places set aside for `school` (0 if it does not take part), or None with no rule."""
        allocations = self.allocations(cluster_schools)
        return None if allocations is None else allocations.get(school.id, 0)

    def allocations_bind(self) -> bool:
        """Allocations hold until a leader releases them after the deadline."""
        return self.allocation_rule != AllocationRule.NONE and self.released_at is None

    # -- where it stands -----------------------------------------------------------------------

    def deadline_passed(self, today: date) -> bool:
        return today > self.book_by

    def has_taken_place(self, today: date) -> bool:
        return today >= self.held_on

    def takes_requests(self, today: date) -> bool:
        """Schools may ask for places up to the end of the deadline day, once it is not a draft."""
        return not self.draft and not self.deadline_passed(today) and self.activity.status != ActivityStatus.CANCELLED

    def takes_changes(self, today: date) -> bool:
        """Places may be given back until the day before the session."""
        return today < self.held_on

    def can_release(self, today: date) -> bool:
        """A leader may release unused allocations once the deadline has passed, before the day."""
        return self.allocations_bind() and self.deadline_passed(today) and not self.has_taken_place(today)

    def can_record_attendance(self, today: date) -> bool:
        return self.has_taken_place(today)

    def active_requests(self) -> list["PlaceRequest"]:
        return [request for request in self.requests if request.cancelled_at is None]

    @property
    def confirmed_total(self) -> int:
        return sum(request.confirmed for request in self.active_requests())

    @property
    def waiting_total(self) -> int:
        return sum(request.waiting for request in self.active_requests())

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_total, 0)

    def confirmed_for(self, school_id: int) -> int:
        return sum(request.confirmed for request in self.active_requests() if request.school_id == school_id)

    def waiting_for(self, school_id: int) -> int:
        return sum(request.waiting for request in self.active_requests() if request.school_id == school_id)

    def waiting_list(self) -> list["PlaceRequest"]:
        """Requests with places still waiting, in the order they arrived."""
        return [request for request in self.active_requests() if request.waiting > 0]

    def attended_by(self, school_id: int) -> int | None:
        """Places the school used, once attendance is recorded."""
        return next((row.places_used for row in self.attendance if row.school_id == school_id), None)

    # -- the decisions ---------------------------------------------------------------------------

    def room_for(self, school_id: int, allocations: dict[int, int] | None) -> int:
        """How many more places `school_id` could have confirmed now: capacity left, and while the
        allocations bind, what is left of its own."""
        room = self.capacity - self.confirmed_total
        if allocations is not None and self.allocations_bind():
            room = min(room, allocations.get(school_id, 0) - self.confirmed_for(school_id))
        return max(room, 0)

    def promote_waiting(self, allocations: dict[int, int] | None) -> list["Promotion"]:
        """Confirm waiting places in arrival order as far as capacity (and allocations) allow.

        A request its school's allocation blocks is passed over, not a queue-stopper: the next
        school's request may still fit its own allocation.
        """
        promotions = []
        for request in self.waiting_list():
            moved = min(request.waiting, self.room_for(request.school_id, allocations))
            if moved > 0:
                request.confirmed += moved
                request.waiting -= moved
                promotions.append(Promotion(request, moved))
        return promotions


@dataclass
class Promotion:
    """Places of a request that moved from the waiting list to confirmed."""

    request: "PlaceRequest"
    places: int


class PlaceRequest(db.Model):
    """One school's request for places on a session; the places confirmed and those still waiting."""

    __tablename__ = "place_requests"
    __table_args__ = (
        CheckConstraint("confirmed >= 0", name="confirmed_not_negative"),
        CheckConstraint("waiting >= 0", name="waiting_not_negative"),
        CheckConstraint("confirmed + waiting = places", name="places_confirmed_or_waiting"),
        Index("ix_place_requests_session_school", "session_id", "school_id"),
    )

    #: the order of arrival, which is the order of the waiting list
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("bookable_sessions.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    #: the member of staff who asked; told by e-mail of what happens to it
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: places the school wants now (0 once cancelled)
    places: Mapped[int]
    #: places it has
    confirmed: Mapped[int] = mapped_column(default=0)
    #: places on the waiting list
    waiting: Mapped[int] = mapped_column(default=0)
    #: the register: one pupil a line, first name and surname initial only ("Cerys M.")
    pupil_names: Mapped[str] = mapped_column(Text, default="")
    #: the number first asked for, kept for the record when places are given back
    places_asked: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when every place was given back
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[BookableSession] = relationship(back_populates="requests")
    school: Mapped[School] = relationship()
    requested_by: Mapped[User | None] = relationship()

    @property
    def register(self) -> list[str]:
        return [line for line in self.pupil_names.splitlines() if line.strip()]

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def give_back(self, places: int) -> int:
        """Reduce the request by `places`: waiting places go first, then confirmed ones.

        Returns how many confirmed places were freed.
        """
        places = max(0, min(places, self.places))
        from_waiting = min(self.waiting, places)
        from_confirmed = places - from_waiting
        self.waiting -= from_waiting
        self.confirmed -= from_confirmed
        self.places -= places
        if self.places == 0:
            self.cancelled_at = utcnow()
        return from_confirmed


class PlaceAttendance(db.Model):
    """How many of its places a school used at a session, recorded after it by the organiser."""

    __tablename__ = "place_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "school_id", name="uq_place_attendance_session_school"),
        CheckConstraint("places_used >= 0", name="places_used_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("bookable_sessions.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    #: pupils (or staff) who came
    places_used: Mapped[int]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[BookableSession] = relationship(back_populates="attendance")
    school: Mapped[School] = relationship()
