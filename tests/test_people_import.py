"""People and schools from a file: reading every kind of file, each problem, the preview, the
confirmation in one go, the round trip from the export, and who may do what."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.admin import imports
from app.admin.models import ImportBatch, ImportKind
from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.clusters.models import School
from app.extensions import db
from tests.concurrency import post_at_once, session_cookie

HEADER = "name,email,school,role,job title en,job title cy,language,active\n"


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False  # tokens: tests/test_csrf.py walks these routes too
    return app


@pytest.fixture
def admin(no_csrf, signed_in):
    client = signed_in("admin")
    client.set_cookie("lang", "en")
    return client


def _upload(client, data: bytes | str, name: str = "staff.csv", path: str = "/admin/people/import"):
    body = data.encode() if isinstance(data, str) else data
    return client.post(path, data={"file": (io.BytesIO(body), name)}, content_type="multipart/form-data")


def _preview(client, data, name="staff.csv", path="/admin/people/import"):
    """Upload a file and follow to its preview: (the preview's address, its page)."""
    response = _upload(client, data, name, path)
    assert response.status_code == 303, response.text
    preview = client.get(response.headers["Location"])
    return response.headers["Location"], preview


def _digest(page: str) -> str:
    return re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', page).group(1)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading files ------------------------------------------------------------------------------

def test_csv_in_any_encoding_and_separator_and_xlsx_read_the_same(app):
    expected = [{"row": 2, "cells": {"name": "Siôn Ŵyn", "email": "sion@holt.example", "school": "holt"}}]
    files = {
        "utf-8 with BOM": "\ufeffName,Email address,School\nSiôn Ŵyn,sion@holt.example,holt\n".encode(),
        "utf-8, semicolons, Welsh headers": "Enw;Cyfeiriad e-bost;Ysgol\nSiôn Ŵyn;sion@holt.example;holt\n".encode(),
        "xlsx, Welsh headers in another order": _xlsx([["Ysgol", "Enw", "Cyfeiriad e-bost"],
                                                       ["holt", "Siôn Ŵyn", "sion@holt.example"], [None, None, None]]),
    }
    with app.test_request_context():
        for label, data in files.items():
            assert imports.parse(data, ImportKind.PEOPLE)[1] == expected, label
        # a row's number is the spreadsheet's, blank rows counted
        assert imports.parse(b"Name,Email\n,\n\nA,a@b.example\n", ImportKind.PEOPLE)[1][0]["row"] == 4
        # Excel's Windows CSV: cp1252 has ô but not ŵ
        cp1252 = "Name;Email;School\r\nSiôn Evans;sion@holt.example;holt\r\n".encode("cp1252")
        assert imports.parse(cp1252, ImportKind.PEOPLE)[1][0]["cells"]["name"] == "Siôn Evans"
        # a formula is text, never evaluated; the export's escaping apostrophe comes off
        formula = _xlsx([["Name", "Email"], ["=HYPERLINK(\"x\")", "a@b.example"], ["'=1+1", "c@d.example"]])
        assert [row["cells"]["name"] for row in imports.parse(formula, ImportKind.PEOPLE)[1]] == \
            ['=HYPERLINK("x")', "=1+1"]


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (b"Name,School\nA,holt\n", "one of them must be: Email address"),
    (b"Name,Email,Enw\nA,a@b.example,B\n", "These columns appear twice: Name"),
    (b"PK\x03\x04not really a zip", "We could not read this workbook"),
])
def test_a_file_we_cannot_use_is_refused_with_a_sentence(admin, app, data, message):
    response = _upload(admin, data)
    assert response.status_code == 422 and message in response.text
    assert _count(app, ImportBatch) == 0


def test_files_over_the_limits_are_refused_with_413(admin, app):
    big = HEADER + "x" * (imports.MOST_BYTES + 1)
    assert _upload(admin, big).status_code == 413
    many = HEADER + "".join(f"P {n},p{n}@holt.example,holt,staff,,,,\n" for n in range(imports.MOST_ROWS + 1))
    response = _upload(admin, many)
    assert response.status_code == 413 and "more than 5,000 rows" in response.text
    assert _count(app, ImportBatch) == 0
    # htmx swaps a 422, not a 413: the same sentence comes back beside the field
    admin.environ_base["HTTP_HX_REQUEST"] = "true"
    response = _upload(admin, big)
    assert response.status_code == 422 and "larger than 2 MB" in response.text


# --- the preview and its problems ---------------------------------------------------------------

