"""Managing the cluster: its schools, its people, and the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import import_routes, routes  # noqa: E402,F401
