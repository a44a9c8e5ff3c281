"""Survey submissions against real gunicorn (production configuration, 2 workers, SQLite):
many at once, a worker killed, the whole server killed, and a write lock held too long.

Short here; `make soak` sets CLWSTWR_SOAK=1 for the long run (10,000 sends at 50 at a time).
A send is acknowledged when it answers 303 to the thank-you page: that is the moment a family
is told their answers are in, so from then on they must be in the database, whatever happens.
Each draft ends as exactly one of: still a draft (not sent), or a whole response (every answer
with it). Nothing half-written, nothing twice.
"""

import html
import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.client import Sender, acknowledged, open_session
from bench.servers import Gunicorn, add_drafts, prepare_database, production_environment

SOAK = os.environ.get("CLWSTWR_SOAK") == "1"
SENDS, AT_ONCE = (10_000, 50) if SOAK else (100, 16)
FAULT_SENDS = 3000 if SOAK else 60


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """One production-like database for the module: migrations, demo data, an open family survey."""
    return prepare_database(tmp_path_factory.mktemp("load") / "load.sqlite3")


@pytest.fixture
def start_server(prepared, tmp_path):
    """start_server(**environment) → a running gunicorn on the prepared database; stopped afterwards."""
    servers = []

    def start(port: int | None = None, **environment: str) -> Gunicorn:
        server = Gunicorn("wsgi:app", production_environment(prepared.url, **environment),
                          tmp_path / "gunicorn.log", port=port).start("/healthz")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def send_all(server: Gunicorn, link_token: str, drafts: list[str], at_once: int,
             midway=None) -> dict[str, int | None]:
    """Press Send on every draft from `at_once` threads; draft → status (None: connection broke).

    `midway`, if given, is called once, from the thread that finishes the send a third of the
    way through: that is where the faults are injected, with sends still in flight.
    """
    session = open_session(server.url, link_token)
    statuses: dict[str, int | None] = {}
    lock, queue = threading.Lock(), iter(drafts)
    trigger = len(drafts) // 3

    def worker() -> None:
        sender = Sender(server.url, session, timeout=30)
        while True:
            with lock:
                draft = next(queue, None)
            if draft is None:
                break
            status = sender.send(link_token, draft)
            with lock:
                statuses[draft] = status
                fire = midway is not None and len(statuses) == trigger
            if fire:
                midway()
        sender.close()

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        for future in [pool.submit(worker) for _ in range(at_once)]:
            future.result()
    return statuses


def check_database(url: str, answers: dict, statuses: dict[str, int | None]) -> dict[str, int]:
    """Assert what must hold after any run, fault or not; the count of drafts sent and left."""
    per_response = sum(len(value) if isinstance(value, list) else 1 for value in answers.values())
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tokens = list(statuses)
        responses, drafts = {}, set()
        for start in range(0, len(tokens), 500):  # SQLite's limit on bound parameters
            chunk = tokens[start:start + 500]
            marks = ",".join("?" * len(chunk))
            responses.update(connection.execute(
                f"SELECT r.submission_token, count(a.id) FROM survey_responses r "
                f"LEFT JOIN survey_answers a ON a.response_id = r.id "
                f"WHERE r.submission_token IN ({marks}) GROUP BY r.id", chunk).fetchall())
            drafts.update(row[0] for row in connection.execute(
                f"SELECT token FROM survey_drafts WHERE token IN ({marks})", chunk))
    lost = [token for token, status in statuses.items() if acknowledged(status) and token not in responses]
    assert lost == [], f"{len(lost)} acknowledged sends are not in the database"
    half_written = {token: count for token, count in responses.items() if count != per_response}
    assert half_written == {}, "responses without all their answers"
    assert not drafts & set(responses), "a draft is both sent and still waiting"
    assert set(tokens) == drafts | set(responses), "a draft vanished without becoming a response"
    return {"sent": len(responses), "left": len(drafts)}


def test_every_acknowledged_send_is_stored_and_none_fails(prepared, start_server):
    server = start_server()
    drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, SENDS, prefix="load")
    statuses = send_all(server, prepared.link_token, drafts, AT_ONCE)
    assert sorted(set(statuses.values())) == [303]
    assert check_database(prepared.url, prepared.answers, statuses) == {"sent": SENDS, "left": 0}


def test_a_worker_killed_mid_run_loses_no_acknowledged_send(prepared, start_server):
    server = start_server()
    drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, FAULT_SENDS, prefix="worker")
    statuses = send_all(server, prepared.link_token, drafts, AT_ONCE, midway=server.kill_worker)
    assert not [status for status in statuses.values() if status is not None and status >= 500]
    assert set(statuses.values()) <= {303, None}
    check_database(prepared.url, prepared.answers, statuses)
    assert len(server.worker_pids()) == 2  # the master replaced the one killed


def test_the_whole_server_killed_mid_run_then_restarted_loses_nothing(prepared, start_server):
    server = start_server()
    drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, FAULT_SENDS, prefix="server")
    statuses = send_all(server, prepared.link_token, drafts, AT_ONCE, midway=server.kill)
    assert set(statuses.values()) <= {303, None} and None in statuses.values()
    counts = check_database(prepared.url, prepared.answers, statuses)
    assert counts["left"] > 0  # the kill did land mid-run

    # back up on the same database: the families who saw an error press Send again
    restarted = start_server(port=server.port)
    unanswered = [token for token, status in statuses.items() if not acknowledged(status)]
    retried = send_all(restarted, prepared.link_token, unanswered, AT_ONCE)
    # a send that was stored but never answered before the kill answers 302 (thank-you) on retry
    assert set(retried.values()) <= {302, 303}
    assert check_database(prepared.url, prepared.answers, {**statuses, **retried}) == {"sent": FAULT_SENDS,
                                                                                         "left": 0}


def test_a_write_lock_held_too_long_asks_to_try_again_in_both_languages(prepared, start_server):
    server = start_server(SQLITE_BUSY_TIMEOUT_MS="300")
    drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, 4, prefix="locked")
    blocker = sqlite3.connect(Path(prepared.url.removeprefix("sqlite:///")), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer that does not let go for longer than the timeout
    try:
        statuses = send_all(server, prepared.link_token, drafts, 4)
        pages = {language: _busy_page(server, prepared.link_token, drafts[0], language) for language in ("cy", "en")}
    finally:
        blocker.rollback()
        blocker.close()
    assert set(statuses.values()) == {503}
    assert "Mae'r wefan yn brysur" in pages["cy"] and "pwyswch y botwm eto" in pages["cy"]
    assert "The site is busy" in pages["en"] and "press the button again" in pages["en"]
    # once the lock is gone the same drafts go through: nothing was half-written meanwhile
    assert set(send_all(server, prepared.link_token, drafts, 4).values()) == {303}
    check_database(prepared.url, prepared.answers, dict.fromkeys(drafts, 303))


def _busy_page(server: Gunicorn, link_token: str, draft: str, language: str) -> str:
    """The page a family sees when their Send meets the held lock."""
    import http.client
    session = open_session(server.url, link_token)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", f"/s/{link_token}/{draft}/review", body=f"csrf_token={session.csrf_token}",
                       headers={"Cookie": f"{session.cookie}; lang={language}",
                                "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    page = html.unescape(response.read().decode())
    assert response.status == 503 and response.getheader("Retry-After")
    connection.close()
    return page
