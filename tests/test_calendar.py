"""The cluster calendar: demo data from the policy, views and filters, visibility, proposals,
status, copying a year, and the iCalendar feeds."""

import html
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.calendar.forms import year_groups_text
from app.calendar.models import (
    AcademicYear,
    Activity,
    ActivityKind,
    ActivityStatus,
    Approval,
    HalfTerm,
    Strand,
    Term,
    TermKind,
)
from app.calendar.services import half_term_for, years_of
from app.extensions import db
from tests.conftest import sign_in_client
from tests.factories import TODAY

#: every activity of the policy's 2025/26 calendar: term, strand, words its English title contains
SEED_CALENDAR = [
    ("autumn", "teaching_learning", "Skills Day"),
    ("autumn", "teaching_learning", "Network Meeting"),
    ("autumn", "curriculum", "planning meeting – Humanities"),
    ("autumn", "curriculum", "workshop – Science and Technology"),
    ("autumn", "curriculum", "workshop – Expressive Arts"),
    ("autumn", "wellbeing", "Year 6 check-in"),
    ("autumn", "wellbeing", "Year 7 visits"),
    ("autumn", "wellbeing", "sporting events"),
    ("autumn", "wellbeing", "Wrexham AFC"),
    ("autumn", "wellbeing", "Pumpkin Carving"),
    ("autumn", "wellbeing", "Christmas Tree"),
    ("autumn", "leadership", "collaborative day"),
    ("autumn", "leadership", "Headteacher Cluster Meeting"),
    ("autumn", "leadership", "Minibus availability"),
    ("autumn", "leadership", "Peer mentoring"),
    ("spring", "teaching_learning", "Maths problem-solving"),
    ("spring", "teaching_learning", "Network Meeting"),
    ("spring", "curriculum", "planning meeting – Language, Literacy and Communication; Mathematics"),
    ("spring", "curriculum", "workshop – Humanities"),
    ("spring", "curriculum", "Modern foreign language"),
    ("spring", "wellbeing", "Wrexham AFC"),
    ("spring", "wellbeing", "Eisteddfodau"),
    ("spring", "wellbeing", "staff wellbeing day"),
    ("spring", "wellbeing", "sporting events"),
    ("spring", "wellbeing", "Toys through the Ages"),
    ("spring", "wellbeing", "Easter Egg"),
    ("spring", "leadership", "Headteacher Cluster Meeting"),
    ("spring", "leadership", "Minibus availability"),
    ("spring", "leadership", "Peer mentoring"),
    ("summer", "teaching_learning", "Expressive arts sessions"),
    ("summer", "teaching_learning", "Network Meeting"),
    ("summer", "curriculum", "planning meeting – Expressive Arts; Science and Technology"),
    ("summer", "curriculum", "workshop – Language, Literacy and Communication; Mathematics"),
    ("summer", "curriculum", "Careers Fair"),
    ("summer", "curriculum", "Spelling Bee"),
    ("summer", "curriculum", "Game 24"),
    ("summer", "curriculum", "City of Culture"),
    ("summer", "wellbeing", "Wrexham AFC"),
    ("summer", "wellbeing", "Llay Show"),
    ("summer", "wellbeing", "Parent/carer transition meetings"),
    ("summer", "wellbeing", "transition and taster days"),
    ("summer", "wellbeing", "sporting events"),
    ("summer", "wellbeing", "Schools in Bloom"),
    ("summer", "leadership", "Headteacher Cluster Meeting"),
    ("summer", "leadership", "Minibus availability"),
    ("summer", "leadership", "Peer mentoring"),
]
#: the half terms the policy names
SEED_HALF_TERMS = {"Pumpkin Carving": ("autumn", 1), "Christmas Tree": ("autumn", 2),
                   "Toys through the Ages": ("spring", 1), "Easter Egg": ("spring", 2)}
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def client_en(client):
    client.set_cookie("lang", "en")
    return client


def _titles(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", title)) for title in
            re.findall(r'class="activity__title" href="[^"]+">(.*?)</a>', page)]


def _activities(app):
    """The seed year's activities (the demo also plans 2026/27 by copying them)."""
    with app.app_context():
        rows = db.session.scalars(select(Activity).join(Activity.term).join(Term.academic_year)
                                  .where(AcademicYear.start_year == 2025)).all()
        return [(a.term.kind.value, a.strand.value, a.title_en, a.title_cy, a.description_en,
                 a.description_cy, a.half_term and (a.half_term.term.kind.value, a.half_term.number))
                for a in rows]


