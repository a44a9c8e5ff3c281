"""Places that many schools ask for at the same moment, fired at a real server: confirmed places
never pass the capacity or a school's allocation, on SQLite and on PostgreSQL."""

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from app.bookings.places.models import AllocationRule, BookableSession, PlaceRequest
from app.clusters.models import School
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.concurrency import post_at_once, session_cookie
from tests.factories import TODAY

PRIMARIES = ("all-saints", "the-rofft", "park", "holt", "st-peters")
SKILLS_DAY = "Skills Day – Years 5 and 6"
#: requests fired together at the live server in the larger races
AT_ONCE = 120


@pytest.fixture
def race_app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _session(app, demo, capacity: int, rule=AllocationRule.NONE) -> int:
    with app.app_context():
        held_on = TODAY + timedelta(days=30)
        session = BookableSession(activity_id=demo.activity(SKILLS_DAY).id, held_on=held_on, starts_at=time(9, 15),
                                  capacity=capacity, allocation_rule=rule, book_by=held_on - timedelta(days=7))
        db.session.add(session)
        db.session.commit()
        return session.id


def _cookies(app, demo) -> list[str]:
    """Signed-in staff and heads of the five primaries: ten people asking for their schools."""
    return [session_cookie(app, demo.user(f"{role}.{slug}")) for slug in PRIMARIES for role in ("staff", "head")]


def _requests_at_once_for_one_place(app, demo, live_server, session_id: int) -> list[int]:
    """Ten people of the five primaries ask for one place each, AT_ONCE times at once: the statuses."""
    cookies = _cookies(app, demo)
    path = f"/places/sessions/{session_id}/requests"
    return post_at_once(live_server, [(cookies[n % len(cookies)], path, {f"s{session_id}-places": "1"})
                                      for n in range(AT_ONCE)])


def test_many_requests_at_once_for_the_last_ten_places_confirm_exactly_ten(race_app, demo, live_server, signed_in):
    app = race_app
    session_id = _session(app, demo, capacity=40)
    signed_in("staff.park").post(f"/places/sessions/{session_id}/requests", data={f"s{session_id}-places": 30})
    assert _requests_at_once_for_one_place(app, demo, live_server, session_id) == [303] * AT_ONCE
    with app.app_context():
        rows = db.session.execute(select(PlaceRequest.id, PlaceRequest.confirmed, PlaceRequest.waiting)
                                  .where(PlaceRequest.session_id == session_id).order_by(PlaceRequest.id)).all()
        assert len(rows) == AT_ONCE + 1
        assert sum(row.confirmed for row in rows) == 40  # the capacity, exactly
        assert sum(row.confirmed for row in rows[1:]) == 10
        assert sum(row.waiting for row in rows) == AT_ONCE - 10
        # the ten confirmed are the first ten to arrive, the rest wait behind them
        assert [row.confirmed for row in rows[1:]] == [1] * 10 + [0] * (AT_ONCE - 10)
        assert db.session.scalar(select(func.count(OutboxMessage.id))) >= AT_ONCE + 1  # one message per request


def test_many_requests_at_once_under_equal_shares_give_each_school_exactly_its_share(race_app, demo, live_server):
    app = race_app
    session_id = _session(app, demo, capacity=10, rule=AllocationRule.EQUAL)  # 2 for each of five primaries
    assert _requests_at_once_for_one_place(app, demo, live_server, session_id) == [303] * AT_ONCE
    with app.app_context():
        per_school = dict(db.session.execute(
            select(School.slug, func.sum(PlaceRequest.confirmed)).join(PlaceRequest.school)
            .where(PlaceRequest.session_id == session_id).group_by(School.slug)).all())
        assert per_school == dict.fromkeys(PRIMARIES, 2)
        assert db.session.scalar(select(func.sum(PlaceRequest.waiting))
                                 .where(PlaceRequest.session_id == session_id)) == AT_ONCE - 10


def test_places_given_back_while_others_ask_never_overfill(race_app, demo, live_server, signed_in):
    """Twenty requests giving back a place race forty new requests: whatever the order, confirmed
    places stay within the capacity and nothing waits while a place is free."""
    app = race_app
    session_id = _session(app, demo, capacity=20)
    holt = signed_in("staff.holt")
    for _ in range(20):
        holt.post(f"/places/sessions/{session_id}/requests", data={f"s{session_id}-places": "1"})
    with app.app_context():
        holt_requests = db.session.scalars(select(PlaceRequest.id).where(PlaceRequest.session_id == session_id)).all()
    holt_cookie = session_cookie(app, demo.user("staff.holt"))
    others = [session_cookie(app, demo.user(f"staff.{slug}")) for slug in ("park", "all-saints", "st-peters")]
    requests = [(holt_cookie, f"/places/requests/{request_id}/change", {f"r{request_id}-cancel": "1"})
                for request_id in holt_requests]
    requests += [(others[n % 3], f"/places/sessions/{session_id}/requests", {f"s{session_id}-places": "1"})
                 for n in range(40)]
    statuses = post_at_once(live_server, requests)
    assert statuses == [303] * 60
    with app.app_context():
        confirmed, waiting = db.session.execute(
            select(func.sum(PlaceRequest.confirmed), func.sum(PlaceRequest.waiting))
            .where(PlaceRequest.session_id == session_id)).one()
        assert (confirmed, waiting) == (20, 20)
        assert db.session.scalar(select(func.count(PlaceRequest.id)).where(
            PlaceRequest.session_id == session_id, PlaceRequest.cancelled_at.is_not(None))) == 20
