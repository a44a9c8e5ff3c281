"""Reading and changing the calendar: who sees which activities, filters, saving, copying a year."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.audit.services import pending_changes, record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.calendar.models import (
    AcademicYear,
    Activity,
    ActivityKind,
    ActivityStatus,
    Approval,
    Audience,
    HalfTerm,
    Strand,
    Term,
    TermKind,
)
from app.clusters.models import Cluster, School
from app.database import lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.forms import LATEST_DAY
from app.fragments import kept
from app.i18n import plain_localized

#: fields of an activity that the audit log follows
ACTIVITY_FIELDS = ("title_en", "title_cy", "description_en", "description_cy", "location_en", "location_cy",
                   "term_id", "half_term_id", "strand", "kind", "starts_on", "ends_on", "starts_at", "ends_at",
                   "host_school_id", "all_schools", "pupil_year_groups", "for_pupils", "for_families",
                   "for_staff", "for_leaders", "status", "status_note", "approval", "approval_note")
#: a year later on the same weekday, so that a Tuesday stays a Tuesday
ONE_YEAR_ON = timedelta(weeks=52)


class AlreadyDecided(Exception):
    """Another leader approved or declined the proposal first."""


class CalendarRuleBroken(Refused):
    """A change the calendar cannot take."""


@dataclass(frozen=True)
class CalendarFilters:
    """What the visitor asked to see; every part optional."""

    term: TermKind | None = None
    strand: Strand | None = None
    school_id: int | None = None
    audience: Audience | None = None


def is_member(viewer: User, cluster: Cluster) -> bool:
    """Whether a signed-in person belongs to this cluster (or oversees it as its authority's officer)."""
    if not viewer.is_authenticated:
        return False
    if viewer.role == Role.OFFICER:
        return viewer.authority_id == cluster.authority_id
    return viewer.cluster_id == cluster.id


def leads_calendar(viewer: User, cluster: Cluster) -> bool:
    """Leaders and admins of the cluster create, edit and approve any activity."""
    return is_member(viewer, cluster) and viewer.role in (Role.ADMIN, Role.LEADER)


def can_edit(viewer: User, activity: Activity) -> bool:
    """Leaders and admins edit any activity; staff edit their own school's proposals until decided."""
    if not viewer.is_authenticated or viewer.cluster_id != activity.cluster_id:
        return False
    if viewer.role in (Role.ADMIN, Role.LEADER):
        return True
    return (viewer.role == Role.STAFF and activity.approval == Approval.PROPOSED
            and activity.host_school is not None and can_change_school_records(viewer, activity.host_school))


def visibility_clause(viewer: User, cluster: Cluster):
    """The SQL condition for the activities of `cluster` that `viewer` may see."""
    in_cluster = Activity.cluster_id == cluster.id
    if not is_member(viewer, cluster):
        return and_(in_cluster, Activity.is_public)
    if viewer.role in (Role.ADMIN, Role.LEADER):
        return in_cluster
    if viewer.role == Role.STAFF:
        own_proposals = and_(Activity.approval != Approval.APPROVED, Activity.host_school_id == viewer.school_id)
        return and_(in_cluster, or_(Activity.approval == Approval.APPROVED, own_proposals))
    return and_(in_cluster, Activity.approval == Approval.APPROVED)


def seen_as(viewer: User, cluster: Cluster) -> tuple:
    """Whose view of the cluster's calendar this is, as `visibility_clause` draws it: everyone who shares
    it sees the same activities, so a page drawn for one may be kept for the others."""
    if not is_member(viewer, cluster):
        return ("public",)
    if viewer.role in (Role.ADMIN, Role.LEADER):
        return ("all",)
    if viewer.role == Role.STAFF:
        return ("staff", viewer.school_id)
    return ("approved",)


def activities_query(viewer: User, cluster: Cluster, filters: CalendarFilters = CalendarFilters()) -> Select:
    """Activities the viewer may see that match the filters, dated ones first in date order."""
    query = (select(Activity).where(visibility_clause(viewer, cluster))
             .options(selectinload(Activity.half_term), selectinload(Activity.term),
                      selectinload(Activity.host_school), selectinload(Activity.schools)))
    if filters.term is not None:
        query = query.join(Activity.term).where(Term.kind == filters.term)
    if filters.strand is not None:
        query = query.where(Activity.strand == filters.strand)
    if filters.school_id is not None:
        query = query.where(or_(Activity.all_schools, Activity.host_school_id == filters.school_id,
                                Activity.schools.any(School.id == filters.school_id)))
    if filters.audience is not None:
        query = query.where(getattr(Activity, f"for_{filters.audience.value}"))
    return query.order_by(Activity.starts_on.is_(None), Activity.starts_on, Activity.starts_at,
                          Activity.title_en, Activity.id)


def years_of(cluster: Cluster) -> list[AcademicYear]:
    """The cluster's academic years, oldest first, with their terms and half terms."""
    return db.session.scalars(select(AcademicYear).where(AcademicYear.cluster_id == cluster.id)
                              .options(selectinload(AcademicYear.terms).selectinload(Term.half_terms))
                              .order_by(AcademicYear.start_year)).all()


def kept_years_of(cluster: Cluster) -> list[AcademicYear]:
    """`years_of`, read once per calendar version and kept, for the pages every visitor opens: detached
    from the session, so read only (their terms and half terms are loaded; nothing else may be asked)."""
    def read() -> list[AcademicYear]:
        years = years_of(cluster)
        for year in years:
            db.session.expunge(year)  # its terms and half terms go with it (cascade)
        return years
    return kept(("calendar-years", cluster.id, cluster.calendar_version), read)


def year_for(years: list[AcademicYear], today: date) -> AcademicYear | None:
    """The year that contains today; else the one that most recently began; else the first to come."""
    started = [year for year in years if year.half_terms and year.starts_on <= today]
    if started:
        return started[-1]
    return years[0] if years else None


def half_term_for(years: list[AcademicYear], today: date) -> tuple[HalfTerm | None, str]:
    """The half term for 'this half term', and how it relates to today: 'now', 'next' or 'last'.

    In a holiday that is the half term about to begin; after the last year in the calendar,
    the last half term there is.
    """
    halves = [half for year in years for half in year.half_terms]
    for half in halves:
        if half.contains(today):
            return half, "now"
    upcoming = [half for half in halves if half.starts_on > today]
    if upcoming:
        return upcoming[0], "next"
    return (halves[-1], "last") if halves else (None, "")


def in_half_term(query: Select, half: HalfTerm) -> Select:
    """Narrow an activities query to one half term: its own activities, dated ones that fall in it,
    and the term's undated work that runs right through the term."""
    last_day = func.coalesce(Activity.ends_on, Activity.starts_on)
    return query.where(Activity.term_id == half.term_id).where(or_(
        Activity.half_term_id == half.id,
        and_(Activity.starts_on <= half.ends_on, last_day >= half.starts_on),
        and_(Activity.starts_on.is_(None), Activity.half_term_id.is_(None)),
    ))


def check_dates(term: Term, half_term: HalfTerm | None, starts_on: date | None, ends_on: date | None) -> None:
    """Refuse dates outside the chosen term or half term, and an end before the start."""
    span = half_term or term
    outside = _("Choose a date in %(span)s: %(first)s to %(last)s", span=span.label,
                first=format_date(span.starts_on, "d MMMM"), last=format_date(span.ends_on, "d MMMM y"))
    if starts_on is not None and not span.starts_on <= starts_on <= span.ends_on:
        raise CalendarRuleBroken(outside, "starts_on")
    if ends_on is not None:
        if starts_on is None:
            raise CalendarRuleBroken(_("Give the first day as well as the last"), "starts_on")
        if ends_on < starts_on:
            raise CalendarRuleBroken(_("The last day cannot be before the first"), "ends_on")
        if ends_on > span.ends_on:
            raise CalendarRuleBroken(outside, "ends_on")


def half_term_holding(cluster_id: int, day: date) -> HalfTerm | None:
    """The cluster's half term that holds the day, if a school day of its calendar does."""
    return db.session.scalar(select(HalfTerm).join(Term).join(AcademicYear)
                             .where(AcademicYear.cluster_id == cluster_id, HalfTerm.starts_on <= day,
                                    HalfTerm.ends_on >= day))


def add_dated_activity(actor: User, activity: Activity) -> Activity:
    """Put an activity another module makes (a visit, a network meeting) into the calendar, approved, in
    the half term that holds its day; the caller commits. The activity comes with its cluster and day."""
    half_term = half_term_holding(activity.cluster_id, activity.starts_on)
    if half_term is None:
        raise CalendarRuleBroken(_("Choose a day in term time: %(day)s is in a holiday or outside the calendar",
                                   day=format_date(activity.starts_on, "d MMMM y")), "starts_on")
    activity.half_term_id = half_term.id
    activity.term_id = half_term.term_id
    activity.academic_year_id = half_term.term.academic_year_id
    activity.approval = Approval.APPROVED
    activity.created_by_id = actor.id
    db.session.add(activity)
    changes = pending_changes(activity, ACTIVITY_FIELDS)
    db.session.flush()
    record_event(actor, "created", activity, activity.title_en or activity.title_cy, activity.cluster_id, changes)
    return activity


def save_activity(actor: User, activity: Activity, data: dict, schools: list[School]) -> Activity:
    """Create or update an activity from form data; staff create proposals for their own school."""
    is_new = activity.id is None
    term = db.session.get(Term, data["term_id"])
    half_term = db.session.get(HalfTerm, data["half_term_id"]) if data["half_term_id"] else None
    if half_term is not None and half_term.term_id != term.id:
        raise CalendarRuleBroken(_("Choose a half term of %(term)s", term=term.label), "half_term_id")
    check_dates(term, half_term, data["starts_on"], data["ends_on"])

    for field in ("title_en", "title_cy", "description_en", "description_cy", "location_en", "location_cy",
                  "starts_on", "ends_on", "starts_at", "ends_at", "for_pupils", "for_families",
                  "for_staff", "for_leaders"):
        setattr(activity, field, data[field])
    activity.term_id = term.id
    activity.academic_year_id = term.academic_year_id
    activity.half_term_id = half_term.id if half_term else None
    activity.strand = Strand(data["strand"])
    activity.kind = data["kind"]
    activity.pupil_year_groups = ",".join(str(group) for group in sorted(data["year_groups"] or []))
    if actor.role == Role.STAFF:
        activity.host_school_id = actor.school_id
    else:
        activity.host_school_id = data["host_school_id"]
    activity.all_schools = data["all_schools"]
    activity.schools = [] if activity.all_schools else schools
    if is_new:
        activity.cluster_id = actor.cluster_id
        activity.created_by_id = actor.id
        activity.approval = Approval.PROPOSED if actor.role == Role.STAFF else Approval.APPROVED
        db.session.add(activity)
    changes = pending_changes(activity, ACTIVITY_FIELDS)
    db.session.flush()
    if changes:
        record_event(actor, "proposed" if is_new and actor.role == Role.STAFF else
                     "created" if is_new else "updated", activity, activity.title_en or activity.title_cy,
                     activity.cluster_id, changes)
    db.session.commit()
    return activity


def set_status(actor: User, activity: Activity, status: ActivityStatus, note: str) -> None:
    """Record that an activity happened, was cancelled, or is planned again, with a note."""
    activity.status = status
    activity.status_note = note
    changes = pending_changes(activity, ("status", "status_note"))
    if changes:
        record_event(actor, "status_changed", activity, activity.title_en or activity.title_cy,
                     activity.cluster_id, changes)
    db.session.commit()


def decide_proposal(actor: User, activity_id: int, approve: bool, note: str) -> Activity:
    """Approve a member of staff's proposal into the calendar, or decline it with a reason.

    Two leaders deciding at the same moment: the first decides, the second hears it is decided.
    """
    lock_for_write()
    activity = locked(Activity, activity_id)
    if activity.approval != Approval.PROPOSED:
        db.session.rollback()
        raise AlreadyDecided
    activity.approval = Approval.APPROVED if approve else Approval.DECLINED
    activity.approval_note = note
    record_event(actor, "approved" if approve else "declined", activity,
                 activity.title_en or activity.title_cy, activity.cluster_id,
                 pending_changes(activity, ("approval", "approval_note")))
    db.session.commit()
    return activity


def a_year_on(day: date) -> date | None:
    """`day` 52 weeks on, or None when that is past the last day the calendar holds (LATEST_DAY)."""
    if day > LATEST_DAY - ONE_YEAR_ON:  # compared before adding: a day near year 9999 would overflow
        return None
    return day + ONE_YEAR_ON


def add_next_year(actor: User, cluster: Cluster, year: AcademicYear) -> AcademicYear:
    """The year after `year`, with half terms 52 weeks on (same weekdays) for the admin to adjust.

    Made at most once, however many leaders ask at the same moment. Refused (CalendarRuleBroken)
    when it would end after LATEST_DAY, which only half-term dates saved before dates were bounded can do.
    """
    cluster_id, year_id = cluster.id, year.id
    lock_for_write()
    # On PostgreSQL the cluster's row is the lock that makes a second request wait.
    cluster = locked(Cluster, cluster_id)
    year = db.session.get(AcademicYear, year_id)
    following = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == cluster.id,
                                                             AcademicYear.start_year == year.start_year + 1))
    if following is not None:
        return following
    if any(a_year_on(day) is None for half in year.half_terms for day in (half.starts_on, half.ends_on)):
        message = _("The year after %(year)s would end after %(last)s, beyond the calendar. "
                    "Check the half-term dates of %(year)s.", year=year.label, last=LATEST_DAY.year)
        db.session.rollback()
        raise CalendarRuleBroken(message, "year")
    following = AcademicYear(cluster_id=cluster.id, start_year=year.start_year + 1)
    for term in year.terms:
        following.terms.append(Term(kind=term.kind, position=term.position, half_terms=[
            HalfTerm(number=half.number, starts_on=a_year_on(half.starts_on), ends_on=a_year_on(half.ends_on))
            for half in term.half_terms]))
    db.session.add(following)
    db.session.flush()
    record_event(actor, "created", following, following.label, cluster.id)
    db.session.commit()
    return following