def test_every_activity_of_the_policy_is_in_the_demo_in_both_languages_in_its_term_and_strand(app, demo):
    loaded = _activities(app)
    missing = []
    for term, strand, words in SEED_CALENDAR:
        found = [row for row in loaded if row[0] == term and row[1] == strand and words in row[2]]
        if not found:
            missing.append((term, strand, words))
        for row in found:
            assert all(row[2:6]), f"{row[2]} lacks a title or description in one language"
            assert row[3] != row[2], f"{row[2]} has no Welsh title of its own"
    assert missing == []
    for words, half in SEED_HALF_TERMS.items():
        assert [row[6] for row in loaded if words in row[2]] == [half]
    # the Cluster Leadership Group meets every half term
    meetings = sorted(row[6] for row in loaded if row[2] == "Headteacher Cluster Meeting")
    assert meetings == [(kind, n) for kind in ("autumn", "spring", "summer") for n in (1, 2)]


def test_the_demo_year_has_welsh_term_dates_with_holidays_between(app, demo):
    with app.app_context():
        year = db.session.get(AcademicYear, demo.year.id)
        halves = year.half_terms
        assert year.label == "2025/26" and len(halves) == 6
        assert (halves[0].starts_on, halves[-1].ends_on) == (date(2025, 9, 1), date(2026, 7, 20))
        for before, after in zip(halves, halves[1:], strict=False):
            assert after.starts_on - before.ends_on >= timedelta(days=3)  # a holiday or a weekend
        # every dated activity sits inside its term
        for activity in db.session.scalars(select(Activity).where(Activity.starts_on.is_not(None))):
            assert activity.term.starts_on <= activity.starts_on <= activity.term.ends_on, activity.title_en


def test_the_year_view_shows_terms_and_strands_and_families_see_no_staff_meetings(client_en, demo):
    html = client_en.get(f"/calendar/darland/?year={demo.year.id}").text
    titles = _titles(html)
    assert "Pumpkin Carving Competition" in titles and "Parent/carer transition meetings" in titles
    assert "Headteacher Cluster Meeting" not in titles
    assert "Darland Learning Community Network Meeting" not in titles
    assert "Minibus availability" not in titles
    assert [heading for heading in re.findall(r'year-grid__term-heading[^>]*>([^<]+)<', html)] == [
        "Autumn term\n        ", "Spring term\n        ", "Summer term\n        "]


def test_a_member_of_the_cluster_sees_its_staff_activities(signed_in, demo):
    client = signed_in("staff.holt")
    client.set_cookie("lang", "en")
    titles = _titles(client.get(f"/calendar/darland/?year={demo.year.id}").text)
    assert titles.count("Headteacher Cluster Meeting") == 6 and "Minibus availability" in titles


def test_an_officer_of_another_authority_sees_only_what_families_see(app, signed_in, make, demo):
    elsewhere = make.cluster()
    officer = make.user(Role.OFFICER, authority_id=elsewhere.authority_id)
    client = sign_in_client(app.test_client(), officer)
    client.set_cookie("lang", "en")
    assert "Headteacher Cluster Meeting" not in _titles(client.get("/calendar/darland/").text)
    # whereas Wrexham's own officer oversees the cluster
    wrexham = signed_in("officer")
    wrexham.set_cookie("lang", "en")
    assert "Headteacher Cluster Meeting" in _titles(wrexham.get("/calendar/darland/").text)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_filtering_by_term_and_strand(app, demo, htmx):
    client = app.test_client()
    client.set_cookie("lang", "en")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"/calendar/darland/?year={demo.year.id}&term=spring&strand=wellbeing", headers=headers)
    titles = _titles(response.text)
    assert titles == ["Toys through the Ages – explorative curiosity project (CWRE skills)",
                      "Cluster Eisteddfodau", "Easter Egg Decoration Competition",
                      "Cluster sporting events", "Wrexham AFC collaboration – careers in sport (CWRE)"]
    assert ("<html" in response.text) is not htmx
    assert "HX-Request" in response.headers["Vary"]
    assert "5 activities in 2025/26" in response.text


