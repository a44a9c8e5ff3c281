"""Refusals and error pages: what the rules do not allow, said in the reader's language, and our own
page for every status we send on purpose."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError, TooManyRequests

from app.clock import system_seconds
from app.extensions import db, limiter

ERROR_TEXTS = {
    400: (_l("Something in the request was not right"),
          _l("Go back, check what you entered and try again.")),
    401: (_l("Sign in to see this page"),
          _l("Your session may have ended. Sign in again to carry on.")),
    403: (_l("You do not have access to this page"),
          _l("If you think you should, ask your cluster admin.")),
    404: (_l("Page not found"),
          _l("Check the web address, or start again from the home page.")),
    405: (_l("That is not something this page can do"),
          _l("Go back and use the buttons on the page.")),
    409: (_l("That change is no longer possible"),
          _l("Someone may have changed this in the meantime. Go back and reload the page.")),
    413: (_l("The file is too large"),
          _l("Choose a smaller file and try again.")),
    429: (_l("Too many attempts"),
          _l("Wait a minute, then try again.")),
    500: (_l("Sorry, something went wrong on our side"),
          _l("Nothing you did caused this. Try again in a few minutes.")),
}
#: SQLite's write lock held past the busy timeout: nothing was saved, and sending again will work
BUSY_TEXTS = (_l("The site is busy"),
              _l("What you sent has not been saved yet. Wait a few seconds, then press the button again."))
#: seconds a browser or client is asked to wait before sending again
BUSY_RETRY_AFTER = 5
CSRF_TEXTS = (_l("This form has expired"),
              _l("For your security, forms expire. Go back, reload the page and send the form again."))


class Refused(Exception):
    """A change the rules do not allow. `message` is the sentence for the person, in their language;
    `field` names the form field it belongs at (None: the form as a whole). Each module raises its own
    kind (CompetitionRefused, CalendarRuleBroken, …), so that a view catches only what its services
    raise; one that no view catches is answered with a 403 that gives its reason."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def show_refusal(form, refused: Refused, default_field: str | None = None) -> None:
    """Undo what the refused change had begun and put its sentence on `form`: at the field it names
    (or `default_field`), or above the form when the form has no such field."""
    db.session.rollback()
    name = refused.field if refused.field and refused.field in form else default_field
    if name:
        form[name].errors = [*form[name].errors, refused.message]  # a tuple until the field is validated
    else:
        form.form_errors.append(refused.message)


def render_error(status: int, texts: tuple | None = None):
    """The error page for `status`, with its title and advice."""
    title, advice = texts or ERROR_TEXTS.get(status, ERROR_TEXTS[400])
    return render_template("errors/error.html", status=status, title=title, advice=advice), status


def _seconds_to_wait() -> int:
    """Until the limit just reached lets this visitor in again (a minute if it cannot say)."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - system_seconds()) + 1)


def is_database_busy(error: OperationalError) -> bool:
    """Whether SQLite refused because another writer held the lock for longer than the busy timeout."""
    return "database is locked" in str(error.orig) or "database table is locked" in str(error.orig)


def register_error_handlers(app: Flask) -> None:
    """Show our own bilingual page instead of Werkzeug's English one."""

    @app.errorhandler(Refused)
    def refused(error: Refused):
        # what this person may read but not do: nothing half-saved, and a sentence that says why
        db.session.rollback()
        return render_error(403, (_l("You cannot do that"), error.message))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_TEXTS)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(SecurityError)
    def unknown_host(error: SecurityError):
        """A Host not in TRUSTED_HOSTS: a plain 400, since no address of ours can be built for it."""
        return "400 Bad Request: this address is not served here.\n", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests):
        """A rate limit reached: when to try again, in words and in Retry-After."""
        seconds = _seconds_to_wait()
        if seconds < 90:
            advice = ngettext("Wait %(num)d second, then try again.", "Wait %(num)d seconds, then try again.", seconds)
        else:
            minutes = -(-seconds // 60)
            advice = ngettext("Wait %(num)d minute, then try again.", "Wait %(num)d minutes, then try again.", minutes)
        body, status = render_error(429, (ERROR_TEXTS[429][0], advice))
        return body, status, {"Retry-After": str(seconds)}

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        """A busy SQLite database is a 503 that asks to try again; any other database error is a 500."""
        db.session.rollback()
        if not is_database_busy(error):
            app.logger.exception("Database error", exc_info=error)
            return render_error(500)
        app.logger.warning("SQLite write lock not granted within the busy timeout: %s", error.orig)
        body, status = render_error(503, BUSY_TEXTS)
        return body, status, {"Retry-After": str(BUSY_RETRY_AFTER)}

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return render_error(500)
