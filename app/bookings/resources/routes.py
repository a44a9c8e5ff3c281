"""Shared resources: the list, a resource's week, booking, my school's bookings, usage, the feed."""

from datetime import date, time, timedelta

from flask import abort, flash, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app import clock
from app.auth.access import allow, in_own_cluster, public
from app.auth.models import Role
from app.bookings.resources import bp, feeds
from app.bookings.resources.forms import CancelForm, ResourceBookingForm, ResourceForm
from app.bookings.resources.models import FairShareUnit, Resource, ResourceBooking, ResourceKind
from app.bookings.resources.services import (
    BookingRefused,
    BookingRequest,
    book_resource,
    cancel,
    half_term_now,
    half_terms_of,
    may_cancel,
    may_override_fair_share,
    resources_of,
    save_resource,
    school_bookings,
    usage_by_school,
    week_of,
)
from app.clusters.models import School
from app.errors import show_refusal
from app.extensions import db
from app.forms import day_from_address
from app.htmx import redirect_to, render_page
from app.i18n import localized_column, plain_localized

BOOKERS = (Role.ADMIN, Role.LEADER, Role.STAFF)


def _resource(resource_id: int) -> Resource:
    """The resource with this id in the visitor's cluster, else a 404."""
    return in_own_cluster(Resource, resource_id)


def _schools() -> list[School]:
    return db.session.scalars(select(School).where(School.cluster_id == current_user.cluster_id)
                              .order_by(localized_column(School, "name"))).all()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@bp.route("/")
@allow(*BOOKERS)
def index():
    """The cluster's shared resources, and the visitor's school's coming bookings."""
    today = clock.today()
    return render_page("resources/index.html", resources=resources_of(current_user.cluster_id),
                       bookings=school_bookings(current_user.school_id, today) if current_user.school_id else [],
                       cancel_form=CancelForm(), today=today)


@bp.route("/<int:resource_id>")
@allow(*BOOKERS)
def week(resource_id: int):
    """A resource's week, Monday to Friday: who has it when. `?week=` any day of the week wanted."""
    resource = _resource(resource_id)
    monday = _monday(day_from_address("week") or clock.today())
    return render_page("resources/week.html", "resources/_week.html", resource=resource, monday=monday,
                       days=week_of(resource, monday), today=clock.today(), cancel_form=CancelForm())


def _prefilled_form(resource: Resource) -> ResourceBookingForm:
    """The booking form: as sent, with a chosen alternative day put in; or pre-filled from the week view."""
    if request.method == "POST":
        formdata = request.form.copy()
        if alternative := formdata.pop("alternative_day", None):
            formdata["day"] = alternative
        form = ResourceBookingForm(formdata=formdata)
    else:
        form = ResourceBookingForm(formdata=None, school=current_user.school_id)
        form.starts.data, form.ends.data = resource.opens_at, resource.closes_at
        form.day.data = day_from_address("day")
        for name in ("starts", "ends"):
            try:
                value = request.args.get(name)
                if value:
                    form[name].data = time.fromisoformat(value)
            except ValueError:
                pass
    schools = _schools() if current_user.role == Role.ADMIN else [current_user.school]
    form.school.choices = [SelectChoice(school.id, plain_localized(school, "name")) for school in schools if school]
    return form


@bp.route("/<int:resource_id>/book", methods=["GET", "POST"])
@allow(*BOOKERS)
def new_booking(resource_id: int):
    """Book a resource for your school: one day, or the same day each week to the end of the half term."""
    resource = _resource(resource_id)
    if not resource.active:
        abort(404)
    form = _prefilled_form(resource)
    alternatives, status = [], 200
    if form.validate_on_submit():
        asked = BookingRequest(
            resource_id=resource.id, school_id=form.school.data, day=form.day.data, starts=form.starts.data,
            ends=form.ends.data, purpose=form.purpose.data, destination=form.destination.data,
            passengers=form.passengers.data, driver_name=form.driver_name.data,
            driver_permit_confirmed=form.driver_permit_confirmed.data, repeat_weekly=form.repeat_weekly.data,
            override_reason=form.override_reason.data if may_override_fair_share(current_user) else "")
        try:
            outcome = book_resource(current_user, asked)
        except BookingRefused as refused:
            show_refusal(form, refused, "day")
            alternatives = refused.alternatives
            status = 409 if alternatives or refused.taken else 422
        else:
            flash(ngettext("%(num)d booking made.", "%(num)d bookings made.", len(outcome.bookings)), "success")
            for day, reason in outcome.clashes:
                flash(_("Not booked – %(day)s: %(reason)s.", day=format_date(day, "EEEE d MMMM"), reason=reason),
                      "error")
            return redirect_to(url_for("resources.week", resource_id=resource.id,
                                       week=outcome.bookings[0].starts_at.date().isoformat()))
    elif form.is_submitted():
        status = 422
    return render_page("resources/book.html", "resources/_booking_form.html", status, resource=resource,
                       form=form, alternatives=alternatives,
                       week_shown=form.day.data if isinstance(form.day.data, date) else clock.today(),
                       may_override=may_override_fair_share(current_user))


