"""Files on pieces of practice (issue #18): the types taken are known by their bytes and served safely,
hostile uploads are refused or only ever downloaded, images lose their metadata, only those who read a
piece download its files, only its editors add and delete them, and ten a piece holds under races."""

import io
import os
import re
import time
import zipfile
from urllib.parse import unquote

import pytest
from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.practice import attachments
from app.practice.demo import demo_pdf
from app.practice.models import AttachmentKind, PracticeAttachment, PracticeItem, Reach
from app.retention import run_all
from tests.test_meetings import text_of
from tests.test_practice import _piece

DOCX_PARTS = {"[Content_Types].xml": b'<?xml version="1.0"?><Types><Default Extension="xml" '
                                     b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                     b'document.main+xml"/></Types>',
              "word/document.xml": b"<w:document/>", "_rels/.rels": b"<Relationships/>"}


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def _zip(parts: dict, first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        if first:
            package.writestr(zipfile.ZipInfo(first), parts[first], compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            if name != first:
                package.writestr(name, data)
    return out.getvalue()


def _jpeg_with_gps_and_html() -> bytes:
    """A photo whose EXIF holds a GPS position and whose comment holds an HTML page (a polyglot)."""
    image = Image.new("RGB", (300, 200), (200, 80, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (53.0, 4.0, 30.0), 3: "W", 4: (2.0, 55.0, 10.0)}
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"<html><script>alert(1)</script></html>")
    return out.getvalue()


def _upload(client, item_id, data: bytes, name: str):
    return client.post(f"/practice/{item_id}/attachments", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _files(app, item_id) -> list[PracticeAttachment]:
    with app.app_context():
        return db.session.scalars(select(PracticeAttachment).where(PracticeAttachment.item_id == item_id)
                                  .order_by(PracticeAttachment.id)).all()


def _stored(app, attachment) -> bytes:
    with app.app_context():
        return (attachments.attachment_folder() / attachment.stored_name).read_bytes()


def _refused(response, status: int = 422) -> str:
    assert response.status_code == status, response.status_code
    return text_of(response)


ACCEPTED = [
    ("worksheet.pdf", demo_pdf("Hello"), AttachmentKind.PDF, "application/pdf", "worksheet.pdf"),
    ("plan.docx", _zip(DOCX_PARTS), AttachmentKind.DOCUMENT,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "plan.docx"),
    ("deck.pptx", _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), AttachmentKind.SLIDES,
     "application/vnd.openxmlformats-officedocument.presentationml.presentation", "deck.pptx"),
    ("marks.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>",
                         "xl/printerSettings/printerSettings1.bin": b"\0" * 10}), AttachmentKind.SPREADSHEET,
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "marks.xlsx"),
    ("cynllun.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>"},
                         first="mimetype"), AttachmentKind.DOCUMENT, "application/vnd.oasis.opendocument.text",
     "cynllun.odt"),
    ("sleidiau.odp", _zip({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<c/>"},
                          first="mimetype"), AttachmentKind.SLIDES, "application/vnd.oasis.opendocument.presentation",
     "sleidiau.odp"),
    ("Llun y dosbarth.png", (lambda out: (Image.new("RGB", (50, 40), "blue").save(out, "PNG"), out.getvalue())[1])(
        io.BytesIO()), AttachmentKind.IMAGE, "image/jpeg", "Llun y dosbarth.jpg"),
]


@pytest.mark.parametrize(("name", "data", "kind", "content_type", "shown_as"), ACCEPTED,
                         ids=[case[0] for case in ACCEPTED])
