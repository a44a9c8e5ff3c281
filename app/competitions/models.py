"""Competitions of a calendar activity: categories, a judging rubric, judges, the schools' entries,
the judges' scores and the places the organiser confirms.

The rules that decide where a competition stands (open for entries, ready to judge, published)
and how scores become places live here, as plain functions of the rows.
"""

from dataclasses import dataclass
from datetime import date, datetime

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
    event,
    false,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.auth.models import User
from app.calendar.models import Activity
from app.clock import utcnow
from app.clusters.models import School, renew_versions
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column

#: the most criteria a rubric may have
MOST_CRITERIA = 5
#: the most categories a competition may have
MOST_CATEGORIES = 8


class EntryKind(LabelledEnum):
    """Who one entry is from."""

    INDIVIDUAL = "individual", _l("One pupil")
    TEAM = "team", _l("A team of pupils")
    GROUP = "group", _l("A whole class or school")


class PhotoRule(LabelledEnum):
    """Whether entries carry a photo."""

    REQUIRED = "required", _l("A photo is required")
    ALLOWED = "allowed", _l("A photo is allowed")
    NONE = "none", _l("No photos")


class Place(LabelledEnum):
    """A place the organiser confirms, in the order results are read out."""

    FIRST = "first", _l("First")
    SECOND = "second", _l("Second")
    THIRD = "third", _l("Third")
    COMMENDED = "commended", _l("Highly commended")

    @property
    def rank(self) -> int:
        return list(Place).index(self) + 1


