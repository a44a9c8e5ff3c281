"""Who may use the networks' pages, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.extensions import db
from app.networks.models import Network
from app.summaries.models import Action, LeadershipMeeting
from tests.routes_common import SIGNED_IN

MANAGERS = {"admin", "leader"}
#: the sample network is Curriculum Leaders, which the matrix's member of staff (Holt's) convenes
CONVENORS = {"admin", "leader", "staff"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    # each network says itself who reads it (tests/test_networks.py): the officer only authority-wide ones
    "networks.index": SIGNED_IN,
    "networks.show": SIGNED_IN,
    "networks.meeting": SIGNED_IN,
    "networks.new": MANAGERS,
    "networks.edit": MANAGERS,
    "networks.members": MANAGERS,
    "networks.remove_member": MANAGERS,
    "networks.membership": {"leader", "staff"},
    "networks.plan_meeting": CONVENORS,
    "networks.meeting_notes": CONVENORS,
    "networks.new_action": CONVENORS,
    "networks.action_progress": CONVENORS,
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _curriculum_leaders(demo) -> int:
    return db.session.scalar(select(Network.id).where(Network.name_en == "Curriculum Leaders"))


def _past_meeting(demo) -> int:
    """Curriculum Leaders' meeting of a few weeks ago, with notes and two actions."""
    return db.session.scalar(select(LeadershipMeeting.id).where(
        LeadershipMeeting.network_id == _curriculum_leaders(demo)).order_by(LeadershipMeeting.held_on))


def _open_action(demo) -> int:
    return db.session.scalar(select(Action.id).where(Action.meeting_id == _past_meeting(demo)).order_by(Action.id))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "network_id": _curriculum_leaders,
    "network_meeting_id": _past_meeting,
    "network_action_id": _open_action,
}
