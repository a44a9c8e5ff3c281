""""Come and see it": a member of staff of another school asks to visit or observe a piece of practice;
its contact (or a leader of its school, or the cluster admin) accepts with a day, which goes into the
calendar as a visit, or declines; after the day, the visitor and the host each write what they learned.
Each service takes the person acting, checks what they may do, and records the change in the audit log."""

from datetime import date, time

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.audit.services import pending_changes, record_event
from app.auth.models import Role, User
from app.calendar.models import Activity, ActivityKind, ActivityStatus
from app.calendar.services import CalendarRuleBroken, add_dated_activity, set_status
from app.database import lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.i18n import in_language, other_language
from app.links import public_url
from app.notifications.services import queue_message
from app.practice.models import PracticeItem, PracticeVisit, PracticeVisitNote, VisitKind, VisitStatus
from app.practice.services import PracticeRefused, can_read

#: the fields of a visit whose changes the audit log keeps
VISIT_FIELDS = ("kind", "message", "wanted_dates", "status", "visit_on", "starts_at", "answer_note")


#: why a person may not ask, answer or write a note, in their language
ONLY_OTHER_SCHOOLS_ASK = _l("Staff of another school ask to visit a piece of practice; its own school's staff are "
                            "the hosts.")
ONLY_HOSTS_ANSWER = _l("The piece's contact, a leader of its school or the cluster admin answers a request to visit.")
ONLY_THOSE_WHO_WENT_WRITE = _l("The visitor and the host write what they learned, once the visit's day has come.")


class VisitRuleBroken(Refused):
    """A request or an answer the visits cannot take."""


class VisitMovedOn(Exception):
    """The visit is no longer where the person thought: answered, cancelled or held already."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- who may do what ---------------------------------------------------------------------------

def may_ask(user, item: PracticeItem) -> bool:
    """Staff and leaders of a school that is not one of the piece's, who may read it, ask to visit."""
    return (getattr(user, "is_authenticated", False) and user.role in (Role.STAFF, Role.LEADER)
            and user.school_id not in {school.id for school in item.schools} and can_read(user, item))


def may_answer(user, item: PracticeItem) -> bool:
    """The piece's contact, a leader of its school, or the cluster admin answer a request to visit it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.id == item.contact_id:
        return True
    if user.role == Role.LEADER:
        return user.school_id == item.school_id
    return user.role == Role.ADMIN and user.cluster_id == item.cluster_id


def may_see(user, visit: PracticeVisit) -> bool:
    """The person who asked and those who answer for the host see a visit; nobody else learns of it."""
    return getattr(user, "is_authenticated", False) and (user.id == visit.visitor_id or may_answer(user, visit.item))


def is_host(user, visit: PracticeVisit) -> bool:
    """Whoever accepted the visit, or the piece's contact: the host who writes what they learned."""
    return user.id in (visit.answered_by_id, visit.item.contact_id)


def is_upcoming(visit: PracticeVisit) -> bool:
    """Still to be answered, or accepted for a day to come (or today): the person who asked may still
    cancel it."""
    return visit.status == VisitStatus.REQUESTED or (
        visit.status == VisitStatus.ACCEPTED and visit.visit_on >= clock.today())


def has_happened(visit: PracticeVisit) -> bool:
    """An accepted visit whose day has come (by the app's clock): its notes can be written."""
    return visit.status == VisitStatus.ACCEPTED and clock.today() >= visit.visit_on


def may_write_note(user, visit: PracticeVisit) -> bool:
    """Once the day has come, the visitor and the host each write (and change) one note."""
    return has_happened(visit) and (user.id == visit.visitor_id or is_host(user, visit))


def _open_request_of(visitor_id: int, item_id: int) -> PracticeVisit | None:
    """The person's request for the piece that is still open: waiting, or accepted for a day to come."""
    return db.session.scalar(select(PracticeVisit).where(
        PracticeVisit.visitor_id == visitor_id, PracticeVisit.item_id == item_id,
        or_(PracticeVisit.status == VisitStatus.REQUESTED,
            and_(PracticeVisit.status == VisitStatus.ACCEPTED, PracticeVisit.visit_on >= clock.today()))))


# --- asking, answering, cancelling ---------------------------------------------------------------

