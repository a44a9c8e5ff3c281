"""Entries that many staff send at the same moment, fired at a real server: a school never passes
its cap in a category, on SQLite and on PostgreSQL."""

import pytest
from sqlalchemy import func, select

from app.clusters.models import School
from app.competitions.models import Competition, Entry
from app.extensions import db
from tests.concurrency import post_at_once, session_cookie

EASTER = "Easter Egg Decoration Competition"
#: a day inside the Easter competition's entry window (2 to 25 March 2026)
OPEN_DAY = "2026-03-10"
CAP = 3
AT_ONCE = 50


@pytest.fixture
def race_app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["TODAY"] = OPEN_DAY
    return app


def _competition(app, demo) -> tuple[int, int]:
    """The Easter competition's id and its Years 3 and 4 category, with the cap set to CAP."""
    with app.app_context():
        competition = db.session.get(Competition, demo.competition(EASTER))
        competition.cap_per_school = CAP
        db.session.commit()
        return competition.id, competition.categories[1].id


def _entry(category_id: int, number: int) -> dict:
    return {"category_id": str(category_id), "entrant_name": "Cerys M.", "year_group": "4",
            "title": f"Egg {number}", "description": ""}


def _entries_per_school(app, competition_id: int) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(
            select(School.slug, func.count(Entry.id)).join(Entry.school)
            .where(Entry.competition_id == competition_id, Entry.withdrawn_at.is_(None))
            .group_by(School.slug)).all())


def test_fifty_entries_at_once_from_one_school_stop_at_the_cap(race_app, demo, live_server):
    app = race_app
    competition_id, category_id = _competition(app, demo)
    cookies = [session_cookie(app, demo.user(who)) for who in ("staff.holt", "head.holt")]
    path = f"/competitions/{competition_id}/entries/new"
    statuses = post_at_once(live_server, [(cookies[n % 2], path, _entry(category_id, n)) for n in range(AT_ONCE)])
    # without JavaScript an entry is a redirect (303); a refusal is the page again with the message (422)
    assert sorted(statuses) == [303] * CAP + [422] * (AT_ONCE - CAP)
    assert _entries_per_school(app, competition_id) == {"holt": CAP}


def test_fifty_entries_at_once_from_two_schools_give_each_its_own_cap(race_app, demo, live_server):
    app = race_app
    competition_id, category_id = _competition(app, demo)
    cookies = [session_cookie(app, demo.user(f"{role}.{slug}")) for slug in ("holt", "park")
               for role in ("staff", "head")]
    path = f"/competitions/{competition_id}/entries/new"
    statuses = post_at_once(live_server, [(cookies[n % 4], path, _entry(category_id, n)) for n in range(AT_ONCE)])
    assert sorted(statuses) == [303] * (2 * CAP) + [422] * (AT_ONCE - 2 * CAP)
    assert _entries_per_school(app, competition_id) == {"holt": CAP, "park": CAP}
