"""Come and see it (issue #18): a member of staff of another school asks to visit a piece of practice, the
host accepts with a day that goes into the calendar as a visit (or declines), and after the day both
write what they learned; in both languages, with and without JavaScript, and with many accepts at once."""

import re
from datetime import date

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.auth.models import User
from app.calendar.models import Activity, ActivityKind, ActivityStatus, TermKind
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.practice.models import PracticeItem, PracticeVisit, PracticeVisitNote, VisitKind, VisitStatus
from tests.concurrency import post_at_once, session_cookie
from tests.factories import TODAY
from tests.test_meetings import text_of

#: Holt's Eisteddfod practice: published to the cluster and public, its contact Holt's member of staff
PIECE = "Eisteddfod practice in every class"
#: a Tuesday of Spring 1 (term time), and days in the Christmas holiday and already gone
IN_TERM, IN_HOLIDAY, GONE = date(2026, 1, 13), date(2025, 12, 30), date(2025, 12, 1)


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def in_welsh(app, message: str, **values) -> str:
    """What the catalogue says in Welsh (the words this test expects, whichever the lead merged)."""
    with app.test_request_context(), force_locale("cy"):
        return _(message, **values)


def _piece(app, title_en: str = PIECE) -> PracticeItem:
    with app.app_context():
        item = db.session.scalar(select(PracticeItem).where(PracticeItem.title_en == title_en))
        db.session.expunge(item)
        return item


def _visit(app, visit_id: int) -> PracticeVisit:
    with app.app_context():
        visit = db.session.get(PracticeVisit, visit_id)
        db.session.expunge(visit)
        return visit


def _set_language(app, demo, who: str, language: str) -> None:
    with app.app_context():
        db.session.get(User, demo.user(who).id).preferred_locale = language
        db.session.commit()


def _outbox(app, recipient_of) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == recipient_of.email)
                                  .order_by(OutboxMessage.id)).all()


def _ask(client, item_id: int, **values):
    return client.post(f"/practice/{item_id}/visit", data={
        "kind": "observe", "message": "How every class gets ready for the Eisteddfod.",
        "wanted_dates": "Any Tuesday in January", **values})


def _visit_id(response) -> int:
    location = response.headers.get("Location") or response.headers["HX-Redirect"]
    return int(re.search(r"/practice/visits/(\d+)$", location).group(1))


