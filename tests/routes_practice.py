"""Who may use the practice library's pages, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.extensions import db
from app.practice.models import PracticeAttachment, PracticeItem, PracticeVisit, VisitStatus
from tests.routes_common import ANYONE, SIGNED_IN

WRITERS = {"admin", "leader", "staff"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    # each piece says itself who reads it (tests/test_practice.py); visitors see public pieces only
    "practice.index": ANYONE,
    "practice.item": ANYONE,
    "practice.new": WRITERS,
    # the sample is Holt's: its staff, its head and the cluster admin change it
    "practice.edit": WRITERS,
    # who may publish, share or make public is checked inside, with a sentence when refused
    "practice.change_reach": SIGNED_IN,
    "practice.signpost": {"officer"},
    # the sample piece is public: anyone downloads its files; its own school's writers add and delete them
    "practice.attachment": ANYONE,
    "practice.upload_attachment": WRITERS,
    "practice.delete_attachment": WRITERS,
    # the cluster's members read every school's leads; the officer every cluster's of the authority
    "practice.leads_page": SIGNED_IN,
    "practice.export_leads": SIGNED_IN,
    # the sample is Holt: its staff, its head and the cluster admin keep its leads
    "practice.edit_leads": WRITERS,
    # the sample piece is Park's digital leaders: Holt's staff and head may ask to visit it
    "practice.ask_visit": {"leader", "staff"},
    "practice.visits_page": WRITERS,
    # the sample visit is the demo's past one: Holt's member of staff saw Park's digital leaders. Its
    # visitor and the cluster admin (who answers for every school) see it; Holt's head does not (a 404,
    # which gives nothing away, is not a refusal)
    "practice.visit": WRITERS,
    # the visitor may not answer (403); the admin hears it is answered already (409)
    "practice.answer_visit": {"admin", "leader"},
    # the visitor hears it is too late (409); the admin did not ask, so may not cancel (403)
    "practice.cancel_visit": {"leader", "staff"},
    # the visitor writes a note (an empty one is refused, 422); the admin did not go (403)
    "practice.visit_note": {"leader", "staff"},
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _holt_featured(demo) -> int:
    """Holt's outdoor maths trails: shared with the authority, featured and public."""
    return db.session.scalar(select(PracticeItem.id).where(PracticeItem.title_en == "Outdoor maths trails"))


def _parks_digital_leaders(demo) -> int:
    """Park's digital leaders: published to the cluster; another school's staff ask to visit it."""
    return db.session.scalar(select(PracticeItem.id).where(PracticeItem.title_en == "Digital leaders"))


def _visit_made(demo) -> int:
    """The demo's visit made earlier this year: Holt's member of staff saw Park's digital leaders."""
    return db.session.scalar(select(PracticeVisit.id).where(PracticeVisit.status == VisitStatus.ACCEPTED))


def _holt_worksheet(demo) -> int:
    """The worksheet (a PDF) attached to Holt's outdoor maths trails."""
    return db.session.scalar(select(PracticeAttachment.id).where(
        PracticeAttachment.item_id == _holt_featured(demo)).order_by(PracticeAttachment.id))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {"item_id": _holt_featured, "piece_id": _parks_digital_leaders, "visit_id": _visit_made,
           "attachment_id": _holt_worksheet}
