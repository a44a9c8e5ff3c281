"""Where a page's time goes: pyinstrument over many requests to one path, in one process.

    .venv/bin/python -m bench.profile /calendar/darland/
    .venv/bin/python -m bench.profile survey        # the open family survey's first section

Runs the app with the production configuration on a fresh demo database (as `make bench`
does), through Flask's test client, so the profile shows the app and not the network.
"""

import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

from bench.servers import add_drafts, prepare_database

REQUESTS = 200


def main(path: str) -> None:
    from app import create_app
    from app.config import Config

    with tempfile.TemporaryDirectory(prefix="clwstwr-profile-") as scratch:
        prepared = prepare_database(Path(scratch) / "profile.sqlite3")
        if path == "survey":
            draft = add_drafts(prepared.url, prepared.link_token, prepared.answers, 1)[0]
            path = f"/s/{prepared.link_token}/{draft}/1"
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=prepared.url, ENVIRONMENT="production",
                         SECRET_KEY="profile-" * 6)
        client = app.test_client()
        assert client.get(path).status_code == 200, path  # warm up: imports, compiled templates
        profiler = Profiler()
        with profiler:
            for _ in range(REQUESTS):
                client.get(path, headers={"Accept-Encoding": "gzip, br"})
        profiler.print(show_all=False)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "survey")
