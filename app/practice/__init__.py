"""Practice and people: the cluster's effective-practice library, searched in Welsh and English."""

from flask import Blueprint

bp = Blueprint("practice", __name__)

from app.audit.labels import FIELD_LABELS  # noqa: E402
from app.practice import attachment_routes, lead_routes, routes, visit_routes  # noqa: E402,F401
from app.practice.models import Responsibility  # noqa: E402

# the audit log names the leads a school changes by their responsibility
FIELD_LABELS.update({responsibility.value: responsibility.label for responsibility in Responsibility})
