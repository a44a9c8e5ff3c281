"""What every template can use: bilingual helpers, the language switch, the menu."""

import flask_babel
from babel.dates import format_date
from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.audit.labels import action_label, entity_label, field_label, value_label
from app.auth.access import may_use
from app.disclosure import hidden_note, hidden_text
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
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
