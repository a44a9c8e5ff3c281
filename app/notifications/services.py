"""Writing messages to the outbox: rendered now, in the recipient's language."""

from flask import current_app, g
from flask_babel import force_locale

from app.extensions import db
from app.notifications.models import OutboxMessage


def queue_message(recipient: str, language: str, template: str, **context) -> OutboxMessage | None:
    """Render `notifications/<template>.txt` in `language` and add it to the outbox (no commit).

    The template sets `subject` with `{% set subject %}…{% endset %}`; the rest is the body.
    The caller commits, so the message exists exactly when the change it reports does.
    Returns None when there is no address to send to (a family that left a phone number).
    """
    if not recipient or "@" not in recipient:
        return None
    language = language if language in current_app.config["LANGUAGES"] else current_app.config["DEFAULT_LOCALE"]
    with force_locale(language):
        module = current_app.jinja_env.get_template(f"notifications/{template}.txt").make_module(context)
        subject = " ".join(str(module.subject).split())
        body = str(module).strip() + "\n"
    message = OutboxMessage(recipient=recipient.strip(), language=language, subject=subject[:300], body=body)
    db.session.add(message)
    g.outbox_queued = True  # after the response, delivery.send_after_response tries to send it
    return message
