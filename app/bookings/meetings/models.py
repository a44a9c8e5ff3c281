"""Meeting slots families book without an account: a school's set of slots, and one booking per slot.

The hard guarantee lives in the database: among bookings that are not cancelled, a slot appears at
most once (a partial unique index), and the booking service decides under a write lock.
"""

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.clusters.models import School
from app.extensions import db
from app.i18n import plain_localized
from app.models_base import LabelledEnum, UTCDateTime, enum_column

#: year groups a family may give: nursery (-1), reception (0), then Years 1 to 13
YEAR_GROUPS = tuple(range(-1, 14))


class MeetingSetState(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Open for booking")
    CLOSED = "closed", _l("Closed")


class MeetingSet(db.Model):
    """A school's set of meeting slots, such as its parent/carer transition meetings."""

    __tablename__ = "meeting_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    #: the school holding the meetings; its staff see the list
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    #: the calendar activity the meetings belong to, if any
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    #: what families should know: what the meeting is for, where to go, what to bring
    notes_en: Mapped[str] = mapped_column(Text, default="")
    notes_cy: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[MeetingSetState] = mapped_column(enum_column(MeetingSetState), default=MeetingSetState.DRAFT)
    #: random and unguessable, given on publishing; the public address is /meetings/b/<token>
    token: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    school: Mapped[School] = relationship()
    activity = relationship("Activity")
    slots: Mapped[list["MeetingSlot"]] = relationship(
        back_populates="meeting_set", cascade="all, delete-orphan",
        order_by=lambda: [MeetingSlot.starts_on, MeetingSlot.starts_at, MeetingSlot.id])

    @property
    def is_open(self) -> bool:
        """Families may book and change times."""
        return self.state == MeetingSetState.PUBLISHED

    def publish(self, token: str) -> None:
        """Draft or closed → open for booking, keeping the link it had if it had one."""
        if self.state == MeetingSetState.PUBLISHED:
            raise MeetingStateError("publish", self.state)
        self.state = MeetingSetState.PUBLISHED
        self.token = self.token or token

    def close(self) -> None:
        """Open → closed: the link says booking has closed; bookings made stay."""
        if self.state != MeetingSetState.PUBLISHED:
            raise MeetingStateError("close", self.state)
        self.state = MeetingSetState.CLOSED


class MeetingStateError(Exception):
    """A change the set's lifecycle does not allow from where it is."""

    def __init__(self, change: str, state: MeetingSetState):
        super().__init__(f"cannot {change} a meeting set that is {state.value}")


class MeetingSlot(db.Model):
    """One meeting time: a day, a start, a length, a place and the member of staff; one family."""

    __tablename__ = "meeting_slots"
    __table_args__ = (
        # a member of staff is in one meeting at a time
        UniqueConstraint("set_id", "starts_on", "starts_at", "staff_name", name="uq_meeting_slots_staff_time"),
        CheckConstraint("length_minutes > 0 AND length_minutes <= 480", name="length_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("meeting_sets.id", ondelete="CASCADE"), index=True)
    #: the day and the local (Europe/London) time it starts
    starts_on: Mapped[date]
    starts_at: Mapped[time]
    length_minutes: Mapped[int] = mapped_column(default=15)
    location_en: Mapped[str] = mapped_column(String(200), default="")
    location_cy: Mapped[str] = mapped_column(String(200), default="")
    #: who the family meets ("Mr Hughes"), and their role in both languages ("Head of Year 7")
    staff_name: Mapped[str] = mapped_column(String(200), default="")
    staff_role_en: Mapped[str] = mapped_column(String(200), default="")
    staff_role_cy: Mapped[str] = mapped_column(String(200), default="")

    meeting_set: Mapped[MeetingSet] = relationship(back_populates="slots")

    @property
    def who(self) -> str:
        """Who the family meets and their role, in the reader's language: "Mr Hughes, Head of Year 7"."""
        role = plain_localized(self, "staff_role")
        return f"{self.staff_name}, {role}" if role else self.staff_name

    @property
    def starts(self) -> datetime:
        """The local start as a naive date and time."""
        return datetime.combine(self.starts_on, self.starts_at)

    @property
    def ends_at(self) -> time:
        return (self.starts + timedelta(minutes=self.length_minutes)).time()


class MeetingBooking(db.Model):
    """A family's booking of one slot. Contact details are wiped some days after the meeting."""

    __tablename__ = "meeting_bookings"
    __table_args__ = (
        # the guarantee: a slot is never given to two families
        Index("uq_meeting_bookings_live_slot", "slot_id", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),
        CheckConstraint("year_group >= -1 AND year_group <= 13", name="year_group_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slots.id", ondelete="CASCADE"), index=True)
    #: the parent's or carer's name
    parent_name: Mapped[str] = mapped_column(String(120), default="")
    #: the child's first name (and an initial if the family gives one)
    child_name: Mapped[str] = mapped_column(String(60), default="")
    #: -1 nursery, 0 reception, 1–13 the year
    year_group: Mapped[int] = mapped_column(default=6)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    #: 'cy' or 'en': the language the family booked in, for every message to them
    language: Mapped[str] = mapped_column(String(2))
    #: random, part of the signed cancel/change link; kept after cancelling, so that the link can still
    #: say the meeting is cancelled (and nothing more)
    secret: Mapped[str] = mapped_column(String(32))
    #: the booking form's one-time token: a double tap or a resend stores one booking
    submission_token: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the school cancelled it, not the family
    cancelled_by_school: Mapped[bool] = mapped_column(default=False)
    #: the day the contact details were deleted by `flask retention run`
    contact_deleted_on: Mapped[date | None]

    slot: Mapped[MeetingSlot] = relationship()

    @property
    def is_live(self) -> bool:
        return self.cancelled_at is None