def test_filtering_by_school_and_audience(client_en, demo):
    holt = demo.school("holt").id
    titles = _titles(client_en.get(f"/calendar/darland/?year={demo.year.id}&school={holt}&audience=families").text)
    assert "Parent/carer transition meetings" in titles
    assert "Skills Day – Years 5 and 6" not in titles  # pupils and staff, not families
    # nonsense filters are ignored, not errors
    response = client_en.get("/calendar/darland/?school=999&term=winter&strand=x&audience=staff&year=abc")
    assert response.status_code == 200
    assert len(_titles(response.text)) == 25  # what families may see, in the year of today


def test_a_filtered_view_keeps_its_filters_in_the_tabs(client_en, demo):
    html = client_en.get("/calendar/darland/?strand=wellbeing&term=spring").text
    assert 'href="/calendar/darland/half-term?strand=wellbeing"' in html
    assert 'href="/calendar/darland/coming-up?strand=wellbeing"' in html


def test_the_views_header_kept_for_one_visitor_is_never_another_ones(app, demo, signed_in):
    # the header (title, tabs, what the person may do) is drawn once per role, view and filters and kept
    pages = {}
    for who in ("leader", "staff", None, "leader"):
        client = signed_in(who) if who else app.test_client()
        client.set_cookie("lang", "en")
        for path in ("/calendar/darland/?strand=wellbeing", "/calendar/darland/", "/calendar/darland/half-term"):
            pages[who, path] = client.get(path).text
    for path in ("/calendar/darland/?strand=wellbeing", "/calendar/darland/"):
        assert "Add an activity" in pages["leader", path] and "Propose an activity" not in pages["leader", path]
        assert "Propose an activity" in pages["staff", path] and "Add an activity" not in pages["staff", path]
        assert "Proposals" not in pages[None, path] and "an activity</a>" not in pages[None, path]
    assert 'coming-up?strand=wellbeing"' in pages[None, "/calendar/darland/?strand=wellbeing"]
    assert 'coming-up?strand=wellbeing"' not in pages[None, "/calendar/darland/"]
    assert 'href="/calendar/darland/"' in pages["staff", "/calendar/darland/half-term"]
    assert 'half-term" aria-current="page"' in pages["staff", "/calendar/darland/half-term"]
    assert 'half-term" aria-current="page"' not in pages["staff", "/calendar/darland/"]


@pytest.mark.parametrize(("day", "half", "relation"), [
    (date(2025, 10, 1), "Autumn 1", "now"),
    (date(2025, 10, 28), "Autumn 2", "next"),  # half-term holiday: the half term to come
    (date(2025, 8, 20), "Autumn 1", "next"),  # summer holiday before the year
    (date(2027, 8, 15), "Summer 2", "last"),  # after the last year in the calendar
])
def test_the_half_term_view_chooses_the_half_term_of_a_day(app, demo, day, half, relation):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        found, found_relation = half_term_for(years_of(db.session.merge(demo.cluster)), day)
        assert (str(found.label), found_relation) == (half, relation)


def test_the_half_term_view_lists_its_dated_activities_and_the_terms_ongoing_work(client_en, demo, app):
    with app.app_context():
        spring_two = db.session.scalar(select(HalfTerm).join(HalfTerm.term).where(
            Term.academic_year_id == demo.year.id, Term.kind == TermKind.SPRING, HalfTerm.number == 2))
    html = client_en.get(f"/calendar/darland/half-term?half_term={spring_two.id}").text
    titles = _titles(html)
    assert "Easter Egg Decoration Competition" in titles and "Cluster Eisteddfodau" in titles
    assert "Toys through the Ages – explorative curiosity project (CWRE skills)" not in titles  # Spring 1
    assert "Cluster sporting events" in titles  # runs through the term
    assert "Previous: Spring 1" in html and "Next: Summer 1" in html


def test_coming_up_lists_what_families_may_see_in_the_next_eight_weeks(app, client_en, demo):
    today, horizon = TODAY, TODAY + timedelta(days=56)
    with app.app_context():
        expected = db.session.scalars(select(Activity.title_en).where(
            Activity.is_public, Activity.starts_on <= horizon,
            func.coalesce(Activity.ends_on, Activity.starts_on) >= today)
            .order_by(Activity.starts_on, Activity.starts_at, Activity.title_en, Activity.id)).all()
    titles = _titles(client_en.get("/calendar/darland/coming-up").text)
    assert titles == expected


def test_the_activity_page_says_what_when_where_and_who_for(client_en, demo):
    egg = demo.activity("Easter Egg Decoration Competition")
    html = client_en.get(f"/calendar/darland/activities/{egg.id}").text
    assert "Mon 16 Mar – Thu 26 Mar 2026" in html
    assert "Pupils (Reception – Year 6), families" in html
    assert "Wellbeing, equity and inclusion" in html and "Competition" in html
    assert f"/calendar/darland/activities/{egg.id}/event.ics" in html


