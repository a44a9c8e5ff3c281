"""Entry photos: checked, turned upright, stripped of every bit of metadata and shrunk (app/images.py),
then stored with a thumbnail under a random name outside /static.
"""

import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer

from app import uploads

#: for the file input's accept attribute
ACCEPT = "image/jpeg,image/png,image/webp"
#: longest side of a photo's thumbnail, in pixels
THUMBNAIL_SIDE = 400
#: a photo sent with a form that was refused is kept for the form sent again within this time
KEPT_FOR_SECONDS = 3600
KEPT_SALT = "kept-entry-photo"
#: the random part of a stored name: 32 hex digits, so names cannot be guessed
NAME = re.compile(r"^[0-9a-f]{32}$")
SIZES = ("full", "thumb")


def photo_folder() -> Path:
    """Where photos are kept: COMPETITION_PHOTO_DIR, or instance/competition-photos."""
    return uploads.folder("COMPETITION_PHOTO_DIR", "competition-photos")


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused if over COMPETITION_PHOTO_MAX_BYTES or empty."""
    return uploads.read_upload(
        upload, current_app.config["COMPETITION_PHOTO_MAX_BYTES"],
        lambda size: _("The photo is larger than %(size)s. Choose a smaller one.", size=size),
        _("The file is empty. Choose a photo."))


def store(data: bytes) -> str:
    """Process an upload and store the photo and its thumbnail; the new random name."""
    from app import images  # Pillow, loaded by the first photo a worker takes

    image = images.upright_rgb(data)
    name = secrets.token_hex(16)
    folder = photo_folder()
    (folder / f"{name}.jpg").write_bytes(images.encoded_jpeg(image, images.LARGEST_SIDE))
    (folder / f"{name}-thumb.jpg").write_bytes(images.encoded_jpeg(image, THUMBNAIL_SIDE))
    return name


def path_of(name: str, size: str) -> Path | None:
    """The file of a stored photo, or None for a name that is not one of ours or has gone."""
    if not name or not NAME.match(name) or size not in SIZES:
        return None
    path = photo_folder() / (f"{name}.jpg" if size == "full" else f"{name}-thumb.jpg")
    return path if path.is_file() else None


def kept_token(name: str) -> str:
    """A signed, dated token for a photo kept across a refused form, sent back in the form."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=KEPT_SALT).dumps(name)


def kept_name(token: str | None) -> str | None:
    """The photo a form's token keeps, if it is ours, recent and still stored."""
    if not token:
        return None
    try:
        name = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=KEPT_SALT).loads(
            token, max_age=KEPT_FOR_SECONDS)
    except BadData:
        return None
    return name if path_of(name, "full") else None


def _name_of(path: Path) -> str | None:
    """The photo a stored file belongs to (its thumbnail's too), or None for a file not ours."""
    name = path.stem.removesuffix("-thumb")
    return name if path.suffix == ".jpg" and NAME.match(name) else None


def delete_unused(names_in_use: set[str]) -> int:
    """Delete photos no entry holds that were stored over a day ago (kept for a form never sent again)."""
    return uploads.delete_unused(photo_folder(), _name_of, names_in_use, 24 * 3600)


def delete(name: str | None) -> None:
    """Remove a photo and its thumbnail (a withdrawn entry, a replaced photo, expired data)."""
    if not name or not NAME.match(name):
        return
    for suffix in ("", "-thumb"):
        (photo_folder() / f"{name}{suffix}.jpg").unlink(missing_ok=True)