def test_each_type_taken_is_stored_and_served_with_safe_headers(app, demo, signed_in, no_csrf, name, data, kind,
                                                                 content_type, shown_as):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    response = _upload(staff, item_id, data, name)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/practice/{item_id}#attachments")
    [file] = _files(app, item_id)
    assert (file.kind, file.content_type, file.original_name) == (kind, content_type, shown_as)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", file.stored_name) and shown_as not in file.stored_name
    served = staff.get(f"/practice/{item_id}/attachments/{file.id}")
    assert served.status_code == 200 and served.mimetype == content_type
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Cache-Control"] == "no-store"  # a piece for the cluster only
    disposition = served.headers["Content-Disposition"]
    if kind == AttachmentKind.IMAGE:
        assert disposition.startswith("inline;") and served.data.startswith(b"\xff\xd8\xff")
    else:
        assert disposition.startswith("attachment;") and served.data == data
        assert f'filename="{shown_as}"' in disposition and f"filename*=UTF-8''{shown_as.replace(' ', '%20')}" in \
            disposition
        policy = served.headers["Content-Security-Policy"]
        assert policy.startswith("sandbox") and "default-src 'none'" in policy and "script-src" not in policy
    page = text_of(staff.get(f"/practice/{item_id}"))
    assert shown_as in page


def test_a_name_with_welsh_letters_or_a_path_is_cleaned_and_sent_both_ways(app, demo, signed_in, no_csrf):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    _upload(staff, item_id, demo_pdf("x"), "..\\..\\etc/Gwersi ŵyn\u202e\x07 a;b.html")
    [file] = _files(app, item_id)
    assert file.original_name == "Gwersi ŵyn a;b.pdf"  # no folder, no control or direction characters
    disposition = staff.get(f"/practice/{item_id}/attachments/{file.id}").headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Gwersi _yn a_b.pdf"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == file.original_name


def test_nothing_in_a_name_can_end_the_header_or_its_quotes():
    from app.practice.attachment_routes import content_disposition

    header = content_disposition("attachment", 'a"b\r\nSet-Cookie: x=1;.pdf')
    assert header == ('attachment; filename="a_b__Set-Cookie_ x_1_.pdf"; '
                      "filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3D1%3B.pdf")


HOSTILE = [
    ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "Choose a PDF"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "Choose a PDF"),
    ("drawing.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "Choose a PDF"),
    ("program.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Choose a PDF"),
    ("script.docx", b"#!/bin/sh\nrm -rf /\n", "Choose a PDF"),
    ("macros.docm", _zip({**DOCX_PARTS, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros"),
    ("renamed.docx", _zip({**DOCX_PARTS, "[Content_Types].xml": b'<Types><Override ContentType="application/'
                                                                  b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'}),
     "macros"),
    ("controls.docx", _zip({**DOCX_PARTS, "word/activeX/activeX1.bin": b"\0"}), "macros"),
    ("embedded.pptx", _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>",
                            "ppt/embeddings/oleObject1.bin": b"\0"}), "macros"),
    ("basic.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml": b"x"},
                       first="mimetype"), "macros"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
    ("bomb.docx", _zip({**DOCX_PARTS, "word/media/huge.xml": b"\0" * 101_000_000}), "unpacks"),
    ("archive.docx", _zip({"readme.txt": b"hello"}), "Choose a PDF"),
    ("scripted.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n",
     "scripts"),
    ("empty.pdf", b"", "empty"),
]


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_uploads_are_refused_with_the_reason_at_the_field(app, demo, signed_in, no_csrf, name, data, reason):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    before = _stored_names(app)
    page = _refused(_upload(staff, item_id, data, name))
    assert reason in page and "There is a problem" in page
    assert _files(app, item_id) == [] and _stored_names(app) == before


def test_a_pdf_that_is_also_a_web_page_is_only_ever_downloaded_in_a_sandbox(app, demo, signed_in, no_csrf):
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    item_id = _piece(app, demo, reach=Reach.CLUSTER, public=True)
    _upload(signed_in("staff.holt"), item_id, polyglot, "report.html")
    [file] = _files(app, item_id)
    assert (file.kind, file.original_name) == (AttachmentKind.PDF, "report.pdf")
    served = app.test_client().get(f"/practice/{item_id}/attachments/{file.id}")
    assert served.status_code == 200 and served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.headers["Cache-Control"] == "public, max-age=300"  # a public piece, to a visitor


def test_an_image_loses_its_gps_camera_and_hidden_html(app, demo, signed_in, no_csrf):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    original = _jpeg_with_gps_and_html()
    assert b"<script>" in original and b"PhoneMaker" in original
    _upload(signed_in("staff.holt"), item_id, original, "trip.jpg")
    [file] = _files(app, item_id)
    stored = _stored(app, file)
    assert b"<script>" not in stored and b"PhoneMaker" not in stored and b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif() and "comment" not in image.info


def test_a_file_over_the_limit_gets_a_413_with_the_reason_and_a_huge_request_the_413_page(app, demo, signed_in,
                                                                                           no_csrf):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "cy")
    app.config["PRACTICE_ATTACHMENT_MAX_BYTES"] = 2_000_000
    page = _refused(_upload(staff, item_id, demo_pdf("x") + b"\0" * 2_100_000, "big.pdf"), 413)
    assert "Mae'r ffeil yn fwy na 2 MB" in page
    app.config["MAX_CONTENT_LENGTH"] = 100_000
    response = _upload(staff, item_id, b"\0" * 200_000, "huge.pdf")
    assert response.status_code == 413 and "Mae'r ffeil yn rhy fawr" in text_of(response)
    assert _files(app, item_id) == []


def test_refusals_are_in_welsh_for_a_welsh_reader(app, demo, signed_in, no_csrf):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "cy")
    assert "Dewiswch PDF" in _refused(_upload(staff, item_id, b"<html></html>", "x.html"))
    assert "macros" in _refused(_upload(staff, item_id, _zip({**DOCX_PARTS, "word/vbaProject.bin": b"x"}), "x.docm"))
    assert "Dewiswch ffeil" in _refused(staff.post(f"/practice/{item_id}/attachments", data={},
                                                   content_type="multipart/form-data"))


