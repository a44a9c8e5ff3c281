"""Where a page's time goes: pyinstrument over many requests to one path, in one process.

    .venv/bin/python -m bench.profile /calendar/darland/
    .venv/bin/python -m bench.profile survey        # the open family survey's first section
    .venv/bin/python -m bench.profile send          # Send on a finished draft, a new one each time
    .venv/bin/python -m bench.profile summary       # the leader's summary on the demo, as `make bench` asks it
    .venv/bin/python -m bench.profile large officer # the summary on `flask demo large`, signed in
                                                    # as officer, admin or leader
    .venv/bin/python -m bench.profile large officer postgresql   # the same on a scratch PostgreSQL database

Runs the app with the production configuration on a fresh database (as `make bench` does),
through Flask's test client, so the profile shows the app and not the network. Before the profile,
the same number of requests without it: their p50 and queries a request.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler
from sqlalchemy import event

from bench.servers import (
    LOAD_RATE_LIMIT,
    add_drafts,
    drop_postgresql_database,
    prepare_database,
    prepare_large_database,
    scratch_postgresql_database,
)

REQUESTS = 200
LARGE_REQUESTS = 10
SUMMARY_PATH = "/summary/?year=2025&period=autumn-2"
#: the leader `make bench` signs in as for the summary on the demo
LEADER = "head.holt@darland.example"
#: where the tests look for PostgreSQL when TEST_DATABASE_URL is not set (tests/conftest.py)
LOCAL_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


def _app(url: str):
    """The app as production runs it, on `url`."""
    from app import create_app
    from app.config import Config

    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENVIRONMENT="production", SECRET_KEY="profile-" * 6,
                      PUBLIC_URL="http://localhost",  # the test client's host, which production trusts alone
                      PUBLIC_FORM_RATE_LIMIT=LOAD_RATE_LIMIT)


def _csrf(client, path: str) -> str:
    return _CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def _profile(app, requests: int, request) -> None:
    """Warm up with one request (imports, compiled templates), time and count the queries of `requests` more,
    then profile as many again."""
    from app.extensions import db

    request(0)
    statements = []
    with app.app_context():
        engine = db.engine
    count = lambda *_arguments: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", count)
    timings = []
    for number in range(1, requests + 1):
        started = time.perf_counter()
        request(number)
        timings.append(1000 * (time.perf_counter() - started))
    event.remove(engine, "before_cursor_execute", count)
    profiler = Profiler()
    with profiler:
        for number in range(requests + 1, 2 * requests + 1):
            request(number)
    profiler.print(show_all=False)
    print(f"without the profiler: {statistics.median(timings):.1f} ms p50, {min(timings):.1f} ms at best, "
          f"{len(statements) / requests:.1f} queries a request ({requests} requests)")


def _signed_in(app, email: str):
    """A test client of `app` signed in as `email` (a demo account)."""
    from app.config import Config

    client = app.test_client()
    client.post("/sign-in", data={"csrf_token": _csrf(client, "/sign-in"), "email": email,
                                  "password": Config.DEMO_PASSWORD})
    return client


def main(path: str, role: str, backend: str) -> None:
    from app.extensions import db

    with tempfile.TemporaryDirectory(prefix="clwstwr-profile-") as scratch:
        if path == "large":
            url = (scratch_postgresql_database(os.environ.get("TEST_DATABASE_URL") or LOCAL_POSTGRESQL, "profile")
                   if backend == "postgresql" else f"sqlite:///{Path(scratch) / 'large.sqlite3'}")
            try:
                people = prepare_large_database(url)
                app = _app(url)
                client = _signed_in(app, people[role])
                _profile(app, LARGE_REQUESTS, lambda number: _expect(client.get(SUMMARY_PATH), 200))
                with app.app_context():
                    db.engine.dispose()
            finally:
                if backend == "postgresql":
                    drop_postgresql_database(url)
            return
        prepared = prepare_database(Path(scratch) / "profile.sqlite3")
        app = _app(prepared.url)
        client = app.test_client()
        if path == "summary":
            client = _signed_in(app, LEADER)
            path = SUMMARY_PATH
        if path == "send":
            drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, 2 * REQUESTS + 1)
            token = _csrf(client, f"/s/{prepared.link_token}")
            _profile(app, REQUESTS, lambda number: _expect(client.post(
                f"/s/{prepared.link_token}/{drafts[number]}/review", data={"csrf_token": token}), 303))
            return
        if path == "survey":
            draft = add_drafts(prepared.url, prepared.link_token, prepared.answers, 1)[0]
            path = f"/s/{prepared.link_token}/{draft}/1"
        _profile(app, REQUESTS, lambda number: _expect(client.get(path, headers={"Accept-Encoding": "gzip, br"}), 200))


def _expect(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.request.path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "survey", sys.argv[2] if len(sys.argv) > 2 else "officer",
         sys.argv[3] if len(sys.argv) > 3 else "sqlite")