def test_a_staff_meeting_is_not_there_for_families(client_en, demo):
    meeting = demo.activity("Headteacher Cluster Meeting")
    assert client_en.get(f"/calendar/darland/activities/{meeting.id}").status_code == 404
    assert client_en.get(f"/calendar/darland/activities/{meeting.id}/event.ics").status_code == 404


def test_welsh_readers_get_welsh_content_and_dates(client, demo):
    client.set_cookie("lang", "cy")
    egg = demo.activity("Easter Egg Decoration Competition")
    html = client.get(f"/calendar/darland/activities/{egg.id}").text
    assert "Llun 16 Maw – Iau 26 Maw 2026" in html
    assert "Disgyblion (Derbyn – Blwyddyn 6), teuluoedd" in html
    assert "Tymor y Gwanwyn" in html and "Lles, tegwch a chynhwysiant" in html


def test_year_groups_read_as_ranges(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert year_groups_text([0, 1, 2, 3, 4, 5, 6]) == "Reception – Year 6"
        assert year_groups_text([5, 6]) == "Year 5, Year 6"
        assert year_groups_text([-1, 0, 3, 4, 5, 9]) == "Nursery, Reception, Year 3 – Year 5, Year 9"


# --- changing the calendar ---------------------------------------------------------------------

def _form(app, **values):
    with app.app_context():
        spring = db.session.scalar(select(Term).join(Term.academic_year).where(
            AcademicYear.start_year == 2025, Term.kind == TermKind.SPRING))
        spring_two = next(half for half in spring.half_terms if half.number == 2)
        base = {"title_en": "Spring concert", "title_cy": "Cyngerdd y gwanwyn", "description_en": "",
                "description_cy": "", "strand": "wellbeing", "kind": "event", "term_id": str(spring.id),
                "half_term_id": str(spring_two.id), "starts_on": "2026-03-05", "ends_on": "",
                "starts_at": "18:00", "ends_at": "19:30", "location_en": "Holt CP School",
                "location_cy": "Ysgol Gynradd Gymunedol Holt", "host_school_id": "", "all_schools": "1",
                "for_families": "y", "for_pupils": "y", "year_groups": ["3", "4"]}
    return {**base, **values}


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_leader_adds_an_activity_which_is_approved_at_once_and_logged(app, signed_in, demo, no_csrf):
    client = signed_in("head.holt")
    response = client.post("/calendar/darland/activities/new", data=_form(app))
    assert response.status_code == 303
    with app.app_context():
        concert = db.session.scalar(select(Activity).where(Activity.title_en == "Spring concert"))
        assert (concert.approval, concert.starts_at, concert.pupil_year_groups) == (
            Approval.APPROVED, time(18, 0), "3,4")
        assert concert.half_term.number == 2 and concert.academic_year.start_year == 2025
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "activities",
                                                           AuditEvent.entity_id == concert.id))
        assert event.action == "created" and event.changes["title_en"] == [None, "Spring concert"]
    family = app.test_client()
    family.set_cookie("lang", "en")
    assert "Spring concert" in _titles(family.get(f"/calendar/darland/?year={demo.year.id}&term=spring").text)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"starts_on": "2026-04-20"}, "starts_on", "Dewiswch ddyddiad yn Gwanwyn 2: 23 Chwefror i 27 Mawrth 2026"),
    ({"starts_on": "2026-03-10", "ends_on": "2026-03-09", "starts_at": "", "ends_at": ""}, "ends_on",
     "Ni all y diwrnod olaf fod cyn y cyntaf"),
    ({"ends_at": "17:00"}, "ends_at", "Rhaid i'r amser gorffen fod ar ôl yr amser dechrau"),
    ({"starts_on": "", "ends_at": "", "starts_at": "10:00"}, "starts_at", "Rhowch y dyddiad yn ogystal â'r amser"),
    ({"title_en": "", "title_cy": ""}, "title_en", "Rhowch hwn yn Saesneg, yn Gymraeg, neu'r ddwy"),
    ({"for_families": "", "for_pupils": ""}, "for_leaders", "Ticiwch o leiaf un"),
    ({"all_schools": "0"}, "school_ids", "Ticiwch yr ysgolion sy'n cymryd rhan"),
    ({"starts_on": "31/02/2026"}, "starts_on", "Rhowch ddyddiad go iawn, fel 16/03/2026"),
    ({"starts_at": "25:99"}, "starts_at", "Rhowch amser ar y cloc 24 awr, fel 14:30"),
    ({"title_en": "x" * 201}, "title_en", "Defnyddiwch 200 nod neu lai"),
])
def test_mistakes_in_an_activity_are_shown_at_the_field_in_welsh(app, signed_in, demo, no_csrf, values, field,
                                                                 message):
    client = signed_in("head.holt")
    client.set_cookie("lang", "cy")
    response = client.post("/calendar/darland/activities/new", data=_form(app, **values))
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text
    assert message in html.unescape(response.text)


