"""Static files at addresses that change with their content, kept by browsers for a year.

Every `url_for('static', ...)` gains `?v=` and the first 12 hex digits of the file's SHA-256. A
request carrying the file's current digest is answered with `Cache-Control: public,
max-age=31536000, immutable`, so a family going through a survey's pages downloads the
stylesheet and scripts once and then asks only for each page; a changed file gets a new
address, so nobody keeps an old copy. Without the digest (or with an old one) the file is
served as before: revalidated each time.

A family opens a survey link once, on a phone, with nothing cached: a linked stylesheet would cost a
second round trip before anything is seen (150 ms on a slow mobile network). The pages a family
arrives at from a link (a survey's start, a meeting's booking, change and cancel pages) carry the
stylesheet inside them instead (`{% set inline_stylesheet = true %}`), allowed by the hash of its
text in the Content-Security-Policy, not by 'unsafe-inline'. With JavaScript the survey's next
pages are swapped into that page and need nothing more; without it they link the file, which the
first page prefetches inside `<noscript>` while the family reads it (a prefetch for everyone would cost
every family 6 KiB that most never use). Staff pages, visited again and again, link it and have it from
their cache.

A static file is the same for every visitor, so its answer never says `Vary: Cookie`: Flask-Login looks
into the session after every request, which would make it say so, and a browser would then fetch every
file again whenever the session cookie changed (a family's first Start, any sign-in).
"""

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup

YEAR_IN_SECONDS = 365 * 24 * 3600
DIGEST_LENGTH = 12


#: the stylesheet every page uses, carried inside the pages families open cold
INLINED_STYLESHEET = "css/app.css"


@dataclass(frozen=True)
class InlineStylesheet:
    """A stylesheet's text for a <style> element, and the CSP source that allows exactly that text."""

    css: Markup
    csp_source: str


def inline_stylesheet(static_folder: str) -> InlineStylesheet:
    """INLINED_STYLESHEET read once, with its CSP hash ('sha256-…')."""
    text = (Path(static_folder) / INLINED_STYLESHEET).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return InlineStylesheet(Markup(text), f"'sha256-{digest}'")  # noqa: S704  (our own file, not input)


def _digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_LENGTH]


class SessionsStaticFilesIgnore(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, left out of the answer for a static file (see above)."""

    def save_session(self, app: Flask, session, response) -> None:
        """Save the session, unless this is a static file and the session is as it came."""
        if request.endpoint == "static" and not session.modified:
            return
        super().save_session(app, session, response)


def init_app(app: Flask, stylesheet: InlineStylesheet) -> None:
    """Fingerprint the static addresses the app writes, and cache the fingerprinted ones; give the
    templates the stylesheet to carry inline (not while developing: a changed file would no longer
    match the hash the policy was made with)."""
    app.jinja_env.globals["inline_stylesheet_css"] = None if app.debug else stylesheet.css
    # a policy governs documents; a stylesheet or script ignores one, and it would ride along with every
    # file a phone fetches cold (330 bytes each, the stylesheet's hash included)
    app.view_functions["static"].talisman_view_options = {"content_security_policy": None}
    app.session_interface = SessionsStaticFilesIgnore()
    folder = Path(app.static_folder).resolve()
    #: {file name: digest}, read once when the app starts: the files do not change under a running
    #: server, and a page links several, so a stat() of each on every page was measurable
    digests = {path.relative_to(folder).as_posix(): _digest_of(path)
               for path in folder.rglob("*") if path.is_file()}

    def digest(filename: str) -> str | None:
        if app.debug:  # while developing, a changed file gets its new address without a restart
            path = (folder / filename).resolve()
            return _digest_of(path) if path.is_relative_to(folder) and path.is_file() else None
        return digests.get(filename)

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = digest(values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def keep_for_a_year(response):
        if (request.endpoint == "static" and response.status_code == 200
                and request.args.get("v") == digest((request.view_args or {}).get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_IN_SECONDS
            response.cache_control.immutable = True
            # never checked again, so the validators (and send_file's "inline") are dead weight
            # on each of a phone's first requests
            for header in ("ETag", "Last-Modified", "Content-Disposition"):
                response.headers.pop(header, None)
        return response
