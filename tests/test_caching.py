"""Pages with personal data are never kept by a browser or a proxy (issue #17): every signed-in page,
and every page behind a family's private link, answers `Cache-Control: no-store`; public pages and
static files keep their caching."""

from sqlalchemy import select

from app.bookings.meetings.models import MeetingSet
from app.extensions import db
from tests.conftest import sign_in_client
from tests.routes import all_routes
from tests.test_meetings import book, free_slot_ids, key_from

#: public pages that carry a family's private token or what they typed
PRIVATE_PAGES = {"surveys.start", "surveys.answer", "surveys.review", "surveys.thanks", "meetings.book",
                 "meetings.manage", "meetings.calendar_file", "meetings.change", "meetings.cancel",
                 "auth.join"}  # a provider's sign-in's e-mail address, before there is an account


def test_every_signed_in_page_answers_no_store(app, demo):
    cached = []
    for route in all_routes(app, demo):
        if route.method != "GET" or route.endpoint == "main.switch_language":
            continue
        visitor = next((who for who in ("admin", "leader", "staff", "governor", "officer") if route.allows(who)),
                       None)
        if visitor is None:
            continue
        client = sign_in_client(app.test_client(), demo.user({"leader": "head.holt", "staff": "staff.holt"}.get(
            visitor, visitor)))
        response = client.get(route.url)
        if response.status_code < 500 and response.headers.get("Cache-Control") != "no-store":
            cached.append(f"{route.url} ({route.endpoint}): {response.headers.get('Cache-Control')}")
    assert cached == []


def test_a_familys_private_pages_answer_no_store_and_public_pages_stay_cacheable(app, client, demo, make):
    app.config.update(WTF_CSRF_ENABLED=False, PUBLIC_FORM_RATE_LIMIT="100000 per minute")
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    token = survey.links[0].token
    first = client.post(f"/s/{token}").headers["Location"]
    review = client.post(first, data={"go": "next"}).headers["Location"]
    with app.app_context():
        meeting_token = db.session.scalar(select(MeetingSet.token))
    key = key_from(book(client, meeting_token, free_slot_ids(client, meeting_token)[0]))
    private = [f"/s/{token}", first, review, f"/meetings/b/{meeting_token}", f"/meetings/booking/{key}",
               f"/meetings/booking/{key}/meeting.ics", f"/meetings/booking/{key}/change",
               f"/meetings/booking/{key}/cancel"]
    for url in private:
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    for url in ("/", "/calendar/darland/", "/sign-in"):
        assert client.get(url).headers.get("Cache-Control") != "no-store", url
    # static files keep their long caching, signed in or not
    staff = sign_in_client(app.test_client(), demo.user("staff.holt"))
    assert staff.get("/static/css/app.css").headers.get("Cache-Control") != "no-store"


def test_the_private_pages_named_here_are_the_ones_marked_in_the_app(app):
    marked = {endpoint for endpoint, view in app.view_functions.items() if getattr(view, "private_page", False)}
    assert marked == PRIVATE_PAGES