def ask(actor: User, item_id: int, kind: VisitKind, message: str, wanted_dates: str) -> PracticeVisit:
    """Ask to visit or observe a piece of practice; its contact hears by e-mail."""
    # one open request per person and piece: a double click makes one, under the piece's lock
    lock_for_write()
    item = locked(PracticeItem, item_id)
    if not may_ask(actor, item):
        raise PracticeRefused(ONLY_OTHER_SCHOOLS_ASK)
    if _open_request_of(actor.id, item.id) is not None:
        raise VisitRuleBroken(_l("You have already asked to visit this piece of practice. See your request "
                                 "under “Visits”, or cancel it to ask again."))
    visit = PracticeVisit(item=item, visitor_id=actor.id, visitor_school_id=actor.school_id, kind=kind,
                          message=message, wanted_dates=wanted_dates, status=VisitStatus.REQUESTED)
    db.session.add(visit)
    db.session.flush()
    record_event(actor, "visit_requested", visit, visit.label, item.cluster_id,
                 {"kind": [None, kind.value], "message": [None, message], "wanted_dates": [None, wanted_dates]})
    for host in _hosts_to_tell(item):
        _notify(host, visit, "practice_visit_asked")
    db.session.commit()
    return visit


def _hosts_to_tell(item: PracticeItem) -> list[User]:
    """Who hears of a request: the piece's contact; a piece with none, its school's leaders, who answer too."""
    if item.contact is not None:
        return [item.contact]
    return db.session.scalars(select(User).where(User.school_id == item.school_id, User.role == Role.LEADER,
                                                 User.active)).all()


def _answerable(actor: User, visit_id: int) -> PracticeVisit:
    """The visit, locked, if this person may still answer it."""
    lock_for_write()
    visit = locked(PracticeVisit, visit_id)
    if not may_answer(actor, visit.item):
        raise PracticeRefused(ONLY_HOSTS_ANSWER)
    if visit.status != VisitStatus.REQUESTED:
        raise VisitMovedOn(_l("This request has already been answered or cancelled."))
    return visit


def accept(actor: User, visit_id: int, visit_on: date, starts_at: time | None, note: str) -> PracticeVisit:
    """Accept a request with a day (and a time): the visit goes into the piece's cluster's calendar."""
    visit = _answerable(actor, visit_id)
    if visit_on < clock.today():
        raise VisitRuleBroken(_l("Choose today or a day to come"), "visit_on")
    visit.status, visit.visit_on, visit.starts_at, visit.answer_note = VisitStatus.ACCEPTED, visit_on, starts_at, note
    visit.answered_by_id, visit.answered_at = actor.id, clock.utcnow()
    try:
        visit.activity = add_dated_activity(actor, calendar_visit(visit))
    except CalendarRuleBroken as broken:
        raise VisitRuleBroken(broken.message, "visit_on") from broken
    _answered(actor, visit, "accepted")
    return visit


def decline(actor: User, visit_id: int, note: str) -> PracticeVisit:
    """Decline a request, with a word to the person who asked."""
    visit = _answerable(actor, visit_id)
    visit.status, visit.answer_note = VisitStatus.DECLINED, note
    visit.answered_by_id, visit.answered_at = actor.id, clock.utcnow()
    _answered(actor, visit, "declined")
    return visit


def _answered(actor: User, visit: PracticeVisit, action: str) -> None:
    record_event(actor, action, visit, visit.label, visit.item.cluster_id, pending_changes(visit, VISIT_FIELDS))
    _notify(visit.visitor, visit, "practice_visit_answered")
    db.session.commit()


def _both_languages(text) -> tuple[str, str]:
    """A message of the interface in English and in Welsh, for a record both languages read."""
    texts = []
    for language in ("en", "cy"):
        with force_locale(language):
            texts.append(text(language))
    return texts[0], texts[1]


def calendar_visit(visit: PracticeVisit) -> Activity:
    """The calendar's line for an accepted visit, at the host school, for staff, in both languages."""
    item, visitor_school = visit.item, visit.visitor_school
    host = item.school

    def in_own(obj, field, language):
        # a title or name missing in one language is given in the other, as the pages fall back
        return in_language(obj, field, language) or in_language(obj, field, other_language(language))

    title_en, title_cy = _both_languages(lambda language: _("Visit: %(title)s", title=in_own(item, "title", language)))
    description_en, description_cy = _both_languages(lambda language: _(
        "%(person)s of %(school)s comes to see “%(title)s” at %(host)s (%(kind)s).", person=visit.visitor.name,
        school=in_own(visitor_school, "name", language), title=in_own(item, "title", language),
        host=in_own(host, "name", language), kind=str(visit.kind.label)))
    same_cluster = visitor_school.cluster_id == item.cluster_id
    return Activity(cluster_id=item.cluster_id, kind=ActivityKind.VISIT, strand=item.strand,
                    title_en=title_en[:200], title_cy=title_cy[:200], description_en=description_en,
                    description_cy=description_cy, starts_on=visit.visit_on, starts_at=visit.starts_at,
                    for_staff=True, host_school_id=host.id, all_schools=False,
                    schools=[host, visitor_school] if same_cluster else [host])


