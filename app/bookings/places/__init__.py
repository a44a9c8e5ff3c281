"""Places on cluster events: each school requests places, confirmed within capacity and its
allocation, the rest on a waiting list."""

from flask import Blueprint

bp = Blueprint("places", __name__)

from app.bookings.places import panels, routes  # noqa: E402,F401