def test_staff_ask_in_welsh_the_contact_accepts_and_both_write_what_they_learned_without_javascript(
        app, demo, signed_in, client, no_csrf):
    piece = _piece(app)
    _set_language(app, demo, "staff.holt", "cy")  # the contact reads Welsh, the visitor English
    _set_language(app, demo, "staff.park", "en")
    visitor = signed_in("staff.park")
    visitor.set_cookie("lang", "cy")
    page = visitor.get(f"/practice/{piece.id}")
    assert f'href="/practice/{piece.id}/visit"' in page.text
    assert visitor.get(f"/practice/{piece.id}/visit").status_code == 200

    response = _ask(visitor, piece.id)
    assert response.status_code == 303
    visit_id = _visit_id(response)
    asked = _outbox(app, demo.user("staff.holt"))[-1]
    assert asked.language == "cy" and piece.title_cy in asked.subject
    assert "How every class gets ready" in asked.body and f"/practice/visits/{visit_id}" in asked.body

    host = signed_in("staff.holt")
    assert f"/practice/visits/{visit_id}" in host.get("/practice/visits").text
    # notes wait for the day of the visit: none yet
    assert host.post(f"/practice/visits/{visit_id}/note", data={"text": "Too soon"}).status_code == 403
    response = host.post(f"/practice/visits/{visit_id}/answer", data={
        "visit_on": "13/01/2026", "starts_at": "10:00", "answer_note": "Come to reception", "accept": "Accept"})
    assert response.status_code == 303
    visit = _visit(app, visit_id)
    assert (visit.status, visit.visit_on, visit.answered_by_id) == (VisitStatus.ACCEPTED, IN_TERM,
                                                                      demo.user("staff.holt").id)
    answered = _outbox(app, demo.user("staff.park"))[-1]
    assert answered.language == "en" and "Tuesday 13 January 2026" in answered.body
    assert "Come to reception" in answered.body

    with app.app_context():
        activity = db.session.get(Activity, visit.activity_id)
        assert (activity.kind, activity.strand, activity.for_staff, activity.all_schools) == (
            ActivityKind.VISIT, piece.strand, True, False)
        assert activity.host_school_id == demo.school("holt").id
        assert sorted(school.slug for school in activity.schools) == ["holt", "park"]
        assert (activity.half_term.term.kind, activity.half_term.number) == (TermKind.SPRING, 1)
        assert activity.starts_on == IN_TERM
        assert activity.title_en == f"Visit: {piece.title_en}"
        assert activity.title_cy == in_welsh(app, "Visit: %(title)s", title=piece.title_cy)
        assert demo.user("staff.park").name in activity.description_en and "Park" in activity.description_en
    # in the calendar for staff, not for families
    address = f"/calendar/darland/activities/{activity.id}"
    assert signed_in("staff.all-saints").get(address).status_code == 200
    assert client.get(address).status_code == 404

    # the day comes: each writes one note, and changing it keeps one
    app.config["TODAY"] = "2026-01-13"
    assert visitor.post(f"/practice/visits/{visit_id}/note", data={"text": "Ready a week early"}).status_code == 303
    assert visitor.post(f"/practice/visits/{visit_id}/note", data={"text": "Every class ready"}).status_code == 303
    assert host.post(f"/practice/visits/{visit_id}/note", data={"text": "Good questions"}).status_code == 303
    with app.app_context():
        notes = dict(db.session.execute(select(PracticeVisitNote.author_id, PracticeVisitNote.text)
                                        .where(PracticeVisitNote.visit_id == visit_id)).all())
        assert notes == {demo.user("staff.park").id: "Every class ready", demo.user("staff.holt").id: "Good questions"}
    # what visitors learned shows on the piece to colleagues, never to families (the piece is public)
    assert "Every class ready" in signed_in("governor").get(f"/practice/{piece.id}").text
    public_page = client.get(f"/practice/{piece.id}")
    assert public_page.status_code == 200 and "Every class ready" not in public_page.text


def test_with_htmx_the_forms_answer_with_their_fragment_or_a_redirect(app, demo, signed_in, no_csrf):
    piece = _piece(app)
    visitor = signed_in("staff.park", htmx=True)
    refused = _ask(visitor, piece.id, kind="", message="")
    assert refused.status_code == 422
    assert 'id="visit-ask-form"' in refused.text and "<html" not in refused.text
    assert 'value="Any Tuesday in January"' in refused.text  # what was typed is kept
    response = _ask(visitor, piece.id)
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/practice/visits/")
    visit_id = _visit_id(response)

    host = signed_in("head.holt", htmx=True)  # a leader of the piece's school answers too
    host.set_cookie("lang", "en")
    missing_day = host.post(f"/practice/visits/{visit_id}/answer", data={"answer_note": "Kept note", "accept": "y"})
    assert missing_day.status_code == 422 and 'id="visit-answer"' in missing_day.text
    assert "Enter the day of the visit" in text_of(missing_day) and "Kept note" in missing_day.text
    accepted = host.post(f"/practice/visits/{visit_id}/answer", data={"visit_on": "2026-01-13", "accept": "y"})
    assert accepted.status_code == 200 and accepted.headers["HX-Redirect"] == f"/practice/visits/{visit_id}"
    assert _visit(app, visit_id).status == VisitStatus.ACCEPTED


