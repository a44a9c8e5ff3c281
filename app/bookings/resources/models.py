"""Shared resources and their bookings.

A booking is stored as a UTC span [starts_at, ends_at). Two live bookings of one resource
never overlap: every booking is decided under a lock (see services.book_resource), and on PostgreSQL
an exclusion constraint guarantees it again at the database, whatever code writes the row.
"""

from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import DDL, CheckConstraint, ForeignKey, Index, String, Text, event, func, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.clock import utcnow
from app.clusters.models import School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column


class ResourceKind(LabelledEnum):
    VEHICLE = "vehicle", _l("Vehicle")
    ROOM = "room", _l("Room")
    EQUIPMENT = "equipment", _l("Equipment")


class FairShareUnit(LabelledEnum):
    """What a school's fair share per half term counts."""

    BOOKINGS = "bookings", _l("bookings")
    HOURS = "hours", _l("hours")


class Resource(db.Model):
    """Something the cluster's schools share and book by the slot: the minibus, a hall."""

    __tablename__ = "resources"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("slot_minutes > 0", name="slot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    #: the school that keeps it (and whose head answers for it)
    owner_school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_cy: Mapped[str] = mapped_column(String(120), default="")
    #: where to collect the keys, what the room holds…
    notes_en: Mapped[str] = mapped_column(Text, default="")
    notes_cy: Mapped[str] = mapped_column(Text, default="")
    #: seats in a vehicle, people in a room; a minibus trip carries no more passengers than this
    capacity: Mapped[int] = mapped_column(default=0)
    #: bookable hours on school days, local time
    opens_at: Mapped[time] = mapped_column(default=time(8, 0))
    closes_at: Mapped[time] = mapped_column(default=time(17, 0))
    #: bookings start and end on this grid from the opening time: 30 for half hours, 240 for half days
    slot_minutes: Mapped[int] = mapped_column(default=30)
    #: a school's fair share per half term, in `fair_share_unit`; None for no limit
    fair_share_limit: Mapped[int | None]
    fair_share_unit: Mapped[FairShareUnit] = mapped_column(enum_column(FairShareUnit),
                                                           default=FairShareUnit.BOOKINGS)
    #: withdrawn resources keep their history but take no new bookings
    active: Mapped[bool] = mapped_column(default=True)

    owner_school: Mapped[School] = relationship()

    @property
    def is_vehicle(self) -> bool:
        return self.kind == ResourceKind.VEHICLE


class ResourceBooking(db.Model):
    """A school's hold on a resource from one moment to another on one school day."""

    __tablename__ = "resource_bookings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("passengers IS NULL OR passengers > 0", name="passengers_positive"),
        Index("ix_resource_bookings_resource_starts", "resource_id", "starts_at"),
        ExcludeConstraint(
            ("resource_id", "="), (func.tstzrange(text("starts_at"), text("ends_at")), "&&"),
            name="no_overlapping_bookings", using="gist", where=text("cancelled_at IS NULL"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    #: the school the booking is for (staff book for their own school)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    #: vehicles: where the trip goes, how many travel, who drives and that they hold the permit
    destination: Mapped[str] = mapped_column(String(200), default="")
    passengers: Mapped[int | None]
    driver_name: Mapped[str] = mapped_column(String(120), default="")
    driver_permit_confirmed: Mapped[bool] = mapped_column(default=False)
    #: the same random value on every booking made by one weekly repeat
    series: Mapped[str | None] = mapped_column(String(32), index=True)
    #: why a leader let this booking go beyond the school's fair share
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: a cancelled booking stays for the record and no longer holds the slot
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    resource: Mapped[Resource] = relationship()
    school: Mapped[School] = relationship()
    booked_by: Mapped[User | None] = relationship(foreign_keys=[booked_by_id])

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


# `resource_id =` inside a GiST exclusion constraint needs btree_gist (a trusted extension since
# PostgreSQL 13, so the database owner may create it); the migration creates it too.
event.listen(ResourceBooking.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"))
