"""The cluster calendar: the year's activities by term and strand, for staff, families and leaders."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)

from app.calendar import routes  # noqa: E402,F401
