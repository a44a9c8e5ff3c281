"""Starting a new academic year: in one place, leaders see and take each step a cluster takes every
summer: the calendar copied forward, the competitions, surveys and shared places again as drafts,
and the actions still open carried into the new year."""

from flask import Blueprint

bp = Blueprint("newyear", __name__)

from app.newyear import routes  # noqa: E402,F401  (views register on bp)
