"""Who may use the leadership summary and meetings pages, and sample URL arguments for them."""

from sqlalchemy import select

from app.extensions import db
from app.summaries.models import Action, LeadershipMeeting

READERS = {"admin", "leader", "governor", "officer"}
MEMBERS = {"admin", "leader"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "summaries.summary": READERS,
    "summaries.export": READERS,
    "summaries.meetings": {"admin", "leader", "governor"},
    "summaries.new_meeting": MEMBERS,
    "summaries.meeting": {"admin", "leader", "governor"},
    "summaries.edit_meeting": MEMBERS,
    "summaries.new_action": MEMBERS,
    "summaries.action_progress": MEMBERS,
    "summaries.pack": {"admin", "leader", "governor"},
    "summaries.report": {"admin", "leader", "governor"},
    "summaries.edit_report": MEMBERS,
    "summaries.finalise_report": MEMBERS,
}
FRAGMENTS: set[str] = set()


def _first_meeting(demo) -> int:
    """The demo group's Autumn 1 meeting (not a network's)."""
    return db.session.scalar(select(LeadershipMeeting.id).where(LeadershipMeeting.network_id.is_(None))
                             .order_by(LeadershipMeeting.held_on))


def _open_action(demo) -> int:
    """An open action of the demo: transition days with Darland High."""
    return db.session.scalar(select(Action.id).where(Action.text_en.like("Agree the dates%")))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "meeting_id": _first_meeting,
    "action_id": _open_action,
    "table": lambda demo: "participation",
    "start_year": lambda demo: 2025,
}