def next_public_activities(cluster_id: int, day: date, limit: int = 5) -> list[Activity]:
    """The cluster's next dated activities that families may see, from `day` on (one under way counts)."""
    return db.session.scalars(select(Activity).where(
        Activity.cluster_id == cluster_id, Activity.is_public, Activity.status != ActivityStatus.CANCELLED,
        or_(Activity.starts_on >= day, Activity.ends_on >= day))
        .order_by(Activity.starts_on, Activity.id).limit(limit)).all()


def following_year(year: AcademicYear) -> AcademicYear | None:
    """The year after `year` in its cluster, if there is one yet."""
    return db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == year.cluster_id,
                                                        AcademicYear.start_year == year.start_year + 1))


def activities_to_copy(year: AcademicYear) -> list[Activity]:
    """The year's activities a copy to the next year takes: approved and not cancelled, and not a visit
    (one person's visit on one day is arranged again, if at all, by asking again)."""
    return db.session.scalars(select(Activity).where(
        Activity.academic_year_id == year.id, Activity.approval == Approval.APPROVED,
        Activity.status != ActivityStatus.CANCELLED, Activity.kind != ActivityKind.VISIT)
        .options(selectinload(Activity.schools)).order_by(Activity.starts_on, Activity.id)).all()


def copies_of_activities(following: AcademicYear | None) -> dict[int, int]:
    """{id of an activity copied: id of its copy} in the year `following`."""
    if following is None:
        return {}
    return dict(db.session.execute(select(Activity.copied_from_id, Activity.id).where(
        Activity.academic_year_id == following.id, Activity.copied_from_id.is_not(None))).all())


