"""Files shared with a piece of practice: uploading one, downloading it, deleting it."""

from urllib.parse import quote

from flask import abort, flash, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import allow, public
from app.errors import show_refusal
from app.extensions import db, talisman
from app.htmx import redirect_to
from app.practice import attachments, bp, services
from app.practice.forms import AttachmentForm
from app.practice.models import AttachmentKind, PracticeAttachment, PracticeItem, Reach
from app.practice.routes import WRITERS, item_page, readable_piece
from app.uploads import UploadRefused, UploadTooLarge

#: a downloaded file that a browser opens anyway runs no script, loads nothing and is its own origin
DOWNLOAD_POLICY = {"sandbox": "", "default-src": "'none'", "frame-ancestors": "'none'"}
#: seconds a browser or proxy may keep a public piece's file
PUBLIC_MAX_AGE = 300


def _attachment_of(item_id: int, attachment_id: int) -> tuple[PracticeItem, PracticeAttachment]:
    """A piece this person may read and one of its files; otherwise a 404 that gives nothing away."""
    piece = readable_piece(item_id)
    attachment = db.session.get(PracticeAttachment, attachment_id)
    if attachment is None or attachment.item_id != piece.id:
        abort(404)
    return piece, attachment


def content_disposition(kind: str, name: str) -> str:
    """An RFC 6266 Content-Disposition: a plain ASCII filename for old browsers, and the real one
    (filename*, UTF-8) for the rest; nothing in either can end the header or the quoted string."""
    ascii_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in " ._-()") else "_" for ch in name)
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.route("/<int:item_id>/attachments", methods=["POST"])
@allow(*WRITERS)
def upload_attachment(item_id: int):
    """Share a file with a piece of your school's practice: checked by its bytes, kept outside static/."""
    piece = readable_piece(item_id)
    if not services.can_edit(current_user, piece):
        abort(403)
    form = AttachmentForm()
    status = 422
    if form.validate_on_submit():
        try:
            attachment = attachments.attach(current_user, piece.id, form.file.data)
        except UploadRefused as refused:
            show_refusal(form, refused, "file")
            status = 413 if isinstance(refused, UploadTooLarge) else 422
        else:
            flash(_("The file is attached: %(name)s.", name=attachment.original_name), "success")
            return redirect_to(url_for("practice.item", item_id=piece.id) + "#attachments")
    return item_page(piece, attachment_form=form, status=status)


@bp.route("/<int:item_id>/attachments/<int:attachment_id>")
@public
@talisman(content_security_policy=DOWNLOAD_POLICY)
def attachment(item_id: int, attachment_id: int):
    """A file of a piece, for those who may read the piece: an image shown, anything else only downloaded."""
    piece, file = _attachment_of(item_id, attachment_id)
    path = attachments.path_of(file)
    if path is None:
        abort(404)
    image = file.kind == AttachmentKind.IMAGE
    response = send_file(path, mimetype=file.content_type, max_age=0, conditional=True)
    response.headers["Content-Disposition"] = content_disposition("inline" if image else "attachment",
                                                                  file.original_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # kept in shared caches briefly when the piece is public; signed-in answers get no-store whatever this says
    public_piece = piece.public and piece.reach != Reach.DRAFT
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if public_piece else "private, no-store"
    return response


@bp.route("/<int:item_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@allow(*WRITERS)
def delete_attachment(item_id: int, attachment_id: int):
    """Delete a file of a piece of your school's practice."""
    if not services.can_edit(current_user, readable_piece(item_id)):
        abort(403)
    piece, file = _attachment_of(item_id, attachment_id)
    name = file.original_name
    attachments.detach(current_user, piece.id, file.id)
    flash(_("The file is deleted: %(name)s.", name=name), "success")
    return redirect_to(url_for("practice.item", item_id=item_id) + "#attachments")
