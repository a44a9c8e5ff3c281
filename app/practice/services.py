"""Writing, sharing and finding pieces of practice. Each service takes the person acting, checks what
they may do, and records the change in the audit log."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, delete, func, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.audit.services import pending_changes, record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.calendar.models import Activity, Strand, school_year_of
from app.calendar.services import visibility_clause
from app.clusters.models import Cluster, School
from app.database import lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.practice.models import AreaOfLearning, PracticeArea, PracticeItem, PracticeSkill, PracticeTerm, Reach, Skill
from app.surveys.models import Survey, SurveyState
from app.surveys.services import can_read_results
from app.welsh_forms import index_terms, query_terms

#: the fields whose changes the audit log keeps
ITEM_FIELDS = ("title_en", "title_cy", "summary_en", "summary_cy", "practice_en", "practice_cy", "impact_en",
               "impact_cy", "contact_id", "network_id", "strand", "youngest_step", "oldest_step", "reach", "public",
               "featured")
#: how much a match counts, by where the word is
TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 3, 2, 1
#: the most results one search shows
MOST_RESULTS = 50


class PracticeRefused(Refused):
    """An action this person may not take on this piece of practice."""


# --- who may do what ---------------------------------------------------------------------------

def visible_to(user) -> Select:
    """A query of the pieces this person (or a visitor) may read."""
    query = select(PracticeItem)
    public = and_(PracticeItem.public, PracticeItem.reach != Reach.DRAFT)
    if not getattr(user, "is_authenticated", False):
        return query.where(public)
    if user.role == Role.OFFICER:
        authority_clusters = select(Cluster.id).where(Cluster.authority_id == user.authority_id)
        return query.where(or_(public, and_(PracticeItem.reach == Reach.AUTHORITY,
                                            PracticeItem.cluster_id.in_(authority_clusters))))
    own_cluster = PracticeItem.cluster_id == user.cluster_id
    drafts_seen = (PracticeItem.school_id == user.school_id) if user.role != Role.ADMIN else True
    authority = select(Cluster.authority_id).where(Cluster.id == user.cluster_id).scalar_subquery()
    other_clusters = select(Cluster.id).where(Cluster.authority_id == authority)
    return query.where(or_(
        public,
        and_(own_cluster, or_(PracticeItem.reach != Reach.DRAFT, drafts_seen)),
        and_(PracticeItem.reach == Reach.AUTHORITY, PracticeItem.cluster_id.in_(other_clusters))))


def can_read(user, item: PracticeItem) -> bool:
    """Whether this person (or a visitor) may read the piece."""
    return db.session.scalar(visible_to(user).where(PracticeItem.id == item.id).with_only_columns(
        PracticeItem.id)) is not None


def can_write(user) -> bool:
    """Whether this person writes pieces of practice at all: staff, leaders and the cluster admin."""
    return getattr(user, "is_authenticated", False) and user.role in (Role.STAFF, Role.LEADER, Role.ADMIN)


def can_edit(user, item: PracticeItem) -> bool:
    """Its own school's staff and leaders, and the cluster admin, change a piece."""
    return can_write(user) and can_change_school_records(user, item.school)


def can_publish(user, item: PracticeItem) -> bool:
    """A leader of its school, or the cluster admin, publishes it to the cluster or makes it public."""
    return user.role in (Role.LEADER, Role.ADMIN) and can_change_school_records(user, item.school)


def can_share_with_authority(user, item: PracticeItem) -> bool:
    """A leader of the cluster (or its admin), or the officer of its authority, shares a published piece."""
    if item.reach == Reach.DRAFT:
        return False
    if user.role == Role.OFFICER:
        return item.cluster.authority_id == user.authority_id
    return user.role in (Role.LEADER, Role.ADMIN) and user.cluster_id == item.cluster_id


def can_signpost(user, item: PracticeItem) -> bool:
    """The officer of its authority features a piece shared with the authority, with a note."""
    return (user.role == Role.OFFICER and item.reach == Reach.AUTHORITY
            and item.cluster.authority_id == user.authority_id)


def activities_seen_by(user, item: PracticeItem) -> list[Activity]:
    """The piece's calendar activities that this person (or a visitor) may see in the calendar."""
    if not item.activities:
        return []
    return db.session.scalars(select(Activity).where(
        Activity.id.in_([activity.id for activity in item.activities]), visibility_clause(user, item.cluster))
        .order_by(Activity.starts_on, Activity.id)).all()


