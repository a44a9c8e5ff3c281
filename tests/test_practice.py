"""The practice library (issue #18): who reads each piece, writing and sharing one in either language,
and a search that finds a Welsh word in its radical and mutated forms on SQLite and PostgreSQL."""

import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.calendar.models import Activity, ActivityKind, Strand
from app.extensions import db
from app.practice.models import AreaOfLearning, PracticeItem, Reach
from app.practice.services import Filters, reindex, search
from app.surveys.models import Survey
from tests.conftest import sign_in_client
from tests.test_meetings import text_of
from tests.test_welsh_forms import FORMS


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def _piece(app, demo, school="holt", reach=Reach.DRAFT, public=False, title="Test piece", cluster_id=None,
           school_id=None, **values) -> int:
    with app.app_context():
        item = PracticeItem(cluster_id=cluster_id or demo.cluster.id, school_id=school_id or demo.school(school).id,
                            title_en=title, title_cy=values.pop("title_cy", ""), strand=values.pop("strand",
                                                                                                Strand.CURRICULUM),
                            school_year=2025, reach=reach, public=public, **values)
        db.session.add(item)
        db.session.flush()
        reindex(item)
        db.session.commit()
        return item.id


def _sees(client, item_id) -> bool:
    return client.get(f"/practice/{item_id}").status_code == 200


def test_each_piece_is_read_by_exactly_those_its_reach_allows(app, demo, make, signed_in, client):
    draft = _piece(app, demo, reach=Reach.DRAFT)
    cluster = _piece(app, demo, reach=Reach.CLUSTER)
    authority = _piece(app, demo, reach=Reach.AUTHORITY)
    public = _piece(app, demo, reach=Reach.CLUSTER, public=True)
    neighbour_cluster = make.cluster(authority_id=demo.authority.id)
    neighbour_school = make.school(neighbour_cluster.id)
    neighbour = sign_in_client(app.test_client(), make.user(Role.STAFF, cluster_id=neighbour_cluster.id,
                                                            school_id=neighbour_school.id))
    far_cluster = make.cluster()
    stranger = sign_in_client(app.test_client(), make.user(Role.LEADER, cluster_id=far_cluster.id,
                                                           school_id=make.school(far_cluster.id).id))
    readers = {"staff.holt": signed_in("staff.holt"), "head.holt": signed_in("head.holt"),
               "admin": signed_in("admin"), "staff.park": signed_in("staff.park"),
               "governor": signed_in("governor"), "officer": signed_in("officer"), "neighbour": neighbour,
               "stranger": stranger, "visitor": client}
    expected = {
        draft: {"staff.holt", "head.holt", "admin"},
        cluster: {"staff.holt", "head.holt", "admin", "staff.park", "governor"},
        authority: {"staff.holt", "head.holt", "admin", "staff.park", "governor", "officer", "neighbour"},
        public: set(readers),
    }
    for item_id, allowed in expected.items():
        assert {who for who, reader in readers.items() if _sees(reader, item_id)} == allowed, item_id
        # the list shows the same pieces the item pages do
        for who, reader in readers.items():
            listed = f'href="/practice/{item_id}"' in reader.get("/practice/").text
            assert listed == (who in allowed), (item_id, who)


def test_staff_write_a_piece_in_welsh_only_and_a_leader_publishes_and_shares_it(app, demo, signed_in, no_csrf):
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "cy")
    response = staff.post("/practice/new", data={
        "school_id": demo.school("holt").id, "title_cy": "Gwersi mathemateg yn yr ardd", "title_en": "",
        "summary_cy": "Mesur a chyfri yn yr awyr agored.", "strand": "teaching_learning",
        "areas": ["mathematics"], "skills": ["numeracy"], "youngest_step": "1", "oldest_step": "2",
        "other_school_ids": [str(demo.school("park").id)], "contact_id": str(demo.user("staff.holt").id)})
    assert response.status_code == 303
    item_id = int(re.search(r"/practice/(\d+)", response.headers["Location"]).group(1))
    page = text_of(staff.get(f"/practice/{item_id}"))
    assert "Gwersi mathemateg yn yr ardd" in page and "Drafft" in page
    # English readers see the Welsh, marked as Welsh, until it is translated
    staff.set_cookie("lang", "en")
    english = staff.get(f"/practice/{item_id}").text
    assert re.search(r'lang="cy"[^>]*>Gwersi mathemateg yn yr ardd<', english)
    staff.set_cookie("lang", "cy")
    # staff cannot publish: a sentence, not a page
    refused = staff.post(f"/practice/{item_id}/reach", data={"change": "publish"})
    assert refused.status_code == 403 and "Mae arweinydd" in text_of(refused)
    leader = signed_in("head.holt")
    assert leader.post(f"/practice/{item_id}/reach", data={"change": "publish"}).status_code == 303
    assert _sees(signed_in("staff.park"), item_id) and not _sees(signed_in("officer"), item_id)
    assert leader.post(f"/practice/{item_id}/reach", data={"change": "share"}).status_code == 303
    officer = signed_in("officer")
    assert _sees(officer, item_id)
    assert officer.post(f"/practice/{item_id}/signpost", data={
        "featured": "y", "officer_note_en": "Worth a visit", "officer_note_cy": "Gwerth ymweld"}).status_code == 303
    with app.app_context():
        item = db.session.get(PracticeItem, item_id)
        assert (item.reach, item.featured, item.officer_note_cy, [s.slug for s in item.other_schools]) == (
            Reach.AUTHORITY, True, "Gwerth ymweld", ["park"])
        assert [area.value for area in item.areas] == ["mathematics"]


