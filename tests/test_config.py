"""Configuration, start-up rules and the database engine's settings."""

import threading

import pytest
from sqlalchemy import text

from app import create_app
from app.clusters.models import School
from app.config import DEVELOPMENT_SECRET_KEY, Config, TestConfig, normalise_database_url
from app.database import lock_for_write, locked
from app.extensions import db


def test_production_refuses_the_development_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config, ENVIRONMENT="production", SECRET_KEY=DEVELOPMENT_SECRET_KEY)


def test_production_starts_with_a_real_secret_key_and_secure_cookies(database_url):
    app = create_app(Config, ENVIRONMENT="production", SECRET_KEY="x" * 40,
                     SQLALCHEMY_DATABASE_URI=database_url, SESSION_COOKIE_SECURE=None)
    assert app.config["SESSION_COOKIE_SECURE"] is True
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
