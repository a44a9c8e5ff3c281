"""Configuration, start-up rules and the database engine's settings."""

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from app import PROJECT_ROOT, create_app
from app.clusters.models import School
from app.config import Config, TestConfig, instance_secret_key, normalise_database_url
from app.database import lock_for_write, locked
from app.extensions import db
from tests.factories import PASSWORD


def test_production_refuses_to_start_without_a_secret_key_or_a_public_address():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config, ENVIRONMENT="production", SECRET_KEY="", PUBLIC_URL="https://clwstwr.example")
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(Config, ENVIRONMENT="production", SECRET_KEY="x" * 40, PUBLIC_URL="")


def test_no_secret_key_is_written_in_the_code():
    source = (Path(__file__).resolve().parent.parent / "app" / "config.py").read_text()
    assert not re.search(r"SECRET_KEY = os.environ.get\(\"SECRET_KEY\", \"[^\"]+\"\)", source)


def test_a_laptop_copy_makes_its_own_random_key_once_and_keeps_it(tmp_path):
    first = instance_secret_key(tmp_path)
    assert len(first) >= 48 and instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert instance_secret_key(tmp_path / "another copy") != first


def test_two_workers_starting_at_once_share_one_key(tmp_path):
    keys = []
    threads = [threading.Thread(target=lambda: keys.append(instance_secret_key(tmp_path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys) == 8


def test_production_starts_with_a_real_secret_key_and_secure_cookies(database_url):
    app = create_app(Config, ENVIRONMENT="production", SECRET_KEY="x" * 40, PUBLIC_URL="https://clwstwr.example",
                     SQLALCHEMY_DATABASE_URI=database_url, SESSION_COOKIE_SECURE=None, TRUSTED_HOSTS=None)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["TRUSTED_HOSTS"] == ["clwstwr.example"]  # by default, the public address's host
    laptop = create_app(Config, ENVIRONMENT="development", SQLALCHEMY_DATABASE_URI=database_url,
                        SESSION_COOKIE_SECURE=None)
    assert laptop.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(("given", "used"), [
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
])
def test_database_urls_are_pointed_at_psycopg_3(given, used):
    assert normalise_database_url(given) == used


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        busy_timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
        assert busy_timeout == app.config["SQLITE_BUSY_TIMEOUT_MS"]
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_default_database_is_a_file_in_the_instance_folder():
    app = create_app(Config, ENVIRONMENT="development", SQLALCHEMY_DATABASE_URI="sqlite:///clwstwr.sqlite3")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    with app.app_context():
        assert db.engine.url.database.startswith(app.instance_path)


def test_lock_for_write_makes_concurrent_read_then_write_services_wait_their_turn(app, make, backend):
    """Twenty threads each read a counter and write it back plus one: none may be lost.

    Without the lock two threads read the same value and one increment disappears
    (or SQLite refuses the second writer with "database is locked").
    """
    cluster = make.cluster()
    school = make.school(cluster.id, roll=0)
    errors = []

    def add_one_pupil():
        try:
            with app.app_context():
                lock_for_write()
                current = locked(School, school.id)
                current.roll = current.roll + 1
                db.session.commit()
        except Exception as error:  # collected and reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=add_one_pupil) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with app.app_context():
        assert db.session.get(School, school.id).roll == 20


def test_a_form_whose_reads_another_write_overtakes_waits_its_turn_instead_of_failing(app, signed_in):
    """A POST reads (the person, their password), then writes. If another connection writes in between,
    SQLite would refuse the POST's write at once, whatever the busy timeout ("database is locked": the
    503 "the site is busy"), so a POST's transaction takes the write lock with its first statement and
    the other write waits for it instead."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in("head.holt")
    with app.app_context():
        engine = db.engine
        school_id = db.session.scalar(select(School.id).limit(1))
    request_thread, others = threading.current_thread(), []

    def other_write():
        with engine.begin() as connection:
            connection.execute(text("UPDATE schools SET roll = 1 WHERE id = :id"), {"id": school_id})

    def after_the_first_read(_connection, _cursor, statement, *_arguments):
        if threading.current_thread() is request_thread and statement.startswith("SELECT") and not others:
            others.append(threading.Thread(target=other_write))
            others[0].start()
            others[0].join(timeout=1)  # lands at once if the request holds no lock, else waits for its commit

    event.listen(engine, "after_cursor_execute", after_the_first_read)
    try:
        response = client.post("/account", data={"current_password": PASSWORD, "new_password": "a-new-passphrase",
                                                  "confirm_password": "a-new-passphrase"})
    finally:
        event.remove(engine, "after_cursor_execute", after_the_first_read)
        others[0].join()
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(School, school_id).roll == 1  # and the other write was kept too


def test_emailed_links_start_with_the_public_address_whatever_host_a_request_names(app, demo, client):
    from app.bookings.meetings.models import MeetingSet
    from app.notifications.models import OutboxMessage
    from tests.test_meetings import family

    app.config.update(WTF_CSRF_ENABLED=False, PUBLIC_URL="https://clwstwr.example.org")
    with app.app_context():
        token = db.session.scalar(select(MeetingSet.token))
    page = client.get(f"/meetings/b/{token}", headers={"Host": "evil.example"}).text
    slot = re.search(r'name="slot" id="slot-(\d+)"', page).group(1)
    response = client.post(f"/meetings/b/{token}", data=family(slot), headers={"Host": "evil.example",
                                                                              "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 303
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body))
    assert "https://clwstwr.example.org/meetings/booking/" in body and "evil.example" not in body


def test_unknown_hosts_are_refused_when_trusted_hosts_are_set(app, client):
    app.config["TRUSTED_HOSTS"] = ["clwstwr.example.org"]
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "clwstwr.example.org"}).status_code == 200


#: libraries a worker loads only when a request needs them (issue #22: a worker's memory before anyone
#: signs in): uploads' images, sign-in through a provider, calendar files, spreadsheets, migrations
LOADED_WHEN_NEEDED = ("PIL", "authlib", "requests", "cryptography", "icalendar", "openpyxl", "alembic",
                      "flask_migrate", "segno")


def test_a_web_worker_starts_without_the_libraries_only_some_requests_need(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("CLWSTWR_", "FLASK_"))}
    environment.update(CLWSTWR_ENV="production", SECRET_KEY="x" * 40, PUBLIC_URL="https://clwstwr.example",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'start.sqlite3'}")
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, wsgi; print(' '.join({name.split('.')[0] for name in sys.modules}))"],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, check=True).stdout.split()
    assert "flask_sqlalchemy" in loaded  # the app did start
    assert not set(LOADED_WHEN_NEEDED) & set(loaded)
