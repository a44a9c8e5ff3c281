"""Sending the outbox by SMTP (the standard library's smtplib and email.message).

A message is written to the outbox in the same transaction as the change it reports; sending
comes later and may fail without losing anything. Two triggers send it:

- after a request that queued a message (`init_app` registers the hook), in a thread of its
  own, so nobody waits on the mail server (a thread rather than `response.call_on_close`, which
  a server skips when the client hangs up first: Werkzeug's does);
- `flask mail send`, from cron every few minutes, which retries whatever is still unsent.

Each message is claimed before it is sent (its attempts counted, and a lease so that a second
sender running at the same moment leaves it alone), then marked sent, or given its error to try
again on the next run, until MAIL_MAX_ATTEMPTS. When MAIL_SERVER is empty, messages wait.
"""

import logging
import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from flask import Flask, current_app, g
from sqlalchemy import delete, func, or_, select, update

from app.clock import utcnow
from app.database import lock_for_write, locked
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.retention import retention_task

log = logging.getLogger(__name__)

#: how long a sender may take over one message before another may try it
CLAIM_LEASE = timedelta(minutes=10)
#: RFC 5322 allows 998 characters a line: long subjects stay on one line (the folding of the
#: standard library's default policy can put the whole subject on a continuation line)
_POLICY = SMTP.clone(max_line_length=998)
#: failures that concern one message; the connection is still good for the next
_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)
_told_no_server = False


@dataclass(frozen=True)
class _Outgoing:
    id: int
    recipient: str
    language: str
    subject: str
    body: str


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    #: unsent messages left to try on a later run
    waiting: int = 0
    #: unsent messages that reached MAIL_MAX_ATTEMPTS
    given_up: int = 0

    def line(self) -> str:
        return (f"Outbox: sent {self.sent}, failed {self.failed}; {self.waiting} waiting to be tried again, "
                f"{self.given_up} given up after {current_app.config['MAIL_MAX_ATTEMPTS']} attempts.")


def init_app(app: Flask) -> None:
    """Send what a request queued once its response has gone (call once from create_app)."""
    if app.extensions.get("clwstwr_delivery"):
        return
    app.extensions["clwstwr_delivery"] = True
    app.after_request(send_after_response)


def send_after_response(response):
    """after_request hook: if this request queued messages, send the outbox beside the response.

    The view has committed by now, so the sender finds the messages; it runs in a daemon thread
    with its own application context and session. If the process ends first, the messages stay
    unsent and `flask mail send` sends them.
    """
    if not g.pop("outbox_queued", False):
        return response
    app = current_app._get_current_object()
    if not app.config["MAIL_SERVER"]:
        _say_no_server_once()
        return response
    threading.Thread(target=_send_in_own_context, args=(app,), name="outbox-sender", daemon=True).start()
    return response


def _say_no_server_once() -> None:
    global _told_no_server
    if not _told_no_server:
        _told_no_server = True
        log.warning("MAIL_SERVER is not set: messages stay in the outbox until it is and `flask mail send` runs.")


def _send_in_own_context(app: Flask) -> None:
    with app.app_context():
        try:
            send_pending()
        except Exception:  # never let a mail problem reach the person who was served
            log.exception("Sending the outbox failed; `flask mail send` will try again.")
            db.session.rollback()
        finally:
            db.session.remove()


def _due():
    """Unsent messages with attempts left that no sender holds now."""
    return (OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < current_app.config["MAIL_MAX_ATTEMPTS"],
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < utcnow()))


def waiting_count() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None)))


def send_pending(limit: int = 500) -> DeliveryReport:
    """Send the unsent messages that are due, oldest first, over one SMTP connection."""
    report = DeliveryReport()
    if not current_app.config["MAIL_SERVER"]:
        _say_no_server_once()
        report.waiting = waiting_count()
        return report
    ids = db.session.scalars(select(OutboxMessage.id).where(*_due()).order_by(OutboxMessage.id).limit(limit)).all()
    db.session.rollback()  # end the reading transaction before claiming
    connection = None
    try:
        for message_id in ids:
            outgoing = _claim(message_id)
            if outgoing is None:
                continue  # sent or taken by another sender a moment ago
            try:
                if connection is None:
                    connection = _connect()
                connection.send_message(_email(outgoing))
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(message_id, error)
                report.failed += 1
                if not isinstance(error, _MESSAGE_ERRORS):
                    break  # the server is unreachable or refuses us: the rest wait for the next run
                continue
            _record_sent(message_id)
            report.sent += 1
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()
    maximum = current_app.config["MAIL_MAX_ATTEMPTS"]
    unsent = select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
    report.waiting = db.session.scalar(unsent.where(OutboxMessage.attempts < maximum))
    report.given_up = db.session.scalar(unsent.where(OutboxMessage.attempts >= maximum))
    db.session.rollback()
    return report


def _claim(message_id: int) -> _Outgoing | None:
    """Take the message for this sender: count the attempt and hold it for CLAIM_LEASE."""
    lock_for_write()
    message = locked(OutboxMessage, message_id)
    now = utcnow()
    if (message is None or message.sent_at is not None
            or message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
            or (message.claimed_until is not None and message.claimed_until > now)):
        db.session.rollback()
        return None
    message.attempts += 1
    message.claimed_until = now + CLAIM_LEASE
    outgoing = _Outgoing(message.id, message.recipient, message.language, message.subject, message.body)
    db.session.commit()
    return outgoing


def _record_sent(message_id: int) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(sent_at=utcnow(), claimed_until=None, last_error=""))
    db.session.commit()


def _record_failure(message_id: int, error: Exception) -> None:
    text = f"{type(error).__name__}: {error}"[:500]
    log.warning("Could not send outbox message %s: %s", message_id, text)
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(claimed_until=None, last_error=text))
    db.session.commit()


def _connect() -> smtplib.SMTP:
    config = current_app.config
    if config["MAIL_USE_SSL"]:
        connection = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    else:
        connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
        if config["MAIL_USE_TLS"]:
            connection.starttls()
    if config["MAIL_USERNAME"]:
        connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return connection


def _email(outgoing: _Outgoing) -> EmailMessage:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    email = EmailMessage(policy=_POLICY)
    email["From"] = sender
    email["To"] = outgoing.recipient
    email["Subject"] = outgoing.subject
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = make_msgid(idstring=f"outbox.{outgoing.id}",
                                     domain=sender.rpartition("@")[2].strip("> ") or None)
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(outgoing.body)
    email["Content-Language"] = outgoing.language  # after set_content, which clears Content-* headers
    return email


@retention_task
def delete_old_outbox_messages() -> str:
    """Delete messages written more than OUTBOX_RETENTION_DAYS ago: they hold addresses and names."""
    days = current_app.config["OUTBOX_RETENTION_DAYS"]
    cutoff = utcnow() - timedelta(days=days)
    deleted = db.session.execute(delete(OutboxMessage).where(OutboxMessage.created_at < cutoff)).rowcount
    db.session.commit()
    return f"Outbox: deleted {deleted} message(s) written before {cutoff:%Y-%m-%d} ({days} days)."
