"""The cluster's effective-practice library: pieces of practice a school shares, what they concern
(Areas of Learning and Experience, cross-curricular skills, the policy's strand, progression steps),
who may read each, and the terms the Welsh search finds them by.

Who reads a piece is its `reach`: a draft is its own school's (and the cluster admin's); a leader
publishes it to the cluster; a leader or the authority's officer shares it with every cluster of the
authority, where the officer may feature it with a note. Families and visitors see a piece only when
a leader has also marked it public.

A member of staff of another school may ask to come and see a piece (a `PracticeVisit`); once the day
has come, the visitor and the host each write what they learned (a `PracticeVisitNote`).
"""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.calendar.models import Activity, Strand
from app.clock import utcnow
from app.clusters.models import Cluster, School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column

#: Curriculum for Wales's progression steps, from 1 (about age 5) to 5 (about age 16)
PROGRESSION_STEPS = range(1, 6)


class AreaOfLearning(LabelledEnum):
    """The six Areas of Learning and Experience of Curriculum for Wales."""

    EXPRESSIVE_ARTS = "expressive_arts", _l("Expressive Arts")
    HEALTH_WELLBEING = "health_wellbeing", _l("Health and Well-being")
    HUMANITIES = "humanities", _l("Humanities")
    LANGUAGES = "languages", _l("Languages, Literacy and Communication")
    MATHEMATICS = "mathematics", _l("Mathematics and Numeracy")
    SCIENCE_TECHNOLOGY = "science_technology", _l("Science and Technology")


class Skill(LabelledEnum):
    """The cross-curricular skills."""

    LITERACY = "literacy", _l("Literacy")
    NUMERACY = "numeracy", _l("Numeracy")
    DIGITAL = "digital", _l("Digital competence")


class Reach(LabelledEnum):
    """Who may read a piece of practice, from its own school to the whole authority."""

    DRAFT = "draft", _l("Draft")
    CLUSTER = "cluster", _l("Shared with the cluster")
    AUTHORITY = "authority", _l("Shared with the authority")


