""""Come and see it": asking to visit a piece of practice, the visits a person asked for and those asked of
them, one visit with what this person may do with it, and answering, cancelling and the notes after it."""

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import allow
from app.auth.models import Role
from app.errors import render_error, show_refusal
from app.extensions import db
from app.htmx import redirect_to, render_page
from app.practice import bp, visits
from app.practice.forms import VisitAnswerForm, VisitNoteForm, VisitRequestForm
from app.practice.models import PracticeVisit, VisitKind, VisitStatus
from app.practice.routes import WRITERS, readable_piece
from app.practice.services import PracticeRefused
from app.practice.visits import VisitMovedOn, VisitRuleBroken


def _visible(visit_id: int) -> PracticeVisit:
    """The visit, if this person asked for it or answers for it; otherwise a 404 that gives nothing away."""
    visit = db.session.get(PracticeVisit, visit_id)
    if visit is None or not visits.may_see(current_user, visit):
        abort(404)
    return visit


def _moved_on(moved: VisitMovedOn):
    db.session.rollback()
    return render_error(409, (_("That change is no longer possible"), moved.message))


@bp.route("/<int:piece_id>/visit", methods=["GET", "POST"])
@allow(Role.STAFF, Role.LEADER)
def ask_visit(piece_id: int):
    """Ask to come and see a piece of another school's practice: to visit, or to observe a lesson."""
    piece = readable_piece(piece_id)
    if not visits.may_ask(current_user, piece):
        return render_error(403, (_("You cannot ask to visit this"), visits.ONLY_OTHER_SCHOOLS_ASK))
    form = VisitRequestForm()
    if form.validate_on_submit():
        try:
            visit = visits.ask(current_user, piece.id, VisitKind(form.kind.data), form.message.data,
                               form.wanted_dates.data or "")
        except VisitRuleBroken as broken:
            show_refusal(form, broken)
        else:
            flash(_("Your request is sent. You will hear by e-mail when it is answered."), "success")
            return redirect_to(url_for("practice.visit", visit_id=visit.id))
    return render_page("practice/visit_ask.html", "practice/_visit_ask_form.html",
                       422 if form.is_submitted() else 200, form=form, item=piece)


@bp.route("/visits")
@allow(*WRITERS)
def visits_page():
    """The visits this person asked for and the requests to visit their school's practice, to come and past."""
    mine, to_me = visits.visits_of(current_user)
    return render_template(
        "practice/visits.html",
        mine_upcoming=[visit for visit in mine if visits.is_upcoming(visit)],
        mine_past=[visit for visit in mine if not visits.is_upcoming(visit)],
        to_me_upcoming=[visit for visit in to_me if visits.is_upcoming(visit)],
        to_me_past=[visit for visit in to_me if not visits.is_upcoming(visit)])


@bp.route("/visits/<int:visit_id>")
@allow(*WRITERS)
def visit(visit_id: int):
    """One visit: who asks to see what, where it stands, and the forms this person may use."""
    return _visit_page(_visible(visit_id))


def _visit_page(visit: PracticeVisit, answer_form: VisitAnswerForm | None = None,
                note_form: VisitNoteForm | None = None, status: int = 200, fragment: str | None = None):
    may_answer = visit.status == VisitStatus.REQUESTED and visits.may_answer(current_user, visit.item)
    may_note = visits.may_write_note(current_user, visit)
    own_note = next((note for note in visit.notes if note.author_id == current_user.id), None)
    return render_page(
        "practice/visit.html", fragment, status, visit=visit,
        answer_form=answer_form or (VisitAnswerForm(formdata=None) if may_answer else None),
        note_form=note_form or (VisitNoteForm(formdata=None, obj=own_note) if may_note else None),
        may_cancel=current_user.id == visit.visitor_id and visits.is_upcoming(visit),
        is_host=visits.is_host(current_user, visit))


@bp.route("/visits/<int:visit_id>/answer", methods=["POST"])
@allow(*WRITERS)
def answer_visit(visit_id: int):
    """The host accepts a request with a day, which goes into the calendar, or declines it."""
    visit = _visible(visit_id)
    if not visits.may_answer(current_user, visit.item):
        raise PracticeRefused(visits.ONLY_HOSTS_ANSWER)
    form = VisitAnswerForm()
    if form.validate_on_submit():
        try:
            if form.decline.data:
                visits.decline(current_user, visit_id, form.answer_note.data or "")
            else:
                visits.accept(current_user, visit_id, form.visit_on.data, form.starts_at.data,
                              form.answer_note.data or "")
        except VisitMovedOn as moved:
            return _moved_on(moved)
        except VisitRuleBroken as broken:
            show_refusal(form, broken)
        else:
            flash(_("Declined. The person who asked has been told.") if form.decline.data else
                  _("Accepted. The visit is in the calendar, and the person who asked has been told."), "success")
            return redirect_to(url_for("practice.visit", visit_id=visit_id))
    return _visit_page(visit, answer_form=form, status=422, fragment="practice/_visit_answer.html")


@bp.route("/visits/<int:visit_id>/cancel", methods=["POST"])
@allow(Role.STAFF, Role.LEADER)
def cancel_visit(visit_id: int):
    """The person who asked calls the visit off; an accepted one is marked cancelled in the calendar."""
    _visible(visit_id)
    try:
        visits.cancel(current_user, visit_id)
    except VisitMovedOn as moved:
        return _moved_on(moved)
    flash(_("The visit is cancelled, and the host has been told."), "success")
    return redirect_to(url_for("practice.visit", visit_id=visit_id))


@bp.route("/visits/<int:visit_id>/note", methods=["POST"])
@allow(*WRITERS)
def visit_note(visit_id: int):
    """The visitor or the host writes (or changes) a short note of what they learned, after the visit."""
    visit = _visible(visit_id)
    if not visits.may_write_note(current_user, visit):
        raise PracticeRefused(visits.ONLY_THOSE_WHO_WENT_WRITE)
    form = VisitNoteForm()
    if not form.validate_on_submit():
        return _visit_page(visit, note_form=form, status=422, fragment="practice/_visit_note.html")
    visits.write_note(current_user, visit_id, form.text.data)
    flash(_("Your note is saved. It shows on the piece of practice."), "success")
    return redirect_to(url_for("practice.visit", visit_id=visit_id))
