"""Shared resources: the cluster minibus and the high school's rooms, booked by staff for their
school, never double-booked, shared fairly."""

from datetime import timedelta

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("resources", __name__)

from app.bookings.resources import routes  # noqa: E402,F401
from app.calendar.feeds import key_for  # noqa: E402

bp.add_app_template_global(timedelta, "timedelta")
bp.add_app_template_global(lambda: key_for(current_user), "feed_key")