def test_a_refused_form_keeps_everything_typed_and_says_what_is_wrong(demo, signed_in, no_csrf):
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    response = staff.post("/practice/new", data={
        "school_id": demo.school("holt").id, "title_en": "", "title_cy": "", "summary_en": "Kept summary",
        "practice_en": "What we did, kept", "youngest_step": "4", "oldest_step": "2"})
    assert response.status_code == 422
    page = text_of(response)
    assert "Enter this in English, in Welsh, or both" in page and "Choose a strand" in page
    assert "The last progression step cannot come before the first" in page
    assert "Kept summary" in response.text and "What we did, kept" in response.text


def test_staff_write_only_for_their_own_school_and_change_only_its_pieces(app, demo, signed_in, no_csrf):
    staff = signed_in("staff.park")
    response = staff.post("/practice/new", data={"school_id": demo.school("holt").id, "title_en": "Sneaky",
                                                 "strand": "curriculum"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(PracticeItem.id).where(PracticeItem.title_en == "Sneaky")) is None
    holts = _piece(app, demo, reach=Reach.CLUSTER)
    assert staff.get(f"/practice/{holts}/edit").status_code == 403
    assert signed_in("staff.holt").get(f"/practice/{holts}/edit").status_code == 200


def test_the_search_finds_every_mutated_form_of_a_word_and_back(app, demo):
    """A piece written with each mutated form is found by the radical, and one written with the radical by
    each mutated form, through the database on SQLite and PostgreSQL (the list: tests/test_welsh_forms.py)."""
    pieces = {word: _piece(app, demo, reach=Reach.CLUSTER, title=f"Sôn am {word} yma")
              for radical, forms in FORMS.items() for word in (radical, *forms)}
    missed = []
    with app.test_request_context():
        viewer = db.session.get(type(demo.user("admin")), demo.user("admin").id)
        for radical, forms in FORMS.items():
            found = {item.id for item in search(viewer, Filters(words=radical))}
            missed += [f"{radical} → {form}" for form in forms if pieces[form] not in found]
            for form in forms:
                if pieces[radical] not in {item.id for item in search(viewer, Filters(words=form))}:
                    missed.append(f"{form} → {radical}")
    assert missed == []


def test_the_welsh_search_test_list_has_sixty_forms_or_more():
    assert sum(len(forms) for forms in FORMS.values()) >= 60


def test_a_search_ranks_titles_first_needs_every_word_and_respects_filters(app, demo, signed_in):
    in_title = _piece(app, demo, reach=Reach.CLUSTER, title="Pontio i'r ysgol uwchradd")
    in_body = _piece(app, demo, reach=Reach.CLUSTER, title="Diwrnodau cyswllt", practice_cy="Help gyda bontio.")
    other = _piece(app, demo, reach=Reach.CLUSTER, title="Pentref a phlant")
    page = signed_in("staff.park").get("/practice/?q=pontio").text
    ids = [int(n) for n in re.findall(r'href="/practice/(\d+)"', page)]
    assert ids.index(in_title) < ids.index(in_body) and other not in ids
    # every word must match
    both = [int(n) for n in re.findall(r'href="/practice/(\d+)"',
                                       signed_in("staff.park").get("/practice/?q=pontio+uwchradd").text)]
    assert in_title in both and in_body not in both
    with app.app_context():
        db.session.get(PracticeItem, in_body).area_rows = []
        db.session.commit()
    filtered = signed_in("staff.park").get("/practice/?q=pontio&area=health_wellbeing").text
    assert f'href="/practice/{in_body}"' not in filtered
    # a filter the list does not offer is left out, never a 500
    assert signed_in("staff.park").get("/practice/?area=nonsense&step=99&school=x&year=abc").status_code == 200


def test_the_demo_library_has_pieces_at_every_reach_from_every_school(app, demo):
    with app.app_context():
        items = db.session.scalars(select(PracticeItem)).all()
        assert len(items) >= 25
        assert {item.reach for item in items} == set(Reach)
        assert len({item.school_id for item in items}) == 6
        assert all(item.title_en and item.title_cy for item in items)
        assert {area for item in items for area in item.areas} == set(AreaOfLearning)


def test_visitors_see_only_public_pieces_and_no_contact_details(app, demo, client):
    page = client.get("/practice/").text
    with app.app_context():
        public = {item.id for item in db.session.scalars(select(PracticeItem).where(
            PracticeItem.public, PracticeItem.reach != Reach.DRAFT))}
    assert {int(n) for n in re.findall(r'href="/practice/(\d+)"', page)} == public
    one = client.get(f"/practice/{sorted(public)[0]}").text
    assert "mailto:" not in one and "Share a piece of practice" not in page


# --- who leads what ------------------------------------------------------------------------------

def test_the_cluster_sees_every_schools_leads_and_who_is_missing(demo, signed_in):
    governor = signed_in("governor")
    governor.set_cookie("lang", "en")
    page = text_of(governor.get("/practice/leads"))
    assert "Who leads what" in page and "Mathematics and Numeracy" in page
    assert "Nobody named yet" in page  # the demo leaves a few for schools to name
    assert "Change" not in page  # governors read
    narrowed = text_of(governor.get("/practice/leads?responsibility=data"))
    assert narrowed.count("Safeguarding") == 1  # in the filter's list only, no school's row
    # the spreadsheet: one row per school and responsibility, a blank name where nobody is named
    rows = governor.get("/practice/leads.csv?responsibility=data").data.decode("utf-8-sig").splitlines()
    assert rows[0] == "Cluster,School,Responsibility,Name,Email address" and len(rows) == 1 + 6
    assert any(row.endswith(",,") for row in rows[1:])


def test_a_schools_staff_keep_its_leads_current_and_nobody_elses(app, demo, signed_in, no_csrf):
    holt, park = demo.school("holt").id, demo.school("park").id
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "cy")
    refused = staff.post(f"/practice/leads/{holt}", data={"name_data": "Ann Evans", "email_data": "not-an-address",
                                                         "name_transition": "Kept Name"})
    assert refused.status_code == 422 and "Kept Name" in refused.text and "not-an-address" in refused.text
    saved = staff.post(f"/practice/leads/{holt}", data={"name_data": "Ann Evans", "email_data": "ann@holt.example",
                                                       "name_transition": ""})
    assert saved.status_code == 303
    with app.app_context():
        from app.practice.models import Responsibility, SchoolLead
        named = {lead.responsibility: lead.person_name for lead in db.session.scalars(
            select(SchoolLead).where(SchoolLead.school_id == holt))}
        assert named[Responsibility.DATA] == "Ann Evans" and Responsibility.TRANSITION not in named
    assert staff.get(f"/practice/leads/{park}").status_code == 403
    assert signed_in("governor").get(f"/practice/leads/{holt}").status_code == 403