@bp.route("/mine")
@allow(*BOOKERS)
def mine():
    """Your school's bookings of every resource from today on, each with its cancel button."""
    today = clock.today()
    school_id = current_user.school_id
    if current_user.role == Role.ADMIN:
        school_id = request.args.get("school", type=int) or school_id
    school = in_own_cluster(School, school_id) if school_id else None
    return render_page("resources/mine.html", school=school, schools=_schools(), today=today,
                       bookings=school_bookings(school.id, today) if school else [], cancel_form=CancelForm())


@bp.route("/booking/<int:resource_booking_id>/cancel", methods=["POST"])
@allow(*BOOKERS)
def cancel_booking(resource_booking_id: int):
    """Cancel a booking (your school's; leaders and the admin any): the slot is free at once."""
    booking = db.session.get(ResourceBooking, resource_booking_id)
    if booking is None or booking.resource.cluster_id != current_user.cluster_id:
        abort(404)
    if not may_cancel(current_user, booking):
        abort(403)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    booking = cancel(current_user, booking.id)
    flash(_("Booking cancelled: the time is free for others."), "success")
    back = request.form.get("back")
    return redirect_to(back if back in (url_for("resources.mine"), url_for("resources.index")) else
                       url_for("resources.week", resource_id=booking.resource_id,
                               week=booking.starts_at.date().isoformat()))


@bp.route("/<int:resource_id>/usage")
@allow(*BOOKERS)
def usage(resource_id: int):
    """Who used how much of a resource in a half term, against the fair share (`?half_term=` id)."""
    resource = _resource(resource_id)
    half_terms = half_terms_of(resource.cluster_id)
    chosen = request.args.get("half_term", type=int)
    half = next((h for h in half_terms if h.id == chosen), None) or half_term_now(resource.cluster_id)
    if half is None:
        abort(404)
    half = next(h for h in half_terms if h.id == half.id)
    return render_page("resources/usage.html", resource=resource, half=half, half_terms=half_terms,
                       rows=usage_by_school(resource, half))


@bp.route("/new", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.LEADER)
def new_resource():
    """Add a shared resource: the minibus, a hall, a set of laptops."""
    return _resource_form(Resource(cluster_id=current_user.cluster_id, kind=ResourceKind.ROOM))


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.LEADER)
def edit_resource(resource_id: int):
    """Change a resource's details, hours and fair-share rule."""
    return _resource_form(_resource(resource_id))


def _resource_form(resource: Resource):
    form = ResourceForm(obj=resource if resource.id else None, kind=resource.kind.value,
                        fair_share_unit=(resource.fair_share_unit or FairShareUnit.BOOKINGS).value)
    form.owner_school_id.choices = [SelectChoice(school.id, plain_localized(school, "name"))
                                    for school in _schools()]
    if form.validate_on_submit():
        form.populate_obj(resource)
        resource.kind = ResourceKind(form.kind.data)
        resource.fair_share_unit = FairShareUnit(form.fair_share_unit.data)
        save_resource(current_user, resource)
        flash(_("The resource is saved."), "success")
        return redirect_to(url_for("resources.week", resource_id=resource.id))
    return render_page("resources/resource_form.html", "resources/_resource_form.html",
                       422 if form.is_submitted() else 200, resource=resource, form=form)


@bp.route("/<int:resource_id>/bookings.ics")
@public
def feed(resource_id: int):
    """A resource's bookings as an iCalendar feed, for a member's calendar app (personal key)."""
    return feeds.respond(resource_id)