def test_only_staff_of_other_schools_who_may_read_a_piece_ask_and_only_once(app, demo, signed_in, make, no_csrf):
    piece = _piece(app)
    for own in ("staff.holt", "head.holt"):
        reader = signed_in(own)
        reader.set_cookie("lang", "en")  # the demo's heads read in Welsh
        refused = reader.get(f"/practice/{piece.id}/visit")
        assert refused.status_code == 403 and "its own school's staff are the hosts" in text_of(refused)
        assert f'href="/practice/{piece.id}/visit"' not in signed_in(own).get(f"/practice/{piece.id}").text
    for role in ("admin", "governor", "officer"):
        assert signed_in(role).get(f"/practice/{piece.id}/visit").status_code == 403
    draft = _piece(app, "A calm start to the day")  # Holt's draft: other schools do not know it exists
    assert signed_in("staff.park").get(f"/practice/{draft.id}/visit").status_code == 404
    assert _ask(signed_in("staff.park"), draft.id).status_code == 404

    visitor = signed_in("staff.park")
    visitor.set_cookie("lang", "cy")
    assert _ask(visitor, piece.id).status_code == 303
    again = _ask(visitor, piece.id, message="Second time")
    assert again.status_code == 422
    assert in_welsh(app, "You have already asked to visit this piece of practice. See your request under "
                         "“Visits”, or cancel it to ask again.") in text_of(again)
    assert "Second time" in again.text
    with app.app_context():
        assert db.session.scalar(select(func.count(PracticeVisit.id)).where(PracticeVisit.item_id == piece.id)) == 1


def test_who_may_see_answer_and_cancel_a_visit_and_the_days_refused(app, demo, signed_in, no_csrf):
    piece = _piece(app)
    visitor = signed_in("staff.park")
    visit_id = _visit_id(_ask(visitor, piece.id))
    for stranger in ("staff.all-saints", "head.park"):  # neither asked nor answers for Holt: nothing to see
        assert signed_in(stranger).get(f"/practice/visits/{visit_id}").status_code == 404
        assert signed_in(stranger).post(f"/practice/visits/{visit_id}/answer",
                                        data={"visit_on": "2026-01-13"}).status_code == 404
    assert visitor.post(f"/practice/visits/{visit_id}/answer", data={"visit_on": "2026-01-13"}).status_code == 403
    host = signed_in("staff.holt")
    assert host.post(f"/practice/visits/{visit_id}/cancel").status_code == 403  # only the asker cancels

    host.set_cookie("lang", "cy")
    holiday = host.post(f"/practice/visits/{visit_id}/answer", data={"visit_on": IN_HOLIDAY.isoformat()})
    assert holiday.status_code == 422
    with app.test_request_context(), force_locale("cy"):
        from flask_babel import format_date
        expected = _("Choose a day in term time: %(day)s is in a holiday or outside the calendar",
                     day=format_date(IN_HOLIDAY, "d MMMM y"))
    assert expected in text_of(holiday)
    gone = host.post(f"/practice/visits/{visit_id}/answer", data={"visit_on": GONE.isoformat()})
    assert gone.status_code == 422 and in_welsh(app, "Choose today or a day to come") in text_of(gone)
    assert _visit(app, visit_id).status == VisitStatus.REQUESTED
    with app.app_context():
        assert db.session.scalar(select(func.count(Activity.id)).where(Activity.kind == ActivityKind.VISIT)) == 1

    # the cluster admin accepts; the asker cancels before the day: the calendar keeps it, cancelled
    assert signed_in("admin").post(f"/practice/visits/{visit_id}/answer",
                                   data={"visit_on": "2026-01-13"}).status_code == 303
    assert host.post(f"/practice/visits/{visit_id}/answer", data={"visit_on": "2026-01-14"}).status_code == 409
    assert visitor.post(f"/practice/visits/{visit_id}/cancel").status_code == 303
    visit = _visit(app, visit_id)
    with app.app_context():
        assert visit.status == VisitStatus.CANCELLED
        assert db.session.get(Activity, visit.activity_id).status == ActivityStatus.CANCELLED
    assert visitor.post(f"/practice/visits/{visit_id}/cancel").status_code == 409
    # cancelled, the person may ask again
    assert _ask(visitor, piece.id).status_code == 303


def test_a_declined_request_tells_the_visitor_in_their_language(app, demo, signed_in, no_csrf):
    _set_language(app, demo, "staff.park", "cy")
    piece = _piece(app)
    visit_id = _visit_id(_ask(signed_in("staff.park"), piece.id))
    response = signed_in("head.holt").post(f"/practice/visits/{visit_id}/answer", data={
        "answer_note": "Not this term", "decline": "Decline"})
    assert response.status_code == 303
    assert _visit(app, visit_id).status == VisitStatus.DECLINED
    message = _outbox(app, demo.user("staff.park"))[-1]
    assert message.language == "cy" and "Not this term" in message.body
    assert in_welsh(app, "Visit declined: %(title)s", title=piece.title_cy) == message.subject


