"""Setting competitions up, entering, withdrawing, scoring, confirming places and publishing.

Entering is decided in one transaction: lock_for_write() first (SQLite's write lock), then the
competition's row under FOR UPDATE (PostgreSQL), then the school's entries in the category are
counted and the new one written. So the cap per school per category holds whatever arrives at
once. A photo is processed before the lock (it takes a moment of CPU) and deleted again if the
entry is refused.
"""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from app.audit.services import pending_changes, record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.calendar.models import AcademicYear, Activity, school_year_of
from app.clock import today, utcnow
from app.clusters.models import Cluster, School
from app.competitions import photos
from app.competitions.models import (
    Category,
    Competition,
    Criterion,
    Entry,
    JudgeNote,
    Place,
    Ranked,
    SchoolPoints,
    Score,
    points_table,
    rank_entries,
)
from app.database import all_or_nothing, lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.forms import year_group_label
from app.i18n import localized_column, plain_localized

#: roles that enter pupils for a school
ENTRANTS = (Role.ADMIN, Role.LEADER, Role.STAFF)
#: roles that set competitions up, confirm places and publish
ORGANISERS = (Role.ADMIN, Role.LEADER)
#: roles a judge may have
JUDGE_ROLES = (Role.LEADER, Role.STAFF)
#: fields of a competition the audit log follows
COMPETITION_FIELDS = ("activity_id", "title_en", "title_cy", "rules_en", "rules_cy", "opens_on", "closes_on",
                      "entry_kind", "photo_rule", "cap_per_school", "anonymous_judging", "points_first",
                      "points_second", "points_third")
ENTRY_FIELDS = ("category_id", "entrant_name", "year_group", "title", "description", "photo_consent")


class CompetitionRefused(Refused):
    """A change the competitions' rules do not allow."""


# -- who may do what -------------------------------------------------------------------------------

def in_cluster(viewer: User, competition: Competition) -> bool:
    return bool(viewer.is_authenticated and viewer.cluster_id == competition.cluster_id)


def can_organise(viewer: User, competition: Competition) -> bool:
    """Leaders and admins of the cluster set it up, confirm places and publish."""
    return in_cluster(viewer, competition) and viewer.role in ORGANISERS


def takes_part(competition: Competition, school: School) -> bool:
    """Whether `school` may enter: its cluster's activity, for all schools or for this one."""
    activity = competition.activity
    return school.cluster_id == activity.cluster_id and (
        activity.all_schools or school.id in {s.id for s in activity.schools})


def schools_to_enter_for(viewer: User, competition: Competition) -> list[School]:
    """The schools this person may enter for: their own, or for a cluster admin every school taking part."""
    if not in_cluster(viewer, competition) or viewer.role not in ENTRANTS:
        return []
    return [school for school in cluster_schools(competition.cluster_id)
            if takes_part(competition, school) and can_change_school_records(viewer, school)]


def can_change_entry(viewer: User, entry: Entry) -> bool:
    """Staff and leaders change their own school's entries; cluster admins any school's."""
    return (in_cluster(viewer, entry.competition) and viewer.role in ENTRANTS
            and can_change_school_records(viewer, entry.school))


def sees_entry(viewer: User, entry: Entry) -> bool:
    """The entry's school, the organisers and the judges see an entry before results are public."""
    return (can_change_entry(viewer, entry) or can_organise(viewer, entry.competition)
            or entry.competition.is_judge(viewer))


def photo_is_public(entry: Entry) -> bool:
    """A photo anyone may see: a placed entry of published results, with consent confirmed."""
    return (entry.competition.is_published and entry.place is not None and entry.withdrawn_at is None
            and entry.shows_photo_publicly)


def cluster_schools(cluster_id: int) -> list[School]:
    """The schools of the cluster, by name in the reader's language."""
    return db.session.scalars(select(School).where(School.cluster_id == cluster_id)
                              .order_by(localized_column(School, "name"), School.id)).all()


def possible_judges(cluster_id: int) -> list[User]:
    """Active staff and leader accounts of the cluster, by name."""
    return db.session.scalars(select(User).where(User.cluster_id == cluster_id, User.active.is_(True),
                                                 User.role.in_(JUDGE_ROLES)).order_by(User.name)).all()