def moved_by(year: AcademicYear, following: AcademicYear) -> timedelta:
    """How far a day of `year` moves to land in `following`: from first day to first day, in whole
    weeks, so that it stays the same day of the week."""
    return timedelta(weeks=round((following.starts_on - year.starts_on).days / 7))


def copy_to_next_year(actor: User, cluster: Cluster, year: AcademicYear) -> tuple[AcademicYear, int]:
    """Copy the year's approved, not cancelled activities into the next year as planned.

    Dates move on 52 weeks and must land in the new year's term (or half term); one that
    does not keeps its term but loses its date, for a leader to set. An activity copied
    before is not copied again.
    """
    cluster_id, year_id = cluster.id, year.id
    following = add_next_year(actor, cluster, year)
    following_id = following.id
    # Hold the write lock again while copying, so that two copies cannot both add the activities.
    lock_for_write()
    cluster = locked(Cluster, cluster_id)
    year = db.session.get(AcademicYear, year_id)
    following = db.session.get(AcademicYear, following_id)
    terms = {term.kind: term for term in following.terms}
    halves = {(half.term.kind, half.number): half for half in following.half_terms}
    already = set(copies_of_activities(following))
    originals = activities_to_copy(year)
    copied = 0
    for original in originals:
        if original.id in already:
            continue
        term = terms[original.term.kind]
        half = halves[(original.term.kind, original.half_term.number)] if original.half_term else None
        copy = Activity(cluster_id=cluster.id, academic_year_id=following.id, term_id=term.id,
                        half_term_id=half.id if half else None, copied_from_id=original.id,
                        status=ActivityStatus.PLANNED, approval=Approval.APPROVED, created_by_id=actor.id,
                        schools=list(original.schools))
        for field in ("strand", "kind", "title_en", "title_cy", "description_en", "description_cy",
                      "location_en", "location_cy", "starts_at", "ends_at", "host_school_id", "all_schools",
                      "pupil_year_groups", "for_pupils", "for_families", "for_staff", "for_leaders"):
            setattr(copy, field, getattr(original, field))
        if original.starts_on is not None:
            # a day past the calendar's end (None) lands in no term, so the copy loses its date
            starts_on = a_year_on(original.starts_on)
            ends_on = a_year_on(original.ends_on) if original.ends_on else None
            span = half or term
            if (starts_on is not None and span.starts_on <= starts_on <= span.ends_on
                    and (original.ends_on is None or (ends_on is not None and ends_on <= span.ends_on))):
                copy.starts_on, copy.ends_on = starts_on, ends_on
            else:
                copy.starts_at = copy.ends_at = None
        db.session.add(copy)
        copied += 1
    record_event(actor, "copied", following, following.label, cluster.id,
                 {"from": [year.label, following.label], "activities": [None, copied]})
    db.session.commit()
    return following, copied


