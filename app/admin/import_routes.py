"""People and schools from a file: upload, preview, confirm; and the export of people that reads back in."""

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, imports
from app.admin.forms import ConfirmImportForm, ImportFileForm
from app.admin.models import ImportKind
from app.auth.access import LEADERSHIP, allow
from app.auth.models import Role
from app.exports import download
from app.htmx import is_htmx_request, redirect_to, render_page
from app.uploads import UploadRefused, UploadTooLarge


@bp.route("/people/import", methods=["GET", "POST"])
@allow(*LEADERSHIP)
def import_people():
    """Upload a file of people (a head: of their own school) for a preview."""
    return _upload(ImportKind.PEOPLE)


@bp.route("/schools/import", methods=["GET", "POST"])
@allow(Role.ADMIN)
def import_schools():
    """Upload a file of the cluster's schools for a preview."""
    return _upload(ImportKind.SCHOOLS)


def _upload(kind: ImportKind):
    form = ImportFileForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            token = imports.store(current_user, kind, form.file.data)
        except (UploadRefused, imports.ImportRefused) as refused:
            form.file.errors = [refused.message]
            status = 413 if isinstance(refused, UploadTooLarge) else getattr(refused, "status", 422)
            if is_htmx_request():  # htmx swaps a 422 but not a 413 (base.html): the sentence goes by the field
                status = 422
        else:
            return redirect_to(url_for("admin.import_preview", import_token=token))
    return render_page("admin/import_upload.html", "admin/_import_upload.html", status, form=form, kind=kind,
                       columns=imports.COLUMNS[kind])


@bp.route("/imports/<import_token>")
@allow(*LEADERSHIP)
def import_preview(import_token: str):
    """What the uploaded file would add, change or leave alone, and its problems; nothing saved yet."""
    batch = imports.batch_for(current_user, import_token)
    plan = imports.plan_for(current_user, batch)
    return _preview(batch, plan, import_token, 200)


@bp.route("/imports/<import_token>", methods=["POST"])
@allow(*LEADERSHIP)
def confirm_import(import_token: str):
    """Save what the preview showed, at once; refused with the new preview if anything changed since."""
    batch = imports.batch_for(current_user, import_token)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan = imports.confirm(current_user, batch.id, form.digest.data or "")
    except imports.StalePreview as stale:
        changed = stale.plan.digest != form.digest.data
        return _preview(batch, stale.plan, import_token, 409 if changed else 422, stale=changed)
    flash(_("The changes from %(name)s are saved.", name=batch.file_name), "success")
    return redirect_to(url_for("admin.people" if plan.kind == ImportKind.PEOPLE else "admin.schools"))


def _preview(batch, plan, token: str, status: int, stale: bool = False):
    form = ConfirmImportForm()
    form.digest.data = plan.digest  # after a refused confirmation, the new preview's, not the one posted
    return render_page("admin/import_preview.html", "admin/_import_preview.html", status, batch=batch, plan=plan,
                       token=token, stale=stale, form=form)


@bp.route("/people/export.<fmt>")
@allow(*LEADERSHIP)
def export_people(fmt: str):
    """The people (a head: of their own school) as CSV or XLSX, in the columns the import reads."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    return download(imports.people_rows(current_user), fmt, _("people"), _("People"))