def test_a_half_term_of_another_term_is_refused(app, signed_in, demo, no_csrf):
    with app.app_context():
        autumn_one = db.session.scalar(select(HalfTerm).join(HalfTerm.term).where(
            Term.kind == TermKind.AUTUMN, HalfTerm.number == 1))
    client = signed_in("head.holt")
    client.set_cookie("lang", "en")
    response = client.post("/calendar/darland/activities/new",
                           data=_form(app, half_term_id=str(autumn_one.id), starts_on="", starts_at="",
                                      ends_at=""))
    assert response.status_code == 422 and "Choose a half term of Spring term" in response.text


def test_staff_propose_for_their_school_and_a_leader_approves(app, signed_in, demo, no_csrf):
    staff = signed_in("staff.holt")
    response = staff.post("/calendar/darland/activities/new",
                          data=_form(app, host_school_id=str(demo.school("park").id)))
    assert response.status_code == 303
    with app.app_context():
        proposal = db.session.scalar(select(Activity).where(Activity.title_en == "Spring concert"))
        assert proposal.approval == Approval.PROPOSED
        assert proposal.host_school_id == demo.school("holt").id  # their own school, whatever was sent
    url = f"/calendar/darland/activities/{proposal.id}"

    # not yet in anyone's calendar but the proposer's school and the leaders'
    assert app.test_client().get(url).status_code == 404
    assert signed_in("staff.park").get(url).status_code == 404
    assert signed_in("staff.holt").get(url).status_code == 200
    assert signed_in("head.park").get(url).status_code == 200
    # the proposer may still edit it; other schools' staff may not; staff cannot approve
    assert staff.get(f"{url}/edit").status_code == 200
    assert signed_in("staff.park").get(f"{url}/edit").status_code == 404
    assert staff.post(f"{url}/approval", data={"approve": "Approve"}).status_code == 403

    leader = signed_in("head.park")
    assert leader.post(f"{url}/approval", data={"decline": "Decline", "approval_note": ""}).status_code == 422
    assert leader.post(f"{url}/approval", data={"approve": "Approve"}).status_code == 303
    assert app.test_client().get(url).status_code == 200
    # once decided, the proposer can no longer change it, and a second decision is refused
    assert staff.get(f"{url}/edit").status_code == 403
    assert leader.post(f"{url}/approval", data={"approve": "Approve"}).status_code == 409
    with app.app_context():
        assert [e.action for e in db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity_id == proposal.id).order_by(AuditEvent.id))] == ["proposed", "approved"]


def test_a_declined_proposal_tells_the_school_why(app, signed_in, demo, no_csrf):
    signed_in("staff.holt").post("/calendar/darland/activities/new", data=_form(app))
    with app.app_context():
        proposal_id = db.session.scalar(select(Activity.id).where(Activity.title_en == "Spring concert"))
    signed_in("head.park").post(f"/calendar/darland/activities/{proposal_id}/approval",
                                data={"decline": "Decline", "approval_note": "Clashes with the Eisteddfod"})
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    html = staff.get("/calendar/darland/proposals").text
    assert "Declined" in html and "Clashes with the Eisteddfod" in html
    assert "Spring concert" not in _titles(app.test_client().get(f"/calendar/darland/?year={demo.year.id}").text)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_leader_marks_the_easter_egg_competition_done(app, signed_in, demo, no_csrf, htmx):
    egg = demo.activity("Easter Egg Decoration Competition")
    client = signed_in("head.holt", htmx=htmx)
    client.set_cookie("lang", "en")
    response = client.post(f"/calendar/darland/activities/{egg.id}/status",
                           data={"status": "done", "status_note": "62 entries from five schools"})
    if htmx:
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<section id="activity-status"')
        assert "The status is saved." in response.text
    else:
        assert response.status_code == 303
    with app.app_context():
        saved = db.session.get(Activity, egg.id)
        assert (saved.status, saved.status_note) == (ActivityStatus.DONE, "62 entries from five schools")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "status_changed"))
        assert event.changes["status"] == ["planned", "done"] and event.actor_id == demo.user("head.holt").id