# -- reading -----------------------------------------------------------------------------------------

def _shown(with_drafts: bool):
    """Which competitions a list shows: every one to organisers, else those not drafts."""
    return true() if with_drafts else Competition.draft.is_(False)


def competitions_of(cluster_id: int, with_drafts: bool = False) -> list[Competition]:
    """The cluster's competitions, the latest entry window first; drafts only for organisers."""
    return db.session.scalars(select(Competition).join(Competition.activity)
                              .where(Activity.cluster_id == cluster_id, _shown(with_drafts))
                              .options(selectinload(Competition.entries), selectinload(Competition.judges),
                                       selectinload(Competition.activity).selectinload(Activity.academic_year))
                              .order_by(Competition.closes_on.desc(), Competition.id)).all()


def by_what_can_be_done(competitions: list[Competition], day: date) -> list[tuple[str, list[Competition]]]:
    """Competitions by academic year, latest first, and within a year by what a member of staff can
    do now: open for entries, then being judged, then to come, then results (drafts last)."""
    def rank(competition: Competition) -> tuple:
        if competition.draft:
            stage = 4
        elif competition.takes_entries(day):
            stage = 0
        elif competition.is_published:
            stage = 3
        elif day > competition.closes_on:
            stage = 1
        else:
            stage = 2
        return stage, competition.closes_on if stage < 3 else -competition.closes_on.toordinal()
    years: dict[AcademicYear, list[Competition]] = {}
    for competition in sorted(competitions, key=lambda c: -c.activity.academic_year.start_year):
        years.setdefault(competition.activity.academic_year, []).append(competition)
    return [(year.label, sorted(items, key=rank)) for year, items in years.items()]


def competitions_of_activity(activity_id: int, with_drafts: bool = False) -> list[Competition]:
    """The activity's competitions; drafts only for organisers."""
    return db.session.scalars(select(Competition).where(Competition.activity_id == activity_id,
                                                        _shown(with_drafts))
                              .order_by(Competition.id)).all()


def visible_entries(viewer: User, competition: Competition) -> list[Entry]:
    """The entries this person may list: every school's for organisers, else their own school's."""
    entries = competition.active_entries()
    if can_organise(viewer, competition):
        return entries
    return [entry for entry in entries if can_change_entry(viewer, entry)]


def entries_of_category(competition: Competition, category_id: int) -> list[Entry]:
    """A category's entries, scores loaded, in the order they arrived."""
    return db.session.scalars(select(Entry).where(Entry.competition_id == competition.id,
                                                  Entry.category_id == category_id, Entry.withdrawn_at.is_(None))
                              .options(selectinload(Entry.scores), selectinload(Entry.notes),
                                       selectinload(Entry.school)).order_by(Entry.id)).all()


def ranking(competition: Competition) -> list[tuple[Category, list[Ranked]]]:
    """Each category with its entries ranked by final score."""
    return [(category, rank_entries(entries_of_category(competition, category.id)))
            for category in competition.categories]


def placed(competition: Competition) -> list[tuple[Category, list[Entry]]]:
    """Each category with its placed entries, first place first."""
    result = []
    for category in competition.categories:
        entries = [entry for entry in competition.entries_in(category.id) if entry.place is not None]
        result.append((category, sorted(entries, key=lambda entry: (entry.place.rank, entry.id))))
    return result


def published_query(*where):
    """The competitions whose results are published and that meet `where` (on them or their activity)."""
    return select(Competition).join(Competition.activity).where(Competition.published_at.is_not(None), *where)


def results_year(cluster_id: int) -> AcademicYear | None:
    """The academic year the points table is for: this one, or the latest with published results."""
    this_year = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == cluster_id,
                                                             AcademicYear.start_year == school_year_of(today())))
    if this_year is not None and db.session.scalar(published_query(
            Activity.cluster_id == cluster_id, Activity.academic_year_id == this_year.id).exists().select()):
        return this_year
    latest = db.session.scalar(select(AcademicYear).join(Activity, Activity.academic_year_id == AcademicYear.id)
                               .join(Competition, Competition.activity_id == Activity.id)
                               .where(AcademicYear.cluster_id == cluster_id, Competition.published_at.is_not(None))
                               .order_by(AcademicYear.start_year.desc()).limit(1))
    return latest or this_year