def test_only_those_who_read_a_piece_download_its_files(app, demo, signed_in, client, no_csrf):
    draft = _piece(app, demo, reach=Reach.DRAFT)
    _upload(signed_in("staff.holt"), draft, demo_pdf("draft"), "draft.pdf")
    [file] = _files(app, draft)
    url = f"/practice/{draft}/attachments/{file.id}"
    assert signed_in("head.holt").get(url).status_code == 200
    for reader in (signed_in("staff.park"), signed_in("officer"), client):
        assert reader.get(url).status_code == 404
    # a file asked for through another piece's address is not found either
    public = _piece(app, demo, reach=Reach.CLUSTER, public=True)
    assert client.get(f"/practice/{public}/attachments/{file.id}").status_code == 404
    # a visitor reads a public piece's files, and its page lists them without any form
    _upload(signed_in("staff.holt"), public, demo_pdf("public"), "public.pdf")
    [shown] = _files(app, public)
    assert client.get(f"/practice/{public}/attachments/{shown.id}").status_code == 200
    page = client.get(f"/practice/{public}")
    assert "public.pdf" in page.text and 'enctype="multipart/form-data"' not in page.text


def test_the_demo_piece_carries_its_files_to_anyone(app, demo, client):
    with app.app_context():
        item = db.session.scalar(select(PracticeItem).where(PracticeItem.title_en == "Outdoor maths trails"))
        names = [(file.original_name, file.kind) for file in item.attachments]
        first = item.attachments[0].id
        item_id = item.id
    assert names == [("Maths trail worksheet.pdf", AttachmentKind.PDF),
                     ("Taflen llwybr mathemateg.pdf", AttachmentKind.PDF),
                     ("Map y llwybr – trail map.jpg", AttachmentKind.IMAGE)]
    served = client.get(f"/practice/{item_id}/attachments/{first}")
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")