def test_each_problem_is_shown_by_row_and_the_file_cannot_be_saved(admin, app, demo):
    people_before = _count(app, User)
    rows = [
        "Ann Hughes,ann@holt.example,Hlot,staff,,,,",                       # 2 unknown school
        "Ben Ifan,ben@holt.example,holt,staff,,,,",                        # 3 fine
        "Ben Again,BEN@holt.example,holt,staff,,,,",                       # 4 duplicate address
        "Cai Lewis,not-an-address,holt,staff,,,,",                         # 5 bad address
        "Dewi Prys,dewi@holt.example,holt,caretaker,,,,",                  # 6 unknown role
        "Elin Rees,elin@holt.example,holt,officer,,,,",                    # 7 role nobody here may give
        ",fflur@holt.example,holt,staff,,,,",                              # 8 missing name
        "Gwen Huw,gwen@holt.example,,leader,,,,",                          # 9 a leader with no school
        "Huw Jones,huw@holt.example,holt,staff," + "x" * 121 + ",,,",      # 10 too long
        "Nia Hughes,officer@wrexham.example,,governor,,,,",                # 11 someone else's account
        "Bethan Wyn,admin@darland.example,,staff,,,,",                     # 12 the admin's own role
    ]
    _, page = _preview(admin, HEADER + "\n".join(rows) + "\n")
    text = page.text
    assert "10 rows have a problem" in text and "Nothing has been saved. Fix the file and upload it again." in text
    for row, message in [(2, "“Hlot” is not a school of the cluster."), (4, "This email address is also on row 3."),
                         (5, "“not-an-address” is not an email address."), (6, "“caretaker” is not a role."),
                         (7, "Only the command line can make someone Local authority officer."),
                         (8, "The name is missing."), (9, "A leader or member of staff needs a school."),
                         (10, "Job title in English is longer than 120 characters."),
                         (11, "Another account already uses this email address."),
                         (12, "You cannot change your own role.")]:
        assert re.search(rf"Row {row} \([^)]*\): {re.escape(message)}", text.replace("&lt;", "<").replace(
            "&gt;", ">").replace("&#34;", '"')), (row, message)
    assert 'name="digest"' not in text
    # confirming anyway (a crafted post) saves nothing
    location = page.request.path
    assert admin.post(location, data={"digest": "0" * 64}).status_code == 409
    assert _count(app, User) == people_before


def test_an_admin_previews_then_saves_additions_and_changes_at_once(admin, app, demo):
    holt_staff = demo.user("staff.holt")
    events_before = _count(app, AuditEvent)
    csv = (HEADER + "Catrin Huws,Catrin@Holt.example,Holt CP School,Staff,Teaching assistant,Cynorthwyydd addysgu,"
           "Cymraeg,Yes\n"
           f"{holt_staff.name},{holt_staff.email},holt,leader,Deputy headteacher,Dirprwy bennaeth,,yes\n")
    location, page = _preview(admin, csv)
    assert page.status_code == 200
    assert "1 to add" in page.text and "1 to change" in page.text
    assert "Staff → Leader" in page.text and "Class teacher → Deputy headteacher" in page.text
    assert "People added have no password yet" in page.text
    assert _count(app, AuditEvent) == events_before
    assert "Catrin Huws" not in admin.get("/admin/people?q=catrin").text

    response = admin.post(location, data={"digest": _digest(page.text)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/people")
    with app.app_context():
        catrin = db.session.scalar(select(User).where(User.email == "catrin@holt.example"))
        assert (catrin.name, catrin.role, catrin.school.slug, catrin.job_title_cy, catrin.preferred_locale) == \
            ("Catrin Huws", Role.STAFF, "holt", "Cynorthwyydd addysgu", "cy")
        assert not catrin.check_password("") and not catrin.has_password
        dafydd = db.session.get(User, holt_staff.id)
        assert (dafydd.role, dafydd.job_title_en) == (Role.LEADER, "Deputy headteacher")
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id).offset(events_before)).all()
        assert [event.action for event in events] == ["created", "updated", "imported"]
        assert events[1].changes["role"] == ["staff", "leader"]
        assert events[2].entity_label == "staff.csv" and events[2].changes == {
            "added": [None, 1], "changed": [None, 1], "unchanged": [None, 0]}
        assert db.session.scalar(select(func.count(ImportBatch.id))) == 0
    assert "Brought in from a file" in admin.get("/admin/audit").text
    assert "Teaching assistant" in admin.get("/admin/people?q=catrin").text
    # the batch is gone: a second tap on the button finds nothing to save
    assert admin.post(location, data={"digest": _digest(page.text)}).status_code == 404


