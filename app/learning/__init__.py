"""Professional learning: calendar activities marked as cluster professional learning, who signed up and
who went, the evaluation after the session and the "what changed in your classroom" follow-up a term
later, each person's record for the year, and what leaders see per activity and per school."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("learning", __name__)

from app.audit.labels import ACTION_LABELS, ENTITY_LABELS, FIELD_LABELS  # noqa: E402
from app.learning import panels, routes  # noqa: E402,F401

ENTITY_LABELS.update({"learning_activities": _l("Professional learning"),
                      "learning_participants": _l("Professional learning participant")})
ACTION_LABELS.update({"signed_up": _l("Signed up"), "withdrawn": _l("Withdrawn")})
FIELD_LABELS.update({"pl_kind": _l("Kind of professional learning"), "hours": _l("Hours"),
                     "attended": _l("Attended"), "person": _l("Person")})
