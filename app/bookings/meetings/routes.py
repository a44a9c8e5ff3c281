"""The school's pages for meeting slots: its sets, the slots, the list of families, printing."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import allow, in_own_cluster
from app.auth.models import Role
from app.bookings.meetings import bp
from app.bookings.meetings.forms import MeetingSetForm, SlotsForm
from app.bookings.meetings.models import MeetingSet, MeetingSetState, MeetingStateError
from app.bookings.meetings.services import (
    SlotPlan,
    activities_for,
    add_slots,
    bookings_by_slot,
    can_organise,
    cancel_by_school,
    change_state,
    counts,
    remove_slot,
    save_set,
    schools_for,
    sets_for,
    slots_by_day,
)
from app.forms import year_group_label
from app.htmx import redirect_to
from app.i18n import plain_localized
from app.links import public_url
from app.qr import qr_svg

ORGANISERS = (Role.ADMIN, Role.LEADER, Role.STAFF)


def _set(set_id: int) -> MeetingSet:
    """The set if the person may manage it: 404 for another cluster's, 403 for another school's."""
    meeting_set = in_own_cluster(MeetingSet, set_id)
    if not can_organise(current_user, meeting_set):
        abort(403)
    return meeting_set


def _public_address(meeting_set: MeetingSet) -> str | None:
    if meeting_set.token is None:
        return None
    return public_url("meetings.book", meeting_token=meeting_set.token)


@bp.route("/")
@allow(*ORGANISERS)
def index():
    """The meeting slots a person's school (or, for an admin, the cluster) has set up."""
    sets = sets_for(current_user)
    return render_template("meetings/index.html", sets=sets, counts=counts([s.id for s in sets]))


@bp.route("/new", methods=["GET", "POST"])
@allow(*ORGANISERS)
def new():
    """Start a set of meeting slots: what they are for, and for which school."""
    return _set_form(MeetingSet())


@bp.route("/<int:meeting_set_id>/edit", methods=["GET", "POST"])
@allow(*ORGANISERS)
def edit(meeting_set_id: int):
    """Change a set's title, notes and calendar activity."""
    return _set_form(_set(meeting_set_id))


def _set_form(meeting_set: MeetingSet):
    schools = schools_for(current_user) if meeting_set.id is None else [meeting_set.school]
    if not schools:
        abort(403)
    form = MeetingSetForm(obj=meeting_set if meeting_set.id else None, schools=schools,
                          activities=activities_for(current_user.cluster_id))
    choose_school = current_user.role == Role.ADMIN and meeting_set.id is None
    if not choose_school:
        del form.school_id  # staff and leaders organise for their own school; a set keeps its school
    if form.validate_on_submit():
        meeting_set = save_set(current_user, meeting_set, form.data)
        flash(_("Saved. Add the meeting times, then publish the link for families."), "success")
        return redirect_to(url_for("meetings.show", meeting_set_id=meeting_set.id))
    status = 422 if form.is_submitted() else 200
    return render_template("meetings/set_form.html", form=form, meeting_set=meeting_set,
                           choose_school=choose_school), status


@bp.route("/<int:meeting_set_id>")
@allow(*ORGANISERS)
def show(meeting_set_id: int):
    """The set: its link, every slot with the family booked into it, and adding more slots."""
    meeting_set = _set(meeting_set_id)
    return _show(meeting_set, SlotsForm(formdata=None))


def _show(meeting_set: MeetingSet, slots_form: SlotsForm, status: int = 200):
    address = _public_address(meeting_set)
    return render_template("meetings/set.html", meeting_set=meeting_set, days=slots_by_day(meeting_set.slots),
                           bookings=bookings_by_slot(meeting_set), slots_form=slots_form, address=address,
                           code=qr_svg(address, plain_localized(meeting_set, "title")) if address else None,
                           year_group_label=year_group_label, states=MeetingSetState), status


