"""People and schools from a file: read a CSV or XLSX, compare it with the cluster, apply it at once.

A school office keeps its staff in a spreadsheet. It uploads it as CSV (UTF-8 with or without a
byte-order mark, or the Windows-1252 Excel writes by default; commas or semicolons, as Excel writes
where the decimal point is a comma) or as XLSX. The headers may be in English or Welsh and in any
order; a column the file lacks is left alone on every record. The rows are kept on the server
(ImportBatch) and compared afresh with the cluster each time the preview is shown; the confirm form
carries a digest of what the preview showed, and a confirmation whose digest no longer matches (a
person edited in between) is refused with the new preview, so what is saved is what was seen.

Nothing in a cell is ever evaluated: "=SUM(A1)" is a name like any other. The exports escape such
cells with an apostrophe (app/exports.py), which is taken off again here, so an export reads back
in unchanged.
"""

import csv
import hashlib
import io
import json
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import abort
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app import uploads
from app.admin.forms import ASSIGNABLE_ROLES
from app.admin.models import ImportBatch, ImportKind
from app.admin.services import slugify
from app.audit.services import pending_changes, record_event
from app.auth.models import NO_PASSWORD_HASH, Role, User
from app.clock import utcnow
from app.clusters.models import School, SchoolPhase
from app.database import lock_for_write, locked
from app.extensions import db
from app.i18n import LANGUAGE_NAMES, plain_localized
from app.retention import retention_task

#: the largest file taken, and the most rows in it: a cluster's staff fit many times over
MOST_BYTES = 2_000_000
MOST_ROWS = 5000
#: an XLSX is a zip: what its parts may add up to once unpacked (a 2 MB zip can hide gigabytes)
MOST_UNPACKED_BYTES = 40_000_000
#: rows walked in all, empty ones included (a sheet can be formatted down to row 1,048,576)
MOST_ROWS_WALKED = 50_000
#: how long an uploaded file waits for its confirmation
BATCH_LIFETIME = timedelta(hours=1)
#: the roles a head may give, to people of their own school
HEAD_ROLES = (Role.LEADER, Role.STAFF)
#: ids per IN (…): well under SQLite's and PostgreSQL's limits on parameters
CHUNK = 900
#: what a cell starts with when a spreadsheet would take it for a formula (escaped by app/exports.py)
FORMULA_START = ("=", "+", "-", "@")


