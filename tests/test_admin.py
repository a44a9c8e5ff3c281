"""Managing schools and people: forms, scoping, the audit log, and the htmx list."""

import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.clusters.models import School
from app.extensions import db


@pytest.fixture
def admin(app, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False  # tokens are covered in test_csrf.py
    client = signed_in("admin")
    client.set_cookie("lang", "en")
    return client


def _person_form(**values):
    return {"name": "Catrin Huws", "email": "catrin@holt.example", "role": "staff", "school_id": "4",
            "preferred_locale": "cy", "password": "a-temporary-password", **values}


def test_an_admin_adds_a_school_and_the_change_is_logged(app, admin, demo):
    response = admin.post("/admin/schools/new", data={
        "name_en": "Gresford Primary", "name_cy": "", "slug": "", "phase": "primary", "roll": "150"})
    assert response.status_code == 303
    with app.app_context():
        school = db.session.scalar(select(School).where(School.name_en == "Gresford Primary"))
        assert (school.slug, school.roll, school.cluster_id) == ("gresford-primary", 150, demo.cluster.id)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "schools"))
        assert event.action == "created" and event.actor_id == demo.user("admin").id
        assert event.changes["roll"] == [None, 150]
    # the missing Welsh name is flagged to the admin, and English shows in its place
    listing = admin.get("/admin/schools").text
    assert "Gresford Primary" in listing


def test_a_school_needs_a_name_in_one_language_and_a_sensible_roll(admin, demo):
    response = admin.post("/admin/schools/new", data={
        "name_en": " ", "name_cy": "", "slug": "Not A Slug", "phase": "primary", "roll": "-3"})
    assert response.status_code == 422
    assert "Enter this in English, in Welsh, or both" in response.text
    assert "Use only lower-case letters, numbers and hyphens" in response.text
    assert "Enter a number from 0 to 5,000" in response.text


def test_editing_a_school_logs_only_what_changed(app, admin, demo):
    holt = demo.school("holt")
    response = admin.post(f"/admin/schools/{holt.id}/edit", data={
        "name_en": holt.name_en, "name_cy": holt.name_cy, "slug": "holt", "phase": "primary", "roll": "130"})
    assert response.status_code == 303
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_id == holt.id,
                                                           AuditEvent.entity_type == "schools"))
        assert event.action == "updated" and event.changes == {"roll": [124, 130]}
    assert "Changed" in admin.get("/admin/audit").text


def test_a_short_name_already_used_in_the_cluster_is_refused(admin, demo):
    response = admin.post("/admin/schools/new", data={
        "name_en": "Another Holt", "name_cy": "", "slug": "holt", "phase": "primary", "roll": "10"})
    assert response.status_code == 422
    assert "Another school of the cluster has this short name." in response.text


def test_an_admin_cannot_edit_a_school_or_person_of_another_cluster(admin, make):
    other = make.cluster()
    school = make.school(other.id)
    person = make.user(Role.STAFF, cluster_id=other.id, school_id=school.id)
    assert admin.get(f"/admin/schools/{school.id}/edit").status_code == 404
    assert admin.get(f"/admin/people/{person.id}/edit").status_code == 404
    assert admin.post(f"/admin/people/{person.id}/active", data={"active": "0"}).status_code == 404
    assert person.email not in admin.get("/admin/people?status=all").text


def test_an_admin_adds_a_person_who_can_then_sign_in(app, admin, demo):
    response = admin.post("/admin/people/new", data=_person_form())
    assert response.status_code == 303
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "catrin@holt.example"))
        assert (person.role, person.school_id, person.preferred_locale) == (Role.STAFF, 4, "cy")
        assert person.check_password("a-temporary-password")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "users"))
        assert event.changes["password_hash"] == ["…", "…"]
        assert "a-temporary-password" not in str(event.changes)


@pytest.mark.parametrize(("values", "message"), [
    ({"email": "head.holt@darland.example"}, "Another account already uses this email address."),
    ({"email": "HEAD.HOLT@darland.example"}, "Another account already uses this email address."),
    ({"email": "not-an-address"}, "Enter an email address like name@school.example"),
    ({"school_id": ""}, "Choose the school of a leader or member of staff"),
    ({"school_id": "999"}, "Not a valid choice."),
    ({"role": "officer"}, "Not a valid choice."),
    ({"password": ""}, "Enter a temporary password"),
    ({"name": "x" * 121}, "Use 120 characters or fewer"),
])
def test_a_person_form_with_mistakes_says_what_to_fix(admin, demo, values, message):
    response = admin.post("/admin/people/new", data=_person_form(**values))
    assert response.status_code == 422
    assert message in response.text


