"""An overlap caught by PostgreSQL's exclusion constraint answers as the lock does, never 500 (issue #17, item 10).

Every booking is decided under a lock, so the constraint fires only when a write skipped it. To get there,
these tests blind the look under the lock (`live_bookings`) so that two overlapping bookings reach the
database, which refuses the second at a flush: the explicit one, or an autoflush inside a weekly repeat.
SQLite has no exclusion constraints (the lock alone is the guarantee there), so these run on PostgreSQL.
"""

from datetime import date

import pytest
from sqlalchemy import false, select

from app.bookings.resources import services
from app.bookings.resources.models import ResourceBooking
from app.extensions import db
from tests.reading import page_of
from tests.test_resources import TODAY, TUESDAY, _live_bookings, _resource, trip

ALREADY_BOOKED = "Mae Bws mini'r clwstwr eisoes wedi'i archebu gan Ysgol Gynradd Gymunedol Park"


@pytest.fixture
def booking_app(app, demo, backend):
    if backend != "postgresql":
        pytest.skip("SQLite has no exclusion constraints; there the lock is the only guarantee")
    app.config["WTF_CSRF_ENABLED"] = False  # tokens: test_csrf.py
    app.config["TODAY"] = TODAY
    return app


def blind_the_lock(monkeypatch, on: date | None = None, times: int = 1) -> None:
    """Make the look for bookings under the lock miss what is there: `times` times (for the day `on` only,
    if given), as a write that skipped the lock would."""
    real, left = services.live_bookings, [times]

    def missing(resource_id, starts, ends):
        query = real(resource_id, starts, ends)
        if left[0] and (on is None or starts.date() == on):
            left[0] -= 1
            return query.where(false())
        return query
    monkeypatch.setattr(services, "live_bookings", missing)


def test_an_overlap_the_lock_missed_is_refused_like_any_taken_time_with_the_nearest_free_days(
        booking_app, demo, signed_in, monkeypatch):
    minibus = _resource(booking_app, "Cluster minibus")
    assert signed_in("staff.park").post(f"/bookings/{minibus.id}/book",
                                        data=trip(demo.school("park").id)).status_code == 303
    blind_the_lock(monkeypatch)
    response = signed_in("staff.holt").post(f"/bookings/{minibus.id}/book",
                                            data=trip(demo.school("holt").id, starts="10:00", ends="12:00"))
    # the same answer as test_resources.py's lock path: 409, who has it, the nearest free days, all kept
    assert response.status_code == 409
    page = page_of(response)
    assert ALREADY_BOOKED in page
    assert 'name="alternative_day" value="2025-10-06"' in page and 'name="alternative_day" value="2025-10-08"' in page
    assert 'value="Trip to Erddig"' in page and 'value="Lowri Thomas"' in page
    assert [b.school_id for b in _live_bookings(booking_app, minibus.id, TUESDAY)] == [demo.school("park").id]


def test_an_overlap_the_database_refuses_twice_is_still_a_409_with_a_sentence(booking_app, demo, signed_in,
                                                                             monkeypatch):
    minibus = _resource(booking_app, "Cluster minibus")
    signed_in("staff.park").post(f"/bookings/{minibus.id}/book", data=trip(demo.school("park").id))
    blind_the_lock(monkeypatch, times=1000)
    response = signed_in("staff.holt").post(f"/bookings/{minibus.id}/book", data=trip(demo.school("holt").id))
    assert response.status_code == 409
    page = page_of(response)
    assert "Mae rhywun newydd archebu'r amser hwnnw. Dewiswch un arall." in page
    assert 'value="Trip to Erddig"' in page
    assert len(_live_bookings(booking_app, minibus.id, TUESDAY)) == 1


def test_a_weekly_repeat_that_meets_the_constraint_at_an_autoflush_books_the_free_weeks_and_lists_the_clash(
        booking_app, demo, signed_in, monkeypatch):
    hall = _resource(booking_app, "Darland High main hall")
    holt = demo.school("holt")
    signed_in("staff.all-saints").post(f"/bookings/{hall.id}/book", data={
        "school": demo.school("all-saints").id, "day": "2025-10-14", "starts": "13:00", "ends": "14:00",
        "purpose": "Harvest festival"})
    # the 14th looks free; its row goes to the database when the 21st's look autoflushes it
    blind_the_lock(monkeypatch, on=date(2025, 10, 14))
    response = signed_in("staff.holt").post(f"/bookings/{hall.id}/book", data={
        "school": holt.id, "day": "2025-09-30", "starts": "13:30", "ends": "15:00", "purpose": "Choir",
        "repeat_weekly": "y"}, follow_redirects=True)
    assert response.status_code == 200
    page = page_of(response)
    assert "Gwnaed 3 archeb" in page and "Heb ei archebu – Dydd Mawrth 14 Hydref" in page
    holt_days = [b.starts_at.date() for b in _live_bookings(booking_app, hall.id) if b.school_id == holt.id]
    assert holt_days == [date(2025, 9, 30), date(2025, 10, 7), date(2025, 10, 21)]
    with booking_app.app_context():
        assert len({b.series for b in db.session.scalars(select(ResourceBooking).where(
            ResourceBooking.school_id == holt.id, ResourceBooking.resource_id == hall.id))}) == 1
