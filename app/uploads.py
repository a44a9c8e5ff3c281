"""Files people upload: read within a size limit, kept under random names in a folder outside static/
and swept away once nothing holds them. Images are cleaned down to their pixels by app/images.py.

Competition photos (app/competitions/photos.py) and practice attachments (app/practice/attachments.py)
are both kept this way.
"""

from collections.abc import Callable
from pathlib import Path

from flask import current_app

from app.clock import system_seconds
from app.errors import Refused


class UploadRefused(Refused):
    """An upload we do not store."""


class UploadTooLarge(UploadRefused):
    """An upload over its size limit: answered with a 413, the reason beside the field."""


def folder(config_key: str, default_name: str) -> Path:
    """The folder named by the setting `config_key`, or instance/`default_name`; made if missing."""
    path = Path(current_app.config.get(config_key) or Path(current_app.instance_path) / default_name)
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_upload(upload, limit: int, too_large: Callable[[str], str], empty: str) -> bytes:
    """The uploaded file's bytes, refused with `too_large(size)` over `limit` bytes or `empty` if empty."""
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadTooLarge(too_large(megabytes(limit)))
    if not data:
        raise UploadRefused(empty)
    return data


def megabytes(size: int) -> str:
    """A size in bytes as whole megabytes, for messages."""
    return f"{size / 1_000_000:.0f} MB"


def delete_unused(place: Path, name_of: Callable[[Path], str | None], names_in_use: set[str],
                  older_than_seconds: int) -> int:
    """Delete the files in `place` whose name (`name_of` a path, None for a file not ours) nothing holds
    and that were written over `older_than_seconds` ago (a younger one may be an upload not yet saved);
    how many names were deleted."""
    gone = set()
    for path in place.iterdir():
        name = name_of(path)
        if name and name not in names_in_use and path.stat().st_mtime < system_seconds() - older_than_seconds:
            path.unlink(missing_ok=True)
            gone.add(name)
    return len(gone)
