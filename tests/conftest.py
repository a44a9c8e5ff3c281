"""Fixtures every test module uses.

Each test that takes `app` runs once on SQLite and once more on PostgreSQL: the one TEST_DATABASE_URL
names, or when it is not set the local one `.ci/run` uses, if it answers (TEST_DATABASE_URL= with
nothing after it: SQLite alone). The run's first lines say which databases and browser it found.
A session gets one empty database per backend (PostgreSQL:
a throwaway database of its own, so parallel runs never meet); tables are emptied after
each test.

The `app` fixture does not keep an application context open: a request made by the test
client would reuse it, share its SQLAlchemy session, and hide stale-data bugs. Tests open
`with app.app_context():` where they read the database themselves.
"""

import gc
import os
import shutil
import threading
import uuid
from contextlib import contextmanager

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from app.summaries.survey_figures import forget_kept_counts
from tests.factories import Factories, without_foreign_key_checks

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
#: where the tests look for PostgreSQL when TEST_DATABASE_URL is not set, as .ci/run does
LOCAL_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str | None:
    """TEST_DATABASE_URL if set (empty: none); else the local PostgreSQL if it answers within a second."""
    if "TEST_DATABASE_URL" in os.environ:
        return os.environ["TEST_DATABASE_URL"] or None
    engine = create_engine(LOCAL_POSTGRES_URL, connect_args={"connect_timeout": 1})
    try:
        with engine.connect():
            pass
    except Exception:  # noqa: BLE001 (any failure to connect means: not here)
        return None
    finally:
        engine.dispose()
    # the xdist workers and the live servers the tests start read it from here, without asking again
    os.environ["TEST_DATABASE_URL"] = LOCAL_POSTGRES_URL
    return LOCAL_POSTGRES_URL


POSTGRES_URL = _postgres_url()

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not POSTGRES_URL, reason="PostgreSQL tests skipped: no PostgreSQL (see the run's header)")),
]

#: For browser tests: JavaScript on, against SQLite, and off, against PostgreSQL. A page behaves the
#: same on either database (the tests without a browser run on both); the browser is the slow part.
JAVASCRIPT_ON_AND_OFF = pytest.mark.parametrize(("backend", "javascript"), [
    pytest.param(*BACKENDS[0].values, True, id="sqlite-js", marks=BACKENDS[0].marks),
    pytest.param(*BACKENDS[1].values, False, id="postgresql-no-js", marks=BACKENDS[1].marks),
], indirect=["backend"])


#: modules of long tests (a live server and many requests, or generated input), run early
LONG_MODULES = ("_races", "load_and_faults", "fuzz_forms", "access_matrix")


def pytest_report_header(config):
    """Say at the start which databases and browser the run found, and so which tests it skips."""
    postgres = (f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string(hide_password=True)}" if POSTGRES_URL
                else "no PostgreSQL (its tests are skipped: set TEST_DATABASE_URL or start it on 127.0.0.1:5432)")
    browser = CHROMIUM if os.path.exists(CHROMIUM) else f"no browser (browser tests are skipped: install {CHROMIUM})"
    return [f"databases: SQLite and {postgres}" if POSTGRES_URL else f"databases: SQLite, {postgres}",
            f"browser: {browser}"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Longest tests first within each database, so that the two workers end together rather than
    one finishing a long browser walk alone at the end. The database stays the first key: pytest
    has grouped the tests by it, and each change of database rebuilds a worker's test database."""
    def order(item):
        backend = item.callspec.params.get("backend") if hasattr(item, "callspec") else None
        database = {"sqlite": 0, "postgresql": 1}.get(backend, 2)
        if item.module.__name__.endswith("test_accessibility"):
            length = 0
        elif item.get_closest_marker("browser"):
            length = 1
        elif item.module.__name__.endswith(LONG_MODULES):
            length = 2
        else:
            length = 3
        return database, length
    items.sort(key=order)


def pytest_terminal_summary(terminalreporter):
    """One line per reason tests were skipped (PostgreSQL or Chromium missing), with a count."""
    reasons = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] = reasons.get(reason.removeprefix("Skipped: "), 0) + 1
    for reason, count in sorted(reasons.items()):
        terminalreporter.write_line(f"SKIPPED {count}: {reason}")