def test_governors_and_staff_cannot_change_an_activitys_status(signed_in, demo, no_csrf):
    egg = demo.activity("Easter Egg Decoration Competition")
    for who in ("governor", "staff.holt"):
        response = signed_in(who).post(f"/calendar/darland/activities/{egg.id}/status", data={"status": "done"})
        assert response.status_code == 403


def test_leaders_of_another_cluster_cannot_touch_this_one(app, make, demo, no_csrf):
    other = make.cluster()
    school = make.school(other.id)
    leader = make.user(Role.LEADER, cluster_id=other.id, school_id=school.id)
    client = sign_in_client(app.test_client(), leader)
    egg = demo.activity("Easter Egg Decoration Competition")
    assert client.post(f"/calendar/darland/activities/{egg.id}/status", data={"status": "done"}).status_code == 403
    assert client.get("/calendar/darland/activities/new").status_code == 403
    assert client.get(f"/calendar/darland/years/{demo.year.id}/dates").status_code == 403


def test_copying_a_year_plans_the_next_one_on_the_same_weekdays(app, signed_in, demo, no_csrf):
    with app.app_context():
        this_year = db.session.scalar(select(AcademicYear).where(AcademicYear.start_year == 2025))
        show = db.session.scalar(select(Activity).where(Activity.academic_year_id == this_year.id,
                                                        Activity.title_en.startswith("Llay Show")))
        show.status = ActivityStatus.CANCELLED
        db.session.commit()
        copyable = db.session.scalar(select(func.count(Activity.id)).where(
            Activity.academic_year_id == this_year.id, Activity.approval == Approval.APPROVED,
            Activity.status != ActivityStatus.CANCELLED, Activity.kind != ActivityKind.VISIT))
        this_year_id = this_year.id
    client = signed_in("head.holt")
    client.set_cookie("lang", "en")
    response = client.post(f"/calendar/darland/years/{this_year_id}/copy")
    assert response.status_code == 303
    with app.app_context():
        following = db.session.scalar(select(AcademicYear).where(AcademicYear.start_year == 2026))
        assert following.half_terms[0].starts_on == date(2025, 9, 1) + timedelta(weeks=52)
        copies = db.session.scalars(select(Activity).where(Activity.academic_year_id == following.id)).all()
        assert len(copies) == copyable == 50  # the calendar's 48, and Curriculum Leaders' two meetings
        assert {copy.status for copy in copies} == {ActivityStatus.PLANNED}
        egg = next(copy for copy in copies if copy.title_en == "Easter Egg Decoration Competition")
        assert egg.starts_on == date(2026, 3, 16) + timedelta(weeks=52) and egg.starts_on.weekday() == 0
        assert egg.half_term.number == 2 and egg.term.academic_year_id == following.id
    # copying again adds nothing twice
    client.post(f"/calendar/darland/years/{this_year_id}/copy")
    with app.app_context():
        assert db.session.scalar(select(func.count(Activity.id)).where(
            Activity.academic_year_id == following.id)) == 50


def test_the_demo_lives_in_the_year_of_its_day_with_the_year_before_as_history(app, demo):
    """On the tests' day (17 December 2025) the demo's year is the seed's 2025/26; 2024/25 is the same
    calendar 52 weeks earlier, on the same weekdays, all of it done."""
    with app.app_context():
        years = db.session.scalars(select(AcademicYear).order_by(AcademicYear.start_year)).all()
        assert [year.label for year in years] == ["2024/25", "2025/26"]
        assert years[0].half_terms[0].starts_on == date(2024, 9, 2) == date(2025, 9, 1) - timedelta(weeks=52)
        assert [half.starts_on.weekday() for half in years[0].half_terms] == \
            [half.starts_on.weekday() for half in years[1].half_terms]
        statuses = {(activity.academic_year_id, activity.status) for activity in db.session.scalars(
            select(Activity).where(Activity.starts_on.is_not(None)))}
        assert (years[0].id, ActivityStatus.PLANNED) not in statuses
        assert {(years[1].id, ActivityStatus.DONE), (years[1].id, ActivityStatus.PLANNED)} <= statuses


