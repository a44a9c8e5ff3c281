"""Who may use the competitions pages, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.competitions.models import Entry
from app.extensions import db
from tests.routes_common import ANYONE

ENTRANTS = {"admin", "leader", "staff"}
ORGANISERS = {"admin", "leader"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "competitions.index": ENTRANTS,
    "competitions.new": ORGANISERS,
    "competitions.edit": ORGANISERS,
    "competitions.competition": ENTRANTS,
    "competitions.new_entry": ENTRANTS,
    # the sample is Holt's entry: staff and leaders change only their own school's (tests/test_competitions.py)
    "competitions.edit_entry": ENTRANTS,
    "competitions.withdraw_entry": ENTRANTS,
    "competitions.entries": ENTRANTS,
    "competitions.export_entries": ENTRANTS,
    "competitions.certificate": ENTRANTS,
    # organisers look; only the competition's named judges (Darland High's staff in the demo) score
    "competitions.judging": ORGANISERS,
    # only the named judges (Darland High's staff in the demo) score: anyone else finds no such form (404)
    "competitions.save_scores": ENTRANTS,
    "competitions.places": ORGANISERS,
    "competitions.publish": ORGANISERS,
    "competitions.make_ready": ORGANISERS,
    # permission checked inside: 404 unless the visitor may see the entry or it is public
    "competitions.photo": ANYONE,
    "competitions.cluster_results": ANYONE,
    "competitions.results": ANYONE,
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _pumpkin_carving(demo) -> int:
    """The demo's Pumpkin Carving competition: judged, placed and published."""
    return demo.competition("Pumpkin Carving Competition")


def _holt_entry(demo) -> int:
    """Holt's placed entry in Years 5 and 6 (third)."""
    return db.session.scalar(select(Entry.id).where(Entry.competition_id == _pumpkin_carving(demo),
                                                    Entry.school_id == demo.school("holt").id,
                                                    Entry.place.is_not(None)))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "competition_id": _pumpkin_carving,
    "entry_id": _holt_entry,
    "size": lambda demo: "thumb",
}
