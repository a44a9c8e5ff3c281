"""Competitions: schools enter pupils and teams, judges score the entries, the organiser confirms
the places and publishes the results and the cluster's school points table."""

from flask import Blueprint

bp = Blueprint("competitions", __name__)

from app.clock import today  # noqa: E402
from app.competitions import panels, retention, routes  # noqa: E402,F401

# a global rather than a context variable, so that the activity panel (included by the calendar) sees it
bp.add_app_template_global(today, "today_date")