def test_a_stale_preview_saves_nothing_and_shows_the_preview_as_it_is_now(admin, app, demo):
    holt_staff = demo.user("staff.holt")
    location, page = _preview(admin, HEADER + f"New Name,{holt_staff.email},holt,staff,,,,\n"
                                              "Someone New,new@holt.example,holt,staff,,,,\n")
    with app.app_context():  # someone edits the person while the preview is open
        db.session.get(User, holt_staff.id).name = "Dafydd Lloyd-Jones"
        db.session.commit()
    response = admin.post(location, data={"digest": _digest(page.text)})
    assert response.status_code == 409
    assert "Someone changed these records after you saw the preview, so nothing was saved." in response.text
    assert "Dafydd Lloyd-Jones → New Name" in response.text
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new@holt.example")) is None
    # the new preview's own digest saves it
    assert admin.post(location, data={"digest": _digest(response.text)}).status_code == 303


def test_a_person_added_by_hand_while_the_file_is_saved_is_not_added_twice(admin, app, demo, monkeypatch):
    location, page = _preview(admin, HEADER + "Ann Hughes,ann@holt.example,holt,staff,,,,\n")
    with app.app_context():  # the admin's colleague adds Ann with the form, a moment before the save
        db.session.add(User(email="ann@holt.example", name="Ann Hughes", role=Role.STAFF, cluster_id=demo.cluster.id,
                            school_id=demo.school("holt").id, password_hash="x"))
        db.session.commit()
    read = imports._load
    # as on PostgreSQL when her row commits after the save's locked read: the save does not see her
    monkeypatch.setattr(imports, "_load", lambda *args: [] if args[-1] else read(*args))
    response = admin.post(location, data={"digest": _digest(page.text)})
    assert response.status_code == 409 and "1 left as they are" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(User.email == "ann@holt.example")) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_reads_back_in_unchanged(admin, app, demo, fmt):
    with app.app_context():  # a name a spreadsheet would take for a formula survives the trip
        db.session.get(User, demo.user("staff.park").id).name = "=HYPERLINK(\"http://evil.example\")"
        db.session.commit()
    export = admin.get(f"/admin/people/export.{fmt}")
    assert export.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(export.data)).active
        assert any(cell.value == "'=HYPERLINK(\"http://evil.example\")" for cell in sheet["A"])
        assert sheet.cell(1, 5).value == "Job title in English"
    _, page = _preview(admin, export.data, f"people.{fmt}")
    everyone = _count(app, User) - 1  # the officer is not the cluster's
    assert f"{everyone} left as they are" in page.text
    assert "0 to add" in page.text and "0 to change" in page.text and "problem" not in page.text
    assert "The file changes nothing" in page.text and 'name="digest"' not in page.text


def test_the_welsh_export_reads_back_in_unchanged_and_the_preview_is_in_welsh(no_csrf, signed_in, app):
    head = signed_in("head.holt")
    head.set_cookie("lang", "cy")
    export = head.get("/admin/people/export.csv")
    assert export.data.decode("utf-8-sig").startswith("Enw,")
    _, page = _preview(head, export.data)
    assert page.status_code == 200 and 'lang="cy"' in page.text
    assert "2 wedi'u gadael fel y maen nhw" in page.text and "Dyw'r ffeil ddim yn newid dim" in page.text


def test_a_head_brings_in_only_their_own_schools_staff_and_roles(no_csrf, signed_in, app, demo):
    head = signed_in("head.holt")
    head.set_cookie("lang", "en")
    csv = (HEADER + "Mari Lloyd,mari@holt.example,holt,staff,,,,\n"
           "Siôn Park,sion@park.example,park,staff,,,,\n"
           f"Lowri Thomas,{demo.user('staff.park').email},holt,staff,,,,\n"
           "Bos Newydd,bos@holt.example,holt,Cluster admin,,,,\n")
    _, page = _preview(head, csv)
    text = page.text
    assert "3 rows have a problem" in text
    assert re.search(r"Row 3 [^:]*: You can bring in only the people of your own school.", text)
    assert re.search(r"Row 4 [^:]*: You can bring in only the people of your own school.", text)
    assert "Only the cluster admin can make someone Cluster admin." in text
    # a head's export holds their school alone, and schools are the admin's
    assert head.get("/admin/people/export.csv").data.decode("utf-8-sig").count("\n") == 3
    assert head.get("/admin/schools/import").status_code == 403


