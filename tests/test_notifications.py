"""Delivering the outbox by SMTP to a real local server (aiosmtpd): messages arrive in the
recipient's language, a failure loses nothing and is retried, and nothing is sent twice."""

import email
import email.policy
import socket
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.notifications import delivery
from app.notifications.models import OutboxMessage
from app.notifications.services import queue_message
from tests.concurrency import _NoRedirects
from tests.test_meetings import book, family, free_slot_ids, key_from


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it is sent; refuses recipients starting 'bounce'."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, seconds: float = 10) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp():
    """A real SMTP server on a free local port: (inbox, port)."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def mail_app(app, smtp):
    """The app sending to the local server, with delivery after responses switched on as create_app will."""
    _inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="clwstwr@darland.example",
                      MAIL_TIMEOUT=5, WTF_CSRF_ENABLED=False)
    delivery.init_app(app)
    return app


def queue(app, recipient="parent@example.org", language="en", template="meetings_confirmed"):
    """A message in the outbox, as a booking would leave it."""
    from app.bookings.meetings.models import MeetingBooking, MeetingSet

    with app.test_request_context():
        meeting_set = db.session.scalar(select(MeetingSet))
        booking = db.session.scalar(select(MeetingBooking))
        slot = booking.slot
        message = queue_message(recipient, language, template, booking=booking, slot=slot, meeting_set=meeting_set,
                                school=meeting_set.school, manage_url="http://localhost/meetings/booking/x",
                                book_url="http://localhost/meetings/b/y", by_school=False)
        db.session.commit()
        return message.id


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


def settled_outbox(app, seconds: float = 10) -> list[OutboxMessage]:
    """The outbox once the sender beside a response has finished: it records a message as sent just after
    the mail server takes it, so a test that has seen the mail arrive may look a moment too soon."""
    deadline = time.monotonic() + seconds
    rows = outbox(app)
    while any(row.claimed_until is not None for row in rows) and time.monotonic() < deadline:
        time.sleep(0.05)
        rows = outbox(app)
    return rows


def post(base_url: str, path: str, form: dict, language: str):
    """A POST from a real browser-like HTTP client to the live server: (status, Location)."""
    request = urllib.request.Request(base_url + path, data=urlencode(form).encode(), method="POST",
                                     headers={"Cookie": f"lang={language}"})
    try:
        with urllib.request.build_opener(_NoRedirects).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


@pytest.fixture
def meeting_token(app, demo):
    from app.bookings.meetings.models import MeetingSet

    with app.app_context():
        return db.session.scalar(select(MeetingSet.token))


@pytest.mark.parametrize(("language", "subject", "greeting"), [
    ("cy", "Mae eich cyfarfod wedi'i drefnu: Cyfarfodydd pontio i rieni a gofalwyr", "Helo Angharad Owen,"),
    ("en", "Your meeting is booked: Parent/carer transition meetings", "Hello Angharad Owen,"),
])
def test_a_booking_confirmation_arrives_by_smtp_in_the_familys_language(mail_app, smtp, live_server, meeting_token,
                                                                         language, subject, greeting):
    inbox, _port = smtp
    slot_id = free_slot_ids(mail_app.test_client(), meeting_token)[0]
    # over real HTTP: the server closes the response, and then the outbox is sent
    status, location = post(live_server, f"/meetings/b/{meeting_token}", family(slot_id), language)
    assert status == 303
    [message] = inbox.wait_for(1)
    assert message["To"] == "angharad@example.org" and message["From"] == "clwstwr@darland.example"
    assert message["Subject"].startswith(subject)
    assert message["Content-Language"] == language
    body = message.get_content()
    assert body.startswith(greeting)
    key = location.split("/meetings/booking/")[1].split("?")[0]
    assert f"{live_server}/meetings/booking/{key}" in body  # the private link, absolute
    assert ("Darland High School" if language == "en" else "Ysgol Uwchradd Darland") in body
    [stored] = settled_outbox(mail_app)
    assert stored.sent_at is not None and stored.attempts == 1 and stored.last_error == ""


def test_the_cancellation_arrives_too(mail_app, smtp, live_server, meeting_token):
    inbox, _port = smtp
    slot_id = free_slot_ids(mail_app.test_client(), meeting_token)[0]
    _status, location = post(live_server, f"/meetings/b/{meeting_token}", family(slot_id), "en")
    inbox.wait_for(1)
    assert post(live_server, location.split("?")[0] + "/cancel", {}, "en")[0] == 303
    messages = inbox.wait_for(2)
    assert [m["Subject"].split(":")[0] for m in messages] == ["Your meeting is booked", "Your meeting is cancelled"]
    assert f"/meetings/b/{meeting_token}" in messages[1].get_content()  # where to book again


def test_the_sending_does_not_hold_up_the_response(mail_app, smtp, meeting_token):
    mail_app.config["MAIL_PORT"] = free_port()  # the mail server is down: the booking goes through
    client = mail_app.test_client()
    response = book(client, meeting_token, free_slot_ids(client, meeting_token)[0])
    assert response.status_code == 303
    deadline = time.monotonic() + 10
    while not outbox(mail_app)[0].last_error and time.monotonic() < deadline:
        time.sleep(0.05)
    [stored] = outbox(mail_app)
    assert stored.sent_at is None and stored.attempts == 1 and "Connection" in stored.last_error
    assert key_from(response) in stored.body  # kept whole for the next run


def test_a_failing_server_loses_nothing_and_a_later_run_sends_it(app, demo):
    port = free_port()  # nothing listens here yet
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2, MAIL_DEFAULT_SENDER="c@example.org")
    message_id = queue(app, language="cy")
    with app.app_context():
        report = delivery.send_pending()
    assert (report.sent, report.failed, report.waiting) == (0, 1, 1)
    [stored] = outbox(app)
    assert stored.id == message_id and stored.sent_at is None and stored.attempts == 1
    assert "ConnectionRefusedError" in stored.last_error and stored.claimed_until is None

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = app.test_cli_runner().invoke(args=["mail", "send"])
    finally:
        controller.stop()
    assert result.exit_code == 0 and "sent 1, failed 0" in result.output
    assert inbox.messages[0]["Subject"].startswith("Mae eich cyfarfod wedi'i drefnu")
    [stored] = outbox(app)
    assert stored.sent_at is not None and stored.attempts == 2 and stored.last_error == ""


def test_a_refused_recipient_does_not_hold_up_the_others(app, demo, smtp):
    inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    queue(app, recipient="bounce@example.org")
    queue(app, recipient="fine@example.org")
    with app.app_context():
        report = delivery.send_pending()
    assert (report.sent, report.failed) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["fine@example.org"]
    bounced, fine = outbox(app)
    assert bounced.sent_at is None and bounced.attempts == 1 and "SMTPRecipientsRefused" in bounced.last_error
    assert fine.sent_at is not None


def test_a_message_is_tried_at_most_mail_max_attempts_times(app, demo, smtp):
    inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_MAX_ATTEMPTS=3)
    queue(app, recipient="bounce@example.org")
    with app.app_context():
        for _ in range(5):
            report = delivery.send_pending()
    assert (report.failed, report.waiting, report.given_up) == (0, 0, 1)
    [stored] = outbox(app)
    assert stored.attempts == 3 and stored.sent_at is None  # kept, unsent, for the admin to see
    assert inbox.messages == []


def test_two_senders_at_once_send_each_message_once(app, demo, smtp):
    inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    for n in range(6):
        queue(app, recipient=f"family{n}@example.org")
    start = threading.Barrier(2)

    def sender():
        with app.app_context():
            start.wait()
            delivery.send_pending()
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    time.sleep(0.2)
    assert sorted(m["To"] for m in inbox.messages) == [f"family{n}@example.org" for n in range(6)]
    assert all(row.sent_at is not None and row.attempts == 1 for row in outbox(app))


def test_a_message_claimed_by_another_sender_is_left_alone_until_its_lease_ends(app, demo, smtp):
    inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    message_id = queue(app)
    with app.app_context():
        db.session.get(OutboxMessage, message_id).claimed_until = utcnow() + timedelta(minutes=5)
        db.session.commit()
        assert delivery.send_pending().sent == 0
        db.session.get(OutboxMessage, message_id).claimed_until = utcnow() - timedelta(seconds=1)
        db.session.commit()  # the sender that claimed it died: after the lease another sends it
        assert delivery.send_pending().sent == 1
    assert len(inbox.messages) == 1


def test_without_a_mail_server_messages_wait_in_the_outbox(app, demo, meeting_token, caplog):
    app.config.update(WTF_CSRF_ENABLED=False, MAIL_SERVER="")
    delivery.init_app(app)
    delivery._told_no_server = False
    client = app.test_client()
    assert book(client, meeting_token, free_slot_ids(client, meeting_token)[0]).status_code == 303
    book(client, meeting_token, free_slot_ids(client, meeting_token)[0], form_token="a-second-family-form")
    assert [m.sent_at for m in outbox(app)] == [None, None]
    assert sum("MAIL_SERVER is not set" in record.message for record in caplog.records) == 1  # said once
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "MAIL_SERVER is not set: 2 message(s) wait in the outbox." in result.output


def test_sent_messages_are_deleted_after_the_retention_period(app, demo):
    app.config["OUTBOX_RETENTION_DAYS"] = 30
    old, recent = queue(app), queue(app)
    with app.app_context():
        db.session.get(OutboxMessage, old).created_at = utcnow() - timedelta(days=31)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert "Outbox: deleted 1 message(s)" in result.output
    assert [m.id for m in outbox(app)] == [recent]