def test_half_term_dates_must_run_in_order(app, signed_in, demo, no_csrf):
    client = signed_in("admin")
    client.set_cookie("lang", "en")
    dates = {"autumn_1_starts_on": "2025-09-01", "autumn_1_ends_on": "2025-10-24",
             "autumn_2_starts_on": "2025-10-20", "autumn_2_ends_on": "2025-12-19",
             "spring_1_starts_on": "2026-01-05", "spring_1_ends_on": "2026-02-13",
             "spring_2_starts_on": "2026-02-23", "spring_2_ends_on": "2026-03-27",
             "summer_1_starts_on": "2026-04-13", "summer_1_ends_on": "2026-05-22",
             "summer_2_starts_on": "2026-06-01", "summer_2_ends_on": "2026-07-20"}
    url = f"/calendar/darland/years/{demo.year.id}/dates"
    response = client.post(url, data=dates)
    assert response.status_code == 422
    assert "A half term must start after the one before it ends" in response.text
    assert client.post(url, data={**dates, "autumn_2_starts_on": "2025-11-03",
                                  "summer_2_ends_on": "2026-07-21"}).status_code == 303
    with app.app_context():
        assert db.session.get(AcademicYear, demo.year.id).ends_on == date(2026, 7, 21)


# --- feeds -------------------------------------------------------------------------------------

def _events(response):
    """The feed, and its 2025/26 events by title (the demo's 2026/27 repeats the titles)."""
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    in_2025_26 = [event for event in calendar.walk("VEVENT") if _day(event.decoded("dtstart")) < date(2026, 9, 1)]
    return calendar, {str(event["summary"]): event for event in in_2025_26}


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def test_the_cluster_feed_is_valid_icalendar_with_london_times(client_en, demo):
    calendar, events = _events(client_en.get("/calendar/darland/feed.ics?lang=en"))
    assert str(calendar["x-wr-calname"]) == "Darland Learning Community"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    skills = events["Skills Day – Years 5 and 6"]
    start = skills.decoded("dtstart")
    assert start == datetime(2025, 10, 9, 9, 15, tzinfo=LONDON)
    assert start.utcoffset() == timedelta(hours=1)  # British Summer Time on 9 October
    assert skills.decoded("dtend") == datetime(2025, 10, 9, 14, 45, tzinfo=LONDON)
    # an all-day activity over several days ends the day after its last day
    egg = events["Easter Egg Decoration Competition"]
    assert (egg.decoded("dtstart"), egg.decoded("dtend")) == (date(2026, 3, 16), date(2026, 3, 27))
    # families' feed: no staff meetings, no undated ongoing work
    assert "Headteacher Cluster Meeting" not in events and "Cluster sporting events" not in events
    uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_school_and_strand_feeds_hold_only_their_activities(client_en, demo):
    _, holt = _events(client_en.get("/calendar/darland/schools/holt/feed.ics?lang=en"))
    assert "Parent/carer transition meetings" in holt
    _, wellbeing = _events(client_en.get("/calendar/darland/strands/wellbeing/feed.ics?lang=en"))
    assert "Easter Egg Decoration Competition" in wellbeing and "Careers Fair" not in wellbeing
    assert client_en.get("/calendar/darland/strands/knitting/feed.ics").status_code == 404
    assert client_en.get("/calendar/darland/schools/hogwarts/feed.ics").status_code == 404


def test_a_welsh_feed_has_welsh_titles(client, demo):
    _, events = _events(client.get("/calendar/darland/feed.ics?lang=cy"))
    assert "Cystadleuaeth Addurno Wy Pasg" in events and "Eisteddfodau'r Clwstwr" in events


def test_a_cancelled_activity_is_cancelled_in_the_feed(app, client_en, demo):
    with app.app_context():
        db.session.get(Activity, demo.activity("Careers Fair").id).status = ActivityStatus.CANCELLED
        db.session.commit()
    _, events = _events(client_en.get("/calendar/darland/feed.ics?lang=en"))
    assert str(events["Careers Fair"]["status"]) == "CANCELLED"


