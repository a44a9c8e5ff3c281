"""A feed shows no more than its page (issue #17, item 7).

A feed is read by a calendar app, which sends no cookies, so it is reached with a personal key in its
address as well as with a session. Either way, the person behind it must be allowed to open the page
the feed mirrors: the minibus's week for a resource's bookings, the calendar for the calendar's feeds.
"""

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.auth.models import Role, User
from app.bookings.resources.models import Resource, ResourceBooking
from app.calendar.feeds import key_for
from app.calendar.models import AcademicYear, Activity, Term, TermKind
from app.extensions import db
from tests.routes_common import VISITORS

#: a proposal from Holt's staff, and an approved meeting for staff only: what families never see
PROPOSAL = "Holt's proposed science morning"
STAFF_ONLY = "Staff INSET on oracy"


@pytest.fixture
def feeds_app(app, demo):
    app.config["WTF_CSRF_ENABLED"] = False  # tokens: test_csrf.py
    return app


def _key(app, user_id: int) -> str:
    with app.app_context():
        return key_for(db.session.get(User, user_id))


def _visitor(app, demo, signed_in, who: str):
    """A client signed in as `who` (a role of tests/routes_common.VISITORS), or a family's, signed in as no one."""
    return app.test_client() if who == "anonymous" else signed_in(who)


@pytest.fixture
def minibus(feeds_app) -> int:
    with feeds_app.app_context():
        return db.session.scalar(select(Resource.id).where(Resource.name_en == "Cluster minibus"))


def _trips(app, minibus: int) -> set[str]:
    """The purposes of the minibus's demo trips, as a feed would name them."""
    with app.app_context():
        return set(db.session.scalars(select(ResourceBooking.purpose).where(ResourceBooking.resource_id == minibus)))


def test_a_governor_gets_no_minibus_feed_by_session_or_by_key(feeds_app, demo, signed_in, minibus):
    governor = signed_in("governor")
    assert governor.get(f"/bookings/{minibus}").status_code == 403
    by_session = governor.get(f"/bookings/{minibus}/bookings.ics")
    key = _key(feeds_app, demo.user("governor").id)
    by_key = feeds_app.test_client().get(f"/bookings/{minibus}/bookings.ics?key={key}")
    for refused in (by_session, by_key):
        assert refused.status_code == 404  # as if there were no feed: a calendar app cannot sign in
        assert refused.mimetype != "text/calendar"
        assert not any(trip in refused.get_data(as_text=True) for trip in _trips(feeds_app, minibus))


def test_staff_get_the_minibus_feed_by_session_and_by_key(feeds_app, demo, signed_in, minibus):
    by_session = signed_in("staff.holt").get(f"/bookings/{minibus}/bookings.ics")
    key = _key(feeds_app, demo.user("staff.holt").id)
    by_key = feeds_app.test_client().get(f"/bookings/{minibus}/bookings.ics?key={key}")
    for allowed in (by_session, by_key):
        assert allowed.status_code == 200 and allowed.mimetype == "text/calendar"
        assert Calendar.from_ical(allowed.data).walk("VEVENT")


@pytest.mark.parametrize("who", VISITORS)
def test_the_minibus_feed_follows_the_week_page_for_every_role(feeds_app, demo, signed_in, minibus, who):
    """Whoever may open the week gets the feed; whoever may not gets none, by session or by key."""
    page = _visitor(feeds_app, demo, signed_in, who).get(f"/bookings/{minibus}")
    feeds = [_visitor(feeds_app, demo, signed_in, who).get(f"/bookings/{minibus}/bookings.ics")]
    if who != "anonymous":
        feeds.append(feeds_app.test_client().get(
            f"/bookings/{minibus}/bookings.ics?key={_key(feeds_app, demo.user(who).id)}"))
    for feed in feeds:
        if page.status_code == 200:
            assert feed.status_code == 200 and feed.mimetype == "text/calendar", who
        else:
            assert feed.status_code == 404, (who, feed.status_code)