#: the other schools that took part in a piece of practice, besides the school it comes from
practice_item_schools = Table(
    "practice_item_schools", db.metadata,
    Column("item_id", ForeignKey("practice_items.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True, index=True),
)

#: the calendar activities a piece of practice came from or was shared at (a workshop, a network meeting);
#: the surveys that asked about them evaluated it
practice_item_activities = Table(
    "practice_item_activities", db.metadata,
    Column("item_id", ForeignKey("practice_items.id", ondelete="CASCADE"), primary_key=True),
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PracticeItem(db.Model):
    """One piece of effective practice: what was done and why, its impact and the evidence for it."""

    __tablename__ = "practice_items"
    __table_args__ = (
        CheckConstraint("youngest_step IS NULL OR youngest_step BETWEEN 1 AND 5", name="youngest_step_in_range"),
        CheckConstraint("oldest_step IS NULL OR oldest_step BETWEEN 1 AND 5", name="oldest_step_in_range"),
        Index("ix_practice_items_cluster_reach", "cluster_id", "reach"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    #: the school it comes from, whose staff write and change it
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_cy: Mapped[str] = mapped_column(Text, default="")
    #: what was done, and why
    practice_en: Mapped[str] = mapped_column(Text, default="")
    practice_cy: Mapped[str] = mapped_column(Text, default="")
    #: the difference it made, and the evidence for it
    impact_en: Mapped[str] = mapped_column(Text, default="")
    impact_cy: Mapped[str] = mapped_column(Text, default="")
    #: the person to ask about it
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    strand: Mapped[Strand] = mapped_column(enum_column(Strand))
    #: the progression steps it concerns; empty for any
    youngest_step: Mapped[int | None]
    oldest_step: Mapped[int | None]
    #: the academic year it is from, by its first calendar year (2025 for 2025/26)
    school_year: Mapped[int]
    reach: Mapped[Reach] = mapped_column(enum_column(Reach), default=Reach.DRAFT)
    #: the network it came from (app/networks), if one
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="SET NULL"), index=True)
    #: a leader lets families and visitors read it too
    public: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: the officer signposts it to every cluster of the authority, with a note
    featured: Mapped[bool] = mapped_column(default=False, server_default=false())
    officer_note_en: Mapped[str] = mapped_column(Text, default="")
    officer_note_cy: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_on: Mapped[date | None]

    cluster: Mapped[Cluster] = relationship()
    school: Mapped[School] = relationship()
    other_schools: Mapped[list[School]] = relationship(secondary=practice_item_schools, order_by=School.name_en)
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])
    activities: Mapped[list[Activity]] = relationship(secondary=practice_item_activities,
                                                      order_by=(Activity.starts_on, Activity.id))
    area_rows: Mapped[list["PracticeArea"]] = relationship(cascade="all, delete-orphan")
    skill_rows: Mapped[list["PracticeSkill"]] = relationship(cascade="all, delete-orphan")
    attachments: Mapped[list["PracticeAttachment"]] = relationship(cascade="all, delete-orphan",
                                                                   order_by="PracticeAttachment.id")

    @property
    def label(self) -> str:
        """Its title for the audit log, in whichever language it has."""
        return self.title_en or self.title_cy

    @property
    def areas(self) -> list[AreaOfLearning]:
        """Its Areas of Learning and Experience, in the curriculum's order."""
        chosen = {row.area for row in self.area_rows}
        return [area for area in AreaOfLearning if area in chosen]

    @property
    def skills(self) -> list[Skill]:
        """Its cross-curricular skills, in the curriculum's order."""
        chosen = {row.skill for row in self.skill_rows}
        return [skill for skill in Skill if skill in chosen]

    @property
    def schools(self) -> list[School]:
        """The school it comes from, then the others that took part."""
        return [self.school, *(school for school in self.other_schools if school.id != self.school_id)]


class PracticeArea(db.Model):
    """An Area of Learning and Experience a piece of practice concerns."""

    __tablename__ = "practice_item_areas"

    item_id: Mapped[int] = mapped_column(ForeignKey("practice_items.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[AreaOfLearning] = mapped_column(enum_column(AreaOfLearning, length=30), primary_key=True,
                                                 index=True)


class PracticeSkill(db.Model):
    """A cross-curricular skill a piece of practice concerns."""

    __tablename__ = "practice_item_skills"

    item_id: Mapped[int] = mapped_column(ForeignKey("practice_items.id", ondelete="CASCADE"), primary_key=True)
    skill: Mapped[Skill] = mapped_column(enum_column(Skill), primary_key=True, index=True)


class PracticeTerm(db.Model):
    """A search term of a piece of practice: a word of its text in both languages, with each form it
    could be the mutation of (app/welsh_forms.py), and how much a match on it counts."""

    __tablename__ = "practice_search_terms"

    item_id: Mapped[int] = mapped_column(ForeignKey("practice_items.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    #: 3 in a title, 2 in a summary, 1 in the rest: the best place the term is found
    weight: Mapped[int] = mapped_column(Integer, default=1)


#: what a school names a lead for: each Area of Learning and Experience (the same values and names), then
#: the roles clusters ask for
Responsibility = LabelledEnum("Responsibility", {
    **{area.name: (area.value, area.label) for area in AreaOfLearning},
    "ALNCO": ("alnco", _l("Additional learning needs (ALNCo)")),
    "WELLBEING": ("wellbeing", _l("Wellbeing")),
    "SAFEGUARDING": ("safeguarding", _l("Safeguarding")),
    "TRANSITION": ("transition", _l("Transition")),
    "DIGITAL": ("digital", _l("Digital")),
    "WELSH_LANGUAGE": ("welsh_language", _l("Welsh language")),
    "DATA": ("data", _l("Data")),
}, module=__name__)


class SchoolLead(db.Model):
    """The person a school names for one responsibility: who the cluster and the authority ask."""

    __tablename__ = "school_leads"
    __table_args__ = (UniqueConstraint("school_id", "responsibility", name="uq_school_leads_school_responsibility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    responsibility: Mapped[Responsibility] = mapped_column(enum_column(Responsibility, length=30))
    #: as the school writes it: "Mrs Sian Pritchard"; staff need no account to be named
    person_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    school: Mapped[School] = relationship()


#: the longest note of what was learned from a visit: a short note, not a report
NOTE_LENGTH = 1000


class VisitKind(LabelledEnum):
    """What a member of staff of another school asks to come and see."""

    VISIT = "visit", _l("Visit the school")
    OBSERVE = "observe", _l("Observe a lesson")


class VisitStatus(LabelledEnum):
    """Where a request to come and see a piece of practice stands."""

    REQUESTED = "requested", _l("Waiting for an answer")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    CANCELLED = "cancelled", _l("Cancelled")


class PracticeVisit(db.Model):
    """"Come and see it": a member of staff of another school asks to visit or observe a piece of
    practice; the host accepts with a day (a visit in the calendar) or declines."""

    __tablename__ = "practice_visits"
    __table_args__ = (
        CheckConstraint("status <> 'accepted' OR visit_on IS NOT NULL", name="accepted_has_a_day"),
        Index("ix_practice_visits_status_day", "status", "visit_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("practice_items.id", ondelete="CASCADE"), index=True)
    #: the member of staff who asks, and the school they come from
    visitor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    visitor_school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind))
    #: what they hope to see
    message: Mapped[str] = mapped_column(Text)
    #: when would suit them, as they put it: "any Tuesday in March"
    wanted_dates: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[VisitStatus] = mapped_column(enum_column(VisitStatus), default=VisitStatus.REQUESTED)
    #: the day agreed, set on acceptance
    visit_on: Mapped[date | None]
    starts_at: Mapped[time | None]
    #: the host's word on accepting or declining
    answer_note: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the visit in the calendar
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    item: Mapped[PracticeItem] = relationship()
    visitor: Mapped[User] = relationship(foreign_keys=[visitor_id])
    visitor_school: Mapped[School] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    activity: Mapped[Activity | None] = relationship()
    notes: Mapped[list["PracticeVisitNote"]] = relationship(back_populates="visit", order_by="PracticeVisitNote.id",
                                                            cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        """What the audit log calls it: who asks to see which piece."""
        return f"{self.visitor.name} – {self.item.label}"


class PracticeVisitNote(db.Model):
    """What one person learned from a visit, after it: the visitor's or the host's, one each."""

    __tablename__ = "practice_visit_notes"
    __table_args__ = (UniqueConstraint("visit_id", "author_id", name="uq_practice_visit_notes_visit_author"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("practice_visits.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(NOTE_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    visit: Mapped[PracticeVisit] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()


class AttachmentKind(LabelledEnum):
    """What an attachment is, as its bytes show (never its name or the browser's word for it)."""

    PDF = "pdf", _l("PDF")
    SLIDES = "slides", _l("Slides")
    DOCUMENT = "document", _l("Document")
    SPREADSHEET = "spreadsheet", _l("Spreadsheet")
    IMAGE = "image", _l("Image")


class PracticeAttachment(db.Model):
    """A file shared with a piece of practice (app/practice/attachments.py checks and keeps it)."""

    __tablename__ = "practice_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("practice_items.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AttachmentKind] = mapped_column(enum_column(AttachmentKind, length=20))
    #: the uploaded file's name, cleaned, with the extension of what it really is: shown and downloaded as
    original_name: Mapped[str] = mapped_column(String(200))
    #: the random name of the file in the attachments folder
    stored_name: Mapped[str] = mapped_column(String(40), unique=True)
    #: the type it is served as, from its detected kind
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def label(self) -> str:
        """Its name, for the audit log."""
        return self.original_name
