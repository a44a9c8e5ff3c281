"""A file of people or schools read and waiting for its uploader to confirm the preview."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column


class ImportKind(LabelledEnum):
    PEOPLE = "people", _l("People")
    SCHOOLS = "schools", _l("Schools")


class ImportBatch(db.Model):
    """The rows of an uploaded file, kept on the server between its preview and its confirmation.

    Kept here rather than sent back with the confirm form: what is confirmed is exactly what was
    read, nobody can edit the rows in between, and nobody but the uploader can open it (its address
    carries a random token, stored only as a hash). It expires after an hour.
    """

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random token in the preview's address
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the only person who may see or confirm it
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"))
    kind: Mapped[ImportKind] = mapped_column(enum_column(ImportKind))
    #: the uploaded file's name, for the page and the audit log
    file_name: Mapped[str] = mapped_column(String(200))
    #: the file's rows as read: [{"row": line number, "cells": {column key: text}}, …]
    rows: Mapped[list] = mapped_column(JSON)
    #: the column keys the file has (a column it lacks is left alone on every record)
    columns: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
