"""The minibus on a Tuesday, asked for by many at the same instant, fired at a real server."""

from datetime import date, time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.bookings.resources.models import Resource, ResourceBooking
from app.clock import utc_moment
from app.extensions import db
from tests.concurrency import post_at_once, session_cookie
from tests.test_resources import TODAY, trip

SCHOOLS = ("park", "holt", "all-saints", "the-rofft", "st-peters", "darland-high")


@pytest.fixture
def race_app(app, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["TODAY"] = TODAY
    with app.app_context():
        minibus = db.session.scalar(select(Resource).where(Resource.name_en == "Cluster minibus"))
        app.config["TEST_MINIBUS_ID"] = minibus.id
    return app


def _count(app, **where) -> int:
    with app.app_context():
        query = select(func.count(ResourceBooking.id)).where(ResourceBooking.cancelled_at.is_(None))
        for name, value in where.items():
            query = query.where(getattr(ResourceBooking, name) == value)
        return db.session.scalar(query)


def test_sixty_requests_for_one_tuesday_from_every_school_book_it_once(race_app, demo, live_server):
    minibus_id = race_app.config["TEST_MINIBUS_ID"]
    requests = []
    for index in range(60):  # ten from each school, leaders and staff, different hours that all overlap
        slug = SCHOOLS[index % len(SCHOOLS)]
        who = demo.user(f"staff.{slug}" if index % 2 else f"head.{slug}")
        starts, ends = ("09:00", "15:00") if index % 3 else ("11:00", "12:30")
        requests.append((session_cookie(race_app, who), f"/bookings/{minibus_id}/book",
                         trip(demo.school(slug).id, starts=starts, ends=ends)))
    statuses = post_at_once(live_server, requests)
    assert sorted(statuses) == [303] + [409] * 59
    with race_app.app_context():
        tuesday = db.session.scalars(select(ResourceBooking).where(
            ResourceBooking.resource_id == minibus_id,
            ResourceBooking.starts_at >= utc_moment(date(2025, 10, 7), time.min),
            ResourceBooking.starts_at < utc_moment(date(2025, 10, 8), time.min))).all()
    assert len(tuesday) == 1
    winner = statuses.index(303)
    assert tuesday[0].school_id == demo.school(SCHOOLS[winner % len(SCHOOLS)]).id


def test_the_fair_share_holds_when_one_school_books_many_days_at_once(race_app, demo, live_server):
    """Park has two of its four minibus trips this half term: of twelve requests for free days, two succeed."""
    minibus_id = race_app.config["TEST_MINIBUS_ID"]
    park = demo.school("park")
    days = [date(2025, 10, day) for day in (6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21)]
    cookie = session_cookie(race_app, demo.user("staff.park"))
    before = _count(race_app, resource_id=minibus_id, school_id=park.id)
    statuses = post_at_once(live_server, [(cookie, f"/bookings/{minibus_id}/book", trip(park.id, day=day))
                                          for day in days])
    assert sorted(statuses) == [303] * 2 + [422] * 10
    assert _count(race_app, resource_id=minibus_id, school_id=park.id) == before + 2


def test_postgresql_refuses_an_overlap_even_from_code_that_skips_the_lock(race_app, demo, backend):
    """The exclusion constraint: the database itself keeps two live bookings of one resource apart."""
    if backend != "postgresql":
        pytest.skip("SQLite has no exclusion constraints; there the lock is the guarantee")
    minibus_id = race_app.config["TEST_MINIBUS_ID"]
    tuesday = date(2025, 10, 7)
    with race_app.app_context():
        def booking(starts, ends, school):
            return ResourceBooking(resource_id=minibus_id, school_id=demo.school(school).id,
                                   starts_at=utc_moment(tuesday, starts), ends_at=utc_moment(tuesday, ends),
                                   purpose="Trip")
        db.session.add(booking(time(9), time(12), "park"))
        db.session.commit()
        db.session.add(booking(time(12), time(15), "holt"))  # touching is not overlapping
        db.session.commit()
        db.session.add(booking(time(11, 30), time(13), "the-rofft"))
        with pytest.raises(IntegrityError, match="no_overlapping_bookings"):
            db.session.commit()
        db.session.rollback()
        cancelled = db.session.scalar(select(ResourceBooking).where(
            ResourceBooking.starts_at == utc_moment(tuesday, time(9))))
        cancelled.cancelled_at = utc_moment(tuesday, time(8))
        db.session.commit()
        db.session.add(booking(time(9), time(11), "the-rofft"))  # a cancelled booking holds nothing
        db.session.commit()