def test_many_accepts_at_once_make_one_visit_in_the_calendar(app, demo, live_server, signed_in, no_csrf):
    piece = _piece(app)
    visit_id = _visit_id(_ask(signed_in("staff.park"), piece.id))
    hosts = [session_cookie(app, demo.user(who)) for who in ("staff.holt", "head.holt", "admin")]
    days = ["2026-01-13", "2026-01-14", "2026-01-15"]
    statuses = post_at_once(live_server, [(hosts[n % 3], f"/practice/visits/{visit_id}/answer",
                                           {"visit_on": days[n % 3], "accept": "y"}) for n in range(12)])
    assert statuses.count(303) == 1 and set(statuses) <= {303, 409}
    with app.app_context():
        visits = db.session.scalars(select(Activity).where(Activity.kind == ActivityKind.VISIT,
                                                           Activity.title_en == f"Visit: {PIECE}")).all()
        assert len(visits) == 1
        assert db.session.get(PracticeVisit, visit_id).activity_id == visits[0].id


def test_the_demo_has_a_visit_made_this_year_with_both_notes_and_a_request_waiting(app, demo, signed_in):
    with app.app_context():
        made, waiting = db.session.scalars(select(PracticeVisit).order_by(PracticeVisit.id)).all()
        assert made.status == VisitStatus.ACCEPTED and made.visit_on < TODAY and made.visit_on.weekday() == 1
        assert made.activity.half_term.contains(made.visit_on) and made.activity.academic_year_id == demo.year.id
        assert len(made.notes) == 2
        assert (waiting.status, waiting.kind) == (VisitStatus.REQUESTED, VisitKind.VISIT)
    page = signed_in("staff.holt").get("/practice/visits")
    assert f"/practice/visits/{made.id}" in page.text and f"/practice/visits/{waiting.id}" in page.text
    learned = text_of(signed_in("staff.all-saints").get(f"/practice/{made.item_id}"))
    assert "Pupils explained each step" in learned and "cardiau hyfforddi" in learned


def test_the_leadership_summary_counts_visits_made_and_received_in_the_period(app, demo, signed_in, no_csrf):
    from app.summaries.periods import period_of_day
    from app.summaries.services import Scope, build_summary
    from tests.test_summaries import _cells

    # a visit accepted for next term counts then, not now
    visit_id = _visit_id(_ask(signed_in("staff.park"), _piece(app).id))
    signed_in("staff.holt").post(f"/practice/visits/{visit_id}/answer", data={"visit_on": "2026-01-13"})
    with app.test_request_context(headers={"Accept-Language": "en"}):
        cluster = db.session.get(type(demo.cluster), demo.cluster.id)
        for day, holt, park in ((TODAY, (1, 0), (0, 1)), (IN_TERM, (0, 1), (1, 0))):
            table = build_summary(Scope.of_cluster(cluster), period_of_day([cluster.id], day), day).table(
                "participation")
            # the demo's visit: Holt's member of staff saw Park's digital leaders this half term
            assert (_cells(table, "Holt CP School")["visits_made"][0],
                    _cells(table, "Holt CP School")["visits_received"][0]) == holt
            assert (_cells(table, "Park CP School")["visits_made"][0],
                    _cells(table, "Park CP School")["visits_received"][0]) == park
            assert _cells(table, "All schools")["visits_made"][0] == 1


def test_a_request_for_a_piece_with_no_contact_reaches_its_schools_leaders(app, demo, signed_in, no_csrf):
    """Somebody hears of every request: with no contact named, the piece's school's heads, who answer it."""
    piece = _piece(app)
    with app.app_context():
        db.session.get(PracticeItem, piece.id).contact_id = None
        db.session.commit()
    assert _ask(signed_in("staff.park"), piece.id).status_code == 303
    assert len(_outbox(app, demo.user("head.holt"))) == 1
    assert _outbox(app, demo.user("staff.holt")) == []