def cancel(actor: User, visit_id: int) -> PracticeVisit:
    """The person who asked calls it off: a waiting request, or an accepted visit before its day (its
    calendar visit is then marked cancelled, not deleted)."""
    lock_for_write()
    visit = locked(PracticeVisit, visit_id)
    if actor.id != visit.visitor_id:
        raise PracticeRefused(_l("Only the person who asked can cancel a visit."))
    if not is_upcoming(visit):
        raise VisitMovedOn(_l("This visit can no longer be cancelled: it was declined, cancelled or has "
                              "taken place."))
    was_accepted = visit.status == VisitStatus.ACCEPTED
    visit.status = VisitStatus.CANCELLED
    record_event(actor, "cancelled", visit, visit.label, visit.item.cluster_id, pending_changes(visit, VISIT_FIELDS))
    host = visit.answered_by or visit.item.contact
    if host is not None:
        _notify(host, visit, "practice_visit_cancelled")
    if was_accepted and visit.activity is not None:
        set_status(actor, visit.activity, ActivityStatus.CANCELLED, _("Cancelled by the visitor"))  # commits
    db.session.commit()
    return visit


def write_note(actor: User, visit_id: int, text: str) -> PracticeVisitNote:
    """Write (or change) one's note of what was learned from a visit, once its day has come."""
    lock_for_write()  # two tabs saving at once change the one note, never add a second
    visit = locked(PracticeVisit, visit_id)
    if not may_write_note(actor, visit):
        raise PracticeRefused(ONLY_THOSE_WHO_WENT_WRITE)
    note = db.session.scalar(select(PracticeVisitNote).where(PracticeVisitNote.visit_id == visit.id,
                                                             PracticeVisitNote.author_id == actor.id))
    creating = note is None
    if creating:
        note = PracticeVisitNote(visit_id=visit.id, author_id=actor.id, text="")
        db.session.add(note)
    note.text = text
    changes = pending_changes(note, ("text",))
    db.session.flush()
    record_event(actor, "created" if creating else "updated", note, visit.label, visit.item.cluster_id, changes)
    db.session.commit()
    return note


# --- reading -----------------------------------------------------------------------------------

def _notify(person: User, visit: PracticeVisit, template: str) -> None:
    """Queue a message about a visit to one person, in their language, with a link to it."""
    if not person.active:
        return
    link = public_url("practice.visit", visit_id=visit.id) if has_request_context() else None
    queue_message(person.email, person.preferred_locale or current_app.config["DEFAULT_LOCALE"], template,
                  name=person.name, visit=visit, item=visit.item, link=link)


def visits_of(viewer: User) -> tuple[list[PracticeVisit], list[PracticeVisit]]:
    """The visits this person asked for, and the requests to visit pieces they answer for; newest first."""
    loaded = (selectinload(PracticeVisit.item).selectinload(PracticeItem.school),
              selectinload(PracticeVisit.visitor), selectinload(PracticeVisit.visitor_school))
    order = (PracticeVisit.created_at.desc(), PracticeVisit.id.desc())
    mine = db.session.scalars(select(PracticeVisit).where(PracticeVisit.visitor_id == viewer.id)
                              .options(*loaded).order_by(*order)).all()
    answered_for = select(PracticeItem.id).where(PracticeItem.contact_id == viewer.id)
    if viewer.role == Role.LEADER:
        answered_for = select(PracticeItem.id).where(or_(PracticeItem.contact_id == viewer.id,
                                                         PracticeItem.school_id == viewer.school_id))
    elif viewer.role == Role.ADMIN:
        answered_for = select(PracticeItem.id).where(PracticeItem.cluster_id == viewer.cluster_id)
    to_me = db.session.scalars(select(PracticeVisit).where(PracticeVisit.item_id.in_(answered_for),
                                                           PracticeVisit.visitor_id != viewer.id)
                               .options(*loaded).order_by(*order)).all()
    return mine, to_me


def notes_of_item(item: PracticeItem) -> list[PracticeVisitNote]:
    """What visitors and hosts learned from the visits of a piece, newest first."""
    return db.session.scalars(
        select(PracticeVisitNote).join(PracticeVisit).where(PracticeVisit.item_id == item.id)
        .options(selectinload(PracticeVisitNote.author).selectinload(User.school),
                 selectinload(PracticeVisitNote.visit))
        .order_by(PracticeVisit.visit_on.desc(), PracticeVisitNote.id)).all()
