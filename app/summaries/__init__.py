"""Leadership summaries: the Cluster Leadership Group's tables across the schools, its half-termly
meetings and the actions agreed there, and the local authority's view across clusters."""

from flask import Blueprint

bp = Blueprint("summaries", __name__)

from app.summaries import meeting_routes, report_routes, routes  # noqa: E402,F401  (views register on bp)