def published_in(cluster_id: int, year_id: int) -> list[Competition]:
    """The competitions of an academic year whose results are published, entries loaded."""
    return db.session.scalars(published_query(Activity.cluster_id == cluster_id, Activity.academic_year_id == year_id)
                              .options(selectinload(Competition.entries).selectinload(Entry.school),
                                       selectinload(Competition.activity))
                              .order_by(Competition.closes_on, Competition.id)).all()


def year_results(cluster_id: int) -> tuple[AcademicYear | None, list[Competition], list[SchoolPoints]]:
    """The year of the points table, its published competitions and the table over them."""
    year = results_year(cluster_id)
    competitions = published_in(cluster_id, year.id) if year is not None else []
    return year, competitions, points_table(competitions, cluster_schools(cluster_id)) if competitions else []


def school_table(cluster_id: int) -> tuple[AcademicYear | None, list[SchoolPoints]]:
    """The year and its school points table over every published competition in it."""
    year, _competitions, table = year_results(cluster_id)
    return year, table


# -- setting up --------------------------------------------------------------------------------------

def _sync_rows(competition: Competition, existing: list, rows: list[dict], make, used_ids: set[int],
               in_use_message: str) -> None:
    """Match the form's rows to the saved categories or criteria by position: rename those kept,
    add new ones, remove the rest unless something refers to them (`used_ids`)."""
    for position, row in enumerate(rows):
        if position < len(existing):
            item = existing[position]
            item.name_en, item.name_cy, item.position = row["en"], row["cy"], position
            if "max" in row:
                item.max_score = row["max"]
            if "from" in row:
                item.youngest_year, item.oldest_year = row["from"], row["to"]
        else:
            existing.append(make(row, position))
    for item in list(existing[len(rows):]):
        if item.id in used_ids:
            raise CompetitionRefused(in_use_message)
        existing.remove(item)


def save_competition(actor: User, competition: Competition | None, data: dict, categories: list[dict],
                     criteria: list[dict], judge_ids: list[int]) -> Competition:
    """Create a competition or change one; categories with entries and criteria with scores stay."""
    creating = competition is None
    if creating:
        competition = Competition(created_by_id=actor.id)
        db.session.add(competition)
    for name, value in data.items():
        setattr(competition, name, value)
    used_categories = set() if creating else set(db.session.scalars(
        select(Entry.category_id).where(Entry.competition_id == competition.id)))
    used_criteria = set() if creating else set(db.session.scalars(
        select(Score.criterion_id).join(Score.entry).where(Entry.competition_id == competition.id)))
    with all_or_nothing():
        _sync_rows(competition, competition.categories, categories,
                   lambda row, position: Category(name_en=row["en"], name_cy=row["cy"], position=position,
                                                  youngest_year=row.get("from"), oldest_year=row.get("to")),
                   used_categories, _("A category that has entries cannot be removed."))
        _sync_rows(competition, competition.criteria, criteria,
                   lambda row, position: Criterion(name_en=row["en"], name_cy=row["cy"], max_score=row["max"],
                                                   position=position),
                   used_criteria, _("A criterion that judges have scored cannot be removed."))
        if not creating:
            highest = db.session.scalar(select(func.max(Score.score)).join(Score.entry)
                                        .where(Entry.competition_id == competition.id))
            if highest is not None and any(criterion.max_score < highest for criterion in competition.criteria):
                # a judge's score above a new maximum would make the totals meaningless
                raise CompetitionRefused(_("Judges have already given scores up to %(score)d: a highest score "
                                           "cannot be lower than that.", score=highest))
    judges = db.session.scalars(select(User).where(User.id.in_(judge_ids or [0]))).all()
    competition.judges = [judge for judge in judges if judge.cluster_id == actor.cluster_id]
    changes = {} if creating else pending_changes(competition, COMPETITION_FIELDS)
    db.session.flush()
    activity = db.session.get(Activity, competition.activity_id)
    if creating or changes:
        record_event(actor, "created" if creating else "updated", competition, competition.label,
                     activity.cluster_id, changes)
    db.session.commit()
    return competition


# -- entering ----------------------------------------------------------------------------------------

