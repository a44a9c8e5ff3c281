"""Hypothesis posts generated input to every form of the app: never a 5xx, nothing stored that breaks a rule.

The forms are found, not listed: every POST route in tests/routes.py (so a new module's forms
join by being declared there), with the fields its forms carry on the pages of the app. Each
route is posted to by the first visitor allowed to use it, with CSRF off (tests/test_csrf.py
covers tokens; here a token would only turn every example into the same 400).

Values: the real one from the page, or long strings, any Unicode (Welsh ŵ ŷ â, right-to-left
text), control characters, huge and odd numbers, a field missing or sent several times, and
fields nobody asked for. `make test` tries a few per route with a fixed seed; `make soak` sets
HYPOTHESIS_PROFILE=soak for at least 10,000 in all, freshly random.
"""

import math
import os
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, select
from werkzeug.datastructures import MultiDict

from app.extensions import db, limiter
from app.surveys.models import Survey, SurveyLink
from tests.conftest import BACKENDS, sign_in_client
from tests.factories import TODAY
from tests.routes import VISITORS, all_routes, pages

#: total examples the soak profile spreads over the routes
SOAK_EXAMPLES = 10_000
settings.register_profile("quick", max_examples=3, derandomize=True, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("soak", max_examples=SOAK_EXAMPLES, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck), print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")

WELSH = "ŵŷâêîôûŴŶÂÊÎÔÛäëïöüÿẁẃẅỳýŷ"
RIGHT_TO_LEFT = "مرحبا بالعالم שלום עולם \u202eevil\u202c"
AWKWARD = ["", " ", "0", "-1", "00", "1.5", "1e309", "-0", "NaN", "inf", "9" * 40, str(2**63), str(-(2**63) - 1),
           "2026-02-30", "0000-00-00", "9999-12-31", "31/12/99999", "25:61", "None", "null", "true", "[]", "{}",
           "<script>alert(1)</script>", "' OR 1=1 --", "%(name)s", "{{ 7*7 }}", "\x00", "\r\n", "\t", "\ufeff",
           "Ŵyn ŷd â", RIGHT_TO_LEFT, "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "other"]
nasty = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(),  # any code point but lone surrogates, which no browser can send
    st.text(alphabet=st.sampled_from(WELSH + RIGHT_TO_LEFT + "\x00\x01\x07\x1b\x7f\u200f\u2028"), max_size=60),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    # long: past any column's limit
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(100, 3000)),
)


