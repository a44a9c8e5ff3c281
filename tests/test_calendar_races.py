"""Calendar changes that many people may make at the same moment, fired at a real server."""

from sqlalchemy import func, select

from app.calendar.models import AcademicYear, Activity, Approval
from app.calendar.services import activities_to_copy
from app.extensions import db
from tests.concurrency import post_at_once, session_cookie


def test_five_leaders_copying_the_year_at_once_make_one_next_year(app, demo, live_server):
    app.config["WTF_CSRF_ENABLED"] = False
    leaders = [demo.user(f"head.{slug}") for slug in ("holt", "park", "the-rofft", "st-peters", "all-saints")]
    path = f"/calendar/darland/years/{demo.year.id}/copy"
    with app.app_context():
        to_copy = len(activities_to_copy(db.session.get(AcademicYear, demo.year.id)))
    statuses = post_at_once(live_server, [(session_cookie(app, leader), path, {}) for leader in leaders])
    assert statuses == [303] * 5
    with app.app_context():
        years = db.session.scalars(select(AcademicYear).order_by(AcademicYear.start_year)).all()
        assert [year.start_year for year in years] == [2024, 2025, 2026]
        copies = db.session.scalar(select(func.count(Activity.id)).where(Activity.academic_year_id == years[2].id))
        assert copies == to_copy > 40  # every approved, not cancelled activity (but visits), once


def test_two_leaders_deciding_one_proposal_at_once_one_decides(app, demo, live_server):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        proposal_id = demo.activity("Careers Fair").id
        db.session.get(Activity, proposal_id).approval = Approval.PROPOSED
        db.session.commit()
    path = f"/calendar/darland/activities/{proposal_id}/approval"
    statuses = post_at_once(live_server, [
        (session_cookie(app, demo.user("head.holt")), path, {"approve": "Approve"}),
        (session_cookie(app, demo.user("head.park")), path, {"decline": "Decline", "approval_note": "No room"}),
    ])
    assert sorted(statuses) == [303, 409]
    with app.app_context():
        decided = db.session.get(Activity, proposal_id)
        expected = Approval.APPROVED if statuses[0] == 303 else Approval.DECLINED
        assert decided.approval == expected