def save_half_term_dates(actor: User, year: AcademicYear, dates: dict[tuple[TermKind, int], tuple[date, date]]):
    """Set the six half terms' dates of a year; they must run in order without overlapping."""
    ordered = sorted(dates.items(), key=lambda item: (list(TermKind).index(item[0][0]), item[0][1]))
    previous_end = None
    for (kind, number), (starts_on, ends_on) in ordered:
        if ends_on < starts_on:
            raise CalendarRuleBroken(_("The last day cannot be before the first"),
                                     f"{kind.value}_{number}_ends_on")
        if previous_end is not None and starts_on <= previous_end:
            raise CalendarRuleBroken(_("A half term must start after the one before it ends"),
                                     f"{kind.value}_{number}_starts_on")
        previous_end = ends_on
    changes = {}
    for half in year.half_terms:
        starts_on, ends_on = dates[(half.term.kind, half.number)]
        if (half.starts_on, half.ends_on) != (starts_on, ends_on):
            changes[f"{half.term.kind.value} {half.number}"] = [
                f"{half.starts_on}–{half.ends_on}", f"{starts_on}–{ends_on}"]
            half.starts_on, half.ends_on = starts_on, ends_on
    if changes:
        record_event(actor, "updated", year, year.label, year.cluster_id, changes)
    db.session.commit()


