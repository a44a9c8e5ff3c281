"""The outbox: every message the app sends, kept until it has gone."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db
from app.models_base import UTCDateTime


class OutboxMessage(db.Model):
    """One e-mail, already rendered in its recipient's language, waiting to be sent or sent."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: an e-mail address
    recipient: Mapped[str] = mapped_column(String(254))
    #: 'cy' or 'en': the language the message was written in
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set once the SMTP server has accepted it; unsent messages are retried
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    #: a sender has taken it and is sending it until this moment; another sender leaves it alone
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last failure, for the admin reading the log
    last_error: Mapped[str] = mapped_column(String(500), default="")
