"""Meeting slots families book without an account, e.g. parent/carer transition meetings: one family per slot."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from app.bookings.meetings import family_routes, retention, routes  # noqa: E402,F401
