"""Writing to the audit log."""

import enum
from datetime import date, datetime, time

from sqlalchemy import inspect

from app.audit.models import AuditEvent
from app.extensions import db

#: fields whose values never go in the log, only the fact that they changed
SECRET_FIELDS = {"password_hash", "session_version"}


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def pending_changes(record, fields: tuple[str, ...]) -> dict[str, list]:
    """The changes to `fields` that the session has not yet flushed, as {field: [old, new]}."""
    state = inspect(record)
    changes = {}
    for field in fields:
        history = state.attrs[field].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if field in SECRET_FIELDS:
            changes[field] = ["…", "…"]
        elif _plain(old) != _plain(new):
            changes[field] = [_plain(old), _plain(new)]
    return changes


def record_event(actor, action: str, record, label: str, cluster_id: int | None,
                 changes: dict | None = None) -> AuditEvent:
    """Add an audit event for `record` to the session; the caller's commit saves both together."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        cluster_id=cluster_id,
        action=action,
        entity_type=record.__tablename__,
        entity_id=record.id,
        entity_label=label[:200],
        changes=changes or {},
    )
    db.session.add(event)
    return event