def test_a_key_of_another_cluster_gets_no_minibus_feed(feeds_app, make, demo, minibus):
    elsewhere = make.cluster()
    school = make.school(elsewhere.id)
    stranger = make.user(Role.STAFF, cluster_id=elsewhere.id, school_id=school.id)
    assert feeds_app.test_client().get(
        f"/bookings/{minibus}/bookings.ics?key={_key(feeds_app, stranger.id)}").status_code == 404


# --- the calendar's feeds --------------------------------------------------------------------------------------

@pytest.fixture
def private_activities(feeds_app, demo, signed_in) -> dict[str, int]:
    """A Holt staff proposal and a staff-only approved activity, both dated: {title: id}."""
    base = {"title_cy": "", "strand": "curriculum", "kind": "event", "starts_on": "2026-03-05",
            "starts_at": "15:30", "ends_at": "16:30", "all_schools": "1", "for_staff": "y"}
    with feeds_app.app_context():
        spring = db.session.scalar(select(Term).join(Term.academic_year).where(
            AcademicYear.start_year == 2025, Term.kind == TermKind.SPRING))
        base["term_id"] = str(spring.id)
    assert signed_in("staff.holt").post("/calendar/darland/activities/new",
                                        data={**base, "title_en": PROPOSAL}).status_code == 303
    assert signed_in("head.park").post("/calendar/darland/activities/new",
                                       data={**base, "title_en": STAFF_ONLY}).status_code == 303
    with feeds_app.app_context():
        return {title: db.session.scalar(select(Activity.id).where(Activity.title_en == title))
                for title in (PROPOSAL, STAFF_ONLY)}


def _uids(response) -> set[str]:
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return {str(event["uid"]) for event in Calendar.from_ical(response.data).walk("VEVENT")}


@pytest.mark.parametrize("who", [*VISITORS, "staff.park"])
def test_the_calendar_feeds_show_each_activity_exactly_when_its_page_does(feeds_app, demo, signed_in,
                                                                         private_activities, who):
    """By session and by key, the cluster's, a school's and a strand's feed hold an activity only for those who
    may open its page; and its 'add to calendar' file is refused to the others, as the page is."""
    session = _visitor(feeds_app, demo, signed_in, who)
    readers = [(session, "")]
    if who != "anonymous":
        readers.append((feeds_app.test_client(), f"key={_key(feeds_app, demo.user(who).id)}"))
    visible = {}
    for activity_id in private_activities.values():
        page = session.get(f"/calendar/darland/activities/{activity_id}")
        assert page.status_code in (200, 404)
        assert session.get(f"/calendar/darland/activities/{activity_id}/event.ics").status_code == page.status_code
        visible[f"activity-{activity_id}@darland.clwstwr"] = page.status_code == 200
    for reader, key in readers:
        for feed in ("feed.ics", "schools/holt/feed.ics", "strands/curriculum/feed.ics"):
            uids = _uids(reader.get(f"/calendar/darland/{feed}?{key}"))
            assert {uid: uid in uids for uid in visible} == visible, (who, key[:4], feed)


def _page_shows(app, demo, signed_in, who: str, activity_id: int) -> bool:
    """Whether `who`, signed in, may open the activity's page."""
    return signed_in(who).get(f"/calendar/darland/activities/{activity_id}").status_code == 200


def test_who_sees_the_private_activities_is_what_the_calendar_promises(feeds_app, demo, signed_in,
                                                                      private_activities):
    """The rule the feeds follow, spelt out: families see neither; the proposal is Holt's staff's and the
    leaders'; the staff-only activity is every member's."""
    proposal, staff_only = private_activities[PROPOSAL], private_activities[STAFF_ONLY]
    seen = {who: {activity_id for activity_id in (proposal, staff_only)
                  if _page_shows(feeds_app, demo, signed_in, who, activity_id)}
            for who in ("staff.holt", "staff.park", "head.park", "governor")}
    assert seen == {"staff.holt": {proposal, staff_only}, "staff.park": {staff_only},
                    "head.park": {proposal, staff_only}, "governor": {staff_only}}
    family = feeds_app.test_client()
    assert not _uids(family.get("/calendar/darland/feed.ics")) & {
        f"activity-{activity_id}@darland.clwstwr" for activity_id in (proposal, staff_only)}