class _Forms(HTMLParser):
    """The POST forms of a page: their action and, per field name, the values the page offers."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: dict[str, dict[str, list[str]]] = {}
        self._current: dict[str, list[str]] | None = None
        self._select: str | None = None  # the <select> whose <option>s are being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urlsplit(attrs.get("action") or self.page_path).path
                self._current = self.forms.setdefault(action, {})
        elif tag in ("input", "select", "textarea", "option", "button") and self._current is not None:
            if tag == "option":
                name = self._select
            else:
                name = attrs.get("name")
                if tag == "select":
                    self._select = name
            if name and name != "csrf_token":
                values = self._current.setdefault(name, [])
                if attrs.get("value") is not None:
                    values.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _client(app, demo, route):
    """A client for the first visitor allowed on `route`, or None when only a special role
    (a competition's judge, say) may use it: such a route is fuzzed by its module's own tests."""
    visitor = next((visitor for visitor in VISITORS if route.allows(visitor)), None)
    if visitor is None:
        return None
    client = app.test_client()
    return client if visitor == "anonymous" else sign_in_client(client, demo.user(visitor))


def _fields_by_action(app, demo, page_routes) -> dict[str, dict[str, list[str]]]:
    """Every POST form on the pages, keyed by where it posts.

    Called outside an application context: a request inside one would reuse it, and with it
    the first request's signed-in user (Flask-Login keeps it on `g`).
    """
    found: dict[str, dict[str, list[str]]] = {}
    for route in page_routes:
        client = _client(app, demo, route)
        response = client.get(route.url) if client else None
        if response is None or response.status_code != 200 or "html" not in response.content_type:
            continue
        parser = _Forms(urlsplit(route.url).path)
        parser.feed(response.get_data(as_text=True))
        for action, fields in parser.forms.items():
            for name, values in fields.items():
                found.setdefault(action, {}).setdefault(name, []).extend(values)
    return found


@st.composite
def form_data(draw, fields: dict[str, list[str]]) -> MultiDict:
    """A form for these fields: each real, generated, missing or repeated; maybe a stranger too."""
    data = MultiDict()
    for name, offered in fields.items():
        how = draw(st.sampled_from(["real", "nasty", "nasty", "missing", "repeated"]))
        if how == "missing":
            continue
        if how == "real" and offered:
            data.add(name, draw(st.sampled_from(offered)))
        elif how == "repeated":
            for value in draw(st.lists(st.one_of(st.sampled_from(offered or [""]), nasty), min_size=2, max_size=4)):
                data.add(name, value)
        else:
            data.add(name, draw(nasty))
    for name in draw(st.lists(st.one_of(st.sampled_from(["id", "school_id", "go", "next"]), st.text(max_size=8)),
                              max_size=2)):
        data.add(name, draw(nasty))
    return data


def _broken_rows() -> list[str]:
    """Stored text that breaks a rule every form keeps: longer than its column, or a NUL."""
    broken = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String):
                continue
            limit = column.type.length
            for value in db.session.scalars(select(column).where(column.is_not(None))):
                if (limit and len(value) > limit) or "\x00" in value:
                    broken.append(f"{table.name}.{column.name}: {value[:40]!r}… ({len(value)} characters)")
    return broken


# make test fuzzes on SQLite only: what reached PostgreSQL alone (NUL) is now refused before any form
# reads it, for both, and tests/test_fuzz_regressions.py pins that on both; make soak fuzzes both.
@pytest.mark.parametrize("backend", BACKENDS if PROFILE == "soak" else BACKENDS[:1], indirect=True)
def test_no_form_answers_generated_input_with_a_server_error(app, demo):
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    limiter.enabled = False  # init_app sets it again from the config for the next app
    with app.app_context():  # the sample URLs read the demo from the database
        page_routes = pages(app, demo)
        routes = [route for route in all_routes(app, demo) if route.method == "POST"]
    forms = _fields_by_action(app, demo, page_routes)
    assert routes and forms
    targets = []
    for route in routes:
        client = _client(app, demo, route)
        if client is not None:
            targets.append((route.url, client, forms.get(urlsplit(route.url).path, {})))
    targets += _survey_pages(app)
    profile = settings.get_profile(PROFILE)
    # the soak profile's total is spread over the targets; the quick one is per target
    examples = math.ceil(profile.max_examples / len(targets)) if PROFILE == "soak" else profile.max_examples
    failures, posted = [], 0
    for url, client, fields in targets:
        try:
            posted += _fuzz(client, url, fields, examples)
        except Exception as error:  # a 5xx, or (TESTING propagates them) the exception behind it
            failures.append(f"POST {url}: {type(error).__name__}: {str(error)[:1500]}")
        with app.app_context():
            broken = _broken_rows()
        if broken:
            failures.append(f"after {url}: stored {broken[:3]}")
            break
    assert failures == []
    print(f"fuzzing: {posted} forms posted to {len(targets)} addresses ({PROFILE} profile)")
    if PROFILE == "soak":
        assert posted >= SOAK_EXAMPLES


def _survey_pages(app) -> list[tuple]:
    """The pages of a real draft of the demo's open survey: the route table's sample draft does
    not exist (its pages only redirect), and these are the forms families fill in."""
    with app.app_context():
        token = db.session.scalar(select(SurveyLink.token).join(Survey).where(Survey.opens_on <= TODAY,
                                                                              Survey.closes_on >= TODAY)
                                  .order_by(SurveyLink.id))
        sections = len(db.session.scalar(select(Survey).join(SurveyLink).where(SurveyLink.token == token)).sections)
    client = app.test_client()
    first = client.post(f"/s/{token}").headers["Location"]
    targets = []
    for url in [first[:-1] + str(number) for number in range(1, sections + 1)] + [first[:-1] + "review"]:
        parser = _Forms(urlsplit(url).path)
        parser.feed(client.get(url).get_data(as_text=True))
        targets.append((url, client, parser.forms.get(urlsplit(url).path, {})))
    return targets


def _fuzz(client, url: str, fields: dict[str, list[str]], examples: int) -> int:
    """Post up to `examples` generated forms to one address; how many were posted.

    An AssertionError names the first 5xx (after Hypothesis has made the form as small as it can).
    """
    posted = 0

    @settings(settings.get_profile(PROFILE), max_examples=examples)
    @given(data=form_data(fields))
    def post(data):
        nonlocal posted
        posted += 1
        response = client.post(url, data=data)
        assert response.status_code < 500, f"POST {url} → {response.status_code} with {data!r}"

    post()
    return posted