@contextmanager
def temporary_postgres_database():
    """A new, empty PostgreSQL database for as long as the block runs."""
    admin_url = make_url(POSTGRES_URL)
    name = f"clwstwr_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def empty_database(backend: str, tmp_path_factory):
    """The URL of a new empty database on `backend`."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'clwstwr.sqlite3'}"
    else:
        with temporary_postgres_database() as url:
            yield url


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """'sqlite' or 'postgresql'."""
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    """A database with the models' schema, shared by the session's tests on one backend."""
    with empty_database(backend, tmp_path_factory) as url:
        schema_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with schema_app.app_context():
            db.create_all()
            db.engine.dispose()
        yield url


def _empty_all_tables() -> None:
    # DELETE, not TRUNCATE: on tables this small TRUNCATE costs PostgreSQL 200-400 ms and a flush to
    # disk for every table, which every worker then waits on; DELETE without the foreign keys' checks
    # takes 20 ms after a test on the demo (90 ms with them)
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        postgresql = connection.dialect.name == "postgresql"
        if postgresql:
            without_foreign_key_checks(connection)
        for table in tables:
            connection.execute(table.delete())
        if postgresql:  # ids start at 1 again, as on a new database
            resets = ", ".join(f"setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)"
                               for table in tables if "id" in table.c and table.c.id.autoincrement)
            connection.execute(text(f"SELECT {resets}"))


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per test process rather than once per test's new app: Jinja keys each
    by its name and its source's checksum, so an edited template is compiled again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def _new_app(database_url: str):
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    application.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return application


@pytest.fixture(scope="session")
def _session_app(database_url):
    """One application per test process and database, with the settings it started with: building one
    (157 routes compiled, extensions, translations) cost a twentieth of a second for every test."""
    application = _new_app(database_url)
    # what lasts the whole session (modules, the app, compiled templates) out of the garbage collector's
    # full collections, each of which would otherwise walk all of it again: a thirteenth of a run's time
    gc.freeze()
    yield application, dict(application.config), dict(application.extensions)
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_session_app):
    """The application on the session's database; after the test, its tables emptied and its settings
    and extensions as they were at the start."""
    application, settings, extensions = _session_app
    # the rate limiter is one object that every app a test makes takes over: point it back at this one,
    # with counts from nothing
    limiter.init_app(application)
    yield application
    with application.app_context():
        db.session.remove()
        _empty_all_tables()
    # the next test's database is a copy of the same demo, not the same data: counts kept by survey go
    forget_kept_counts()
    application.config.clear()
    application.config.update(settings)
    # what a test set up on first use (a sign-in provider's client) goes with its settings
    application.extensions.clear()
    application.extensions.update(extensions)


@pytest.fixture
def fresh_app(database_url, app):
    """An application of its own on the session's database, for a test that changes the app itself
    (adds a route); `app`'s clean-up empties the tables after it."""
    application = _new_app(database_url)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make(app) -> Factories:
    """Factories that create committed rows and hand back detached, loaded objects."""
    return Factories(app)


@pytest.fixture
def demo(make):
    """The Darland demo cluster: six schools and the demo accounts."""
    return make.demo()


@pytest.fixture
def client(app):
    """A browser-like client with no JavaScript: plain requests."""
    return app.test_client()


@pytest.fixture
def htmx_client(app):
    """A client whose requests come from htmx (HX-Request: true)."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_HX_REQUEST"] = "true"
    return test_client


def sign_in_client(test_client, user):
    """Sign `test_client` in as `user` as the sign-in page would: a live sign-in on the server, and
    its id in the session cookie."""
    from app.auth import sessions
    from app.auth.models import User

    with test_client.application.app_context():
        signed = db.session.get(User, user.id)
        sessions.begin(signed)
        session_id = signed.get_id()
    with test_client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return test_client


@pytest.fixture
def signed_in(app, demo):
    """signed_in('head.holt') → a client signed in as that demo account (see Factories.demo)."""
    def make_client(who: str, htmx: bool = False):
        test_client = app.test_client()
        if htmx:
            test_client.environ_base["HTTP_HX_REQUEST"] = "true"
        return sign_in_client(test_client, demo.user(who))
    return make_client


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free port, in a thread of this process."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is None:
        pytest.skip(f"Browser tests skipped: Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(javascript=True, locale='cy-GB', width=390, cookies=…) → a page in a fresh context."""
    contexts = []

    def open_page(javascript: bool = True, locale: str = "cy-GB", width: int = PHONE["width"],
                  cookies: list | None = None, bypass_csp: bool = False):
        # bypass_csp only for injecting axe-core, which our own CSP rightly refuses
        context = browser.new_context(base_url=live_server, java_script_enabled=javascript,
                                      locale=locale, viewport={"width": width, "height": PHONE["height"]},
                                      bypass_csp=bypass_csp)
        if cookies:
            context.add_cookies([{**cookie, "url": live_server} for cookie in cookies])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def session_cookie_for(app, demo):
    """session_cookie_for('admin') → the cookie that signs a browser in as that demo account."""
    def cookie(who: str) -> list[dict]:
        test_client = sign_in_client(app.test_client(), demo.user(who))
        value = test_client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
        return [{"name": app.config["SESSION_COOKIE_NAME"], "value": value}]
    return cookie