#: the judges of a competition: staff or leader accounts of its cluster
competition_judges = Table(
    "competition_judges", db.metadata,
    Column("competition_id", ForeignKey("competitions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Competition(db.Model):
    """A cluster competition, belonging to one calendar activity."""

    __tablename__ = "competitions"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("cap_per_school > 0", name="cap_positive"),
        CheckConstraint("points_first >= 0 AND points_second >= 0 AND points_third >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the calendar activity it belongs to (Pumpkin Carving, Autumn 1)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_cy: Mapped[str] = mapped_column(String(200), default="")
    rules_en: Mapped[str] = mapped_column(Text, default="")
    rules_cy: Mapped[str] = mapped_column(Text, default="")
    #: the first day schools may enter
    opens_on: Mapped[date]
    #: the last day schools may enter, edit or withdraw entries (to the end of the day)
    closes_on: Mapped[date]
    #: whom one entry is from: a pupil, a team, a class or school
    entry_kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind), default=EntryKind.INDIVIDUAL)
    #: whether entries carry a photo
    photo_rule: Mapped[PhotoRule] = mapped_column(enum_column(PhotoRule), default=PhotoRule.ALLOWED)
    #: the most entries one school may have in one category
    cap_per_school: Mapped[int] = mapped_column(default=3)
    #: judges do not see which school an entry is from
    anonymous_judging: Mapped[bool] = mapped_column(default=True)
    #: points for the school table: first, second and third places (highly commended earns none)
    points_first: Mapped[int] = mapped_column(default=5)
    points_second: Mapped[int] = mapped_column(default=3)
    points_third: Mapped[int] = mapped_column(default=1)
    #: when the results went public; empty while they are not
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: being prepared (copied into a new year, say): only organisers see it, and it takes no entries
    draft: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: the competition of an earlier year this one was copied from, once only
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("competitions.id", ondelete="SET NULL"),
                                                       unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship()
    categories: Mapped[list["Category"]] = relationship(back_populates="competition", order_by="Category.position",
                                                        cascade="all, delete-orphan")
    criteria: Mapped[list["Criterion"]] = relationship(back_populates="competition",
                                                       order_by="Criterion.position", cascade="all, delete-orphan")
    judges: Mapped[list[User]] = relationship(secondary=competition_judges, order_by=User.name)
    entries: Mapped[list["Entry"]] = relationship(back_populates="competition", order_by="Entry.id",
                                                  cascade="all, delete-orphan")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def cluster_id(self) -> int:
        return self.activity.cluster_id

    @property
    def label(self) -> str:
        """A plain name for the audit log."""
        return self.title_en or self.title_cy

    # -- where it stands -----------------------------------------------------------------------

    def takes_entries(self, today: date) -> bool:
        """Schools enter, change and withdraw entries from the opening day to the end of the closing day."""
        return self.opens_on <= today <= self.closes_on and not self.is_published and not self.draft

    def entries_closed(self, today: date) -> bool:
        return today > self.closes_on

    def can_judge(self, today: date) -> bool:
        """Judges score once entries have closed, until the results are published."""
        return self.entries_closed(today) and not self.is_published

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_judge(self, user) -> bool:
        return bool(user.is_authenticated) and any(judge.id == user.id for judge in self.judges)

    @property
    def max_total(self) -> int:
        return sum(criterion.max_score for criterion in self.criteria)

    def points_for(self, place: "Place | None") -> int:
        return {Place.FIRST: self.points_first, Place.SECOND: self.points_second,
                Place.THIRD: self.points_third}.get(place, 0)

    def active_entries(self) -> list["Entry"]:
        return [entry for entry in self.entries if entry.withdrawn_at is None]

    def entries_in(self, category_id: int) -> list["Entry"]:
        return [entry for entry in self.active_entries() if entry.category_id == category_id]


class Category(db.Model):
    """A class of a competition that entries compete in, usually an age band."""

    __tablename__ = "competition_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_cy: Mapped[str] = mapped_column(String(120), default="")
    #: the order categories are listed and judged in
    position: Mapped[int] = mapped_column(default=0)
    #: the year groups that enter it (-1 nursery, 0 reception, 1–13); empty for any
    youngest_year: Mapped[int | None]
    oldest_year: Mapped[int | None]

    competition: Mapped[Competition] = relationship(back_populates="categories")

    def takes_year(self, year_group: int | None) -> bool:
        """Whether an entry of this year group (None: a team or class of mixed years) belongs here."""
        if year_group is None:
            return True
        return ((self.youngest_year is None or year_group >= self.youngest_year)
                and (self.oldest_year is None or year_group <= self.oldest_year))


class Criterion(db.Model):
    """One line of the judging rubric, scored from 0 to its maximum."""

    __tablename__ = "competition_criteria"
    __table_args__ = (CheckConstraint("max_score > 0", name="max_score_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_cy: Mapped[str] = mapped_column(String(120), default="")
    max_score: Mapped[int] = mapped_column(default=10)
    position: Mapped[int] = mapped_column(default=0)

    competition: Mapped[Competition] = relationship(back_populates="criteria")


class Entry(db.Model):
    """One school's entry: a pupil (first name and initial), a team or a class, with its work."""

    __tablename__ = "competition_entries"
    __table_args__ = (
        # the cap is counted per competition, category and school, under the competition's lock
        Index("ix_competition_entries_cap", "competition_id", "category_id", "school_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("competition_categories.id", ondelete="CASCADE"),
                                             index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    #: "Cerys M." for a pupil (never a full surname), or a team's or class's name
    entrant_name: Mapped[str] = mapped_column(String(80))
    #: -1 nursery, 0 reception, 1–13; empty for a whole school or a staff entry
    year_group: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    #: the stored photo's random name (photos.py), without extension; empty without a photo
    photo_name: Mapped[str | None] = mapped_column(String(40))
    #: the member of staff confirmed that consent is held for every pupil in the photo
    photo_consent: Mapped[bool] = mapped_column(default=False)
    #: the place the organiser confirmed, if any
    place: Mapped[Place | None] = mapped_column(enum_column(Place))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: when the school withdrew it; a withdrawn entry no longer counts towards the cap
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    competition: Mapped[Competition] = relationship(back_populates="entries")
    category: Mapped[Category] = relationship()
    school: Mapped[School] = relationship()
    entered_by: Mapped[User | None] = relationship()
    scores: Mapped[list["Score"]] = relationship(back_populates="entry", cascade="all, delete-orphan")
    notes: Mapped[list["JudgeNote"]] = relationship(back_populates="entry", cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        """A name for the audit log that holds no pupil's name: the entry's number and title."""
        return f"#{self.id} {self.title}"

    @property
    def shows_photo_publicly(self) -> bool:
        return bool(self.photo_name and self.photo_consent)

    def judge_totals(self) -> dict[int, int]:
        """{judge id: the sum of that judge's scores} for each judge who scored the entry."""
        totals: dict[int, int] = {}
        for score in self.scores:
            totals[score.judge_id] = totals.get(score.judge_id, 0) + score.score
        return totals

    @property
    def final_score(self) -> float | None:
        """The mean of the judges' totals over the judges who scored it; None before anyone has."""
        totals = self.judge_totals()
        return sum(totals.values()) / len(totals) if totals else None


class Score(db.Model):
    """One judge's score of one entry on one criterion."""

    __tablename__ = "competition_scores"
    __table_args__ = (
        UniqueConstraint("entry_id", "judge_id", "criterion_id", name="uq_competition_scores_entry_judge_criterion"),
        CheckConstraint("score >= 0", name="score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("competition_entries.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("competition_criteria.id", ondelete="CASCADE"),
                                              index=True)
    score: Mapped[int]
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    entry: Mapped[Entry] = relationship(back_populates="scores")


class JudgeNote(db.Model):
    """A judge's optional comment on an entry."""

    __tablename__ = "competition_judge_notes"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id", name="uq_competition_judge_notes_entry_judge"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("competition_entries.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[Entry] = relationship(back_populates="notes")


# -- the version of the public results --------------------------------------------------------------

def _shown_publicly(competition: Competition) -> bool:
    """Whether the public results show the competition, or did before this flush (being taken down)."""
    return competition.published_at is not None or any(
        before is not None for before in inspect(competition).attrs.published_at.history.deleted)


def _results_cluster(session: Session, part) -> int | None:
    """The cluster whose public results pages show `part` (a school, competition, category or entry);
    None for a competition's parts while its results are not published, which nobody outside sees."""
    if isinstance(part, School):
        return part.cluster_id
    competition = part if isinstance(part, Competition) else (
        part.competition or session.get(Competition, part.competition_id))
    if competition is None or not _shown_publicly(competition):
        return None
    return competition.activity.cluster_id


@event.listens_for(Session, "before_flush")
def new_results_version(session: Session, _context, _instances) -> None:
    """A change to what the public results pages show (a published competition, its categories and
    entries, their places and photos, a school's name) gives the cluster a new results version in the
    same transaction: a page kept for the old version is never shown again. Entering, withdrawing and
    judging happen before publication and leave the version alone, so entries arriving at once never
    wait for one another on the cluster's row."""
    changed = (part for part in (*session.new, *session.dirty, *session.deleted)
               if isinstance(part, (School, Competition, Category, Entry)))
    renew_versions(session, "results_version", (_results_cluster(session, part) for part in changed))


# -- from scores to places -----------------------------------------------------------------------

@dataclass
class Ranked:
    """An entry in a category's ranking: its final score, its rank (equal scores share one) and the
    place the scores suggest."""

    entry: Entry
    score: float | None
    rank: int | None
    tied: bool
    suggested: Place | None


def rank_entries(entries: list[Entry]) -> list[Ranked]:
    """Entries best first. Equal final scores share a rank (1, 1, 3: standard competition ranking)
    and so share the suggested place; ranks 1–3 suggest first to third, rank 4 highly commended.
    Entries nobody scored come last, with no rank and no suggestion."""
    scored = sorted(((entry.final_score, entry) for entry in entries if entry.final_score is not None),
                    key=lambda pair: (-pair[0], pair[1].id))
    ranked = []
    for score, entry in scored:
        rank = 1 + sum(1 for other, _e in scored if other > score + 1e-9)
        tied = sum(1 for other, _e in scored if abs(other - score) < 1e-9) > 1
        ranked.append(Ranked(entry, score, rank, tied, list(Place)[rank - 1] if rank <= len(Place) else None))
    ranked += [Ranked(entry, None, None, False, None) for entry in entries if entry.final_score is None]
    return ranked


@dataclass
class SchoolPoints:
    """A line of the school points table."""

    school: School
    points: int
    places: dict[Place, int]
    rank: int = 0
    tied: bool = False


def points_table(competitions: list[Competition], schools: list[School]) -> list[SchoolPoints]:
    """Every school's points over the published competitions, most first; equal points share a rank."""
    lines = {school.id: SchoolPoints(school, 0, dict.fromkeys(Place, 0)) for school in schools}
    for competition in competitions:
        if not competition.is_published:
            continue
        for entry in competition.active_entries():
            if entry.place is not None and entry.school_id in lines:
                lines[entry.school_id].points += competition.points_for(entry.place)
                lines[entry.school_id].places[entry.place] += 1
    table = sorted(lines.values(), key=lambda line: (-line.points, -line.places[Place.FIRST],
                                                     line.school.name_en))
    for line in table:
        same = [other for other in table if other.points == line.points]
        line.rank = table.index(same[0]) + 1
        line.tied = len(same) > 1
    return table
