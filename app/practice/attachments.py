"""Files shared with a piece of practice: PDFs, slide decks, documents, spreadsheets and images.

What a file is comes from its bytes alone, never from its name or the browser's word for it. An image
is cleaned as competition photos are (app/images.py): its pixels alone, as a new JPEG, so no EXIF, GPS
or hidden HTML survives. A PDF must start as one. An office file must be a ZIP that is really a Word,
PowerPoint or Excel file (OOXML) or an OpenDocument one, without macros (a VBA project, a
macro-enabled type, OpenDocument Basic or scripts), ActiveX controls or embedded OLE objects; old
.doc/.ppt/.xls files cannot be checked for macros, so they are refused with a way round. Anything else
(HTML, SVG, programs, scripts, archives) is refused. Everything but an image is only ever downloaded,
never shown in the browser (see attachment_routes.py), so a PDF that is also an HTML page runs nowhere.

Files are kept under random names in a folder outside static/, written before their row is saved and
deleted after their row's deletion is: a file whose row never came or is gone is swept by
`flask retention run`.
"""

import io
import re
import unicodedata
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import uploads
from app.audit.services import record_event
from app.auth.models import User
from app.database import lock_for_write, locked
from app.extensions import db
from app.practice import services
from app.practice.models import AttachmentKind, PracticeAttachment, PracticeItem
from app.practice.services import PracticeRefused
from app.retention import retention_task
from app.tokens import new_token
from app.uploads import UploadRefused

#: the most files one piece of practice holds
MOST_PER_ITEM = 10
#: an office file whose parts would unpack to more than this is refused (a ZIP bomb)
MOST_UNPACKED_BYTES = 100 * 1000 * 1000
#: a real office file has tens or hundreds of parts
MOST_ZIP_ENTRIES = 2000
#: how much of a part we read to learn the file's type (a [Content_Types].xml is a few KB)
MOST_PART_BYTES = 200_000
#: a stored file's name: a token from app/tokens.py, 22 URL-safe characters
NAME = re.compile(r"^[A-Za-z0-9_-]{22}$")
#: a file not yet saved with its row is left alone this long by the sweep: its upload may be under way
SWEEP_AFTER_SECONDS = 3600

#: the file input's accept attribute: what the chooser offers first (the bytes decide)
ACCEPT = ",".join((".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods", ".jpg", ".jpeg", ".png", ".webp",
                   "application/pdf", "image/jpeg", "image/png", "image/webp"))

