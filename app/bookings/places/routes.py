"""Views of the places part of bookings: a school's places, a session's page, requesting and giving
back places, releasing unused allocations, setting sessions up and recording attendance."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import allow
from app.auth.models import Role
from app.bookings.places import bp, services
from app.bookings.places.forms import ChangeRequestForm, RequestForm, SessionForm, attendance_form
from app.bookings.places.models import BookableSession, PlaceRequest, PlaceUnit
from app.bookings.places.services import (
    BOOKERS,
    PlacesRefused,
    can_change_request,
    can_organise,
    can_release,
    cluster_schools,
    in_cluster,
    open_for_requests,
    record_attendance,
    release_allocations,
    requests_of_school,
    save_session,
    schools_to_book_for,
    sees_every_school,
    upcoming_sessions,
)
from app.calendar.models import Activity
from app.calendar.services import visibility_clause
from app.clock import today
from app.clusters.models import Cluster
from app.errors import show_refusal
from app.extensions import db
from app.htmx import is_htmx_request, redirect_to, render_page

#: how far back "my school's places" looks, so that recent sessions can have attendance recorded
RECENT_DAYS = 30


def _session(place_session_id: int) -> BookableSession:
    """The session if it belongs to the person's cluster, else 404."""
    session = db.session.get(BookableSession, place_session_id)
    if session is None or not in_cluster(current_user, session) or (
            session.draft and not can_organise(current_user, session.activity)):
        abort(404)
    return session


def _activity(activity_id: int) -> Activity:
    """An activity of the person's cluster that they may see, else 404."""
    cluster = db.session.get(Cluster, current_user.cluster_id) if current_user.cluster_id else None
    activity = cluster and db.session.scalar(select(Activity).where(
        Activity.id == activity_id, visibility_clause(current_user, cluster)))
    if not activity:
        abort(404)
    return activity


def request_box(session: BookableSession, viewer, return_to: str, request_form: RequestForm | None = None,
                change_forms: dict | None = None, message: str | None = None) -> dict:
    """What the "your school's places" box of a session shows this person, forms and all."""
    schools = cluster_schools(session.activity.cluster_id)
    mine = schools_to_book_for(viewer, session, schools)
    requests = [each for each in session.active_requests() if can_change_request(viewer, each)]
    if request_form is None:
        request_form = RequestForm(formdata=None, prefix=f"s{session.id}", capacity=session.capacity,
                                   schools=mine, pupils=session.unit == PlaceUnit.PUPILS, return_to=return_to)
    forms = {each.id: ChangeRequestForm(formdata=None, prefix=f"r{each.id}", current=each.places)
             for each in requests}
    forms.update(change_forms or {})
    allocations = session.allocations(schools)
    return {"session": session, "schools": mine, "requests": requests, "request_form": request_form,
            "change_forms": forms, "message": message, "return_to": return_to,
            "allocations": allocations or {}, "takes_requests": session.takes_requests(today()),
            "takes_changes": session.takes_changes(today()), "target": _target(session, return_to),
            "level": 4 if return_to == "activity" else 2, "today": today()}


def _target(session: BookableSession, return_to: str) -> str:
    """The element a box's forms replace with htmx: the box on an activity page, else the page's body."""
    return f"place-box-{session.id}" if return_to == "activity" else "session-body"


def session_context(session: BookableSession, viewer, **box) -> dict:
    """Everything the session page shows this person."""
    schools = cluster_schools(session.activity.cluster_id)
    allocations = session.allocations(schools) or {}
    taking_part = session.schools_taking_part(schools)
    requesting = {place_session.school_id for place_session in session.active_requests()}
    rows = [(school, allocations.get(school.id) if allocations else None, session.confirmed_for(school.id),
             session.waiting_for(school.id), session.attended_by(school.id))
            for school in schools if school in taking_part or school.id in requesting]
    return {"session": session, "activity": session.activity, "rows": rows,
            "cluster": db.session.get(Cluster, session.activity.cluster_id),
            "has_allocations": bool(allocations), "sees_all": sees_every_school(viewer, session),
            "can_release": can_release(viewer, session) and session.can_release(today()),
            "can_organise": can_organise(viewer, session.activity), "today": today(),
            "box": request_box(session, viewer, "session", **box)}


def _after_change(session: BookableSession, return_to: str, message: str, status: int = 200, **box):
    """After a request or a change: the box again (htmx), the session page with the mistakes (no
    JavaScript, 422), or back where the person was (no JavaScript, done)."""
    if is_htmx_request():
        db.session.refresh(session)
        if return_to == "activity":
            return render_template("places/_request_box.html",
                                   box=request_box(session, current_user, return_to, message=message, **box)), status
        return render_template("places/_session_body.html",
                               **session_context(session, current_user, message=message, **box)), status
    if status >= 400:
        return render_page("places/session.html", None, status,
                           **session_context(session, current_user, message=message, **box))
    flash(message, "success")
    if return_to == "activity":
        return redirect_to(url_for("calendar.activity", cluster=_cluster_slug(session),
                                   activity_id=session.activity_id) + "#places")
    return redirect_to(url_for("places.session", place_session_id=session.id))


