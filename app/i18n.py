"""Locale selection and the helpers that show bilingual content.

Order of preference for the interface language: the signed-in person's saved choice,
then the language cookie set by the switch, then the browser's Accept-Language, then
DEFAULT_LOCALE.
"""

from collections.abc import Callable
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from flask_babel import get_locale, get_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"cy": "Cymraeg", "en": "English"}


def select_locale() -> str:
    """Choose the interface language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and background work
        return current_app.config["DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.preferred_locale in languages:
        return current_user.preferred_locale
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LOCALE"]


def current_language() -> str:
    """The language of this request as a plain code: 'cy' or 'en'."""
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


def other_language(language: str | None = None) -> str:
    """The language the switch offers: the one that is not showing."""
    return "en" if (language or current_language()) == "cy" else "cy"


def remembered(format_function: Callable) -> Callable:
    """A Flask-Babel formatter (format_date, format_decimal…) that writes each value once per
    pattern, locale and time zone, then remembers it.

    A calendar or summary page writes the same few dates and numbers hundreds of times, and
    Babel works each one out afresh (15 µs or more, most of some pages' time).
    """
    @lru_cache(maxsize=8192)
    def once(value, pattern, _locale: str, _timezone: str) -> str:
        return format_function(value, pattern)  # in this request's locale and zone: the key's

    @wraps(format_function)
    def formatted(value=None, format=None):  # noqa: A002 (Babel's name for the pattern)
        if value is None:  # Babel's "now": never the same twice
            return format_function(value, format)
        return once(value, format, str(get_locale()), str(get_timezone()))

    # for a caller that writes many values in one request: the locale and zone read once, not per value
    formatted.in_locale = once
    return formatted


def safe_next_url(target: str | None, fallback: str = "/") -> str:
    """Keep a return address only if it points into this site (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    return target


def in_language(obj, field: str, language: str) -> str:
    """The raw text of `field` in one language, or '' when that translation is missing."""
    return (getattr(obj, f"{field}_{language}", None) or "").strip()


def localized(obj, field: str, flag_missing: bool = False) -> Markup:
    """Render a bilingual field in the reader's language, falling back to the other one.

    The fallback text is wrapped in an element with its own `lang` so screen readers
    pronounce it correctly; `flag_missing` adds a visible note for the people who can
    add the translation.
    """
    language = current_language()
    text = in_language(obj, field, language)
    if text:
        return escape(text)
    fallback_language = other_language(language)
    fallback = in_language(obj, field, fallback_language)
    if not fallback:
        return Markup("")
    html = Markup('<span lang="{}">{}</span>').format(fallback_language, fallback)
    if flag_missing:
        html += Markup(' <span class="tag tag--warning">{}</span>').format(
            _l("Welsh translation missing") if language == "cy" else _l("English translation missing")
        )
    return html


def localized_column(model, field: str):
    """The column of a bilingual field in the reader's language, to sort lists by it."""
    return getattr(model, f"{field}_{current_language()}")


def plain_localized(obj, field: str) -> str:
    """The same choice as `localized`, as plain text for exports, titles and e-mails."""
    language = current_language()
    return in_language(obj, field, language) or in_language(obj, field, other_language(language))