JPEG = "image/jpeg"
#: OOXML: the part that makes a package a document, a deck or a workbook → its kind, type and extension
OOXML_PARTS = {
    "word/document.xml": (AttachmentKind.DOCUMENT,
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "ppt/presentation.xml": (AttachmentKind.SLIDES,
                             "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "xl/workbook.xml": (AttachmentKind.SPREADSHEET,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
#: OpenDocument: what the package's first part, `mimetype`, says → its kind and extension
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": (AttachmentKind.DOCUMENT, "odt"),
    "application/vnd.oasis.opendocument.presentation": (AttachmentKind.SLIDES, "odp"),
    "application/vnd.oasis.opendocument.spreadsheet": (AttachmentKind.SPREADSHEET, "ods"),
}
#: parts of an office file that run code or carry a program: VBA macros (anywhere, also in an embedded
#: file's name), ActiveX controls, embedded OLE objects, OpenDocument Basic and scripts
RUNNABLE_PART = re.compile(r"vbaproject\.bin|vbadata\.xml|(^|/)activex/|oleobject\d*\.bin|\.(docm|dotm|xlsm|xltm|"
                           r"xlam|pptm|potm|ppam|ppsm|sldm|exe|dll|js|vbs)$|^basic/|^scripts/", re.IGNORECASE)
#: names a PDF runs or launches things by (best effort: a compressed object stream can hide one, which is
#: why a PDF is only ever downloaded, never opened in the browser)
PDF_ACTIONS = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")

OTHER_TYPES = _l("Choose a PDF, a Word, PowerPoint or Excel file (.docx, .pptx, .xlsx), an OpenDocument file "
                 "(.odt, .odp, .ods) or a JPEG, PNG or WebP image.")


class Checked:
    """An upload that passed: what it is, the bytes to keep, and the extension its name gets."""

    def __init__(self, kind: AttachmentKind, content_type: str, data: bytes, extension: str):
        self.kind, self.content_type, self.data, self.extension = kind, content_type, data, extension


def attachment_folder() -> Path:
    """Where attachments are kept: PRACTICE_ATTACHMENT_DIR, or instance/practice-attachments."""
    return uploads.folder("PRACTICE_ATTACHMENT_DIR", "practice-attachments")


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused if over PRACTICE_ATTACHMENT_MAX_BYTES or empty."""
    return uploads.read_upload(
        upload, current_app.config["PRACTICE_ATTACHMENT_MAX_BYTES"],
        lambda size: _("The file is larger than %(size)s. Choose a smaller one, or save it as a PDF.", size=size),
        _("The file is empty. Choose another."))


def check(data: bytes) -> Checked:
    """What the file is by its bytes, with the bytes to keep (an image cleaned); refused if not one we take."""
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        from app import images  # Pillow, loaded by the first image a worker cleans

        return Checked(AttachmentKind.IMAGE, JPEG, images.encoded_jpeg(images.upright_rgb(data), images.LARGEST_SIDE),
                       "jpg")
    if data.startswith(b"%PDF-"):
        if PDF_ACTIONS.search(data):
            raise UploadRefused(_("This PDF holds scripts or other files. Print it to a new PDF and upload that."))
        return Checked(AttachmentKind.PDF, "application/pdf", data, "pdf")
    if data.startswith(b"PK\x03\x04"):
        return _office_file(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Word 97–2003 .doc, .ppt, .xls
        raise UploadRefused(_("Older Word, PowerPoint and Excel files (.doc, .ppt, .xls) can hide macros we cannot "
                              "check. Save it as a PDF, or as .docx, .pptx or .xlsx, and upload that."))
    raise UploadRefused(str(OTHER_TYPES))


def _office_file(data: bytes) -> Checked:
    """An OOXML or OpenDocument file without anything runnable in it; refused otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            if len(parts) > MOST_ZIP_ENTRIES or sum(part.file_size for part in parts) > MOST_UNPACKED_BYTES:
                raise UploadRefused(_("This file unpacks to far more than a document would. Save it as a PDF and "
                                      "upload that."))
            names = {part.filename for part in parts}
            if any(RUNNABLE_PART.search(name) for name in names):
                raise UploadRefused(_("This file holds macros or other code. Save it without them (as .docx, "
                                      ".pptx or .xlsx, or as a PDF) and upload that."))
            if "[Content_Types].xml" in names:
                content_types = package.open("[Content_Types].xml").read(MOST_PART_BYTES)
                if b"macroenabled" in content_types.lower():
                    raise UploadRefused(_("This file holds macros or other code. Save it without them (as .docx, "
                                          ".pptx or .xlsx, or as a PDF) and upload that."))
                for part, (kind, content_type, extension) in OOXML_PARTS.items():
                    if part in names:
                        return Checked(kind, content_type, data, extension)
            if parts and parts[0].filename == "mimetype":
                odf_type = package.open(parts[0]).read(100).decode("ascii", "replace").strip()
                if odf_type in ODF_TYPES:
                    kind, extension = ODF_TYPES[odf_type]
                    return Checked(kind, odf_type, data, extension)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        pass  # damaged, encrypted or oddly packed: not an office file we can check
    raise UploadRefused(str(OTHER_TYPES))


def clean_name(filename: str | None, extension: str) -> str:
    """The name to show and download a file as: the upload's name without any folder, control or
    formatting characters, ending in the extension of what the file really is."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = (name.rsplit(".", 1)[0].strip(" .") if "." in name else name) or _("attachment")
    return f"{stem[:200 - len(extension) - 1]}.{extension}"


def size_label(size_bytes: int) -> str:
    """A file's size as people read it, in their language's numbers: "850 KB", "2.1 MB"."""
    if size_bytes < 1_000_000:
        return _("%(size)s KB", size=format_decimal(max(1, round(size_bytes / 1000))))
    return _("%(size)s MB", size=format_decimal(round(size_bytes / 1_000_000, 1), format="#,##0.0"))


def path_of(attachment: PracticeAttachment) -> Path | None:
    """The stored file of an attachment, or None if its name is not one of ours or the file has gone."""
    if not NAME.match(attachment.stored_name or ""):
        return None
    path = attachment_folder() / attachment.stored_name
    return path if path.is_file() else None


def keep(data: bytes) -> str:
    """Write a checked file into the attachments folder under a new random name; the name."""
    stored_name = new_token()
    (attachment_folder() / stored_name).write_bytes(data)
    return stored_name


def delete_file(stored_name: str) -> None:
    """Remove an attachment's stored file (its row deleted, or never saved)."""
    if NAME.match(stored_name):
        (attachment_folder() / stored_name).unlink(missing_ok=True)


# --- services ----------------------------------------------------------------------------------

def attach(actor: User, item_id: int, upload) -> PracticeAttachment:
    """Check an upload and keep it with the piece, within MOST_PER_ITEM; refused with the reason."""
    checked = check(read_upload(upload))
    # the file is written before the lock (cleaning an image takes a while) and deleted if no row holds it
    stored_name = keep(checked.data)
    try:
        # two uploads at once: the second waits for the first's commit, then counts it
        lock_for_write()
        item = locked(PracticeItem, item_id)
        if item is None or not services.can_edit(actor, item):
            raise PracticeRefused(_l("Only its own school's staff can change this piece of practice."))
        held = db.session.scalar(select(func.count()).where(PracticeAttachment.item_id == item_id))
        if held >= MOST_PER_ITEM:
            raise UploadRefused(_("A piece of practice holds at most %(most)d files. Delete one to add another.",
                                  most=MOST_PER_ITEM))
        attachment = PracticeAttachment(
            item_id=item_id, kind=checked.kind, original_name=clean_name(upload.filename, checked.extension),
            stored_name=stored_name, content_type=checked.content_type, size_bytes=len(checked.data),
            uploaded_by_id=actor.id)
        db.session.add(attachment)
        db.session.flush()
        record_event(actor, "created", attachment, attachment.label, item.cluster_id,
                     {"practice_item": [None, item.label], "kind": [None, checked.kind.value]})
        db.session.commit()
    except BaseException:
        db.session.rollback()
        delete_file(stored_name)
        raise
    return attachment


def detach(actor: User, item_id: int, attachment_id: int) -> None:
    """Delete a file of the piece: its row, then (once that is saved) the file itself."""
    lock_for_write()
    item = locked(PracticeItem, item_id)
    attachment = db.session.get(PracticeAttachment, attachment_id)
    if item is None or attachment is None or attachment.item_id != item_id or not services.can_edit(actor, item):
        raise PracticeRefused(_l("Only its own school's staff can change this piece of practice."))
    stored_name = attachment.stored_name
    record_event(actor, "deleted", attachment, attachment.label, item.cluster_id,
                 {"practice_item": [item.label, None], "kind": [attachment.kind.value, None]})
    db.session.delete(attachment)
    db.session.commit()
    delete_file(stored_name)


@retention_task
def delete_unheld_files() -> str:
    """Delete attachment files no row holds: an upload cut short, a deletion whose file stayed behind."""
    held = set(db.session.scalars(select(PracticeAttachment.stored_name)))
    deleted = uploads.delete_unused(attachment_folder(), lambda path: path.name if NAME.match(path.name) else None,
                                    held, SWEEP_AFTER_SECONDS)
    return f"Practice attachments: deleted {deleted} file(s) no attachment holds."