class ImportRefused(Exception):
    """A file we cannot read at all; `message` says why, in the reader's language; `status` 413 or 422."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message, self.status = message, status


class StalePreview(Exception):
    """The cluster changed after the preview was shown: `plan` is the preview as it is now."""

    def __init__(self, plan: "Plan"):
        super().__init__("stale preview")
        self.plan = plan


@dataclass(frozen=True)
class Column:
    """A column of the file: its key, its header, what to write in it, other headers people write,
    its longest value."""

    key: str
    label: object
    hint: object
    aliases: tuple[str, ...] = ()
    longest: int = 200


PEOPLE_COLUMNS = (
    Column("name", _l("Name"), _l("The person's full name."), ("full name", "enw llawn"), 120),
    Column("email", _l("Email address"), _l("The address they sign in with."),
           ("email", "e-mail", "e-bost", "ebost"), 254),
    Column("school", _l("School"), _l("The school's name in English or Welsh, or its short name (such as holt). "
                                      "Empty for a governor or the cluster admin."), ("school slug",), 200),
    Column("role", _l("Role"), _l("Staff, Leader, Governor or Cluster admin, in English or Welsh. "
                                  "Empty: Staff for someone new."), ("rol",), 40),
    Column("job_title_en", _l("Job title in English"), _l("Such as Headteacher or Year 2 teacher."),
           ("job title en", "job title", "job title english"), 120),
    Column("job_title_cy", _l("Job title in Welsh"), _l("Such as Pennaeth or Athro Blwyddyn 2."),
           ("job title cy", "teitl swydd", "job title welsh"), 120),
    Column("language", _l("Language"), _l("English or Cymraeg: the language their pages open in. May be empty."),
           ("locale",), 20),
    Column("active", _l("Active"), _l("Yes or No: No stops them signing in. Empty: Yes for someone new."),
           ("enabled",), 10),
)
SCHOOL_COLUMNS = (
    Column("name_en", _l("Name in English"), _l("The school's name in English."),
           ("name en", "name", "english name"), 200),
    Column("name_cy", _l("Name in Welsh"), _l("The school's name in Welsh."),
           ("name cy", "welsh name", "enw cymraeg"), 200),
    Column("slug", _l("Short name"), _l("Lower-case letters, numbers and hyphens, such as holt or darland-high. "
                                        "Leave it empty to make one from the English name."), ("slug",), 60),
    Column("phase", _l("Phase"), _l("Primary, Secondary, Special or All-age, in English or Welsh."), (), 20),
    Column("roll", _l("Pupils on roll"), _l("A whole number from 0 to 5,000."),
           ("roll", "pupils", "disgyblion"), 10),
)
COLUMNS = {ImportKind.PEOPLE: PEOPLE_COLUMNS, ImportKind.SCHOOLS: SCHOOL_COLUMNS}
#: the columns a file must have: people are matched by e-mail, schools by a name or short name
REQUIRED = {ImportKind.PEOPLE: ({"name"}, {"email"}), ImportKind.SCHOOLS: ({"name_en", "name_cy", "slug"},)}
#: the fields an import may change, in the order the preview shows them
PERSON_IMPORT_FIELDS = ("name", "school_id", "role", "job_title_en", "job_title_cy", "preferred_locale", "active")
SCHOOL_IMPORT_FIELDS = ("name_en", "name_cy", "slug", "phase", "roll")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _plain(text: str) -> str:
    """A header or a choice as compared: case, spaces, hyphens, underscores and brackets ignored."""
    return " ".join(re.sub(r"[\s_\-()]+", " ", text.casefold()).split())


def _in_both_languages(*labels) -> set[str]:
    """Each label as both languages say it, plain."""
    said = set()
    for language in LANGUAGE_NAMES:
        with force_locale(language):
            said.update(_plain(str(label)) for label in labels)
    return said


# --- reading the file ---------------------------------------------------------------------------

def _cell_text(value) -> str:
    """A cell as text: a whole number without ".0", an escaped formula without its apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet's rows, read without evaluating anything."""
    from openpyxl import load_workbook  # imported here: openpyxl costs every worker memory

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MOST_UNPACKED_BYTES:
            raise ImportRefused(_("The workbook unpacks to too much data. Save the sheet as CSV and upload that."),
                                413)
        # data_only=False: a formula comes as its own text, never as a value something else computed
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRefused(_("We could not read this workbook. Save it again as XLSX or CSV.")) from error
    try:
        return _filled_rows([_cell_text(value) for value in row]
                            for row in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV in UTF-8 (a byte-order mark or not) or Windows-1252, by commas or semicolons."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" on Windows; cp1252 leaves five bytes undefined
        text = data.decode("cp1252", errors="replace")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        return _filled_rows([_cell_text(cell) for cell in row]
                            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportRefused(_("We could not read this file as CSV. Save it again as CSV or XLSX.")) from error


def _filled_rows(rows) -> list[list[str]]:
    """The rows with something in them, each with its line number first; reading stops a row past the
    limit (the caller refuses the file then), and a file of endless empty rows is refused here."""
    filled = []
    for number, row in enumerate(rows, start=1):
        if number > MOST_ROWS_WALKED:
            raise ImportRefused(_("The file has more than %(most)s rows. Split it into smaller files.",
                                  most=f"{MOST_ROWS:,}"), 413)
        if any(row):
            filled.append([str(number), *row])
            if len(filled) > MOST_ROWS + 1:
                break
    return filled


def read_rows(data: bytes) -> list[list[str]]:
    """The file's rows of text with something in them, XLSX or CSV by its first bytes; each row starts
    with its line number in the file, as the person sees it in their spreadsheet."""
    return _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)


def _columns_of(header: list[str], kind: ImportKind) -> list[str | None]:
    """The column key of each header cell (None for a column we do not use); refused if one we need is missing."""
    known = {}
    for column in COLUMNS[kind]:
        for said in _in_both_languages(column.label) | {_plain(column.key), *map(_plain, column.aliases)}:
            known.setdefault(said, column.key)
    keys = [known.get(_plain(cell)) for cell in header]
    for needed in REQUIRED[kind]:
        if not needed & set(keys):
            names = [str(column.label) for column in COLUMNS[kind] if column.key in needed]
            raise ImportRefused(_("The first row must name the columns, and one of them must be: %(columns)s.",
                                  columns=" / ".join(names)))
    duplicated = {key for key in keys if key and keys.count(key) > 1}
    if duplicated:
        raise ImportRefused(_("These columns appear twice: %(columns)s.", columns=", ".join(
            str(column.label) for column in COLUMNS[kind] if column.key in duplicated)))
    return keys


def parse(data: bytes, kind: ImportKind) -> tuple[list[str], list[dict]]:
    """(the column keys the file has, its rows as {"row": line number, "cells": {key: text}})."""
    rows = read_rows(data)
    if not rows:
        raise ImportRefused(_("The file is empty. Choose another."))
    if len(rows) - 1 > MOST_ROWS:
        raise ImportRefused(_("The file has more than %(most)s rows. Split it into smaller files.",
                              most=f"{MOST_ROWS:,}"), 413)
    keys = _columns_of(rows[0][1:], kind)
    records = []
    for number, *row in rows[1:]:
        cells = {key: value for key, value in zip(keys, row, strict=False) if key}
        records.append({"row": int(number), "cells": cells})
    if not records:
        raise ImportRefused(_("The file has headers but no rows. Add a row for each record."))
    return sorted({key for key in keys if key}), records


def store(actor: User, kind: ImportKind, upload) -> str:
    """Read an uploaded file and keep its rows for the preview; the token of its address."""
    data = uploads.read_upload(
        upload, MOST_BYTES,
        lambda size: _("The file is larger than %(size)s. Split it into smaller files.", size=size),
        _("The file is empty. Choose another."))
    columns, rows = parse(data, kind)
    token = secrets.token_urlsafe(24)
    delete_expired()
    db.session.add(ImportBatch(token_hash=token_hash(token), owner_id=actor.id, cluster_id=actor.cluster_id, kind=kind,
                               file_name=(upload.filename or "")[:200], rows=rows, columns=columns))
    db.session.commit()
    return token


@retention_task
def delete_expired() -> str:
    """Delete the files nobody confirmed within BATCH_LIFETIME: they hold people's names and addresses.
    Also run at each upload, so that none waits for the daily run."""
    deleted = db.session.execute(delete(ImportBatch).where(ImportBatch.created_at < utcnow() - BATCH_LIFETIME))
    db.session.commit()
    return f"Files of people or schools: deleted {deleted.rowcount} not confirmed within an hour."


def token_hash(token: str) -> str:
    """What is stored of a preview's token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def batch_for(actor: User, token: str) -> ImportBatch:
    """The actor's own unexpired batch with this token; a 404 for anyone else's, or none."""
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.token_hash == token_hash(token)))
    if (batch is None or batch.owner_id != actor.id or batch.cluster_id != actor.cluster_id
            or batch.created_at < utcnow() - BATCH_LIFETIME
            or (batch.kind == ImportKind.SCHOOLS and actor.role != Role.ADMIN)):  # no longer the admin
        abort(404)
    return batch


# --- comparing it with the cluster --------------------------------------------------------------

@dataclass
class Change:
    """A field that will change: its raw old and new values and how the page shows them."""

    field: str
    old: object
    new: object
    old_text: str
    new_text: str


@dataclass
class RowPlan:
    """What will happen to one row of the file."""

    row: int
    #: "add", "change", "same", or "problem"
    action: str
    label: str
    record_id: int | None = None
    values: dict = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """The whole preview: each row's fate, and a digest of it for the confirmation."""

    kind: ImportKind
    rows: list[RowPlan]

    def of(self, action: str) -> list[RowPlan]:
        return [row for row in self.rows if row.action == action]

    @property
    def problems(self) -> list[RowPlan]:
        return self.of("problem")

    @property
    def to_save(self) -> int:
        return len(self.of("add")) + len(self.of("change"))

    @property
    def digest(self) -> str:
        """What the preview promises, in no language: rows, records and raw values."""
        promised = [[row.row, row.action, row.record_id,
                     [[change.field, change.old, change.new] for change in row.changes]] for row in self.rows]
        return hashlib.sha256(json.dumps(promised, default=str).encode()).hexdigest()


def _yes_no_words() -> dict[str, bool]:
    """Yes or no in either language (Ie/Na, true/false, 1/0), plain → True or False."""
    words = dict.fromkeys(_in_both_languages(_l("No"), _l("Deactivated")) | {"n", "false", "0", "naddo"}, False)
    words.update(dict.fromkeys(_in_both_languages(_l("Yes"), _l("Active")) | {"y", "true", "1", "do"}, True))
    return words


def _choices(pairs) -> dict[str, object]:
    """Plain text → choice, from (value, its code and labels) pairs."""
    found = {}
    for value, *names in pairs:
        for name in names:
            for said in _in_both_languages(name):
                found.setdefault(said, value)
    return found


def _too_long(cells: dict, kind: ImportKind) -> list[str]:
    return [_("%(column)s is longer than %(most)d characters.", column=column.label, most=column.longest)
            for column in COLUMNS[kind] if len(cells.get(column.key, "")) > column.longest]


def _load(model, column, values: list, for_update: bool) -> list:
    """The records of `model` whose `column` is one of `values`, a chunk at a time; locked when confirming."""
    found = []
    for start in range(0, len(values), CHUNK):
        query = select(model).where(column.in_(values[start:start + CHUNK]))
        found += db.session.scalars(query.with_for_update() if for_update else query).all()
    return found


def _school_lookup(schools) -> dict[str, School]:
    lookup = {}
    for school in schools:
        for name in (school.slug, school.name_en, school.name_cy):
            if name:
                lookup.setdefault(_plain(name), school)
    return lookup


def _text_of(record_field: str, value, schools_by_id: dict) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return "–"
    if record_field == "school_id":
        return plain_localized(schools_by_id[value], "name")
    if record_field in ("role", "phase"):
        return str(value.label)
    if record_field == "preferred_locale":
        return LANGUAGE_NAMES.get(value, value)
    if record_field == "active":
        return _("Yes") if value else _("No")
    return str(value)


def _compare(record, wanted: dict, fields: tuple[str, ...], schools_by_id: dict) -> list[Change]:
    """The changes from `record` (None for a new one) to the `wanted` values, in the order of `fields`."""
    changes = []
    for name in fields:
        if name not in wanted:
            continue
        old = getattr(record, name) if record is not None else None
        new = wanted[name]
        if record is None and new in (None, ""):
            continue
        if old != new:
            changes.append(Change(name, getattr(old, "value", old), getattr(new, "value", new),
                                  _text_of(name, old, schools_by_id), _text_of(name, new, schools_by_id)))
    return changes


def _plan_people(actor: User, batch: ImportBatch, for_update: bool) -> Plan:
    columns = set(batch.columns)
    schools = db.session.scalars(select(School).where(School.cluster_id == batch.cluster_id)).all()
    schools_by_id = {school.id: school for school in schools}
    school_named = _school_lookup(schools)
    role_named = _choices((role, role.value, role.label) for role in Role)
    yes_no = _yes_no_words()
    language_named = _choices((code, code, name, _l("English") if code == "en" else _l("Welsh"))
                              for code, name in LANGUAGE_NAMES.items())
    emails = {}
    for record in batch.rows:
        address = record["cells"].get("email", "").strip()
        try:
            emails[record["row"]] = validate_email(address, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            emails[record["row"]] = None
    people = {person.email: person for person in _load(
        User, User.email, sorted({email for email in emails.values() if email}), for_update)}
    first_row_of: dict[str, int] = {}
    plans = []
    for record in batch.rows:
        cells, number = record["cells"], record["row"]
        email = emails[number]
        problems = _too_long(cells, ImportKind.PEOPLE)
        name = cells.get("name", "")
        if not name:
            problems.append(_("The name is missing."))
        if not cells.get("email"):
            problems.append(_("The email address is missing."))
        elif email is None:
            problems.append(_("“%(value)s” is not an email address.", value=cells["email"][:254]))
        elif email in first_row_of:
            problems.append(_("This email address is also on row %(row)d.", row=first_row_of[email]))
        else:
            first_row_of[email] = number
        person = people.get(email) if email else None
        if person is not None and person.cluster_id != batch.cluster_id:
            problems.append(_("Another account already uses this email address."))
            person = None
        wanted: dict = {"name": name}
        if "school" in columns:
            wanted["school_id"] = None
            if cells.get("school"):
                school = school_named.get(_plain(cells["school"]))
                if school is None:
                    problems.append(_("“%(school)s” is not a school of the cluster.", school=cells["school"][:200]))
                else:
                    wanted["school_id"] = school.id
        if cells.get("role"):
            role = role_named.get(_plain(cells["role"]))
            if role is None:
                problems.append(_("“%(role)s” is not a role.", role=cells["role"][:40]))
            else:
                wanted["role"] = role
        elif person is None:
            wanted["role"] = Role.STAFF
        for title in ("job_title_en", "job_title_cy"):
            if title in columns:
                wanted[title] = cells.get(title, "")
        if "language" in columns:
            wanted["preferred_locale"] = None
            if cells.get("language"):
                wanted["preferred_locale"] = language_named.get(_plain(cells["language"]))
                if wanted["preferred_locale"] is None:
                    problems.append(_("“%(language)s” is not a language: write English or Cymraeg.",
                                      language=cells["language"][:20]))
        if cells.get("active"):
            wanted["active"] = yes_no.get(_plain(cells["active"]))
            if wanted["active"] is None:
                problems.append(_("Write yes or no under Active, not “%(value)s”.", value=cells["active"][:10]))
        elif person is None:
            wanted["active"] = True
        problems += _people_rules(actor, person, wanted)
        changes = _compare(person, wanted, PERSON_IMPORT_FIELDS, schools_by_id)
        action = "problem" if problems else "add" if person is None else "change" if changes else "same"
        address = email or cells.get("email", "")
        plans.append(RowPlan(number, action, " ".join(filter(None, (name, address and f"<{address}>"))),
                             person.id if person else None, {**wanted, "email": email}, changes, problems))
    return Plan(ImportKind.PEOPLE, plans)


def _people_rules(actor: User, person: User | None, wanted: dict) -> list[str]:
    """What the uploader may not do with this row: a role they may not give, another school's person."""
    problems = []
    role = wanted.get("role", person.role if person else None)
    school_id = wanted.get("school_id", person.school_id if person else None)
    giving = role is not None and (person is None or person.role != role)
    if role in (Role.LEADER, Role.STAFF) and school_id is None:
        problems.append(_("A leader or member of staff needs a school."))
    if actor.role == Role.LEADER:
        if school_id != actor.school_id or (person is not None and person.school_id != actor.school_id):
            problems.append(_("You can bring in only the people of your own school."))
        if giving and role not in HEAD_ROLES:
            problems.append(_("Only the cluster admin can make someone %(role)s.", role=role.label))
    elif giving and role not in ASSIGNABLE_ROLES:
        problems.append(_("Only the command line can make someone %(role)s.", role=role.label))
    if person is not None and person.id == actor.id:
        if giving:
            problems.append(_("You cannot change your own role."))
        if wanted.get("active") is False:
            problems.append(_("You cannot deactivate your own account."))
    return problems


def _plan_schools(actor: User, batch: ImportBatch, for_update: bool) -> Plan:
    query = select(School).where(School.cluster_id == batch.cluster_id)
    schools = db.session.scalars(query.with_for_update() if for_update else query).all()
    schools_by_id = {school.id: school for school in schools}
    by_slug = {school.slug: school for school in schools}
    by_name = _school_lookup(schools)
    phase_named = _choices((phase, phase.value, phase.label) for phase in SchoolPhase)
    columns = set(batch.columns)
    first_row_of: dict[str, int] = {}
    plans = []
    for record in batch.rows:
        cells, number = record["cells"], record["row"]
        problems = _too_long(cells, ImportKind.SCHOOLS)
        slug = cells.get("slug", "")
        school = by_slug.get(slug) if slug else None
        if school is None:
            school = next((by_name[_plain(cells[key])] for key in ("name_en", "name_cy")
                           if cells.get(key) and _plain(cells[key]) in by_name), None)
        wanted: dict = {key: cells.get(key, "") for key in ("name_en", "name_cy") if key in columns}
        # a new school needs a name; a school already here loses its names only if the file has their columns
        if not (cells.get("name_en") or cells.get("name_cy")) and (school is None or {"name_en", "name_cy"} & columns):
            problems.append(_("The school's name is missing."))
        if slug or school is None:
            wanted["slug"] = slug or slugify(cells.get("name_en") or cells.get("name_cy") or "")
            if not SLUG_PATTERN.match(wanted["slug"]):
                problems.append(_("Use only lower-case letters, numbers and hyphens in the short name."))
            elif wanted["slug"] in first_row_of:
                problems.append(_("This short name is also on row %(row)d.", row=first_row_of[wanted["slug"]]))
            elif by_slug.get(wanted["slug"]) not in (None, school):
                problems.append(_("Another school of the cluster has this short name."))
            first_row_of.setdefault(wanted["slug"], number)
        if cells.get("phase"):
            wanted["phase"] = phase_named.get(_plain(cells["phase"]))
            if wanted["phase"] is None:
                problems.append(_("“%(phase)s” is not a phase.", phase=cells["phase"][:20]))
        elif school is None:
            problems.append(_("The phase is missing."))
        if cells.get("roll"):
            roll = cells["roll"].replace(",", "").replace(" ", "")
            if not roll.isdigit() or int(roll) > 5000:
                problems.append(_("Write the pupils on roll as a number from 0 to 5,000."))
            else:
                wanted["roll"] = int(roll)
        elif school is None:
            problems.append(_("The number of pupils on roll is missing."))
        changes = [] if problems else _compare(school, wanted, SCHOOL_IMPORT_FIELDS, schools_by_id)
        action = "problem" if problems else "add" if school is None else "change" if changes else "same"
        label = cells.get("name_en") or cells.get("name_cy") or (plain_localized(school, "name") if school else slug)
        plans.append(RowPlan(number, action, label, school.id if school else None, wanted, changes, problems))
    return Plan(ImportKind.SCHOOLS, plans)


def plan_for(actor: User, batch: ImportBatch, for_update: bool = False) -> Plan:
    """What confirming the batch would do now."""
    planner = _plan_people if batch.kind == ImportKind.PEOPLE else _plan_schools
    return planner(actor, batch, for_update)


# --- applying it --------------------------------------------------------------------------------

def confirm(actor: User, batch_id: int, digest: str) -> Plan:
    """Apply the batch as previewed, in one transaction, and log it; StalePreview if the cluster moved on."""
    actor_id = actor.id
    lock_for_write()
    batch = locked(ImportBatch, batch_id)
    if batch is None:  # confirmed a moment ago, by a second tap
        db.session.rollback()
        abort(404)
    actor = db.session.get(User, actor_id)
    plan = plan_for(actor, batch, for_update=True)
    if plan.problems or plan.digest != digest:
        db.session.rollback()
        raise StalePreview(plan)
    apply = _apply_people if plan.kind == ImportKind.PEOPLE else _apply_schools
    saved = apply(actor, batch, plan)
    try:
        db.session.flush()
    except IntegrityError as error:
        # someone added one of these people (or a school's short name) with the form since the plan was
        # read: a row the lock could not cover, as it did not exist yet. The preview as it is now says so.
        db.session.rollback()
        raise StalePreview(plan_for(db.session.get(User, actor_id), db.session.get(ImportBatch, batch_id))) \
            from error
    for record, is_new, label, changes in saved:
        record_event(actor, "created" if is_new else "updated", record, label, batch.cluster_id, changes)
    record_event(actor, "imported", batch, batch.file_name or str(batch.kind.label), batch.cluster_id,
                 {"added": [None, len(plan.of("add"))], "changed": [None, len(plan.of("change"))],
                  "unchanged": [None, len(plan.of("same"))]})
    db.session.delete(batch)
    db.session.commit()
    return plan


def _apply_people(actor: User, batch: ImportBatch, plan: Plan) -> list:
    saved = []
    for row in plan.of("add") + plan.of("change"):
        values = row.values
        person = db.session.get(User, row.record_id) if row.record_id else User(
            email=values["email"], cluster_id=batch.cluster_id, password_hash=NO_PASSWORD_HASH)
        for change in row.changes:
            setattr(person, change.field, values[change.field])
        if row.record_id and any(change.field == "active" and not change.new for change in row.changes):
            person.session_version += 1  # deactivated: signed out everywhere, as set_person_active does
        if row.record_id is None:
            db.session.add(person)
        saved.append((person, row.record_id is None, values["email"],
                      pending_changes(person, ("email", *PERSON_IMPORT_FIELDS))))
    return saved


def _apply_schools(actor: User, batch: ImportBatch, plan: Plan) -> list:
    saved = []
    for row in plan.of("add") + plan.of("change"):
        school = db.session.get(School, row.record_id) if row.record_id else School(
            cluster_id=batch.cluster_id, name_en="", name_cy="")
        for change in row.changes:
            setattr(school, change.field, row.values[change.field])
        if row.record_id is None:
            db.session.add(school)
        saved.append((school, row.record_id is None, school.name_en or school.name_cy,
                      pending_changes(school, SCHOOL_IMPORT_FIELDS)))
    return saved


# --- the export that reads back in --------------------------------------------------------------

def people_rows(actor: User) -> list[list[str]]:
    """The people the actor may bring in from a file (a head: their school's), as the import reads them."""
    query = select(User).where(User.cluster_id == actor.cluster_id)
    if actor.role == Role.LEADER:
        query = query.where(User.school_id == actor.school_id)
    people = db.session.scalars(query.order_by(func.lower(User.name), User.id)).all()
    schools = {school.id: school for school in db.session.scalars(
        select(School).where(School.cluster_id == actor.cluster_id))}
    rows = [[str(column.label) for column in PEOPLE_COLUMNS]]
    for person in people:
        rows.append([person.name, person.email,
                     plain_localized(schools[person.school_id], "name") if person.school_id else "",
                     str(person.role.label), person.job_title_en, person.job_title_cy,
                     LANGUAGE_NAMES.get(person.preferred_locale or "", ""),
                     _("Yes") if person.active else _("No")])
    return rows
