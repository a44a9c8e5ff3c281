"""The families' pages, with no account: book a time from the school's link, then see, change or
cancel it through a private link (a signed key holding the booking's id and its secret)."""

import re

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.access import private_page, public
from app.bookings.meetings import bp
from app.bookings.meetings.forms import FamilyBookingForm, MoveForm
from app.bookings.meetings.models import MeetingBooking, MeetingSet
from app.bookings.meetings.services import (
    BookingGone,
    FamilyDetails,
    SlotTaken,
    SlotUnavailable,
    book_slot,
    booking_for_key,
    cancel_by_family,
    cancelled_booking_for_key,
    free_slots,
    manage_key,
    manage_url,
    meeting_event,
    move,
    set_for_token,
    slot_is_past,
    slots_by_day,
)
from app.extensions import limiter
from app.forms import year_group_label
from app.htmx import redirect_to
from app.i18n import current_language, plain_localized
from app.ical import build_calendar, ics_response
from app.ratelimits import anonymous_address_key, own_answers_key, own_answers_limit, public_form_limit
from app.tokens import new_token

limit_public_posts = limiter.limit(public_form_limit, key_func=anonymous_address_key, methods=["POST"])
#: one family's own answers in progress: a tighter limit of their own, shared with nobody
limit_own_answers = limiter.limit(own_answers_limit, key_func=own_answers_key, methods=["POST"])
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,32}$")


def _taken_message() -> str:
    return _("That time has just been taken. Choose another time.")


def _open_set(token: str) -> MeetingSet:
    meeting_set = set_for_token(token)
    if meeting_set is None:
        abort(404)
    return meeting_set


def _closed_page(meeting_set: MeetingSet, status: int = 200):
    return render_template("meetings/closed.html", meeting_set=meeting_set), status


@bp.route("/b/<meeting_token>", methods=["GET", "POST"])
@public
@private_page
@limit_public_posts
def book(meeting_token: str):
    """The school's link: the free times, and a short form to book one."""
    meeting_set = _open_set(meeting_token)
    if not meeting_set.is_open:
        return _closed_page(meeting_set)
    form = FamilyBookingForm(slot_ids=[slot.id for slot in meeting_set.slots])
    if not form.is_submitted():
        form.form_token.data = new_token()
    status = 200
    if form.validate_on_submit():
        token = form.form_token.data if _TOKEN_SHAPE.match(form.form_token.data or "") else new_token()
        details = FamilyDetails(parent_name=form.parent_name.data, child_name=form.child_name.data,
                                year_group=form.year_group.data, email=form.email.data, phone=form.phone.data)
        try:
            booking = book_slot(meeting_set.id, form.slot.data, details, token, current_language())
        except SlotTaken:
            form.slot.errors = [_taken_message()]
            form.slot.data = None
            status = 409
        except SlotUnavailable:
            return _closed_page(set_for_token(meeting_token), 409)
        else:
            return redirect_to(url_for("meetings.manage", meeting_key=manage_key(booking), done="booked"))
    elif form.is_submitted():
        status = 422
    meeting_set = set_for_token(meeting_token)  # afresh: a lost race shows what is free now
    return render_template("meetings/book.html", meeting_set=meeting_set, form=form,
                           days=slots_by_day(free_slots(meeting_set))), status


def _booking(key: str) -> MeetingBooking:
    """The live booking behind a private link; a page saying so (410) for a cancelled one, else 404."""
    booking = booking_for_key(key)
    if booking is None:
        cancelled = cancelled_booking_for_key(key)
        if cancelled is None:
            abort(404)
        abort(make_response(render_template(
            "meetings/cancelled.html", booking=cancelled, slot=cancelled.slot,
            meeting_set=cancelled.slot.meeting_set), 410))
    return booking


@bp.route("/booking/<meeting_key>")
@public
@private_page
def manage(meeting_key: str):
    """A family's own booking: when and where, and the way to change or cancel it."""
    booking = _booking(meeting_key)
    return render_template(
        "meetings/manage.html", booking=booking, slot=booking.slot, meeting_set=booking.slot.meeting_set,
        done=request.args.get("done"), address=manage_url(booking), key=meeting_key,
        past=slot_is_past(booking.slot), year_group_label=year_group_label)


@bp.route("/booking/<meeting_key>/meeting.ics")
@public
@private_page
def calendar_file(meeting_key: str):
    """The booked meeting as a file to add to a phone's or computer's calendar."""
    booking = _booking(meeting_key)
    return ics_response(build_calendar(plain_localized(booking.slot.meeting_set, "title"),
                                                [meeting_event(booking)]), "meeting.ics")


@bp.route("/booking/<meeting_key>/change", methods=["GET", "POST"])
@public
@private_page
@limit_public_posts
@limit_own_answers
def change(meeting_key: str):
    """Move the booking to another free time, in one step."""
    booking = _booking(meeting_key)
    meeting_set = booking.slot.meeting_set
    if not meeting_set.is_open or slot_is_past(booking.slot):
        return redirect(url_for("meetings.manage", meeting_key=meeting_key))
    form = MoveForm(slot_ids=[slot.id for slot in meeting_set.slots])
    status = 200
    if form.validate_on_submit():
        try:
            move(meeting_key, form.slot.data)
        except SlotTaken:
            form.slot.errors = [_taken_message()]
            form.slot.data = None
            status = 409
        except (BookingGone, SlotUnavailable):
            abort(404)
        else:
            return redirect_to(url_for("meetings.manage", meeting_key=meeting_key, done="changed"))
    elif form.is_submitted():
        status = 422
    booking = _booking(meeting_key)
    return render_template("meetings/change.html", booking=booking, slot=booking.slot, form=form,
                                    meeting_set=booking.slot.meeting_set, key=meeting_key,
                                    days=slots_by_day(free_slots(booking.slot.meeting_set))), status


@bp.route("/booking/<meeting_key>/cancel", methods=["GET", "POST"])
@public
@private_page
@limit_public_posts
@limit_own_answers
def cancel(meeting_key: str):
    """Cancel the booking after a yes: the time is free for another family at once."""
    booking = _booking(meeting_key)
    if slot_is_past(booking.slot):
        return redirect(url_for("meetings.manage", meeting_key=meeting_key))
    if request.method == "POST":
        try:
            meeting_set = cancel_by_family(meeting_key)
        except (BookingGone, SlotUnavailable):
            abort(404)
        flash(_("Your meeting is cancelled. The time is free for another family."), "success")
        return redirect_to(url_for("meetings.book", meeting_token=meeting_set.token))
    return render_template("meetings/cancel.html", booking=booking, slot=booking.slot,
                                    meeting_set=booking.slot.meeting_set, key=meeting_key)