def test_the_officer_reads_every_clusters_leads_of_the_authority(app, demo, make, signed_in):
    other = make.cluster(authority_id=demo.authority.id)
    make.school(other.id, name_en="Neighbour Primary", name_cy="Ysgol Gynradd Cymydog")
    officer = signed_in("officer")
    officer.set_cookie("lang", "en")
    page = text_of(officer.get("/practice/leads"))
    assert "Neighbour Primary" in page and "Holt" in page
    only_other = text_of(officer.get(f"/practice/leads?cluster={other.id}"))
    assert "Neighbour Primary" in only_other and "Holt" not in only_other
    assert signed_in("staff.holt").get("/practice/leads").text.count("Neighbour Primary") == 0


def test_the_leadership_summary_counts_each_schools_practice_shared_in_the_period(app, demo):
    from app.summaries.periods import period_of_day
    from app.summaries.services import Scope, build_summary
    from tests.factories import TODAY
    from tests.test_summaries import _cells

    with app.test_request_context(headers={"Accept-Language": "en"}):
        cluster = db.session.get(type(demo.cluster), demo.cluster.id)
        _piece(app, demo, school="holt", reach=Reach.DRAFT)  # a draft is not shared
        summary = build_summary(Scope.of_cluster(cluster), period_of_day([cluster.id], TODAY), TODAY)
        holt = _cells(summary.table("participation"), "Holt CP School")
        # the demo's Holt pieces published this half term: outdoor maths trails, reading buddies, Eisteddfod
        assert holt["practice_shared"][0] == 3


