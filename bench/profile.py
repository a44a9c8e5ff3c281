"""Where a page's time goes: pyinstrument over many requests to one path, in one process.

    .venv/bin/python -m bench.profile /calendar/darland/
    .venv/bin/python -m bench.profile survey        # the open family survey's first section
    .venv/bin/python -m bench.profile send          # Send on a finished draft, a new one each time
    .venv/bin/python -m bench.profile large officer # the summary on `flask demo large`, signed in
                                                    # as officer, admin or leader

Runs the app with the production configuration on a fresh database (as `make bench` does),
through Flask's test client, so the profile shows the app and not the network.
"""

import re
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

from bench.servers import LOAD_RATE_LIMIT, add_drafts, prepare_database, prepare_large_database

REQUESTS = 200
LARGE_REQUESTS = 10
_CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


def _app(url: str):
    from app import create_app
    from app.config import Config

    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENVIRONMENT="production", SECRET_KEY="profile-" * 6,
                      PUBLIC_URL="http://localhost",  # the test client's host, which production trusts alone
                      PUBLIC_FORM_RATE_LIMIT=LOAD_RATE_LIMIT)


def _csrf(client, path: str) -> str:
    return _CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def _profile(requests: int, request) -> None:
    """Warm up with one request (imports, compiled templates), then profile `requests` more."""
    request(0)
    profiler = Profiler()
    with profiler:
        for number in range(1, requests + 1):
            request(number)
    profiler.print(show_all=False)


def main(path: str, role: str) -> None:
    from app.config import Config

    with tempfile.TemporaryDirectory(prefix="clwstwr-profile-") as scratch:
        if path == "large":
            url = f"sqlite:///{Path(scratch) / 'large.sqlite3'}"
            people = prepare_large_database(url)
            client = _app(url).test_client()
            client.post("/sign-in", data={"csrf_token": _csrf(client, "/sign-in"), "email": people[role],
                                          "password": Config.DEMO_PASSWORD})
            summary = "/summary/?year=2025&period=autumn-2"
            _profile(LARGE_REQUESTS, lambda number: _expect(client.get(summary), 200))
            return
        prepared = prepare_database(Path(scratch) / "profile.sqlite3")
        client = _app(prepared.url).test_client()
        if path == "send":
            drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, REQUESTS + 1)
            token = _csrf(client, f"/s/{prepared.link_token}")
            _profile(REQUESTS, lambda number: _expect(client.post(
                f"/s/{prepared.link_token}/{drafts[number]}/review", data={"csrf_token": token}), 303))
            return
        if path == "survey":
            draft = add_drafts(prepared.url, prepared.link_token, prepared.answers, 1)[0]
            path = f"/s/{prepared.link_token}/{draft}/1"
        _profile(REQUESTS, lambda number: _expect(client.get(path, headers={"Accept-Encoding": "gzip, br"}), 200))


def _expect(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.request.path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "survey", sys.argv[2] if len(sys.argv) > 2 else "officer")