def test_an_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(app, admin, demo):
    me = demo.user("admin")
    response = admin.post(f"/admin/people/{me.id}/edit", data=_person_form(
        name=me.name, email=me.email, role="staff", password=""))
    assert response.status_code == 422
    assert "You cannot take away your own admin role." in response.text
    admin.post(f"/admin/people/{me.id}/active", data={"active": "0"})
    with app.app_context():
        me_now = db.session.get(User, me.id)
        assert me_now.role == Role.ADMIN and me_now.active


def test_deactivating_with_htmx_swaps_just_the_row(app, signed_in, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in("admin", htmx=True)
    client.set_cookie("lang", "en")
    person = demo.user("staff.park")
    response = client.post(f"/admin/people/{person.id}/active", data={"active": "0"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="person-{person.id}">')
    assert "Deactivated" in response.text and "Reactivate" in response.text
    with app.app_context():
        assert db.session.get(User, person.id).active is False


def test_deactivating_without_javascript_returns_to_the_filtered_list(admin, demo):
    person = demo.user("staff.park")
    response = admin.post(f"/admin/people/{person.id}/active",
                          data={"active": "0", "next": "/admin/people?school=3"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/people?school=3"


def _names(html):
    return re.findall(r'<th scope="row" data-label="Name">\s*([^<\n]+?)\s*(?:<|\n)', html)


def test_the_people_list_filters_by_name_school_role_and_status(admin, demo):
    assert len(_names(admin.get("/admin/people").text)) == 14  # everyone but the officer
    assert _names(admin.get("/admin/people?q=HOLT").text) == ["Dafydd Lloyd", "Owain Jones"]
    assert _names(admin.get(f"/admin/people?school={demo.school('park').id}&role=leader").text) == [
        "Helen Davies"]
    assert _names(admin.get("/admin/people?status=inactive").text) == []
    # nonsense in the address is ignored rather than an error
    assert admin.get("/admin/people?school=abc&role=king&status=x&page=-4").status_code == 200


def test_a_search_for_a_percent_sign_is_literal(admin, demo):
    assert _names(admin.get("/admin/people?q=%25").text) == []


def test_the_people_list_answers_htmx_with_only_the_results(signed_in, demo):
    client = signed_in("admin", htmx=True)
    client.set_cookie("lang", "en")
    response = client.get("/admin/people?q=holt")
    assert response.text.lstrip().startswith('<section id="people-results"')
    assert "<html" not in response.text
    assert "2 people" in response.text


def test_the_people_list_pages_through_large_clusters(app, admin, make, demo):
    for _ in range(55):
        make.user(Role.STAFF, cluster_id=demo.cluster.id, school_id=demo.school("park").id)
    first = admin.get("/admin/people").text
    assert "Page 1 of 2" in first and len(_names(first)) == 50
    assert len(_names(admin.get("/admin/people?page=2").text)) == 19


def test_a_leader_sees_the_people_but_cannot_change_them(signed_in, demo):
    client = signed_in("head.holt")
    client.set_cookie("lang", "en")
    html = client.get("/admin/people").text
    assert "Owain Jones" in html
    assert "/edit" not in html and 'name="active"' not in html and "Add a person" not in html


def test_an_authority_officer_sees_the_schools_of_every_cluster_in_the_authority(signed_in, make, demo):
    neighbour = make.cluster(authority_id=demo.authority.id)
    make.school(neighbour.id, name_en="Acton Park Primary")
    elsewhere = make.cluster()
    make.school(elsewhere.id, name_en="Far Away Primary")
    client = signed_in("officer")
    client.set_cookie("lang", "en")
    html = client.get("/admin/schools").text
    assert "Acton Park Primary" in html and "Holt CP School" in html
    assert "Far Away Primary" not in html
    # whereas a cluster's own people see only their cluster
    assert "Acton Park Primary" not in signed_in("staff.holt").get("/admin/schools").text
