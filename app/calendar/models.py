"""The cluster calendar: academic years, terms and half terms, and the activities in them."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    event,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.clock import utcnow
from app.clusters.models import School, renew_versions
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column


class TermKind(LabelledEnum):
    AUTUMN = "autumn", _l("Autumn term")
    SPRING = "spring", _l("Spring term")
    SUMMER = "summer", _l("Summer term")

    def half_term_label(self, number: int):
        return HALF_TERM_LABELS[(self, number)]


HALF_TERM_LABELS = {
    (TermKind.AUTUMN, 1): _l("Autumn 1"), (TermKind.AUTUMN, 2): _l("Autumn 2"),
    (TermKind.SPRING, 1): _l("Spring 1"), (TermKind.SPRING, 2): _l("Spring 2"),
    (TermKind.SUMMER, 1): _l("Summer 1"), (TermKind.SUMMER, 2): _l("Summer 2"),
}


class Strand(LabelledEnum):
    """The four strands of the cluster's collaboration policy, in the policy's order."""

    TEACHING_LEARNING = "teaching_learning", _l("Teaching and learning")
    CURRICULUM = "curriculum", _l("Curriculum")
    WELLBEING = "wellbeing", _l("Wellbeing, equity and inclusion")
    LEADERSHIP = "leadership", _l("Leadership")

    @property
    def slug(self) -> str:
        return self.value.replace("_", "-")

    @classmethod
    def from_slug(cls, slug: str) -> "Strand | None":
        return cls._value2member_map_.get(slug.replace("-", "_"))


class ActivityKind(LabelledEnum):
    EVENT = "event", _l("Event")
    WORKSHOP = "workshop", _l("Workshop")
    MEETING = "meeting", _l("Meeting")
    COMPETITION = "competition", _l("Competition")
    ONGOING = "ongoing", _l("Ongoing work")
    #: a member of staff visits another school to see a piece of practice (app/practice)
    VISIT = "visit", _l("Visit")


class ActivityStatus(LabelledEnum):
    PLANNED = "planned", _l("Planned")
    DONE = "done", _l("Done")
    CANCELLED = "cancelled", _l("Cancelled")


class Approval(LabelledEnum):
    """A leader's or admin's activity is approved at once; a member of staff proposes one."""

    APPROVED = "approved", _l("Approved")
    PROPOSED = "proposed", _l("Waiting for approval")
    DECLINED = "declined", _l("Declined")


class Audience(LabelledEnum):
    """Who an activity is for; used by the audience filter."""

    PUPILS = "pupils", _l("Pupils")
    FAMILIES = "families", _l("Families")
    STAFF = "staff", _l("Staff")
    LEADERS = "leaders", _l("Leaders")


class SpansHalfTerms:
    """A year or a term, which runs from the first day of its first half term to the last of its last."""

    half_terms: list["HalfTerm"]

    @property
    def starts_on(self) -> date:
        return self.half_terms[0].starts_on

    @property
    def ends_on(self) -> date:
        return self.half_terms[-1].ends_on


def school_year_of(day: date) -> int:
    """The academic year a day falls in, by its first calendar year: September starts a new one."""
    return day.year if day.month >= 9 else day.year - 1


class AcademicYear(SpansHalfTerms, db.Model):
    """A school year of one cluster, September to August, e.g. 2025/26."""

    __tablename__ = "academic_years"
    __table_args__ = (UniqueConstraint("cluster_id", "start_year", name="uq_academic_years_cluster_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    #: the calendar year in which the school year begins: 2025 for 2025/26
    start_year: Mapped[int]

    terms: Mapped[list["Term"]] = relationship(back_populates="academic_year", order_by="Term.position",
                                               cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def half_terms(self) -> list["HalfTerm"]:
        return [half for term in self.terms for half in term.half_terms]


class Term(SpansHalfTerms, db.Model):
    """Autumn, spring or summer term of an academic year; its dates are its half terms'."""

    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("academic_year_id", "kind", name="uq_terms_year_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id", ondelete="CASCADE"),
                                                  index=True)
    kind: Mapped[TermKind] = mapped_column(enum_column(TermKind))
    #: 1, 2, 3 for autumn, spring, summer: the order of the year
    position: Mapped[int]

    academic_year: Mapped[AcademicYear] = relationship(back_populates="terms")
    half_terms: Mapped[list["HalfTerm"]] = relationship(back_populates="term", order_by="HalfTerm.number",
                                                        cascade="all, delete-orphan")

    @property
    def label(self):
        return self.kind.label


