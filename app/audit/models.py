"""One row per change to a record people care about."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models_base import UTCDateTime


class AuditEvent(db.Model):
    """Who did what to which record, with the fields that changed."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_cluster_time", "cluster_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: who made the change; empty for the command line and for a deleted account
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the cluster whose admins may read this event
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"))
    #: created, updated, deactivated, reactivated, ...
    action: Mapped[str] = mapped_column(String(40))
    #: the table of the record, e.g. "schools"
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    #: a readable name of the record at the time, kept if the record goes
    entity_label: Mapped[str] = mapped_column(String(200), default="")
    #: {field: [old, new]} for the fields that changed
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")
