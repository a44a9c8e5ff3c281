"""Calendar changes that many people may make at the same moment, fired at a real server."""

import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from sqlalchemy import func, select

from app.calendar.models import AcademicYear, Activity, Approval
from app.extensions import db
from tests.conftest import sign_in_client


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_at_once(base_url: str, requests: list[tuple[str, str, dict]]) -> list[int]:
    """POST each (session cookie, path, form) at the same moment from its own thread; the statuses."""
    opener = urllib.request.build_opener(_NoRedirects)
    start = threading.Barrier(len(requests))

    def post(cookie_path_form):
        cookie, path, form = cookie_path_form
        request = urllib.request.Request(base_url + path, data=urlencode(form).encode(), method="POST",
                                         headers={"Cookie": cookie})
        start.wait()
        try:
            with opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(post, requests))


def _session_cookie(app, user) -> str:
    client = sign_in_client(app.test_client(), user)
    name = app.config["SESSION_COOKIE_NAME"]
    return f"{name}={client.get_cookie(name).value}"


def test_five_leaders_copying_the_year_at_once_make_one_next_year(app, demo, live_server):
    app.config["WTF_CSRF_ENABLED"] = False
    leaders = [demo.user(f"head.{slug}") for slug in ("holt", "park", "the-rofft", "st-peters", "all-saints")]
    path = f"/calendar/darland/years/{demo.year.id}/copy"
    statuses = post_at_once(live_server, [(_session_cookie(app, leader), path, {}) for leader in leaders])
    assert statuses == [303] * 5
    with app.app_context():
        years = db.session.scalars(select(AcademicYear).order_by(AcademicYear.start_year)).all()
        assert [year.start_year for year in years] == [2025, 2026]
        copies = db.session.scalar(select(func.count(Activity.id)).where(Activity.academic_year_id == years[1].id))
        assert copies == 49  # every approved, not cancelled activity, once


def test_two_leaders_deciding_one_proposal_at_once_one_decides(app, demo, live_server):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        proposal_id = demo.activity("Careers Fair").id
        db.session.get(Activity, proposal_id).approval = Approval.PROPOSED
        db.session.commit()
    path = f"/calendar/darland/activities/{proposal_id}/approval"
    statuses = post_at_once(live_server, [
        (_session_cookie(app, demo.user("head.holt")), path, {"approve": "Approve"}),
        (_session_cookie(app, demo.user("head.park")), path, {"decline": "Decline", "approval_note": "No room"}),
    ])
    assert sorted(statuses) == [303, 409]
    with app.app_context():
        decided = db.session.get(Activity, proposal_id)
        expected = Approval.APPROVED if statuses[0] == 303 else Approval.DECLINED
        assert decided.approval == expected