def test_a_preview_is_its_uploaders_alone(admin, no_csrf, signed_in, app):
    location, page = _preview(admin, HEADER + "A B,ab@holt.example,holt,staff,,,,\n")
    other = signed_in("head.holt")
    assert other.get(location).status_code == 404
    assert other.post(location, data={"digest": _digest(page.text)}).status_code == 404
    assert _count(app, ImportBatch) == 1
    with app.app_context():  # an hour on, it has expired, and the next upload sweeps it away
        batch = db.session.scalar(select(ImportBatch))
        batch.created_at -= imports.BATCH_LIFETIME
        db.session.commit()
    assert admin.get(location).status_code == 404
    _upload(admin, HEADER + "A B,ab@holt.example,holt,staff,,,,\n")
    assert _count(app, ImportBatch) == 1
    with app.app_context():  # and the daily retention run deletes any left
        db.session.scalar(select(ImportBatch)).created_at -= imports.BATCH_LIFETIME
        db.session.commit()
    assert "Files of people or schools: deleted 1" in app.test_cli_runner().invoke(args=["retention", "run"]).output
    assert _count(app, ImportBatch) == 0


def test_htmx_uploads_and_confirms_swap_the_page(no_csrf, signed_in, app):
    client = signed_in("admin", htmx=True)
    client.set_cookie("lang", "en")
    refused = _upload(client, b"Name\nA\n")
    assert refused.status_code == 422 and refused.text.lstrip().startswith('<div id="import-upload"')
    response = _upload(client, HEADER + "A B,ab@holt.example,holt,staff,,,,\n")
    location = response.headers["HX-Redirect"]
    page = client.get(location)
    assert page.text.lstrip().startswith('<div id="import-preview"')
    done = client.post(location, data={"digest": _digest(page.text)})
    assert done.headers["HX-Redirect"] == "/admin/people"


# --- schools ------------------------------------------------------------------------------------

def test_an_admin_brings_in_schools_with_the_same_preview(admin, app, demo):
    csv = ("Enw Saesneg,Enw Cymraeg,Cyfnod,Disgyblion\n".replace("Enw Saesneg", "Name in English")
           .replace("Enw Cymraeg", "Name in Welsh").replace("Cyfnod", "Phase") +
           "Gresford Primary,Ysgol Gynradd Gresffordd,Cynradd,150\n"
           "Holt CP School,,primary,\"1,130\"\n"
           "Bad School,,secondary,lots\n")
    location, page = _preview(admin, csv + "   ,,primary,5\n", "schools.csv", "/admin/schools/import")
    assert "Row 4 (Bad School): Write the pupils on roll as a number from 0 to 5,000." in page.text
    assert "Row 5: The school&#39;s name is missing." in page.text
    assert _upload(admin, csv.rsplit("Bad", 1)[0], "schools.csv", "/admin/schools/import").status_code == 303
    location, page = _preview(admin, csv.rsplit("Bad", 1)[0], "schools.csv", "/admin/schools/import")
    assert "124 → 1130" in page.text and "1 to add" in page.text
    assert admin.post(location, data={"digest": _digest(page.text)}).status_code == 303
    with app.app_context():
        gresford = db.session.scalar(select(School).where(School.slug == "gresford-primary"))
        assert (gresford.name_cy, gresford.phase.value, gresford.roll) == ("Ysgol Gynradd Gresffordd", "primary", 150)
        assert db.session.get(School, demo.school("holt").id).roll == 1130


# --- racing confirmations -----------------------------------------------------------------------

def test_many_confirmations_of_one_preview_at_once_save_it_once(admin, app, demo, live_server):
    csv = HEADER + "".join(f"Person {n},p{n}@holt.example,holt,staff,,,,\n" for n in range(20))
    location, page = _preview(admin, csv)
    cookie = session_cookie(app, demo.user("admin"))
    statuses = post_at_once(live_server, [(cookie, location, {"digest": _digest(page.text)})] * 12)
    assert sorted(statuses) == [303] + [404] * 11
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(User.email.like("p%@holt.example"))) == 20
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "imported")) == 1
        assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_a_persons_job_titles_are_edited_in_the_form_and_shown_on_the_list(admin, app, demo):
    person = demo.user("staff.park")
    response = admin.post(f"/admin/people/{person.id}/edit", data={
        "name": person.name, "email": person.email, "role": "staff", "school_id": str(person.school_id),
        "preferred_locale": "cy", "job_title_en": "Year 6 teacher", "job_title_cy": "Athro Blwyddyn 6"})
    assert response.status_code == 303
    assert "Year 6 teacher" in admin.get("/admin/people?q=lowri").text
    admin.set_cookie("lang", "cy")
    assert "Athro Blwyddyn 6" in admin.get("/admin/people?q=lowri").text
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.changes["job_title_en"] == ["Class teacher", "Year 6 teacher"]