class HalfTerm(db.Model):
    """The first or second half of a term, with its dates; the holidays are the gaps between."""

    __tablename__ = "half_terms"
    __table_args__ = (
        UniqueConstraint("term_id", "number", name="uq_half_terms_term_number"),
        CheckConstraint("number IN (1, 2)", name="number_one_or_two"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    term: Mapped[Term] = relationship(back_populates="half_terms")

    @property
    def label(self):
        return self.term.kind.half_term_label(self.number)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


#: the schools taking part in an activity that is not for the whole cluster
activity_schools = Table(
    "activity_schools", db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Activity(db.Model):
    """One line of the cluster's calendar: an event, workshop, meeting, competition or ongoing work."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_year_term", "academic_year_id", "term_id"),
        Index("ix_activities_cluster_starts", "cluster_id", "starts_on"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NOT NULL", name="end_needs_start"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("starts_at IS NULL OR starts_on IS NOT NULL", name="time_needs_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    #: set when the activity belongs to one half term (e.g. Pumpkin Carving, Autumn 1)
    half_term_id: Mapped[int | None] = mapped_column(ForeignKey("half_terms.id"), index=True)
    strand: Mapped[Strand] = mapped_column(enum_column(Strand))
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_cy: Mapped[str] = mapped_column(Text, default="")
    location_en: Mapped[str] = mapped_column(String(200), default="")
    location_cy: Mapped[str] = mapped_column(String(200), default="")
    #: first day; empty for ongoing work that has no single date
    starts_on: Mapped[date | None]
    #: last day of an activity that runs over several days
    ends_on: Mapped[date | None]
    starts_at: Mapped[time | None]
    ends_at: Mapped[time | None]
    #: the school that hosts or organises it, if one does
    host_school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    #: the whole cluster takes part; otherwise the schools in activity_schools
    all_schools: Mapped[bool] = mapped_column(default=True)
    #: year groups of the pupils it is for, e.g. "5,6" (0 is Reception, -1 Nursery)
    pupil_year_groups: Mapped[str] = mapped_column(String(60), default="")
    for_pupils: Mapped[bool] = mapped_column(default=False)
    for_families: Mapped[bool] = mapped_column(default=False)
    for_staff: Mapped[bool] = mapped_column(default=False)
    for_leaders: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ActivityStatus] = mapped_column(enum_column(ActivityStatus), default=ActivityStatus.PLANNED)
    #: why it was cancelled, or how it went
    status_note: Mapped[str] = mapped_column(String(500), default="")
    approval: Mapped[Approval] = mapped_column(enum_column(Approval), default=Approval.APPROVED)
    #: a leader's reason for declining a proposal
    approval_note: Mapped[str] = mapped_column(String(500), default="")
    #: the activity of an earlier year this one was copied from
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    #: who proposed it (staff) or created it (leaders, admins)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    academic_year: Mapped[AcademicYear] = relationship()
    term: Mapped[Term] = relationship()
    half_term: Mapped[HalfTerm | None] = relationship()
    host_school: Mapped[School | None] = relationship()
    schools: Mapped[list[School]] = relationship(secondary=activity_schools, order_by=School.name_en)
    created_by = relationship("User")

    @property
    def year_groups(self) -> list[int]:
        return [int(part) for part in self.pupil_year_groups.split(",") if part.strip()]

    @property
    def audiences(self) -> list[Audience]:
        flags = {Audience.PUPILS: self.for_pupils, Audience.FAMILIES: self.for_families,
                 Audience.STAFF: self.for_staff, Audience.LEADERS: self.for_leaders}
        return [audience for audience, on in flags.items() if on]

    @hybrid_property
    def is_public(self) -> bool:
        """Families may see it: approved, and for pupils or families (no staff meetings)."""
        return self.approval == Approval.APPROVED and (self.for_pupils or self.for_families)

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(cls.approval == Approval.APPROVED, or_(cls.for_pupils, cls.for_families))

    @property
    def takes_place_over_days(self) -> bool:
        return self.ends_on is not None and self.ends_on != self.starts_on


def _cluster_of(part) -> int | None:
    """The cluster a year, term, half term, activity or school belongs to, from what it holds already."""
    if isinstance(part, HalfTerm):
        part = part.term
    if isinstance(part, Term):
        part = part.academic_year
    return part.cluster_id if part is not None else None


@event.listens_for(Session, "before_flush")
def new_calendar_version(session: Session, _context, _instances) -> None:
    """A change to a cluster's years, terms, half terms, activities or schools (their names are in the
    calendar's filters and feeds) gives the cluster a new calendar version, in the same transaction: a
    page kept for the old version is never shown again."""
    changed = (part for part in (*session.new, *session.dirty, *session.deleted)
               if isinstance(part, (AcademicYear, Term, HalfTerm, Activity, School)))
    renew_versions(session, "calendar_version", map(_cluster_of, changed))
