"""Entry photos: checked, turned upright, stripped of every bit of metadata, shrunk and stored under
a random name outside /static.

A phone photo carries EXIF data (the camera, the time, often the GPS position of a child's home or
school) and an orientation flag instead of upright pixels. Pillow opens the upload, applies the
orientation to the pixels (ImageOps.exif_transpose) and writes a new JPEG with no EXIF, no GPS, no
ICC profile and no comments: nothing of the original file is kept. Only JPEG, PNG and WebP are
accepted; HEIC would need pillow-heif, a binary plugin we do not add for now (iPhones hand a
browser a JPEG when the upload form asks for an image).
"""

import io
import re
import secrets
import warnings
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer
from PIL import Image, ImageOps, UnidentifiedImageError

from app.clock import system_seconds

#: what Pillow calls the formats we accept
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
#: for the file input's accept attribute
ACCEPT = "image/jpeg,image/png,image/webp"
#: longest side of the stored photo and of its thumbnail, in pixels
LARGEST_SIDE = 1600
THUMBNAIL_SIDE = 400
#: an image with more pixels than this is refused before it is decoded (a decompression bomb:
#: a small file that would fill the server's memory); a 48-megapixel phone photo still fits
MOST_PIXELS = 60_000_000
JPEG_QUALITY = 85
#: a photo sent with a form that was refused is kept for the form sent again within this time
KEPT_FOR_SECONDS = 3600
KEPT_SALT = "kept-entry-photo"
#: the random part of a stored name: 32 hex digits, so names cannot be guessed
NAME = re.compile(r"^[0-9a-f]{32}$")
SIZES = ("full", "thumb")


class PhotoRefused(Exception):
    """An upload we do not store; `message` says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def photo_folder() -> Path:
    """Where photos are kept: COMPETITION_PHOTO_DIR, or instance/competition-photos."""
    folder = Path(current_app.config.get("COMPETITION_PHOTO_DIR") or
                  Path(current_app.instance_path) / "competition-photos")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _encoded(image: Image.Image, side: int) -> bytes:
    """The image shrunk to fit `side` × `side`, as a JPEG with no metadata at all."""
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # no exif=, icc_profile= or comment=: Pillow writes none of them unless asked
    copy.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _upright_rgb(data: bytes) -> Image.Image:
    """The upload decoded, orientation applied, on a white background if it had transparency."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRefused(_("Choose a photo in JPEG, PNG or WebP format."))
            width, height = image.size
            if width * height > MOST_PIXELS:
                raise PhotoRefused(_("This photo has too many pixels. Choose a smaller one."))
            image.load()
            image = ImageOps.exif_transpose(image)
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(_("This file is not a photo we can open. Choose a JPEG, PNG or WebP photo.")) from None
    except (OSError, ValueError, SyntaxError):  # truncated or damaged files
        raise PhotoRefused(_("This file is not a photo we can open. Choose a JPEG, PNG or WebP photo.")) from None
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused if over COMPETITION_PHOTO_MAX_BYTES or empty."""
    limit = current_app.config["COMPETITION_PHOTO_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise PhotoRefused(_("The photo is larger than %(size)s. Choose a smaller one.", size=megabytes(limit)))
    if not data:
        raise PhotoRefused(_("The file is empty. Choose a photo."))
    return data


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def store(data: bytes) -> str:
    """Process an upload and store the photo and its thumbnail; the new random name."""
    image = _upright_rgb(data)
    name = secrets.token_hex(16)
    folder = photo_folder()
    (folder / f"{name}.jpg").write_bytes(_encoded(image, LARGEST_SIDE))
    (folder / f"{name}-thumb.jpg").write_bytes(_encoded(image, THUMBNAIL_SIDE))
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


def delete_unused(names_in_use: set[str]) -> int:
    """Delete photos no entry holds that were stored over a day ago (kept for a form never sent again)."""
    deleted = 0
    for path in photo_folder().glob("*.jpg"):
        name = path.stem.removesuffix("-thumb")
        if NAME.match(name) and name not in names_in_use and path.stat().st_mtime < system_seconds() - 24 * 3600:
            path.unlink(missing_ok=True)
            deleted += not path.stem.endswith("-thumb")
    return deleted


def delete(name: str | None) -> None:
    """Remove a photo and its thumbnail (a withdrawn entry, a replaced photo, expired data)."""
    if not name or not NAME.match(name):
        return
    for suffix in ("", "-thumb"):
        (photo_folder() / f"{name}{suffix}.jpg").unlink(missing_ok=True)
