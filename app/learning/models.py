"""Professional learning: which calendar activities count as cluster professional learning (kept here,
keyed by the activity, so the calendar's own table does not change), and each person's part in one:
signed up, went or not, and when the evaluation and the follow-up were sent to them."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.bookings.places.models import PlaceRequest
from app.calendar.models import Activity
from app.clock import utcnow
from app.clusters.models import School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column
from app.surveys.models import Survey

#: the follow-up asks what changed "a term later": twelve weeks after the session, a school term
#: of teaching whichever term it falls in (a term is 12 to 14 weeks with its half-term holiday)
FOLLOW_UP_AFTER = timedelta(weeks=12)
#: how long each survey stays open for the people it is sent to
ANSWER_WITHIN = timedelta(weeks=6)


class LearningKind(LabelledEnum):
    """What kind of professional learning an activity is."""

    INSET = "inset", _l("INSET day")
    WORKSHOP = "workshop", _l("Workshop")
    NETWORK = "network", _l("Network meeting")
    PLC = "plc", _l("PLC session")
    VISIT = "visit", _l("Visit")


class LearningActivity(db.Model):
    """A calendar activity marked as professional learning, with its two surveys."""

    __tablename__ = "learning_activities"
    __table_args__ = (CheckConstraint("minutes > 0", name="minutes_positive"),)

    #: the calendar activity (one mark per activity)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    #: INSET, workshop, network meeting, PLC session or visit
    kind: Mapped[LearningKind] = mapped_column(enum_column(LearningKind))
    #: the time it counts for on each record of those who went, in whole minutes (hours are typed)
    minutes: Mapped[int]
    #: the named evaluation survey sent to those who went (the "professional_learning" template)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    #: the named "what changed in your classroom" survey, open from FOLLOW_UP_AFTER the session
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    activity: Mapped[Activity] = relationship(lazy="joined")
    evaluation: Mapped[Survey | None] = relationship(foreign_keys=[evaluation_id])
    follow_up: Mapped[Survey | None] = relationship(foreign_keys=[follow_up_id])
    participants: Mapped[list["Participant"]] = relationship(back_populates="learning",
                                                             cascade="all, delete-orphan")

    @property
    def id(self) -> int:
        """The audit log names a record by `id`: here, the activity's."""
        return self.activity_id

    @property
    def cluster_id(self) -> int:
        return self.activity.cluster_id

    @property
    def label(self) -> str:
        return self.activity.title_en or self.activity.title_cy

    @property
    def hours(self) -> Decimal:
        """The minutes as hours, to a tenth: 90 is 1.5."""
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def held_on(self) -> date:
        """The day it took (or takes) place: the activity's last day, for one over several days."""
        return self.activity.ends_on or self.activity.starts_on

    @property
    def follow_up_due(self) -> date:
        return self.held_on + FOLLOW_UP_AFTER

    def has_taken_place(self, today: date) -> bool:
        return today >= self.activity.starts_on


class Participant(db.Model):
    """One person's part in one piece of professional learning."""

    __tablename__ = "learning_participants"
    __table_args__ = (UniqueConstraint("activity_id", "person_id", name="uq_learning_participants_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("learning_activities.activity_id", ondelete="CASCADE"),
                                             index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the school they went for (their school when they signed up), for the per-school figures
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    #: their place, where the activity has a session with places for staff (app/bookings/places)
    place_request_id: Mapped[int | None] = mapped_column(ForeignKey("place_requests.id", ondelete="SET NULL"))
    #: who signed them up: themselves, or a leader of their school
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: recorded after the session: True went, False did not, None not recorded yet
    attended: Mapped[bool | None]
    #: the day the evaluation was e-mailed to them (never twice)
    evaluation_sent_on: Mapped[date | None]
    #: the day the follow-up was e-mailed to them (never twice)
    follow_up_sent_on: Mapped[date | None]

    learning: Mapped[LearningActivity] = relationship(back_populates="participants")
    person: Mapped[User] = relationship(foreign_keys=[person_id], lazy="joined")
    school: Mapped[School] = relationship()
    place_request: Mapped[PlaceRequest | None] = relationship()

    @property
    def on_waiting_list(self) -> bool:
        request = self.place_request
        return request is not None and request.waiting > 0
