"""Who may use professional learning's pages, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.calendar.models import Activity
from app.extensions import db
from app.learning.models import Participant

READERS = {"admin", "leader", "governor", "officer"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "learning.index": READERS,
    "learning.activity": READERS,
    "learning.mark": {"admin", "leader"},
    "learning.sign_up": {"admin", "leader", "staff"},
    "learning.withdraw": {"admin", "leader", "staff"},
    "learning.attendance": {"admin", "leader"},
    "learning.my_record": {"leader", "staff"},
    # the sample is the matrix's member of staff (Holt's): theirs, their head's and the admin's
    "learning.record": {"admin", "leader", "staff"},
    "learning.people": {"admin", "leader"},
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _workshop(demo) -> int:
    """A workshop of a few weeks ago, marked as professional learning, with attendance and evaluations."""
    return db.session.scalar(select(Activity.id).where(
        Activity.title_en.startswith("Securing pupil progress workshop – Expressive Arts"),
        Activity.academic_year_id == demo.year.id))


def _future_participant(demo) -> int:
    """Holt's member of staff, signed up for next term's staff wellbeing day."""
    wellbeing_day = db.session.scalar(select(Activity.id).where(
        Activity.title_en == "Joint staff wellbeing day", Activity.academic_year_id == demo.year.id))
    return db.session.scalar(select(Participant.id).where(Participant.activity_id == wellbeing_day,
                                                          Participant.person_id == demo.user("staff.holt").id))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "learning_id": _workshop,
    "participant_id": _future_participant,
    "person_id": lambda demo: demo.user("staff.holt").id,
}