def _format_day(day: date) -> str:
    return format_date(day, "d MMMM y")


def window_refusal(competition: Competition) -> str:
    """Why entries cannot change now, in a sentence."""
    day = today()
    if competition.draft:
        return _("The competition is still being prepared: it is not open for entries yet.")
    if competition.is_published:
        return _("The results are published: entries can no longer change.")
    if day < competition.opens_on:
        return _("Entries open on %(day)s.", day=_format_day(competition.opens_on))
    return _("Entries closed on %(day)s.", day=_format_day(competition.closes_on))


def _count_entries(competition_id: int, category_id: int, school_id: int, leaving_out: int | None = None) -> int:
    query = select(func.count(Entry.id)).where(Entry.competition_id == competition_id,
                                               Entry.category_id == category_id, Entry.school_id == school_id,
                                               Entry.withdrawn_at.is_(None))
    if leaving_out is not None:
        query = query.where(Entry.id != leaving_out)
    return db.session.scalar(query)


def _check_cap(competition: Competition, category_id: int, school: School, leaving_out: int | None = None) -> None:
    if _count_entries(competition.id, category_id, school.id, leaving_out) >= competition.cap_per_school:
        category = db.session.get(Category, category_id)
        raise CompetitionRefused(
            _("%(school)s already has the most entries allowed in this category (%(cap)d): %(category)s. Withdraw "
              "one to enter another.", school=plain_localized(school, "name"),
              category=plain_localized(category, "name"), cap=competition.cap_per_school), field="category_id")


def _check_year_group(school: School, year_group: int | None) -> None:
    """A pupil's year group must be one the school teaches: no Year 9 at a primary school."""
    if year_group is not None and year_group not in school.phase.year_groups:
        raise CompetitionRefused(_("%(school)s does not have %(year)s: check the year group.",
                                   school=plain_localized(school, "name"), year=year_group_label(year_group)),
                                 field="year_group")


def enter(actor: User, competition_id: int, school_id: int, data: dict, photo_name: str | None) -> Entry:
    """Add an entry for a school while the window is open and the school is under its cap."""
    lock_for_write()
    competition = locked(Competition, competition_id)
    school = db.session.get(School, school_id)
    with all_or_nothing(): # the photo stays with the form, which the person may send again
        if competition is None or school is None:
            raise CompetitionRefused(_("This competition no longer exists."))
        if not competition.takes_entries(today()):
            raise CompetitionRefused(window_refusal(competition))
        if not takes_part(competition, school) or not can_change_school_records(actor, school):
            raise CompetitionRefused(_("You cannot enter pupils for this school."))
        _check_year_group(school, data["year_group"])
        _check_cap(competition, data["category_id"], school)
    entry = Entry(competition=competition, school=school, entered_by_id=actor.id, photo_name=photo_name, **data)
    db.session.add(entry)
    db.session.flush()
    record_event(actor, "created", entry, entry.label, competition.cluster_id)
    db.session.commit()
    return entry


def _locked_entry(entry_id: int) -> tuple[Competition | None, Entry | None]:
    """The entry's competition under the write lock, and the entry read afresh."""
    competition_id = db.session.scalar(select(Entry.competition_id).where(Entry.id == entry_id))
    lock_for_write()
    competition = locked(Competition, competition_id) if competition_id is not None else None
    entry = db.session.get(Entry, entry_id, populate_existing=True) if competition else None
    return competition, entry


def change_entry(actor: User, entry_id: int, data: dict, photo_name: str | None) -> Entry:
    """Change an entry while the window is open; a new photo replaces the old one."""
    competition, entry = _locked_entry(entry_id)
    with all_or_nothing(): # the photo stays with the form, which the person may send again
        if entry is None or entry.withdrawn_at is not None:
            raise CompetitionRefused(_("This entry has been withdrawn."))
        if not competition.takes_entries(today()):
            raise CompetitionRefused(window_refusal(competition))
        _check_year_group(entry.school, data["year_group"])
        if data["category_id"] != entry.category_id:
            _check_cap(competition, data["category_id"], entry.school, leaving_out=entry.id)
    old_photo = entry.photo_name
    for name, value in data.items():
        setattr(entry, name, value)
    if photo_name:
        entry.photo_name = photo_name
    changes = pending_changes(entry, ENTRY_FIELDS)
    changes.pop("entrant_name", None)  # a child's name stays out of the log
    if photo_name:
        changes["photo"] = ["…", "…"]
    record_event(actor, "updated", entry, entry.label, competition.cluster_id, changes)
    db.session.commit()
    if photo_name and old_photo:
        photos.delete(old_photo)
    return entry


