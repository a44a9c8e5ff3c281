"""Networks (issue #18): starting one and choosing its members, joining and leaving, who reads what,
planning a meeting into the calendar (never in a holiday), its notes and actions (the leadership
meetings' own), kept apart from the Cluster Leadership Group's, and the practice that came from it."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.calendar.models import Activity, ActivityKind, Strand
from app.extensions import db
from app.networks.models import Network, NetworkMember
from app.practice.models import PracticeItem, Reach
from app.summaries.meeting_services import carried_forward, meetings_of, open_actions
from app.summaries.models import Action, LeadershipMeeting
from tests.conftest import sign_in_client
from tests.reading import page_of

EN, CY = {"Accept-Language": "en"}, {"Accept-Language": "cy"}


@pytest.fixture(autouse=True)
def without_csrf(app):
    """CSRF has its own test of every form (tests/test_csrf.py)."""
    app.config["WTF_CSRF_ENABLED"] = False


def _network(app, name_en) -> Network:
    with app.app_context():
        network = db.session.scalar(select(Network).where(Network.name_en == name_en))
        db.session.expunge(network)
        return network


def _leaders(app):
    return _network(app, "Curriculum Leaders")


def _plc(app):
    return _network(app, "Wellbeing PLC (School Partnership Programme)")


def _meetings(app, network_id) -> list[LeadershipMeeting]:
    with app.app_context():
        return [(meeting.id, meeting.held_on) for meeting in db.session.scalars(
            select(LeadershipMeeting).where(LeadershipMeeting.network_id == network_id)
            .order_by(LeadershipMeeting.held_on))]


def _members(app, network_id) -> dict[str, bool]:
    with app.app_context():
        return {member.user.email.split("@")[0]: member.convenor for member in db.session.scalars(
            select(NetworkMember).where(NetworkMember.network_id == network_id))}


def test_the_demo_has_three_networks_with_members_meetings_and_practice(app, demo, signed_in):
    page = page_of(signed_in("staff.park").get("/networks/", headers=EN))
    for name in ("Curriculum Leaders", "Darland Learning Community Network",
                 "Wellbeing PLC (School Partnership Programme)"):
        assert name in page
    welsh = page_of(signed_in("staff.park").get("/networks/", headers=CY))
    assert "Arweinwyr y Cwricwlwm" in welsh and "Rhwydwaith Cymuned Ddysgu Darland" in welsh
    leaders = _leaders(app)
    past, upcoming = _meetings(app, leaders.id)
    assert past[1] < date(2025, 12, 17) <= upcoming[1]
    page = page_of(signed_in("governor").get(f"/networks/{leaders.id}", headers=EN))
    assert "Mark Williams" in page and "Dafydd Lloyd" in page
    assert "Securing pupil progress in Mathematics" in page
    assert "Put every school's Mathematics progression map in the shared folder" in page
    meeting = page_of(signed_in("governor").get(f"/networks/{leaders.id}/meetings/{past[0]}", headers=EN))
    assert "Reviewed the Mathematics workshop" in meeting and "Plan the Humanities workshop" in meeting
    assert "Update this action" not in meeting  # governors read, they do not change


def test_a_head_starts_a_network_chooses_members_and_a_member_of_staff_joins_and_leaves(app, demo, signed_in):
    head = signed_in("head.holt")
    assert "Start a network" in page_of(head.get("/networks/", headers=EN))
    refused = head.post("/networks/new", data={"name_en": "", "name_cy": "", "strand": "nonsense",
                                               "purpose_en": "Kept as typed"}, headers=CY)
    assert refused.status_code == 422
    assert "Mae problem" in page_of(refused) and "Rhowch hwn yn Saesneg, yn Gymraeg, neu'r ddwy" in page_of(refused)
    assert "Kept as typed" in page_of(refused)
    sent = head.post("/networks/new", data={"name_en": "Languages network", "name_cy": "Rhwydwaith ieithoedd",
                                            "purpose_en": "Oracy across the cluster", "strand": "curriculum",
                                            "area": "languages"})
    assert sent.status_code == 303
    with app.app_context():
        network = db.session.scalar(select(Network).where(Network.name_en == "Languages network"))
        network_id = network.id
        assert network.cluster_id == demo.cluster.id and not network.authority_wide
    assert _members(app, network_id) == {"head.holt": True}  # the head who started it convenes it
    added = head.post(f"/networks/{network_id}/members", data={"person": demo.user("staff.park").id})
    assert added.status_code == 303
    # no one from outside the cluster, and no governor
    for outsider in (demo.user("governor").id, 999999):
        refused = head.post(f"/networks/{network_id}/members", data={"person": outsider}, headers=EN)
        assert refused.status_code == 422
    assert _members(app, network_id) == {"head.holt": True, "staff.park": False}

    staff = signed_in("staff.all-saints")
    assert "Join this network" in page_of(staff.get(f"/networks/{network_id}", headers=EN))
    assert staff.post(f"/networks/{network_id}/membership", data={"change": "join"}).status_code == 303
    assert _members(app, network_id)["staff.all-saints"] is False
    assert "Leave this network" in page_of(staff.get(f"/networks/{network_id}", headers=EN))
    assert staff.post(f"/networks/{network_id}/membership", data={"change": "leave"}).status_code == 303
    assert "staff.all-saints" not in _members(app, network_id)
    removed = head.post(f"/networks/{network_id}/members/remove", data={"person": demo.user("staff.park").id})
    assert removed.status_code == 303
    assert _members(app, network_id) == {"head.holt": True}
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_type == "networks", AuditEvent.entity_id == network_id)).all()
        assert actions.count("member_added") == 2 and actions.count("member_removed") == 2
        assert "created" in actions


def test_members_change_with_htmx_in_place(app, demo, signed_in):
    leaders = _leaders(app)
    htmx = signed_in("admin", htmx=True)
    answer = htmx.post(f"/networks/{leaders.id}/members", data={"person": ""}, headers=CY)
    assert answer.status_code == 422 and "<html" not in answer.get_data(as_text=True)
    assert "Dewiswch rywun o'r rhestr" in page_of(answer)
    answer = htmx.post(f"/networks/{leaders.id}/members", data={"person": demo.user("head.holt").id,
                                                                "convenor": "y"})
    assert answer.status_code == 200 and "network-members" in answer.headers["HX-Location"]
    assert _members(app, leaders.id)["head.holt"] is True


def test_staff_cannot_start_or_change_a_network_and_say_why(app, demo, signed_in):
    staff = signed_in("staff.park")
    leaders = _leaders(app)
    assert staff.get("/networks/new").status_code == 403
    assert "Start a network" not in page_of(staff.get("/networks/", headers=EN))
    # a convenor who is staff plans meetings, but does not choose members
    convenor = signed_in("staff.holt")
    assert convenor.get(f"/networks/{leaders.id}/members").status_code == 403
    refused = staff.get(f"/networks/{leaders.id}/meetings/new", headers=EN)
    assert refused.status_code == 403 and "convenors" in page_of(refused)
    assert convenor.get(f"/networks/{leaders.id}/meetings/new").status_code == 200


def test_who_reads_a_network(app, demo, make, signed_in, client):
    leaders, plc = _leaders(app), _plc(app)
    neighbour_cluster = make.cluster(authority_id=demo.authority.id)
    neighbour_school = make.school(neighbour_cluster.id)
    neighbour = make.user(Role.STAFF, cluster_id=neighbour_cluster.id, school_id=neighbour_school.id)
    neighbour_client = sign_in_client(app.test_client(), neighbour)
    officer = signed_in("officer")
    # another cluster's staff: nothing, not even that it exists
    assert neighbour_client.get(f"/networks/{leaders.id}").status_code == 404
    assert neighbour_client.get(f"/networks/{plc.id}").status_code == 404
    assert f"/networks/{leaders.id}\"" not in page_of(neighbour_client.get("/networks/", headers=EN))
    # the officer reads the authority-wide network only
    assert officer.get(f"/networks/{leaders.id}").status_code == 404
    assert officer.get(f"/networks/{plc.id}").status_code == 200
    listed = page_of(officer.get("/networks/", headers=EN))
    assert "Wellbeing PLC" in listed and f"/networks/{leaders.id}\"" not in listed
    past = _meetings(app, leaders.id)[0][0]
    assert officer.get(f"/networks/{leaders.id}/meetings/{past}").status_code == 404
    # a member from another cluster of the authority reads the authority-wide network they belong to
    signed_in("admin").post(f"/networks/{plc.id}/members", data={"person": neighbour.id})
    assert neighbour_client.get(f"/networks/{plc.id}").status_code == 200
    # visitors are sent to sign in
    assert "/sign-in" in client.get(f"/networks/{leaders.id}").headers["Location"]
    assert "/sign-in" in client.get("/networks/").headers["Location"]
    # a meeting of another network, or the group's own, is not found under this one
    group_meeting = _group_meeting(app)
    assert signed_in("admin").get(f"/networks/{leaders.id}/meetings/{group_meeting}").status_code == 404
    assert signed_in("admin").get(f"/networks/{plc.id}/meetings/{past}").status_code == 404


def _group_meeting(app) -> int:
    with app.app_context():
        return db.session.scalar(select(LeadershipMeeting.id).where(LeadershipMeeting.network_id.is_(None))
                                 .order_by(LeadershipMeeting.held_on))


def test_a_convenor_plans_a_meeting_into_the_calendar_in_its_half_term(app, demo, signed_in):
    leaders = _leaders(app)
    convenor = signed_in("staff.holt")
    sent = convenor.post(f"/networks/{leaders.id}/meetings/new", data={
        "day": "04/03/2026", "starts_at": "15:30", "ends_at": "17:00", "place_en": "Holt CP School, the hall",
        "place_cy": "Ysgol Gynradd Gymunedol Holt, y neuadd"})
    assert sent.status_code == 303
    with app.app_context():
        meeting = db.session.scalar(select(LeadershipMeeting).where(LeadershipMeeting.network_id == leaders.id,
                                                                    LeadershipMeeting.held_on == date(2026, 3, 4)))
        activity = db.session.get(Activity, meeting.activity_id)
        assert (activity.kind, activity.strand, activity.starts_on) == (
            ActivityKind.MEETING, Strand.CURRICULUM, date(2026, 3, 4))
        assert (activity.title_en, activity.title_cy) == ("Curriculum Leaders", "Arweinwyr y Cwricwlwm")
        assert activity.for_staff and not activity.for_families and not activity.for_pupils
        assert activity.half_term_id == meeting.half_term_id
        assert (activity.half_term.term.kind.value, activity.half_term.number) == ("spring", 2)
        assert activity.host_school.slug in ("darland-high", "holt")  # a convenor's school
        assert activity.location_cy == "Ysgol Gynradd Gymunedol Holt, y neuadd"
        meeting_id, activity_id, slug = meeting.id, activity.id, activity.half_term.term.academic_year.cluster_id
    assert sent.headers["Location"].endswith(f"/networks/{leaders.id}/meetings/{meeting_id}")
    page = page_of(convenor.get(sent.headers["Location"], headers=EN))
    assert "In the calendar" in page and f"/activities/{activity_id}" in page
    assert slug == demo.cluster.id
    calendar = signed_in("staff.park").get(f"/calendar/darland/activities/{activity_id}", headers=EN)
    assert calendar.status_code == 200 and "Curriculum Leaders" in page_of(calendar)


def test_a_meeting_in_a_holiday_is_refused_with_the_reason_in_either_language(app, demo, signed_in):
    leaders = _leaders(app)
    with app.app_context():
        before = db.session.scalar(select(func.count(Activity.id)))
    christmas = {"day": "2025-12-29", "place_en": "Kept as typed"}
    for language, reason in ((EN, "Choose a day in term time"), (CY, "Dewiswch ddiwrnod yn ystod y tymor")):
        refused = signed_in("head.darland-high").post(f"/networks/{leaders.id}/meetings/new", data=christmas,
                                                      headers=language)
        assert refused.status_code == 422
        assert reason in page_of(refused) and "Kept as typed" in page_of(refused)
    htmx = signed_in("admin", htmx=True).post(f"/networks/{leaders.id}/meetings/new", data=christmas)
    assert htmx.status_code == 422 and "<html" not in htmx.get_data(as_text=True)
    bad_times = signed_in("admin").post(f"/networks/{leaders.id}/meetings/new", data={
        "day": "2026-03-04", "starts_at": "17:00", "ends_at": "16:00"}, headers=EN)
    assert bad_times.status_code == 422 and "The end time must be after the start" in page_of(bad_times)
    with app.app_context():
        assert db.session.scalar(select(func.count(Activity.id))) == before
        assert db.session.scalar(select(func.count(LeadershipMeeting.id)).where(
            LeadershipMeeting.held_on == date(2025, 12, 29))) == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_notes_and_actions_of_a_network_meeting_use_the_leadership_meetings_forms(app, demo, signed_in, htmx):
    leaders = _leaders(app)
    past, upcoming = (meeting_id for meeting_id, _day in _meetings(app, leaders.id))
    convenor = signed_in("staff.holt", htmx=htmx)
    form = page_of(convenor.get(f"/networks/{leaders.id}/meetings/{upcoming}/notes", headers=CY))
    assert "Nodiadau a phenderfyniadau yn Gymraeg" in form and "Dyddiad y cyfarfod" not in form
    # only members can be present
    outsider = convenor.post(f"/networks/{leaders.id}/meetings/{upcoming}/notes", data={
        "attendees": [demo.user("governor").id], "notes_en": "Kept as typed"})
    assert outsider.status_code == 422 and "Kept as typed" in page_of(outsider)
    saved = convenor.post(f"/networks/{leaders.id}/meetings/{upcoming}/notes", data={
        "attendees": [demo.user("staff.holt").id], "notes_en": "Planned Humanities.",
        "notes_cy": "Cynllunio'r Dyniaethau."})
    assert saved.status_code == (200 if htmx else 303)
    refused = convenor.post(f"/networks/{leaders.id}/meetings/{upcoming}/actions", data={
        "text_en": "", "text_cy": "", "owner": "school-99999", "strand": "curriculum", "due_on": "31/02/2026"},
        headers=CY)
    assert refused.status_code == 422 and "Mae problem" in page_of(refused)
    assert ("<html" in refused.get_data(as_text=True)) is not htmx
    added = convenor.post(f"/networks/{leaders.id}/meetings/{upcoming}/actions", data={
        "text_en": "Share the Humanities maps", "text_cy": "Rhannu mapiau'r Dyniaethau",
        "owner": f"person-{demo.user('staff.park').id}", "strand": "curriculum", "due_on": "2026-03-20"})
    assert added.status_code == (200 if htmx else 303)
    with app.app_context():
        meeting = db.session.get(LeadershipMeeting, upcoming)
        assert [person.name for person in meeting.attendees] == ["Dafydd Lloyd"]
        assert meeting.notes_cy == "Cynllunio'r Dyniaethau."
        action = db.session.scalar(select(Action).where(Action.text_en == "Share the Humanities maps"))
        assert action.owner_user.name == "Lowri Thomas" and action.cluster_id == demo.cluster.id
        action_id = action.id
        # the earlier meeting's open actions are carried forward to this one's agenda
        assert {each.meeting_id for each in carried_forward(meeting)} == {past}
    page = page_of(signed_in("staff.park").get(f"/networks/{leaders.id}/meetings/{upcoming}", headers=EN))
    carried = page[page.index("Carried forward"):page.index("Notes and decisions")]
    assert "Put every school's Mathematics progression map" in carried
    marked = convenor.post(f"/networks/{leaders.id}/actions/{action_id}",
                           data={"status": "done", "update_note": "Shared in March"})
    assert marked.status_code == (200 if htmx else 303)
    with app.app_context():
        assert db.session.get(Action, action_id).status.value == "done"
    # a member who does not convene reads but does not write
    assert signed_in("staff.park").post(f"/networks/{leaders.id}/meetings/{upcoming}/actions",
                                        data={"text_en": "x"}).status_code == 403


def test_a_networks_meetings_and_actions_never_show_in_the_leadership_groups_pages(app, demo, signed_in):
    leaders = _leaders(app)
    past = _meetings(app, leaders.id)[0][0]
    with app.app_context():
        network_action = db.session.scalar(select(Action).where(Action.meeting_id == past))
        network_action_id, network_text = network_action.id, network_action.text_en
        cluster_id = demo.cluster.id
        assert all(meeting.network_id is None for meeting in meetings_of(cluster_id))
        assert network_action_id not in {action.id for action in open_actions(cluster_id)}
        assert network_action_id in {action.id for action in open_actions(cluster_id, network_id=leaders.id)}
        group_latest = db.session.scalar(select(LeadershipMeeting).where(LeadershipMeeting.network_id.is_(None))
                                         .order_by(LeadershipMeeting.held_on.desc()))
        assert all(action.meeting.network_id is None for action in carried_forward(group_latest))
        group_latest_id = group_latest.id
    head = signed_in("head.holt")
    for url in ("/summary/meetings/", f"/summary/meetings/{group_latest_id}",
                f"/summary/meetings/{group_latest_id}/pack", "/summary/", "/summary/reports/2025"):
        answer = head.get(url, headers=EN)
        assert answer.status_code == 200, url
        assert network_text not in page_of(answer), url
    # the group's pages do not open a network's meeting, nor change its actions
    assert head.get(f"/summary/meetings/{past}").status_code == 404
    assert head.post(f"/summary/actions/{network_action_id}", data={"status": "done"}).status_code == 404
    assert head.post(f"/summary/meetings/{past}/actions", data={"text_en": "x"}).status_code == 404


def test_the_summarys_action_counts_leave_out_the_networks(app, demo, signed_in):
    from app.summaries.periods import Period, half_terms_of
    from app.summaries.services import Scope, action_counts

    with app.app_context():
        from app.clusters.models import Cluster

        scope = Scope.of_cluster(db.session.get(Cluster, demo.cluster.id))
        dates = Period(2025).dates_in(half_terms_of(scope.cluster_ids, (2025,)))
        counted = sum(figures["open"] for figures in action_counts(scope, [dates], date(2025, 12, 17))[0].values())
        group_open = db.session.scalar(select(func.count(Action.id)).join(Action.meeting).where(
            Action.status == "open", LeadershipMeeting.network_id.is_(None)))
        assert counted == group_open
        assert db.session.scalar(select(func.count(Action.id)).where(Action.status == "open")) > group_open


def test_a_piece_of_practice_names_its_network_and_the_network_shows_only_what_the_reader_may_read(
        app, demo, signed_in):
    leaders = _leaders(app)
    staff = signed_in("staff.holt")
    form = page_of(staff.get("/practice/new", headers=EN))
    assert "The network it came from" in form and "Curriculum Leaders" in form
    sent = staff.post("/practice/new", data={
        "school_id": demo.school("holt").id, "title_en": "Progression maps in Humanities", "strand": "curriculum",
        "network_id": leaders.id})
    assert sent.status_code == 303
    refused = staff.post("/practice/new", data={"school_id": demo.school("holt").id, "title_en": "Other",
                                                "strand": "curriculum", "network_id": 999999}, headers=EN)
    assert refused.status_code == 422 and "Choose a network from the list" in page_of(refused)
    with app.app_context():
        item = db.session.scalar(select(PracticeItem).where(PracticeItem.title_en == "Progression maps in Humanities"))
        assert item.network_id == leaders.id and item.reach == Reach.DRAFT
        assert db.session.scalar(select(AuditEvent.changes).where(
            AuditEvent.entity_type == "practice_items", AuditEvent.entity_id == item.id)) is not None
    # a draft of Holt: Holt's staff see it on the network's page, Park's staff do not
    assert "Progression maps in Humanities" in page_of(staff.get(f"/networks/{leaders.id}", headers=EN))
    park = page_of(signed_in("staff.park").get(f"/networks/{leaders.id}", headers=EN))
    assert "Progression maps in Humanities" not in park
    assert "Securing pupil progress in Mathematics" in park
