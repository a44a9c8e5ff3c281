"""Networks: the cluster's named groups (Curriculum Leaders, PLCs, the authority's AoLE networks), their
members, their meetings in the calendar with notes and actions, and the practice that came from them."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("networks", __name__)

from app.audit.labels import ACTION_LABELS, ENTITY_LABELS, FIELD_LABELS  # noqa: E402
from app.networks import routes  # noqa: E402,F401

ENTITY_LABELS.update({"networks": _l("Network")})
ACTION_LABELS.update({"member_added": _l("Member added"), "member_removed": _l("Member taken off")})
FIELD_LABELS.update({"purpose_en": _l("What it is for, in English"), "purpose_cy": _l("What it is for, in Welsh"),
                     "area": _l("Area of Learning and Experience"), "member": _l("Member"),
                     "convenor": _l("Convenor"), "authority_wide": _l("Open to every school of the authority"),
                     "network_id": _l("Network")})
