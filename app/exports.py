"""Files people download: rows of text as CSV or as an Excel workbook, the same for every module."""

import csv
import io
import re

from flask import Response

#: what Excel forbids in a sheet's name; it also refuses one that starts or ends with an apostrophe
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_NAME_LIMIT = 31
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_csv(rows: list[list[str]]) -> bytes:
    """CSV with a byte-order mark, so that Excel opens Welsh letters (ŵ, ŷ) correctly."""
    out = io.StringIO()
    csv.writer(out).writerows(_defused(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_name(title: str, taken: set[str] = frozenset(), fallback: str = "Sheet") -> str:
    """A name Excel accepts for a sheet: none of ``[ ] : * ? / \\``, no apostrophe at either end,
    at most 31 characters, not 'History', and unlike any in `taken` (compared as Excel does,
    without regard to case)."""
    name = " ".join(_SHEET_FORBIDDEN.sub(" ", title).split()).strip("'").strip()[:SHEET_NAME_LIMIT].strip()
    if not name or name.casefold() == "history":
        name = fallback
    used = {each.casefold() for each in taken}
    candidate, number = name, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = name[:SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        number += 1
    return candidate


def as_xlsx(rows: list[list[str]], title: str) -> bytes:
    """An Excel workbook with one sheet of the rows, named after `title` as far as Excel allows."""
    # imported here: openpyxl costs every gunicorn worker 8 MiB, and few requests are a download
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(title))
    for row in rows:
        # control characters a pasted answer may hold are not allowed in a workbook's XML
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
                      for cell in _defused(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(rows: list[list[str]], fmt: str, filename: str, sheet_title: str = "") -> Response:
    """The rows as a file to save ('csv' or 'xlsx'), never kept by a cache on the way."""
    if fmt == "csv":
        body, mimetype = as_csv(rows), "text/csv"  # Werkzeug adds the charset, once
    else:
        body, mimetype = as_xlsx(rows, sheet_title or filename), XLSX_MIMETYPE
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"',
                             "Cache-Control": "private, no-store"})


def _defused(row: list[str]) -> list[str]:
    """Free text that a spreadsheet would run as a formula ("=HYPERLINK(...)") is kept as text."""
    return ["'" + cell if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r")
            and not cell.lstrip("-").replace(".", "", 1).isdigit() else cell
            for cell in row]