def evaluations_seen_by(user, activities: list[Activity]) -> list[Survey]:
    """The surveys that asked about these activities, where this person may read their results."""
    if not activities or not getattr(user, "is_authenticated", False):
        return []
    surveys = db.session.scalars(select(Survey).where(
        Survey.activity_id.in_([activity.id for activity in activities]), Survey.state != SurveyState.DRAFT)
        .order_by(Survey.opens_on, Survey.id)).all()
    return [survey for survey in surveys if can_read_results(user, survey)]


# --- writing -----------------------------------------------------------------------------------

def schools_to_write_for(user: User) -> list[School]:
    """The schools a person writes practice for: their own, or every school of the cluster (admin)."""
    query = select(School).where(School.cluster_id == user.cluster_id).order_by(School.name_en)
    if user.role != Role.ADMIN:
        query = query.where(School.id == user.school_id)
    return db.session.scalars(query).all()


def save(actor: User, item: PracticeItem | None, data: dict) -> PracticeItem:
    """Create a piece (a draft of the actor's school) or change one, with its search terms."""
    creating = item is None
    if creating:
        school = db.session.get(School, data["school_id"])
        if school is None or school not in schools_to_write_for(actor):
            raise PracticeRefused(_l("You can write practice only for your own school."))
        item = PracticeItem(cluster_id=school.cluster_id, school_id=school.id, created_by_id=actor.id,
                            school_year=school_year_of(clock.today()), reach=Reach.DRAFT)
        db.session.add(item)
    else:
        # two people saving one piece at once: the second waits, then replaces the first's terms
        item_id = item.id
        lock_for_write()
        item = locked(PracticeItem, item_id)
        if not can_edit(actor, item):
            raise PracticeRefused(_l("Only its own school's staff can change this piece of practice."))
    for name in ("title_en", "title_cy", "summary_en", "summary_cy", "practice_en", "practice_cy", "impact_en",
                 "impact_cy", "contact_id", "network_id", "strand", "youngest_step", "oldest_step"):
        setattr(item, name, data[name])
    cluster_schools = {school.id: school for school in db.session.scalars(
        select(School).where(School.cluster_id == item.cluster_id))}
    item.other_schools = [cluster_schools[school_id] for school_id in data["other_school_ids"]
                          if school_id in cluster_schools and school_id != item.school_id]
    item.activities = db.session.scalars(select(Activity).where(
        Activity.cluster_id == item.cluster_id, Activity.id.in_(data["activity_ids"]))).all()
    item.area_rows = [PracticeArea(area=area) for area in data["areas"]]
    item.skill_rows = [PracticeSkill(skill=skill) for skill in data["skills"]]
    changes = {} if creating else pending_changes(item, ITEM_FIELDS)
    db.session.flush()
    reindex(item)
    record_event(actor, "created" if creating else "updated", item, item.label, item.cluster_id, changes)
    db.session.commit()
    return item


def reindex(item: PracticeItem) -> None:
    """Replace a piece's search terms with those of its text now, each at its best weight."""
    weights: dict[str, int] = {}
    for weight, texts in ((BODY_WEIGHT, (item.practice_en, item.practice_cy, item.impact_en, item.impact_cy,
                                         *(school.name_en for school in item.schools),
                                         *(school.name_cy for school in item.schools))),
                          (SUMMARY_WEIGHT, (item.summary_en, item.summary_cy)),
                          (TITLE_WEIGHT, (item.title_en, item.title_cy))):
        for text in texts:
            for term in index_terms(text or ""):
                weights[term[:80]] = weight
    db.session.execute(delete(PracticeTerm).where(PracticeTerm.item_id == item.id))
    db.session.add_all(PracticeTerm(item_id=item.id, term=term, weight=weight) for term, weight in weights.items())


def publish(actor: User, item: PracticeItem) -> None:
    """A draft becomes readable by the whole cluster."""
    if not can_publish(actor, item):
        raise PracticeRefused(_l("A leader of its school publishes a piece of practice to the cluster."))
    if item.reach == Reach.DRAFT:
        item.reach = Reach.CLUSTER
        item.published_on = clock.today()
        _log_change(actor, item, "published")


def unpublish(actor: User, item: PracticeItem) -> None:
    """Back to a draft of its school (taken off the authority's list and the public too)."""
    if not can_publish(actor, item):
        raise PracticeRefused(_l("A leader of its school publishes a piece of practice to the cluster."))
    item.reach, item.public, item.featured = Reach.DRAFT, False, False
    _log_change(actor, item, "unpublished")