def test_a_members_personal_key_shows_staff_activities_until_their_password_changes(app, signed_in, demo):
    html = signed_in("staff.holt").get("/calendar/darland/").text
    key = re.search(r'feed\.ics\?key=([^&"]+)', html).group(1)
    _, events = _events(app.test_client().get(f"/calendar/darland/feed.ics?key={key}&lang=en"))
    assert "Headteacher Cluster Meeting" in events
    _, events = _events(app.test_client().get("/calendar/darland/feed.ics?key=forged.key&lang=en"))
    assert "Headteacher Cluster Meeting" not in events
    with app.app_context():
        db.session.get(User, demo.user("staff.holt").id).set_password("a-completely-new-one")
        db.session.commit()
    _, events = _events(app.test_client().get(f"/calendar/darland/feed.ics?key={key}&lang=en"))
    assert "Headteacher Cluster Meeting" not in events


def test_the_add_to_calendar_file_holds_one_event(client_en, demo):
    egg = demo.activity("Easter Egg Decoration Competition")
    _, events = _events(client_en.get(f"/calendar/darland/activities/{egg.id}/event.ics?lang=en"))
    assert list(events) == ["Easter Egg Decoration Competition"]


def test_strands_have_stable_url_names():
    assert [strand.slug for strand in Strand] == ["teaching-learning", "curriculum", "wellbeing", "leadership"]
    assert Strand.from_slug("teaching-learning") == Strand.TEACHING_LEARNING
    assert Strand.from_slug("nonsense") is None


def test_the_year_is_drawn_once_per_view_and_drawn_again_at_once_after_any_change(app, client_en, demo, signed_in,
                                                                                  make):
    from app.calendar.models import Activity, Approval, Term
    from app.surveys.demo import SKILLS_DAY

    year_page = f"/calendar/darland/?year={demo.year.id}"
    client_en.get(year_page)
    statements = []
    listen = lambda _c, _cursor, statement, *_a: statements.append(statement)  # noqa: E731
    with app.app_context():
        event_target = db.engine
    from sqlalchemy import event
    event.listen(event_target, "before_cursor_execute", listen)
    try:
        assert "Pumpkin Carving Competition" in _titles(client_en.get(year_page).text)
        # a second visitor's grid comes from the first's: the activities, years and terms are not read again
        assert not any(f"FROM {table}" in statement for statement in statements
                       for table in ("activities", "academic_years", "terms", "half_terms"))
    finally:
        event.remove(event_target, "before_cursor_execute", listen)

    skills_day = demo.activity(SKILLS_DAY)
    with make.session() as session:
        session.get(Activity, skills_day.id).title_en = "Skills Day, renamed"
        autumn = session.scalar(select(Term).where(Term.academic_year_id == demo.year.id).order_by(Term.position))
        autumn.half_terms[-1].ends_on -= timedelta(days=1)  # the term ends with its second half
        session.commit()
        ends_on = autumn.ends_on
    page = client_en.get(year_page).text
    assert "Skills Day, renamed" in _titles(page) and ends_on.strftime("%-d %b %Y") in page

    # a member of staff's proposal is in their own view only, whoever's view was drawn before
    holt, park = signed_in("staff.holt"), signed_in("staff.park")
    for client in (holt, park):
        client.set_cookie("lang", "en")
        client.get(year_page)
    with make.session() as session:
        proposal = session.get(Activity, skills_day.id)
        proposal.approval, proposal.host_school_id = Approval.PROPOSED, demo.school("holt").id
        session.commit()
    assert "Skills Day, renamed" in _titles(holt.get(year_page).text)
    assert "Skills Day, renamed" not in _titles(park.get(year_page).text)
    assert "Skills Day, renamed" not in _titles(client_en.get(year_page).text)


def test_a_year_added_is_in_the_year_filter_at_once_though_the_years_are_kept(app, client_en, demo, make):
    from app.calendar.models import AcademicYear

    assert "2027/28" not in client_en.get("/calendar/darland/").text
    with make.session() as session:
        session.add(AcademicYear(cluster_id=demo.cluster.id, start_year=2027))
        session.commit()
    assert "2027/28" in client_en.get("/calendar/darland/").text


def test_a_school_renamed_is_renamed_at_once_in_the_kept_filters_and_feeds(app, client_en, demo, make):
    from app.clusters.models import School

    assert "Holt CP School" in client_en.get("/calendar/darland/").text
    with make.session() as session:
        session.get(School, demo.school("holt").id).name_en = "Holt Primary, renamed"
        session.commit()
    page = client_en.get("/calendar/darland/").text
    feeds = page[page.index('class="feeds"'):]
    filters = page[page.index('name="school"'):page.index("</select>", page.index('name="school"'))]
    assert "Holt Primary, renamed" in feeds and "Holt Primary, renamed" in filters
