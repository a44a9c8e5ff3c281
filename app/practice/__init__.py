"""Practice and people: the cluster's effective-practice library, searched in Welsh and English."""

from flask import Blueprint

bp = Blueprint("practice", __name__)

from app.practice import routes  # noqa: E402,F401