@bp.route("/<int:meeting_set_id>/slots", methods=["POST"])
@allow(*ORGANISERS)
def new_slots(meeting_set_id: int):
    """Add several meeting times at once: a day, the first time, the length and how many."""
    meeting_set = _set(meeting_set_id)
    form = SlotsForm()
    if not form.validate_on_submit():
        return _show(meeting_set, form, 422)
    added, skipped = add_slots(meeting_set, SlotPlan(
        day=form.day.data, first=form.first_time.data, length=form.length.data, count=form.count.data,
        gap=form.gap.data or 0, location_en=form.location_en.data, location_cy=form.location_cy.data,
        staff_name=form.staff_name.data, staff_role_en=form.staff_role_en.data, staff_role_cy=form.staff_role_cy.data))
    message = ngettext("%(num)d meeting time added.", "%(num)d meeting times added.", added)
    if skipped:
        message += " " + ngettext("%(num)d was there already.", "%(num)d were there already.", skipped)
    flash(message, "success")
    return redirect_to(url_for("meetings.show", meeting_set_id=meeting_set.id) + "#slots")


@bp.route("/<int:meeting_set_id>/slots/<int:meeting_slot_id>/remove", methods=["POST"])
@allow(*ORGANISERS)
def remove(meeting_set_id: int, meeting_slot_id: int):
    """Take away a meeting time nobody has booked."""
    meeting_set = _set(meeting_set_id)
    if remove_slot(meeting_set, meeting_slot_id):
        flash(_("The meeting time is removed."), "success")
    else:
        flash(_("A family has booked that time. Cancel their booking first."), "error")
    return redirect_to(url_for("meetings.show", meeting_set_id=meeting_set_id) + "#slots")


@bp.route("/<int:meeting_set_id>/state", methods=["POST"])
@allow(*ORGANISERS)
def state(meeting_set_id: int):
    """Publish the link for families, close booking, or open it again."""
    meeting_set = _set(meeting_set_id)
    change = request.form.get("change", "")
    if change not in ("publish", "close"):
        abort(400)
    try:
        change_state(current_user, meeting_set, change)
    except MeetingStateError:
        flash(_("Someone changed this a moment ago. Here it is as it stands now."), "info")
    else:
        flash(_("Families can book now: share the link or print the slips.") if change == "publish"
              else _("Booking is closed. The families already booked keep their times."), "success")
    return redirect_to(url_for("meetings.show", meeting_set_id=meeting_set_id))


@bp.route("/<int:meeting_set_id>/bookings/<int:meeting_booking_id>/cancel", methods=["POST"])
@allow(*ORGANISERS)
def cancel_booking(meeting_set_id: int, meeting_booking_id: int):
    """The school cancels a family's booking; the family is told in their language."""
    meeting_set = _set(meeting_set_id)
    if cancel_by_school(current_user, meeting_set, meeting_booking_id) is None:
        flash(_("That booking had already been cancelled."), "info")
    else:
        flash(_("The booking is cancelled and the time is free again."), "success")
    return redirect_to(url_for("meetings.show", meeting_set_id=meeting_set_id) + "#slots")


@bp.route("/<int:meeting_set_id>/print")
@allow(*ORGANISERS)
def print_list(meeting_set_id: int):
    """The list of meetings and families, to print."""
    meeting_set = _set(meeting_set_id)
    return render_template("meetings/print.html", meeting_set=meeting_set, days=slots_by_day(meeting_set.slots),
                           bookings=bookings_by_slot(meeting_set), year_group_label=year_group_label)


@bp.route("/<int:meeting_set_id>/slips")
@allow(*ORGANISERS)
def slips(meeting_set_id: int):
    """Bilingual slips with the QR code, several to an A4 page, to send home."""
    meeting_set = _set(meeting_set_id)
    address = _public_address(meeting_set)
    if address is None:
        flash(_("Publish the meeting times first: the link is made then."), "info")
        return redirect_to(url_for("meetings.show", meeting_set_id=meeting_set_id))
    return render_template("meetings/slips.html", meeting_set=meeting_set, address=address,
                           code=qr_svg(address, plain_localized(meeting_set, "title")),
                           copies=max(1, min(request.args.get("copies", 8, type=int), 12)))