def withdraw(actor: User, entry_id: int) -> Entry:
    """Withdraw an entry while the window is open: it stops counting, and its photo is deleted."""
    competition, entry = _locked_entry(entry_id)
    with all_or_nothing():
        if entry is None or entry.withdrawn_at is not None:
            raise CompetitionRefused(_("This entry has already been withdrawn."))
        if not competition.takes_entries(today()):
            raise CompetitionRefused(window_refusal(competition))
    photo_name = entry.photo_name
    entry.withdrawn_at, entry.photo_name, entry.photo_consent = utcnow(), None, False
    record_event(actor, "withdrawn", entry, entry.label, competition.cluster_id)
    db.session.commit()
    photos.delete(photo_name)
    return entry


# -- judging -----------------------------------------------------------------------------------------

def judge_scores(entry: Entry, judge_id: int) -> tuple[dict[int, int], str]:
    """One judge's scores of an entry ({criterion id: score}) and comment."""
    scores = {score.criterion_id: score.score for score in entry.scores if score.judge_id == judge_id}
    comment = next((note.comment for note in entry.notes if note.judge_id == judge_id), "")
    return scores, comment


def save_scores(judge: User, entry_id: int, scores: dict[int, int | None], comment: str) -> Entry:
    """Save a judge's scores of one entry (None clears a score) and comment, under the entry's lock
    so that two saves at once (htmx on every change) never insert the same score twice."""
    competition, entry = _locked_entry(entry_id)
    with all_or_nothing():
        if entry is None or entry.withdrawn_at is not None:
            raise CompetitionRefused(_("This entry has been withdrawn."))
        if not competition.is_judge(judge):
            raise CompetitionRefused(_("Only the competition's judges can score entries."))
        if not competition.can_judge(today()):
            raise CompetitionRefused(_("Scores can be given once entries have closed, until the results are "
                                       "published."))
        maxima = {criterion.id: criterion.max_score for criterion in competition.criteria}
        for criterion_id, value in scores.items():
            if criterion_id not in maxima or (value is not None and not 0 <= value <= maxima[criterion_id]):
                raise CompetitionRefused(_("Enter a whole number from %(low)d to %(high)d",
                                           low=0, high=maxima.get(criterion_id, 0)), field=f"c{criterion_id}")
    mine = {score.criterion_id: score for score in entry.scores if score.judge_id == judge.id}
    for criterion_id, value in scores.items():
        if value is None:
            if criterion_id in mine:
                entry.scores.remove(mine[criterion_id])
        elif criterion_id in mine:
            mine[criterion_id].score = value
        else:
            entry.scores.append(Score(judge_id=judge.id, criterion_id=criterion_id, score=value))
    note = next((note for note in entry.notes if note.judge_id == judge.id), None)
    if note is None and comment:
        entry.notes.append(JudgeNote(judge_id=judge.id, comment=comment))
    elif note is not None:
        note.comment = comment
    db.session.commit()
    return entry


def confirm_places(actor: User, competition_id: int, chosen: dict[int, Place | None], reason: str) -> int:
    """Confirm each entry's place. A place that differs from the scores' suggestion needs a reason,
    and the audit log keeps it with the suggested and chosen places. The number of entries placed."""
    lock_for_write()
    competition = locked(Competition, competition_id)
    with all_or_nothing():
        if competition is None or not competition.entries_closed(today()) or competition.is_published:
            raise CompetitionRefused(_("Places can be confirmed once entries have closed, before the results "
                                       "are published."))
        suggestions = {line.entry.id: line.suggested for _category, lines in ranking(competition) for line in lines}
        overridden = {entry_id: place for entry_id, place in chosen.items()
                      if entry_id in suggestions and place != suggestions[entry_id]}
        if overridden and not reason:
            raise CompetitionRefused(_("Give a reason for the places that differ from the suggestion."),
                                     field="reason")
    changes = {}
    for entry in competition.active_entries():
        if entry.id not in chosen:
            continue
        new = chosen[entry.id]
        if entry.id in overridden:
            suggested = suggestions[entry.id]
            changes[entry.label] = [suggested.value if suggested else None, new.value if new else None]
        entry.place = new
    if overridden:
        changes["reason"] = [None, reason]
    record_event(actor, "places_confirmed", competition, competition.label, competition.cluster_id, changes)
    db.session.commit()
    return sum(1 for place in chosen.values() if place is not None)