def activities_by_term(cluster_id: int, keep_ids: Iterable[int] = ()) -> list[tuple[str, list[Activity]]]:
    """This academic year's activities of the cluster to choose from (what a survey asks about, what a
    piece of practice came from), by term and date, as (term, activities); and those chosen already
    (`keep_ids`), whatever their year."""
    cluster = db.session.get(Cluster, cluster_id)
    year = year_for(years_of(cluster), clock.today()) if cluster else None
    if year is None:
        return []
    activities = db.session.scalars(
        select(Activity).join(Term, Term.id == Activity.term_id)
        .where(Activity.cluster_id == cluster_id,
               (Activity.academic_year_id == year.id) | Activity.id.in_(list(keep_ids)))
        .order_by(Activity.academic_year_id != year.id, Term.position, Activity.starts_on.is_(None),
                  Activity.starts_on, Activity.title_en)).all()
    groups: dict[str, list[Activity]] = {}
    for activity in activities:
        term = f"{activity.term.kind.label} {activity.academic_year.label}"
        groups.setdefault(term, []).append(activity)
    return list(groups.items())


def activity_label(activity: Activity) -> str:
    """An activity in a list to choose from: its title and its day, so that repeated titles differ."""
    title = plain_localized(activity, "title")
    return f"{title} – {format_date(activity.starts_on, 'EEE d MMM')}" if activity.starts_on else title