def test_colleagues_saving_a_schools_leads_at_once_leave_one_lead_each(app, demo, live_server):
    from app.practice.models import SchoolLead
    from tests.concurrency import post_at_once, session_cookie

    app.config["WTF_CSRF_ENABLED"] = False
    holt = demo.school("holt").id
    cookies = [session_cookie(app, demo.user(who)) for who in ("staff.holt", "head.holt")]
    forms = [{"name_data": f"Person {n}", "name_transition": f"Person {n}"} for n in range(12)]
    statuses = post_at_once(live_server, [(cookies[n % 2], f"/practice/leads/{holt}", form)
                                          for n, form in enumerate(forms)])
    assert statuses == [303] * 12
    with app.app_context():
        rows = db.session.scalars(select(SchoolLead).where(SchoolLead.school_id == holt)).all()
        by_kind = {}
        for lead in rows:
            by_kind.setdefault(lead.responsibility.value, []).append(lead.person_name)
        assert sorted(by_kind) == ["data", "transition"]  # the last save wins: one lead for each
        assert len(by_kind["data"]) == len(by_kind["transition"]) == 1


def test_colleagues_saving_one_piece_at_once_leave_it_whole_and_findable(app, demo, live_server):
    from app.practice.models import PracticeTerm
    from tests.concurrency import post_at_once, session_cookie

    app.config["WTF_CSRF_ENABLED"] = False
    item_id = _piece(app, demo, reach=Reach.CLUSTER, title="Cyn")
    cookies = [session_cookie(app, demo.user(who)) for who in ("staff.holt", "head.holt")]
    forms = [{"title_en": f"Version {n}", "title_cy": f"Fersiwn {n} pontio", "strand": "curriculum"}
             for n in range(10)]
    statuses = post_at_once(live_server, [(cookies[n % 2], f"/practice/{item_id}/edit", form)
                                          for n, form in enumerate(forms)])
    assert statuses == [303] * 10
    with app.test_request_context():
        item = db.session.get(PracticeItem, item_id)
        terms = set(db.session.scalars(select(PracticeTerm.term).where(PracticeTerm.item_id == item_id)))
        # the terms are those of the title that won, not a mixture, and the piece is found by it
        assert item.title_en.lower().split()[1] in terms and "cyn" not in terms
        viewer = db.session.get(type(demo.user("admin")), demo.user("admin").id)
        assert item_id in {found.id for found in search(viewer, Filters(words="bontio"))}


def test_a_piece_links_to_the_calendar_and_shows_its_evaluations_to_those_who_may_see_them(
        app, demo, make, signed_in, client, no_csrf):
    """The activities a piece came from are chosen from this year's calendar of its own cluster; each reader
    sees those the calendar shows them, and the surveys about them only where they may read the results."""
    workshop = demo.activity("Darland Learning Community Network Meeting")
    public = demo.activity("Easter Egg Decoration Competition")
    elsewhere = make.cluster()
    with app.app_context():
        assert not workshop.is_public and public.is_public
        other_cluster_activity = Activity(cluster_id=elsewhere.id, academic_year_id=workshop.academic_year_id,
                                          term_id=workshop.term_id, strand=Strand.CURRICULUM,
                                          kind=ActivityKind.WORKSHOP, title_en="Not ours")
        db.session.add(other_cluster_activity)
        db.session.commit()
        stranger_id = other_cluster_activity.id
    survey = make.survey(demo.cluster.id, [{"kind": "smiley_3"}], audience="staff")
    with app.app_context():
        db.session.get(Survey, survey.id).activity_id = workshop.id
        db.session.commit()
    staff = signed_in("staff.holt")
    form = staff.get("/practice/new").text
    assert f'value="{workshop.id}"' in form and f'value="{stranger_id}"' not in form
    response = staff.post("/practice/new", data={
        "school_id": demo.school("holt").id, "title_en": "Linked piece", "strand": "curriculum",
        "activity_ids": [str(workshop.id), str(public.id)]})
    assert response.status_code == 303
    item_id = int(re.search(r"/practice/(\d+)", response.headers["Location"]).group(1))
    # a forged choice from another cluster's calendar is refused with the form, not stored
    refused = staff.post(f"/practice/{item_id}/edit", data={
        "title_en": "Linked piece", "strand": "curriculum", "activity_ids": [str(stranger_id)]})
    assert refused.status_code == 422
    with app.app_context():
        assert {activity.id for activity in db.session.get(PracticeItem, item_id).activities} == {
            workshop.id, public.id}
    leader = signed_in("head.holt")
    for change in ("publish", "public"):
        assert leader.post(f"/practice/{item_id}/reach", data={"change": change}).status_code == 303
    leader_page = leader.get(f"/practice/{item_id}").text
    assert f"/activities/{workshop.id}" in leader_page and f"/surveys/{survey.id}/results" in leader_page
    staff_page = staff.get(f"/practice/{item_id}").text
    assert f"/activities/{workshop.id}" in staff_page and f"/surveys/{survey.id}/results" not in staff_page
    visitor_page = client.get(f"/practice/{item_id}").text
    assert f"/activities/{public.id}" in visitor_page
    assert f"/activities/{workshop.id}" not in visitor_page and "/surveys/" not in visitor_page
