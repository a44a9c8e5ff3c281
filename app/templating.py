"""What every template can use: bilingual helpers, the language switch, the menu."""

from functools import lru_cache

import flask_babel
from babel.dates import format_date
from flask import Flask, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup, escape

from app.audit.labels import action_label, entity_label, field_label, value_label
from app.auth.access import may_use
from app.disclosure import hidden_note, hidden_text
from app.fragments import HEADERS, rendered_once
from app.i18n import LANGUAGE_NAMES, current_language, localized, other_language, plain_localized, remembered
from app.links import public_url
from app.welsh import on_day

#: the main menu; each person sees the entries their role may open
NAVIGATION = (
    ("main.home", _l("Home")),
    ("calendar.index", _l("Calendar")),
    ("surveys.index", _l("Surveys")),
    ("competitions.index", _l("Competitions")),
    ("practice.index", _l("Practice")),
    ("networks.index", _l("Networks")),
    ("resources.index", _l("Bookings")),
    ("summaries.summary", _l("Summary")),
    ("admin.schools", _l("Schools")),
    ("admin.people", _l("People")),
    ("admin.audit_log", _l("Audit log")),
)


def language_switch_url(here: str | None = None) -> str:
    """The link that shows this same page (`here`, or the address asked for, query string and all) in
    the other language."""
    here = here or (request.full_path.rstrip("?") if request else "/")
    return url_for("main.switch_language", language=other_language(), next=here)


def menu() -> list[tuple[str, str, bool]]:
    """(url, label, is_current) for each menu entry the current person may open."""
    current = request.endpoint
    return [(url_for(endpoint), label, endpoint == current)
            for endpoint, label in NAVIGATION if may_use(current_user, endpoint)]


#: stand-ins drawn into a kept site header, where each request puts its own value; a NUL never comes
#: out of a template otherwise
_SWITCH_URL_MARK = "\x00switch-url\x00"
_CSRF_TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 (a stand-in, not a secret)


@pass_context
def site_header(context) -> Markup:
    """The site header, drawn once per language, role, name shown, page and kind of language switch, and
    kept: about a fifth of a kept page's work. This request's switch address and CSRF token are put in."""
    switch_form = context.get("switch_form")
    signed_in = current_user.is_authenticated
    owner = (current_user.cluster or current_user.authority) if signed_in else None
    key = ("site-header", current_language(), current_user.role if signed_in else None,
           localized(owner, "name") if owner else None, request.endpoint, request.blueprint, switch_form,
           request.script_root)

    def draw() -> str:
        return render_template("_site_header.html", switch_form=switch_form, switch_url=_SWITCH_URL_MARK,
                               sign_out_token=_CSRF_TOKEN_MARK)

    header = str(rendered_once(key, draw, shelf=HEADERS))
    header = header.replace(_SWITCH_URL_MARK, escape(language_switch_url(context.get("here"))))
    if signed_in:
        header = header.replace(_CSRF_TOKEN_MARK, escape(generate_csrf()))
    return Markup(header)  # noqa: S704 (drawn by a template, what is put in escaped)


@lru_cache(maxsize=8)
def _gettext_for(translations) -> dict:
    """Jinja's `gettext` and `ngettext` (and so `_` and `{% trans %}`) bound to one language's translations,
    as Jinja's new-style gettext calls them: the text escaped, then its %(name)s filled in."""
    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = translations.ugettext(string)
        # our own catalogue's text, trusted as Jinja trusts it; what is put into it is escaped by %
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables  # noqa: S704

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
        text = translations.ungettext(singular, plural, num)
        variables.setdefault("num", num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables  # noqa: S704

    return {"gettext": gettext, "ngettext": ngettext}


def bound_gettext() -> dict:
    """Context processor: each template's strings translated by this request's translations, found once
    per template drawn. Flask-Babel's own callables look them up again for every string (three context
    lookups each: 6% of a kept results page's Python calls)."""
    return _gettext_for(flask_babel.get_translations())


def date_in(day, pattern: str, language: str) -> str:
    """A date in a given language whatever the page's: for bilingual print such as survey slips."""
    return format_date(day, pattern, locale=language)


def register_template_helpers(app: Flask) -> None:
    """Make the helpers above global in every template."""
    app.jinja_env.globals.update(
        localized=localized,
        plain_localized=plain_localized,
        current_language=current_language,
        other_language=other_language,
        language_names=LANGUAGE_NAMES,
        language_switch_url=language_switch_url,
        menu=menu,
        site_header=site_header,
        may_use=lambda endpoint: may_use(current_user, endpoint),
        audit_action_label=action_label,
        audit_entity_label=entity_label,
        audit_field_label=field_label,
        audit_value_label=value_label,
        hidden_text=hidden_text,
        hidden_note=hidden_note,
        public_url=public_url,
    )
    # Flask-Babel's own filters (set as the extension starts), each remembering what it wrote
    for name, format_function in (("dateformat", flask_babel.format_date), ("timeformat", flask_babel.format_time),
                                  ("datetimeformat", flask_babel.format_datetime),
                                  ("decimalformat", flask_babel.format_decimal)):
        app.jinja_env.filters[name] = remembered(format_function)
    app.jinja_env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    app.jinja_env.filters["dateformat_in"] = date_in
    # a day after "on" ("ar" in Welsh, which mutates it: "ar ddydd Mercher")
    app.jinja_env.filters["on_day"] = on_day
    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(bound_gettext)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
