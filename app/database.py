"""Engine set-up shared by SQLite and PostgreSQL, and the write-lock helper.

SQLite needs three things on every connection to be a safe multi-user store: WAL so that
readers never block the writer, a busy timeout so that a second writer waits instead of
failing, and foreign keys (off by default). Python's sqlite3 module also manages
transactions on its own in a way that breaks SQLAlchemy's, so we take that over and emit
BEGIN ourselves; that is what lets a service ask for BEGIN IMMEDIATE (see `lock_for_write`).

The busy timeout does not cover one case: a transaction that has read and then writes is refused at
once ("database is locked") if another connection wrote since its first read, since what it read may
be stale. So on SQLite every transaction of a request that may change data (any method but GET, HEAD
and OPTIONS) begins IMMEDIATE, holding the write lock from its first statement: it waits its turn
instead of failing. A view whose every write takes `lock_for_write()` itself is marked
`locks_its_own_writes`, and reads without the lock, holding it only around its writes.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context, request
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from app.extensions import db

_BEGIN_MODE = "clwstwr_sqlite_begin"
#: the methods that never change data: their transactions read without the write lock
_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the SQLite connection settings; PostgreSQL needs none."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_MODE) or _request_begin_mode()
        connection.exec_driver_sql(f"BEGIN {mode}")


def _request_begin_mode() -> str:
    """IMMEDIATE in a request that may change data, unless its view locks its own writes; else DEFERRED."""
    if not has_request_context() or request.method in _READING_METHODS:
        return "DEFERRED"
    view = current_app.view_functions.get(request.endpoint)
    return "DEFERRED" if getattr(view, "locks_its_own_writes", False) else "IMMEDIATE"


def locks_its_own_writes(view):
    """Mark a view whose every write takes `lock_for_write()` first: its reads go without SQLite's write
    lock, which it then holds only around its writes (the survey's pages, which every family's press
    queues on, and the sign-in, whose password check takes a tenth of a second)."""
    view.locks_its_own_writes = True
    return view


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Roll back whatever the block began if it raises (a refusal or any error), and raise it on: a
    service never leaves half a change in the session for the next commit to save."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise


def locked(model, ident: int):
    """The row of `model` with this id, read afresh and locked until the transaction ends.

    Call after lock_for_write(), with a plain id taken before it: lock_for_write() commits,
    which expires loaded objects, and reading `obj.id` from one would refresh it with an
    unlocked SELECT, leaving the ORM holding the values from before the lock.
    populate_existing makes the locked row's values the ones the object holds.
    """
    return db.session.scalar(select(model).where(model.id == ident).with_for_update()
                             .execution_options(populate_existing=True))


def lock_for_write() -> None:
    """Start a fresh transaction that will not lose a race to another writer.

    Call it at the start of a service that reads a limit and then writes against it
    (the last place, a free slot). On SQLite the new transaction holds the database's
    write lock from its first statement, so a concurrent writer waits for our commit.
    On PostgreSQL the service must also lock the row it decides on, with
    `select(...).with_for_update()`, which SQLite ignores. Whatever the session had
    pending is committed first: a service owns its transaction.
    """
    session = db.session()
    if session.in_transaction():
        session.commit()
    if db.engine.dialect.name == "sqlite":
        session.connection(execution_options={_BEGIN_MODE: "IMMEDIATE"})
