"""Who may use the pages that bring people and schools in from a file (see tests/routes.py)."""

import secrets

from app.admin.imports import token_hash
from app.admin.models import ImportBatch, ImportKind
from app.extensions import db

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "admin.import_people": {"admin", "leader"},
    "admin.import_schools": {"admin"},
    # a preview is its uploader's alone: the sample is the admin's, so the leader gets a 404
    "admin.import_preview": {"admin", "leader"},
    "admin.confirm_import": {"admin", "leader"},
    "admin.export_people": {"admin", "leader"},
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _admins_upload(demo) -> str:
    """The token of a file the demo's admin uploaded: one person to add, one left as they are."""
    token = secrets.token_urlsafe(24)
    holt_staff = demo.user("staff.holt")
    db.session.add(ImportBatch(
        token_hash=token_hash(token), owner_id=demo.user("admin").id, cluster_id=demo.cluster.id,
        kind=ImportKind.PEOPLE, file_name="staff.csv", columns=["email", "name", "school"],
        rows=[{"row": 2, "cells": {"name": "Catrin Huws", "email": "catrin@holt.example", "school": "holt"}},
              {"row": 3, "cells": {"name": holt_staff.name, "email": holt_staff.email, "school": "holt"}}]))
    db.session.commit()
    return token


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "import_token": _admins_upload,
}