# -- a new year ---------------------------------------------------------------------------------------

def of_activities(activity_ids) -> list[Competition]:
    """The competitions of these activities, by their windows."""
    return db.session.scalars(select(Competition).where(Competition.activity_id.in_(list(activity_ids)))
                              .order_by(Competition.opens_on, Competition.id)).all()


def copied_already(competition_ids) -> set[int]:
    """Which of these competitions have a copy."""
    return set(db.session.scalars(select(Competition.copied_from_id).where(
        Competition.copied_from_id.in_(list(competition_ids)))))


def copy_forward(actor: User, cluster_id: int, copies: dict[int, int], moved_by: timedelta) -> int:
    """Copy each competition of the activities in `copies` ({activity: its copy}) to the copy, as a
    draft with its window moved on: its rules, categories, rubric, judges and points, no entries.
    One copied before is not copied again, however many leaders ask at once."""
    lock_for_write()
    locked(Cluster, cluster_id)  # on PostgreSQL the lock that makes a second copy wait
    found = of_activities(copies)
    already = copied_already(competition.id for competition in found)
    originals = [competition for competition in found if competition.id not in already]
    for original in originals:
        copy = Competition(
            activity_id=copies[original.activity_id], title_en=original.title_en, title_cy=original.title_cy,
            rules_en=original.rules_en, rules_cy=original.rules_cy, opens_on=original.opens_on + moved_by,
            closes_on=original.closes_on + moved_by, entry_kind=original.entry_kind,
            photo_rule=original.photo_rule, cap_per_school=original.cap_per_school,
            anonymous_judging=original.anonymous_judging, points_first=original.points_first,
            points_second=original.points_second, points_third=original.points_third,
            judges=[judge for judge in original.judges if judge.active], draft=True, copied_from_id=original.id,
            created_by_id=actor.id,
            categories=[Category(name_en=c.name_en, name_cy=c.name_cy, position=c.position,
                                 youngest_year=c.youngest_year, oldest_year=c.oldest_year)
                        for c in original.categories],
            criteria=[Criterion(name_en=c.name_en, name_cy=c.name_cy, max_score=c.max_score, position=c.position)
                      for c in original.criteria])
        db.session.add(copy)
        db.session.flush()
        record_event(actor, "copied", copy, copy.label, cluster_id, {"from": [original.id, copy.id]})
    db.session.commit()
    return len(originals)


def make_ready(actor: User, competition_id: int) -> Competition:
    """A draft competition made ready: schools see it, and enter in its window."""
    lock_for_write()
    competition = locked(Competition, competition_id)
    if competition is None or not competition.draft:
        db.session.rollback()
        raise CompetitionRefused(_("The competition is not a draft: schools already see it."))
    competition.draft = False
    record_event(actor, "updated", competition, competition.label, competition.cluster_id, {"draft": [True, False]})
    db.session.commit()
    return competition


def set_published(actor: User, competition_id: int, publish: bool) -> Competition:
    """Publish the results (places confirmed, entries closed), or take them down to correct them."""
    lock_for_write()
    competition = locked(Competition, competition_id)
    with all_or_nothing():
        if competition is None:
            raise CompetitionRefused(_("This competition no longer exists."))
        if publish and (competition.is_published or not competition.entries_closed(today())
                        or not any(entry.place for entry in competition.active_entries())):
            raise CompetitionRefused(_("Results can be published once entries have closed and places are "
                                       "confirmed."))
        if not publish and not competition.is_published:
            raise CompetitionRefused(_("The results are not published."))
    competition.published_at = utcnow() if publish else None
    record_event(actor, "published" if publish else "unpublished", competition, competition.label,
                 competition.cluster_id)
    db.session.commit()
    return competition