def share_with_authority(actor: User, item: PracticeItem, shared: bool) -> None:
    """Let (or stop letting) every cluster of the authority read a published piece."""
    if not can_share_with_authority(actor, item):
        raise PracticeRefused(_l("Publish it to the cluster first; then a leader or the authority's officer "
                                 "can share it with the authority."))
    item.reach = Reach.AUTHORITY if shared else Reach.CLUSTER
    if not shared:
        item.featured = False
    _log_change(actor, item, "updated")


def make_public(actor: User, item: PracticeItem, public: bool) -> None:
    """Let families and visitors read a published piece, or stop them."""
    if not can_publish(actor, item) or item.reach == Reach.DRAFT:
        raise PracticeRefused(_l("A leader of its school can make a published piece public."))
    item.public = public
    _log_change(actor, item, "updated")


def signpost(actor: User, item: PracticeItem, featured: bool, note_en: str, note_cy: str) -> None:
    """The officer features a piece for every cluster of the authority, with a note in both languages."""
    if not can_signpost(actor, item):
        raise PracticeRefused(_l("The authority's officer signposts practice shared with the authority."))
    item.featured, item.officer_note_en, item.officer_note_cy = featured, note_en, note_cy
    _log_change(actor, item, "updated", ("featured", "officer_note_en", "officer_note_cy"))


def _log_change(actor: User, item: PracticeItem, action: str, fields: tuple = ITEM_FIELDS) -> None:
    record_event(actor, action, item, item.label, item.cluster_id, pending_changes(item, fields))
    db.session.commit()


# --- finding -----------------------------------------------------------------------------------

@dataclass
class Filters:
    """What a search is narrowed to; None or empty for anything."""

    words: str = ""
    area: AreaOfLearning | None = None
    skill: Skill | None = None
    strand: Strand | None = None
    step: int | None = None
    school_id: int | None = None
    cluster_id: int | None = None
    school_year: int | None = None
    featured_only: bool = False


def search(viewer, filters: Filters) -> list[PracticeItem]:
    """The pieces this person may read that match every word (in any of its Welsh forms) and every
    filter: the best matches first (a word in a title counts most), then the newest."""
    query = visible_to(viewer)
    if filters.area:
        query = query.where(PracticeItem.id.in_(select(PracticeArea.item_id).where(PracticeArea.area == filters.area)))
    if filters.skill:
        query = query.where(PracticeItem.id.in_(select(PracticeSkill.item_id)
                                                .where(PracticeSkill.skill == filters.skill)))
    if filters.strand:
        query = query.where(PracticeItem.strand == filters.strand)
    if filters.step:
        query = query.where(func.coalesce(PracticeItem.youngest_step, 1) <= filters.step,
                            func.coalesce(PracticeItem.oldest_step, 5) >= filters.step)
    if filters.school_id:
        others = select(PracticeItem.id).join(PracticeItem.other_schools).where(School.id == filters.school_id)
        query = query.where(or_(PracticeItem.school_id == filters.school_id, PracticeItem.id.in_(others)))
    if filters.cluster_id:
        query = query.where(PracticeItem.cluster_id == filters.cluster_id)
    if filters.school_year:
        query = query.where(PracticeItem.school_year == filters.school_year)
    if filters.featured_only:
        query = query.where(PracticeItem.featured)
    words = [forms for forms in query_terms(filters.words) if forms]
    order = [PracticeItem.featured.desc(), PracticeItem.updated_at.desc(), PracticeItem.id.desc()]
    if words:
        # one row per piece that has a term of every word: the CASE names which word a term belongs to
        which_word = case(*((PracticeTerm.term.in_(sorted(forms)), number) for number, forms in enumerate(words)))
        every_term = sorted(set().union(*words))
        scores = (select(PracticeTerm.item_id, func.sum(PracticeTerm.weight).label("score"))
                  .where(PracticeTerm.term.in_(every_term)).group_by(PracticeTerm.item_id)
                  .having(func.count(func.distinct(which_word)) == len(words)).subquery())
        query = query.join(scores, scores.c.item_id == PracticeItem.id)
        order = [scores.c.score.desc(), *order]
    return db.session.scalars(query.order_by(*order).limit(MOST_RESULTS).options(
        selectinload(PracticeItem.school), selectinload(PracticeItem.area_rows),
        selectinload(PracticeItem.skill_rows))).all()


def school_years_of(viewer) -> list[int]:
    """The academic years the pieces this person may read are from, the latest first."""
    return sorted(set(db.session.scalars(visible_to(viewer).with_only_columns(PracticeItem.school_year))),
                  reverse=True)
