"""The Cluster Leadership Group's half-termly meetings, the actions agreed at them, and its annual report."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.calendar.models import AcademicYear, HalfTerm, Strand
from app.clock import utcnow
from app.clusters.models import School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column

#: the leaders who came to a meeting
meeting_attendees = Table(
    "leadership_meeting_attendees", db.metadata,
    Column("meeting_id", ForeignKey("leadership_meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class LeadershipMeeting(db.Model):
    """One meeting of the Cluster Leadership Group, normally one each half term, or of one of the
    cluster's networks."""

    __tablename__ = "leadership_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    held_on: Mapped[date]
    #: the half term whose summary the meeting reviews
    half_term_id: Mapped[int] = mapped_column(ForeignKey("half_terms.id"), index=True)
    notes_en: Mapped[str] = mapped_column(Text, default="")
    notes_cy: Mapped[str] = mapped_column(Text, default="")
    #: the network that met (app/networks); empty for the Cluster Leadership Group itself
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    #: the meeting's line in the calendar, for a meeting planned there (a network's)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    half_term: Mapped[HalfTerm] = relationship()
    attendees: Mapped[list[User]] = relationship(secondary=meeting_attendees, order_by=User.name)
    actions: Mapped[list["Action"]] = relationship(back_populates="meeting", order_by="Action.id",
                                                   cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        """A plain name for the audit log."""
        return f"{'Network' if self.network_id else 'Leadership'} meeting {self.held_on.isoformat()}"


class ActionStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    DONE = "done", _l("Done")
    DROPPED = "dropped", _l("Dropped")


class Action(db.Model):
    """Something the group agreed to do: who owns it, by when, and how it stands."""

    __tablename__ = "leadership_actions"
    __table_args__ = (
        Index("ix_leadership_actions_cluster_status_due", "cluster_id", "status", "due_on"),
        CheckConstraint("owner_user_id IS NULL OR owner_school_id IS NULL", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"))
    #: the meeting that agreed it
    meeting_id: Mapped[int] = mapped_column(ForeignKey("leadership_meetings.id", ondelete="CASCADE"), index=True)
    text_en: Mapped[str] = mapped_column(String(500), default="")
    text_cy: Mapped[str] = mapped_column(String(500), default="")
    #: a person owns it, or a school does; neither means the whole group
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    owner_school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="SET NULL"), index=True)
    strand: Mapped[Strand] = mapped_column(enum_column(Strand))
    due_on: Mapped[date]
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), default=ActionStatus.OPEN)
    #: a line on how it stands, e.g. why it was dropped
    update_note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[LeadershipMeeting] = relationship(back_populates="actions")
    # loaded with the action: every list of actions shows its owner
    owner_user: Mapped[User | None] = relationship(lazy="selectin")
    owner_school: Mapped[School | None] = relationship(lazy="selectin")

    @property
    def label(self) -> str:
        """A plain name for the audit log."""
        return (self.text_en or self.text_cy)[:80]

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today


class AnnualReport(db.Model):
    """The group's annual report and transition plan for one academic year: the narrative leaders
    write in both languages, beside figures that stay live until the report is final."""

    __tablename__ = "annual_reports"
    __table_args__ = (UniqueConstraint("cluster_id", "academic_year_id", name="uq_annual_reports_cluster_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"))
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id", ondelete="CASCADE"))
    achievements_en: Mapped[str] = mapped_column(Text, default="")
    achievements_cy: Mapped[str] = mapped_column(Text, default="")
    challenges_en: Mapped[str] = mapped_column(Text, default="")
    challenges_cy: Mapped[str] = mapped_column(Text, default="")
    plans_en: Mapped[str] = mapped_column(Text, default="")
    plans_cy: Mapped[str] = mapped_column(Text, default="")
    #: when it was marked final; from then on `snapshot` holds the figures it shows
    final_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    final_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the figures as they were when it was marked final (see summaries.reports.report_figures)
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    academic_year: Mapped[AcademicYear] = relationship()
    final_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        """A plain name for the audit log."""
        return f"Annual report {self.academic_year.label}"