def _cluster_slug(session: BookableSession) -> str:
    return db.session.get(Cluster, session.activity.cluster_id).slug


@bp.route("/")
@allow(*BOOKERS)
def index():
    """My school's places: its requests, and the sessions coming up that take requests."""
    sessions = upcoming_sessions(current_user.cluster_id, today() - timedelta(days=RECENT_DAYS),
                                 with_drafts=current_user.role in (Role.ADMIN, Role.LEADER))
    mine = requests_of_school(current_user.school_id, today()) if current_user.school_id else []
    return render_template("places/index.html", sessions=sessions, my_requests=mine, today=today())


@bp.route("/sessions/<int:place_session_id>")
@allow(*BOOKERS)
def session(place_session_id: int):
    """A session: places left, each school's allocation, confirmed and waiting places, your school's
    requests and form; for leaders the waiting list and what they can do."""
    place_session = _session(place_session_id)
    return render_page("places/session.html", "places/_session_body.html",
                       **session_context(place_session, current_user))


@bp.route("/sessions/<int:place_session_id>/requests", methods=["GET", "POST"])
@allow(*BOOKERS)
def request_places(place_session_id: int):
    """Request places for your school (an admin: for any school taking part)."""
    place_session = _session(place_session_id)
    if request.method == "GET":
        return redirect(url_for("places.session", place_session_id=place_session.id))
    schools = schools_to_book_for(current_user, place_session, cluster_schools(place_session.activity.cluster_id))
    if not schools:
        abort(403)
    form = RequestForm(prefix=f"s{place_session.id}", capacity=place_session.capacity, schools=schools,
                       pupils=place_session.unit == PlaceUnit.PUPILS)
    return_to = form.return_to.data if form.return_to.data in ("activity", "session") else "session"
    if form.school_id.data is None and len(schools) == 1:
        form.school_id.data = schools[0].id
    if not form.validate_on_submit():
        return _after_change(place_session, return_to, None, 422, request_form=form)
    try:
        made = services.request_places(current_user, place_session.id, form.school_id.data, form.places.data,
                                       form.register)
    except PlacesRefused as refused:
        show_refusal(form, refused)
        return _after_change(_session(place_session_id), return_to, None, 422, request_form=form)
    return _after_change(db.session.get(BookableSession, place_session_id), return_to, _request_message(made))


def _request_message(made: PlaceRequest) -> str:
    """What happened to a request, in a sentence or two."""
    if made.waiting == 0:
        return ngettext("%(num)d place is confirmed.", "%(num)d places are confirmed.", made.confirmed)
    if made.confirmed == 0:
        return ngettext("The session is full for your school: %(num)d place is on the waiting list.",
                        "The session is full for your school: %(num)d places are on the waiting list.", made.waiting)
    return " ".join((ngettext("%(num)d place is confirmed.", "%(num)d places are confirmed.", made.confirmed),
                     ngettext("%(num)d more is on the waiting list.", "%(num)d more are on the waiting list.",
                              made.waiting)))


@bp.route("/requests/<int:place_request_id>/change", methods=["GET", "POST"])
@allow(*BOOKERS)
def change_request(place_request_id: int):
    """Give back some or all of a request's places; the waiting list moves up at once."""
    place_request = db.session.get(PlaceRequest, place_request_id)
    if place_request is None or not in_cluster(current_user, place_request.session):
        abort(404)
    if not can_change_request(current_user, place_request):
        abort(403)
    place_session = place_request.session
    if request.method == "GET":
        return redirect(url_for("places.session", place_session_id=place_session.id))
    return_to = request.form.get("return_to") if request.form.get("return_to") in ("activity",) else "session"
    form = ChangeRequestForm(prefix=f"r{place_request.id}", current=place_request.places)
    if not form.validate_on_submit():
        return _after_change(place_session, return_to, None, 422, change_forms={place_request.id: form})
    try:
        changed, _promotions = services.change_request(current_user, place_request.id, form.places_to_keep())
    except PlacesRefused as refused:
        show_refusal(form, refused, "places")
        if refused.field is None:  # a cancelled request (or a past session) has no form to carry it
            flash(refused.message, "error")
        return _after_change(_session(place_session.id), return_to, None, 422, change_forms={place_request_id: form})
    message = (_("The request is cancelled.") if changed.is_cancelled else
               ngettext("The request now has %(num)d place.", "The request now has %(num)d places.", changed.places))
    return _after_change(db.session.get(BookableSession, changed.session_id), return_to, message)