def test_only_its_editors_add_and_delete_files_and_each_change_is_audited(app, demo, signed_in, no_csrf):
    from app.audit.models import AuditEvent

    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    assert _upload(signed_in("staff.park"), item_id, demo_pdf("x"), "x.pdf").status_code == 403
    assert _upload(signed_in("governor"), item_id, demo_pdf("x"), "x.pdf").status_code == 403
    draft = _piece(app, demo, reach=Reach.DRAFT)
    assert _upload(signed_in("staff.park"), draft, demo_pdf("x"), "x.pdf").status_code == 404
    staff = signed_in("staff.holt")
    _upload(staff, item_id, demo_pdf("x"), "keep.pdf")
    [file] = _files(app, item_id)
    with app.app_context():
        path = attachments.attachment_folder() / file.stored_name
    assert path.exists()
    assert signed_in("staff.park").post(f"/practice/{item_id}/attachments/{file.id}/delete").status_code == 403
    assert signed_in("staff.park").post(f"/practice/{draft}/attachments/{file.id}/delete").status_code == 404
    assert staff.post(f"/practice/{item_id}/attachments/{file.id}/delete").status_code == 303
    assert _files(app, item_id) == [] and not path.exists()
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_type == "practice_attachments").order_by(AuditEvent.id)).all()
    assert actions == ["created", "deleted"]


def test_the_upload_works_without_javascript_and_lists_the_file_with_its_size(app, demo, signed_in):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    form = staff.get(f"/practice/{item_id}").text
    assert 'enctype="multipart/form-data"' in form and 'accept=".pdf,.docx' in form and "20 MB" in form
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    data = demo_pdf("x") + b"%" + b"0" * 2_100_000
    response = staff.post(f"/practice/{item_id}/attachments", data={"csrf_token": token,
                                                                     "file": (io.BytesIO(data), "plan.pdf")},
                          content_type="multipart/form-data", follow_redirects=True)
    page = text_of(response)
    assert "The file is attached: plan.pdf" in page and "PDF, 2.1 MB" in page


def test_a_piece_holds_ten_files(app, demo, signed_in, no_csrf):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    for number in range(attachments.MOST_PER_ITEM):
        assert _upload(staff, item_id, demo_pdf(str(number)), f"{number}.pdf").status_code == 303
    assert "at most 10 files" in _refused(_upload(staff, item_id, demo_pdf("more"), "more.pdf"))
    assert len(_files(app, item_id)) == attachments.MOST_PER_ITEM


def test_colleagues_uploading_at_once_never_pass_the_limit(app, demo, live_server):
    from tests.concurrency import post_at_once, session_cookie

    app.config["WTF_CSRF_ENABLED"] = False
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    cookies = [session_cookie(app, demo.user(who)) for who in ("staff.holt", "head.holt")]
    uploads = [(cookies[n % 2], f"/practice/{item_id}/attachments", {"file": (f"{n}.pdf", demo_pdf(str(n)))})
               for n in range(14)]
    before = _stored_names(app)
    statuses = post_at_once(live_server, uploads)
    assert sorted(statuses) == [303] * 10 + [422] * 4
    held = {file.stored_name for file in _files(app, item_id)}
    assert len(held) == attachments.MOST_PER_ITEM
    # the refused uploads' files were deleted, not left behind
    assert _stored_names(app) == before | held


def _stored_names(app) -> set[str]:
    with app.app_context():
        return {path.name for path in attachments.attachment_folder().iterdir()}


def test_the_retention_sweep_deletes_files_no_row_holds(app, demo, signed_in, no_csrf):
    item_id = _piece(app, demo, reach=Reach.CLUSTER)
    _upload(signed_in("staff.holt"), item_id, demo_pdf("x"), "kept.pdf")
    [held] = _files(app, item_id)
    with app.app_context():
        folder = attachments.attachment_folder()
        orphan, fresh = folder / ("o" * 22), folder / ("f" * 22)
        orphan.write_bytes(b"%PDF- left behind")
        fresh.write_bytes(b"%PDF- an upload under way")
        hour_ago = time.time() - 2 * 3600
        os.utime(orphan, (hour_ago, hour_ago))
        os.utime(folder / held.stored_name, (hour_ago, hour_ago))
        report = [line for line in run_all() if line.startswith("Practice attachments")]
    assert report == ["Practice attachments: deleted 1 file(s) no attachment holds."]
    assert not orphan.exists() and fresh.exists() and (folder / held.stored_name).exists()
    fresh.unlink()
