"""The Cluster Leadership Group's meetings: recording one, agreeing actions, their progress, what
carries forward to the next agenda, the printable pack, and governors reading without changing."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.calendar.models import AcademicYear
from app.extensions import db
from app.summaries.models import Action, ActionStatus, LeadershipMeeting
from tests.reading import page_of


@pytest.fixture(autouse=True)
def without_csrf(app):
    """CSRF has its own test of every form (tests/test_csrf.py)."""
    app.config["WTF_CSRF_ENABLED"] = False


def _spring_1(app, demo) -> int:
    with app.app_context():
        year = db.session.get(AcademicYear, demo.year.id)
        return next(half.id for term in year.terms for half in term.half_terms
                    if term.kind == "spring" and half.number == 1)


def test_a_head_records_a_meeting_and_agrees_two_actions_without_javascript(app, demo, signed_in):
    head = signed_in("head.holt")
    form = page_of(head.get("/summary/meetings/new", headers={"Accept-Language": "en"}))
    assert "Record a meeting" in form
    sent = head.post("/summary/meetings/new", data={
        "held_on": "16/02/2026", "half_term_id": _spring_1(app, demo),
        "attendees": [demo.user("head.holt").id, demo.user("head.park").id],
        "notes_en": "Reviewed Spring 1.", "notes_cy": "Adolygu Gwanwyn 1."})
    assert sent.status_code == 303
    with app.app_context():
        meeting = db.session.scalar(select(LeadershipMeeting).where(LeadershipMeeting.notes_en == "Reviewed Spring 1."))
        assert {person.name for person in meeting.attendees} == {"Owain Jones", "Helen Davies"}
        meeting_id = meeting.id
    for text, owner in (("Share the reading project", f"school-{demo.school('holt').id}"),
                        ("Book the transition buses", f"person-{demo.user('head.park').id}")):
        added = head.post(f"/summary/meetings/{meeting_id}/actions", data={
            "text_en": text, "text_cy": "", "owner": owner, "strand": "curriculum", "due_on": "2026-03-27"})
        assert added.status_code == 303
    page = page_of(head.get(f"/summary/meetings/{meeting_id}", headers={"Accept-Language": "en"}))
    assert "Share the reading project" in page and "Book the transition buses" in page
    # the autumn's open actions are carried forward to this meeting's agenda
    carried = page[page.index("Carried forward"):page.index("Notes and decisions")]
    assert "Agree the dates of the Year 6 transition days" in carried
    assert "Send the family survey link again" not in carried  # done in November
    with app.app_context():
        assert db.session.scalar(select(db.func.count(AuditEvent.id))
                                 .where(AuditEvent.entity_type == "leadership_actions")) == 2


def test_a_bad_action_is_refused_in_the_readers_language_and_nothing_is_saved(app, demo, signed_in):
    head = signed_in("head.holt")
    with app.app_context():
        meeting_id = db.session.scalar(select(LeadershipMeeting.id).where(LeadershipMeeting.network_id.is_(None))
                                       .order_by(LeadershipMeeting.held_on))
        before = db.session.scalar(select(db.func.count(Action.id)))
    refused = head.post(f"/summary/meetings/{meeting_id}/actions", data={
        "text_en": "", "text_cy": "", "owner": "school-99999", "strand": "nonsense", "due_on": "31/02/2026"},
        headers={"Accept-Language": "cy"})
    assert refused.status_code == 422
    page = page_of(refused)
    assert "Mae problem" in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Action.id))) == before
    htmx = signed_in("head.holt", htmx=True).post(f"/summary/meetings/{meeting_id}/actions", data={"text_en": ""})
    assert htmx.status_code == 422 and "<html" not in htmx.get_data(as_text=True)


def test_marking_an_action_done_takes_it_off_the_next_agenda(app, demo, signed_in):
    head = signed_in("head.darland-high")
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.text_en.like("Agree the dates%")))
        action_id, later_meeting = action.id, db.session.scalar(
            select(LeadershipMeeting.id).where(LeadershipMeeting.network_id.is_(None))
            .order_by(LeadershipMeeting.held_on.desc()))
    english = {"Accept-Language": "en"}
    assert "Agree the dates" in page_of(head.get(f"/summary/meetings/{later_meeting}", headers=english))
    done = head.post(f"/summary/actions/{action_id}", data={"status": "done", "update_note": "Dates: 22–24 June."})
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(Action, action_id).status == ActionStatus.DONE
    page = page_of(head.get(f"/summary/meetings/{later_meeting}", headers={"Accept-Language": "en"}))
    carried = page[page.index("Carried forward"):page.index("Notes and decisions")]
    assert "Agree the dates" not in carried
    assert head.post(f"/summary/actions/{action_id}", data={"status": "finished"}).status_code == 422


def test_the_pack_prints_the_agenda_the_half_terms_tables_and_the_last_decisions(app, demo, signed_in):
    with app.app_context():
        meeting_id = db.session.scalar(select(LeadershipMeeting.id).where(LeadershipMeeting.network_id.is_(None))
                                       .order_by(LeadershipMeeting.held_on.desc()))
    for language, words in (("en", ("Agenda", "Autumn 2 2025/26", "Participation", "Decisions of the last meeting",
                                    "Reviewed Autumn 1")),
                            ("cy", ("Agenda", "Hydref 2 2025/26", "Cyfranogiad", "Penderfyniadau'r cyfarfod diwethaf",
                                    "Adolygu Hydref 1"))):
        page = page_of(signed_in("governor").get(f"/summary/meetings/{meeting_id}/pack",
                                                 headers={"Accept-Language": language}))
        for word in words:
            assert word in page, word


def test_governors_read_meetings_but_change_nothing(app, demo, signed_in):
    governor = signed_in("governor")
    with app.app_context():
        meeting_id = db.session.scalar(select(LeadershipMeeting.id).where(LeadershipMeeting.network_id.is_(None))
                                       .order_by(LeadershipMeeting.held_on))
        action_id = db.session.scalar(select(Action.id).where(Action.status == ActionStatus.OPEN))
    page = page_of(governor.get(f"/summary/meetings/{meeting_id}", headers={"Accept-Language": "en"}))
    assert "Agree an action" not in page and "Update this action" not in page
    assert governor.post(f"/summary/actions/{action_id}", data={"status": "done"}).status_code == 403
    assert governor.get("/summary/meetings/new").status_code == 403