@bp.route("/sessions/<int:place_session_id>/release", methods=["POST"])
@allow(Role.ADMIN, Role.LEADER)
def release(place_session_id: int):
    """After the deadline: release the schools' unused allocations to the waiting list."""
    place_session = _session(place_session_id)
    try:
        promotions = release_allocations(current_user, place_session.id)
    except PlacesRefused as refused:
        db.session.rollback()
        if is_htmx_request():
            return render_template("places/_session_body.html",
                                   **session_context(_session(place_session_id), current_user,
                                                     message=refused.message)), 409
        flash(refused.message, "error")
        return redirect_to(url_for("places.session", place_session_id=place_session_id))
    places = sum(promotion.places for promotion in promotions)
    message = ngettext("Unused places are released: %(num)d place from the waiting list is confirmed.",
                       "Unused places are released: %(num)d places from the waiting list are confirmed.", places)
    if is_htmx_request():
        return render_template("places/_session_body.html",
                               **session_context(_session(place_session_id), current_user, message=message))
    flash(message, "success")
    return redirect_to(url_for("places.session", place_session_id=place_session_id))


@bp.route("/sessions/<int:place_session_id>/open", methods=["POST"])
@allow(Role.ADMIN, Role.LEADER)
def open_session(place_session_id: int):
    """Open a draft session (copied into a new year, say): schools see it and ask for places."""
    place_session = _session(place_session_id)
    try:
        open_for_requests(current_user, place_session.id)
    except PlacesRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The session is open: schools see it and ask for places until its deadline."), "success")
    return redirect_to(url_for("places.session", place_session_id=place_session.id))


@bp.route("/activities/<int:activity_id>/sessions/new", methods=["GET", "POST"])
@allow(*BOOKERS)
def new_session(activity_id: int):
    """Add a session with places to an activity (leaders, admins, the activity's organiser)."""
    activity = _activity(activity_id)
    if not can_organise(current_user, activity):
        abort(403)
    return _session_form(BookableSession(), activity)


@bp.route("/sessions/<int:place_session_id>/edit", methods=["GET", "POST"])
@allow(*BOOKERS)
def edit_session(place_session_id: int):
    """Change a session's day, times, place, places or sharing rule."""
    place_session = _session(place_session_id)
    if not can_organise(current_user, place_session.activity):
        abort(403)
    return _session_form(place_session, place_session.activity)


def _session_form(place_session: BookableSession, activity: Activity):
    if place_session.id:
        form = SessionForm(obj=place_session, activity=activity, data={
            "unit": place_session.unit.value, "allocation_rule": place_session.allocation_rule.value})
    else:
        form = SessionForm(activity=activity, data={
            "held_on": activity.starts_on, "starts_at": activity.starts_at, "ends_at": activity.ends_at,
            "location_en": activity.location_en, "location_cy": activity.location_cy,
            "book_by": activity.starts_on - timedelta(days=7) if activity.starts_on else None})
    if form.validate_on_submit():
        try:
            save_session(current_user, place_session, activity, form.session_data())
        except PlacesRefused as refused:
            show_refusal(form, refused)
        else:
            flash(_("The session is saved."), "success")
            saved_id = place_session.id or db.session.scalar(
                select(BookableSession.id).where(BookableSession.activity_id == activity.id)
                .order_by(BookableSession.id.desc()).limit(1))
            return redirect_to(url_for("places.session", place_session_id=saved_id))
    status = 422 if form.is_submitted() else 200
    return render_page("places/session_form.html", "places/_session_form.html", status, form=form,
                       place_session=place_session, activity=activity)


@bp.route("/sessions/<int:place_session_id>/attendance", methods=["GET", "POST"])
@allow(*BOOKERS)
def attendance(place_session_id: int):
    """After the session: how many places each school used."""
    place_session = _session(place_session_id)
    if not can_organise(current_user, place_session.activity):
        abort(403)
    schools = cluster_schools(place_session.activity.cluster_id)
    rows = [(school, place_session.confirmed_for(school.id), place_session.attended_by(school.id))
            for school in schools
            if place_session.confirmed_for(school.id) or place_session.attended_by(school.id) is not None]
    rows = [(school, max(confirmed, used or 0), used) for school, confirmed, used in rows]
    form = attendance_form(rows)
    status = 200
    if form.is_submitted():
        status = 422
        if not place_session.can_record_attendance(today()):
            form.form_errors.append(_("Attendance can be recorded once the session has taken place."))
        elif form.validate():
            try:
                record_attendance(current_user, place_session.id,
                                  {school.id: form[f"school_{school.id}"].data for school, _c, _u in rows})
            except PlacesRefused as refused:
                show_refusal(form, refused)
            else:
                flash(_("Attendance is saved."), "success")
                return redirect_to(url_for("places.session", place_session_id=place_session.id))
    return render_page("places/attendance.html", "places/_attendance_form.html", status, form=form,
                       rows=rows, session=place_session, activity=place_session.activity,
                       open_for_attendance=place_session.can_record_attendance(today()))
