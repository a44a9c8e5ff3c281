"""`make bench`: the app against a bare Flask "hello", in one run, on the same two cores.

    .venv/bin/python -m bench.run            # about seven minutes with TEST_DATABASE_URL set
    BENCH_SECONDS=10 BENCH_ROUNDS=5 .venv/bin/python -m bench.run   # longer slices, more rounds
    .venv/bin/python -m bench.run --only practice   # the practice search row alone (bench/practice.py)

Starts both under gunicorn (2 sync workers, same settings), the app with the production
configuration on a fresh SQLite database holding the demo data and an open family survey.
The rows of ROWS are loaded with wrk at 32 connections in turn, ROUNDS times over, a slice of
SECONDS each, with the bare app loaded before each round and after the last: a row's ratio in a round is
to the mean of the bare slices either side of it, and its figure is the median of its rounds, so that a
neighbour's burst on the shared cores moves one round, not the verdict (Send, which uses up drafts, is
loaded in the first round only). The survey page, the calendar and the
leader's summary (signed in) are weighed in headless Chromium; a phone on a slow network opens the
survey cold and presses Next (bench/phone.py); the workers' peak memory is read from /proc, before the
first sign-in and at the end, and each heavy library's cost is measured alone (bench/memory.py). The
tables and the pass/fail lines against the targets of issues #8 and #22 (each line names its issue)
are printed and written to bench/results/ (Markdown and JSON). A target missed is reported, never an
exit status: the numbers depend on the machine.

Adding a page is one line in ROWS. A row whose page does not exist yet has `path=None` and
the issue that will build it; it is listed as "not yet built", never measured against
something else.

On `flask demo large` (SQLite, and PostgreSQL with TEST_DATABASE_URL) the leader's and the officer's
summaries are loaded at one connection (the page each worker keeps), then asked for FRESH_DRAWINGS times
with the data's version renewed before each (drawn afresh); then 10,000 pieces of practice are added to the
same database and the practice search is timed in-process against issue #18's 100 ms p50 (bench/practice.py).
"""

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.config import Config
from bench import imports, memory, practice
from bench.client import open_session, send_body, send_path, sign_in, timed_get
from bench.loadgen import CONNECTIONS, THREADS, Load, run_wrk, wrk_path
from bench.phone import CPU_SLOWDOWN, RUNS, SLOW_4G, PhoneTimings, phone_timings
from bench.servers import (
    ROOT,
    Gunicorn,
    PreparedDatabase,
    add_drafts,
    drop_postgresql_database,
    prepare_database,
    prepare_large_database,
    production_environment,
    renew_data_version,
    scratch_postgresql_database,
)
from bench.weight import page_weights

RESULTS = ROOT / "bench" / "results"
#: a row's slice of load in each round, and how many rounds
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
#: the summaries on `flask demo large`, at one connection: one slice each, twice as long
LARGE_SECONDS = 2 * SECONDS
#: drafts made ready for the Send row: more than the fastest server could send in the time
DRAFTS_PER_SECOND = 1500
#: the password the demo accounts (and `flask demo large`'s) were made with
DEMO_PASSWORD = Config.DEMO_PASSWORD
#: sessions (each with its CSRF token) the Send requests share out
SESSIONS = 32


@dataclass(frozen=True)
class Context:
    """What a row needs to build its address: the open survey's link, a draft to show, and the
    demo's published competition."""

    link_token: str
    draft_token: str
    published_competition_id: int


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    key: str
    name: str
    #: Context → the path to GET; None while the page is not built yet
    path: Callable[[Context], str] | None = None
    #: the Send row posts a new draft with each request instead of GETting `path`
    sends: bool = False
    #: also weigh this page in Chromium
    weigh: bool = False
    #: the issue that will build the page, for rows not built yet
    waiting_for: str = ""
    #: who signs in first (a demo e-mail), for pages behind sign-in
    signed_in_as: str | None = None


ROWS = [
    Row("survey_start", "family survey: start page (GET)", lambda c: f"/s/{c.link_token}"),
    Row("survey_page", "family survey: answer page, first section (GET)",
        lambda c: f"/s/{c.link_token}/{c.draft_token}/1", weigh=True),
    Row("submission", "survey submission: Send (POST, a new response each)", sends=True),
    Row("calendar", "calendar: the year, signed out (GET)", lambda c: "/calendar/darland/", weigh=True),
    Row("competition_results", "competition results, public (GET)",
        lambda c: f"/competitions/results/darland/{c.published_competition_id}"),
    Row("leader_summary", "leader summary, Autumn 2, Holt's head (GET)",
        lambda c: SUMMARY_PATH, weigh=True, signed_in_as="head.holt@darland.example"),
]

SUMMARY_PATH = "/summary/?year=2025&period=autumn-2"
#: the summary on `flask demo large`: (key, name, who signs in); one connection, so p50 is the page's time
LARGE_ROWS = [
    ("leader", "leader summary, one cluster of the large authority", "leader"),
    ("officer", "authority officer's summary, 14 clusters", "officer"),
]
SUMMARY_LARGE_MAX_P50_MS = 300
#: each summary on the large data is also asked for this many times drawn afresh, the data's version
#: renewed before each (as anyone's change would): what a reader waits for after a change
FRESH_DRAWINGS = 15

#: issue #8's targets; bytes and memory in binary units, as the README reports them
SURVEY_PAGE_MIN_RATIO, SURVEY_PAGE_MAX_P99_MS = 0.5, 50
SUBMISSION_MIN_RATIO = 0.3
SURVEY_PAGE_MAX_BYTES, SURVEY_PAGE_MAX_REQUESTS = 30 * 1024, 4
WORKER_MAX_RSS_KIB = 80 * 1024
#: issue #22's: × bare for the rows named, the phone's milliseconds, the officer's summary on large data
MIN_RATIOS_22 = {"submission": 0.10, "calendar": 0.15, "competition_results": 0.15, "leader_summary": 0.05}
CLICK_TO_SWAP_MAX_MS, COLD_LCP_MAX_MS = 220, 400
OFFICER_LARGE_MAX_P50_MS = 80
#: the pages whose LCP the phone measures (bench/phone.py)
PHONE_PAGES = {"start": "the survey's start page, cold", "answer": "an answer page opened after it, JavaScript off"}


def main(argv: list[str] | None = None) -> None:
    arguments = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    arguments.add_argument("--only", choices=("practice", "import"),
                           help="run one row alone: practice (the practice search on 10,000 pieces), import (500 "
                                "staff from a file); no wrk needed")
    only = arguments.parse_args(argv).only
    if only == "practice":
        _practice_only()
        return
    if only == "import":
        _import_only()
        return
    if wrk_path() is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (make bench does this when it can).")
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = datetime.now()
    with tempfile.TemporaryDirectory(prefix="clwstwr-bench-") as scratch:
        scratch = Path(scratch)
        print("Preparing a fresh SQLite database with the demo data…", flush=True)
        prepared = prepare_database(scratch / "bench.sqlite3")
        environment = production_environment(prepared.url)
        # both servers stay up all run: the idle one costs nothing, and the bare app is measured
        # between the rounds, so that a neighbour's load on the shared cores shows as spread
        with Gunicorn("bench.hello:app", environment, scratch / "hello.log").start("/") as bare, \
                Gunicorn("wsgi:app", environment, scratch / "app.log").start("/healthz") as server:
            rounds, stored_by_send, weights, rss_kib_signed_out, phone = _measure_app(server, bare.url + "/",
                                                                                      prepared, scratch)
            rss_kib = Memory(signed_out=rss_kib_signed_out, whole_run=server.peak_worker_rss_kib())
        print("What each library costs a worker…", flush=True)
        libraries = memory.library_costs(prepared.url)
        large, fresh, searches = _measure_large(scratch)
        imported = _measure_imports(scratch)
    report = _report(started, Measured(rounds, stored_by_send, weights, rss_kib, phone, libraries, large, fresh,
                                       searches, imported))
    _write(started, "bench", report, latest=True)


def _write(started: datetime, prefix: str, report: dict, latest: bool) -> None:
    """Print the report and write it to bench/results/ (also as latest.md and .json for a whole run)."""
    stamp = started.strftime("%Y%m%d-%H%M%S")
    for name in (f"{prefix}-{stamp}", *(["latest"] if latest else [])):
        (RESULTS / f"{name}.json").write_text(json.dumps(report["data"], indent=2, ensure_ascii=False) + "\n")
        (RESULTS / f"{name}.md").write_text(report["markdown"])
    print()
    print(report["markdown"])
    print(f"Written to {RESULTS.relative_to(ROOT)}/{prefix}-{stamp}.md and .json")


def _large_databases(scratch: Path) -> list[tuple[str, str]]:
    """(backend, URL) of empty databases for `flask demo large`: SQLite, and PostgreSQL with TEST_DATABASE_URL."""
    databases = [("sqlite", f"sqlite:///{scratch / 'large.sqlite3'}")]
    if os.environ.get("TEST_DATABASE_URL"):
        databases.append(("postgresql", scratch_postgresql_database(os.environ["TEST_DATABASE_URL"], "bench_large")))
    return databases


def _practice_only() -> None:
    """`--only practice`: `flask demo large`, then the practice library and its search, on each database."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    started, searches = datetime.now(), {}
    with tempfile.TemporaryDirectory(prefix="clwstwr-bench-") as scratch:
        for backend, url in _large_databases(Path(scratch)):
            try:
                print(f"Generating `flask demo large` on {backend}…", flush=True)
                searches[backend] = _measure_practice(backend, url, prepare_large_database(url))
            finally:
                if backend == "postgresql":
                    drop_postgresql_database(url)
    checks = practice.checks(searches)
    lines = [f"### `python -m bench.run --only practice`, {started:%Y-%m-%d %H:%M}", "",
             *practice.report_lines(searches), "",
             *[f"{'PASS' if passed else 'FAIL'}: {text}" for text, passed in checks], ""]
    data = {"started": started.isoformat(timespec="seconds"),
            "practice_search": {backend: result.as_dict() for backend, result in searches.items()},
            "checks": [{"check": text, "passed": passed} for text, passed in checks]}
    # not latest.*: that is a whole run's, which this row alone must not replace
    _write(started, "practice", {"markdown": "\n".join(lines), "data": data}, latest=False)


def _measure_imports(scratch: Path) -> dict[str, imports.ImportTimes]:
    """500 staff from a file, previewed and saved, on a fresh demo database of each kind."""
    times = {}
    databases = [("sqlite", f"sqlite:///{scratch / 'import.sqlite3'}")]
    if os.environ.get("TEST_DATABASE_URL"):
        databases.append(("postgresql", scratch_postgresql_database(os.environ["TEST_DATABASE_URL"],
                                                                    "bench_import")))
    for backend, url in databases:
        try:
            print(f"People from a file: {imports.STAFF} staff on {backend}…", flush=True)
            times[backend] = imports.measure(url, echo=lambda line: print(line, flush=True))
        finally:
            if backend == "postgresql":
                drop_postgresql_database(url)
    return times


def _import_only() -> None:
    """`--only import`: 500 staff from a file, previewed and saved, on each database."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = datetime.now()
    with tempfile.TemporaryDirectory(prefix="clwstwr-bench-") as scratch:
        imported = _measure_imports(Path(scratch))
    checks = imports.checks(imported)
    lines = [f"### `python -m bench.run --only import`, {started:%Y-%m-%d %H:%M}", "",
             *imports.report_lines(imported), "",
             *[f"{'PASS' if passed else 'FAIL'}: {text}" for text, passed in checks], ""]
    data = {"started": started.isoformat(timespec="seconds"),
            "people_import": {backend: result.as_dict() for backend, result in imported.items()},
            "checks": [{"check": text, "passed": passed} for text, passed in checks]}
    _write(started, "import", {"markdown": "\n".join(lines), "data": data}, latest=False)


def _measure_practice(backend: str, url: str, people: dict[str, str]) -> practice.SearchResults:
    """Add the practice library to a `flask demo large` database and time its search."""
    print(f"Practice library: {practice.ITEMS:,} pieces on {backend}…", flush=True)
    library = practice.add_library(url, people)
    print(f"  made in {library.seconds} s ({library.terms:,} search terms); timing searches…", flush=True)
    return practice.measure(url, library, echo=lambda line: print(line, flush=True))


def _measure_large(scratch: Path) -> tuple[dict[str, Load], dict[str, float], dict[str, practice.SearchResults]]:
    """The summary on `flask demo large`, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: one
    connection, so that p50 is how long a leader waits for the page, not a queue; asked again and again
    (the page kept), then drawn afresh (p50 ms). Then, on the same database, the practice search over
    10,000 pieces, added once the summaries are measured."""
    loads, fresh, searches = {}, {}, {}
    for backend, url in _large_databases(scratch):
        print(f"Generating `flask demo large` on {backend}…", flush=True)
        people = prepare_large_database(url)
        try:
            with Gunicorn("wsgi:app", production_environment(url), scratch / f"large-{backend}.log").start(
                    "/healthz") as server:
                for key, name, role in LARGE_ROWS:
                    print(f"{name} ({backend}): {LARGE_SECONDS} s…", flush=True)
                    cookie = sign_in(server.url, people[role], DEMO_PASSWORD)
                    run_wrk(server.url + SUMMARY_PATH, 2, cookie=cookie, connections=1)  # warm the worker
                    loads[f"{key}_{backend}"] = run_wrk(server.url + SUMMARY_PATH, LARGE_SECONDS, cookie=cookie,
                                                        connections=1)
                    fresh[f"{key}_{backend}"] = _fresh_drawings(server.url, cookie, url)
            searches[backend] = _measure_practice(backend, url, people)
        finally:
            if backend == "postgresql":
                drop_postgresql_database(url)
    return loads, fresh, searches


def _fresh_drawings(base_url: str, cookie: str, database_url: str) -> float:
    """p50 ms of the summary drawn afresh: the data's version renewed before each request."""
    timings = []
    for _ in range(FRESH_DRAWINGS):
        renew_data_version(database_url)
        timings.append(timed_get(base_url, SUMMARY_PATH, cookie))
    return round(statistics.median(timings), 2)


def _published_competition(prepared: PreparedDatabase) -> int:
    """The id of the demo's competition with published results (Pumpkin Carving)."""
    with closing(sqlite3.connect(prepared.url.removeprefix("sqlite:///"))) as connection:
        return connection.execute("SELECT id FROM competitions WHERE published_at IS NOT NULL ORDER BY id"
                                   ).fetchone()[0]


def _measure_app(server: Gunicorn, bare_url: str, prepared: PreparedDatabase, scratch: Path):
    """Load every built row in ROUNDS rounds, the bare app before each and after the last; then weigh the
    pages marked for it and time the phone."""
    context = Context(prepared.link_token, add_drafts(prepared.url, prepared.link_token, prepared.answers, 1,
                                                      prefix="shown")[0], _published_competition(prepared))
    # warm both workers up (imports, template compilation) before the first figure counts
    run_wrk(server.url + ROWS[0].path(context), 3)
    bares, loads, cookies = [], defaultdict(list), {}
    stored_by_send, rss_kib_signed_out = None, None
    for number in range(ROUNDS):
        print(f"Round {number + 1} of {ROUNDS}: bare Flask, then each row, {SECONDS} s each at {CONNECTIONS} "
              f"connections…", flush=True)
        bares.append(run_wrk(bare_url, SECONDS))
        for row in ROWS:
            if (row.path is None and not row.sends) or (row.sends and number > 0):
                continue
            if row.signed_in_as and rss_kib_signed_out is None:
                rss_kib_signed_out = server.peak_worker_rss_kib()  # before the first password is checked
            if row.sends:
                load, stored_by_send = _measure_sends(server, prepared, scratch)
            else:
                if row.signed_in_as and row.key not in cookies:
                    cookies[row.key] = sign_in(server.url, row.signed_in_as, DEMO_PASSWORD)
                load = run_wrk(server.url + row.path(context), SECONDS, cookie=cookies.get(row.key))
            loads[row.key].append(load)
    bares.append(run_wrk(bare_url, SECONDS))
    if rss_kib_signed_out is None:
        rss_kib_signed_out = server.peak_worker_rss_kib()
    print("Weighing pages in Chromium…", flush=True)
    weights = page_weights(server.url, {
        row.key: (row.path(context), sign_in(server.url, row.signed_in_as, DEMO_PASSWORD) if row.signed_in_as
                  else None) for row in ROWS if row.weigh and row.path})
    print("A phone on a slow network, in Chromium…", flush=True)
    link = f"/s/{prepared.link_token}"
    sections = [f"{link}/{draft}/1" for draft in add_drafts(prepared.url, prepared.link_token, prepared.answers,
                                                             RUNS, prefix="phone")]
    phone = phone_timings(server.url, link, sections)
    return Rounds(bares, dict(loads)), stored_by_send, weights, rss_kib_signed_out, phone


def _measure_sends(server: Gunicorn, prepared: PreparedDatabase, scratch: Path) -> tuple[Load, int]:
    """wrk presses Send on prepared drafts, each once; how many responses the database gained."""
    drafts = add_drafts(prepared.url, prepared.link_token, prepared.answers, SECONDS * DRAFTS_PER_SECOND)
    sessions = [open_session(server.url, prepared.link_token) for _ in range(SESSIONS)]
    pool = scratch / "send-pool.tsv"
    with pool.open("w") as lines:
        for number, draft in enumerate(drafts):
            session = sessions[number % SESSIONS]
            lines.write(f"{send_path(prepared.link_token, draft)}\t{session.cookie}\t{send_body(session)}\n")
    before = _count_responses(prepared.url)
    load = run_wrk(server.url + "/", SECONDS, script=ROOT / "bench" / "send.lua",
                   script_args=(str(pool), str(THREADS)))
    time.sleep(1)  # let the requests still in flight when wrk stopped finish
    return load, _count_responses(prepared.url) - before


def _count_responses(url: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute("SELECT count(*) FROM survey_responses").fetchone()[0]


@dataclass(frozen=True)
class Memory:
    """The workers' peak resident memory (VmHWM, KiB): over the signed-out rows, and the whole run.

    Signing in checks a password with scrypt, which takes 32 MiB while it works, by design (it is
    what makes a stolen hash slow to guess); the two figures keep that apart from the pages.
    """

    signed_out: int
    whole_run: int


@dataclass(frozen=True)
class Rounds:
    """The rows' loads round by round, and the bare app's before each round and after the last."""

    #: ROUNDS + 1 slices of the bare app
    bares: list[Load]
    #: {row key: its load in each round it was measured, from the first}
    loads: dict[str, list[Load]]

    def ratios(self, key: str) -> list[float]:
        """The row's req/s in each round over the mean of the bare slices either side of that round."""
        return [round(load.requests_per_second * 2 / (self.bares[number].requests_per_second
                                                      + self.bares[number + 1].requests_per_second), 3)
                for number, load in enumerate(self.loads[key])]

    def ratio(self, key: str) -> float:
        """The median of the row's rounds (the lower middle one of an even number)."""
        return round(statistics.median_low(self.ratios(key)), 2)

    def errors_text(self, key: str) -> str:
        """The row's errors over its rounds, with the round and kinds of each: "1 (round 3: read 1)"."""
        rounds = [f"round {number}: {load.error_kinds_text()}"
                  for number, load in enumerate(self.loads[key], start=1) if load.errors]
        return f"{sum(load.errors for load in self.loads[key])}" + (f" ({'; '.join(rounds)})" if rounds else "")

    def typical(self, key: str) -> Load:
        """The load of the round whose ratio is the median: its req/s and latencies go in the table."""
        ratios = self.ratios(key)
        return self.loads[key][ratios.index(statistics.median_low(ratios))]


@dataclass(frozen=True)
class Measured:
    """Everything a whole run measured."""

    rounds: Rounds
    stored_by_send: int
    weights: dict
    rss_kib: Memory
    phone: PhoneTimings
    libraries: list[memory.LibraryCost]
    large: dict[str, Load]
    #: {large row key: p50 ms of the summary drawn afresh}
    fresh: dict[str, float]
    searches: dict[str, practice.SearchResults]
    imported: dict[str, imports.ImportTimes]


def _report(started, measured: Measured) -> dict:
    """The tables and pass/fail lines, as Markdown, and the same figures as data.

    A row's ratio is the median of its rounds, each to the mean of the bare slices either side.
    """
    rounds, weights, rss_kib, phone = measured.rounds, measured.weights, measured.rss_kib, measured.phone
    bares = rounds.bares
    lines = [f"### `make bench`, {started:%Y-%m-%d %H:%M}", "",
             f"gunicorn, 2 sync workers; wrk, {CONNECTIONS} connections; the app with the production configuration "
             f"on SQLite with the demo data. {ROUNDS} rounds of {SECONDS} s a row (Send: the first round only), the "
             f"bare app before each round and after the last; × bare is the median round, each round to the mean "
             f"of the bare slices either side; req/s and latencies are the median round's.", "",
             "| row | req/s | p50 ms | p99 ms | errors | × bare | each round × bare |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
             f"| bare Flask hello (baseline, the mean of {len(bares)} slices) | "
             f"{statistics.mean(bare.requests_per_second for bare in bares):,.0f} | "
             f"{round(statistics.median(bare.p50_ms for bare in bares), 2)} | "
             f"{round(statistics.median(bare.p99_ms for bare in bares), 2)} | "
             f"{sum(bare.errors for bare in bares)} | 1.00 | "
             f"{', '.join(f'{bare.requests_per_second:,.0f} req/s' for bare in bares)} |"]
    for row in ROWS:
        if row.key not in rounds.loads:
            lines.append(f"| {row.name} | not yet built ({row.waiting_for}) | | | | | |")
        else:
            load = rounds.typical(row.key)
            lines.append(f"| {row.name} | {load.requests_per_second:,.0f} | {load.p50_ms} | {load.p99_ms} | "
                         f"{rounds.errors_text(row.key)} | {rounds.ratio(row.key):.2f} | "
                         f"{', '.join(f'{ratio:.3f}' for ratio in rounds.ratios(row.key))} |")
    send = rounds.typical("submission")
    not_new = max(send.requests - measured.stored_by_send, 0)
    lines += ["", f"Send: {send.requests} answered, {send.acknowledged} with the thank-you page, "
                  f"{measured.stored_by_send} new responses stored ({not_new} answered without a new response)."]
    lines += ["", "| page (Chromium, empty cache, 390 px) | transferred | requests | other hosts | encodings "
                  "| opened again: transferred, requests |",
              "| --- | ---: | ---: | --- | --- | ---: |"]
    for key, weight in weights.items():
        name = next(row.name for row in ROWS if row.key == key)
        lines.append(f"| {name} | {weight.transferred_bytes / 1024:.1f} KiB | {weight.requests} | "
                     f"{', '.join(weight.other_hosts) or 'none'} | "
                     f"{', '.join(f'{k} {v}' for k, v in sorted(weight.encodings.items()))} | "
                     f"{weight.again_transferred_bytes / 1024:.1f} KiB, {weight.again_requests} |")
    lines += ["", f"A phone on a slow network (Chromium; {SLOW_4G['latency']} ms a request, "
                  f"{SLOW_4G['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down, CPU {CPU_SLOWDOWN}× slower; "
                  f"median of {RUNS}, each in a new context):", "",
              "| on the phone | median ms | every run |", "| --- | ---: | --- |",
              *[f"| LCP, {name} | {phone.lcp_ms[key]} | {', '.join(f'{run:.0f}' for run in phone.runs[key])} |"
                for key, name in PHONE_PAGES.items()],
              f"| click to swap: Next on the answer page, JavaScript on | {phone.click_to_swap_ms} | "
              f"{', '.join(f'{run:.0f}' for run in phone.runs['click_to_swap'])} |"]
    lines += ["", f"Peak resident memory of a worker (VmHWM): {rss_kib.whole_run / 1024:.1f} MiB over the run; "
                  f"{rss_kib.signed_out / 1024:.1f} MiB before anyone signed in (checking a password with scrypt "
                  f"takes 32 MiB while it works).", "", *memory.report_lines(measured.libraries), ""]
    lines += [f"| summary on `flask demo large` (one connection) | req/s | p50 ms | p99 ms | errors | "
              f"drawn afresh: p50 ms of {FRESH_DRAWINGS} |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for key, load in measured.large.items():
        role, backend = key.rsplit("_", 1)
        name = next(name for row_key, name, _who in LARGE_ROWS if row_key == role)
        lines.append(f"| {name}, {backend} | {load.requests_per_second:,.1f} | {load.p50_ms} | {load.p99_ms} | "
                     f"{load.errors_text()} | {measured.fresh[key]} |")
    lines += ["", *practice.report_lines(measured.searches), ""]
    lines += [*imports.report_lines(measured.imported), ""]

    checks = _checks(measured, not_new)
    lines += [f"{'PASS' if passed else 'FAIL'} {text}" for text, passed in checks] + [""]
    data = {"started": started.isoformat(timespec="seconds"), "seconds_per_slice": SECONDS, "rounds": ROUNDS,
            "connections": CONNECTIONS,
            "baseline": [bare.as_dict() for bare in bares],
            "rows": {row.key: (rounds.typical(row.key).as_dict()
                               | {"ratio": rounds.ratio(row.key), "ratios": rounds.ratios(row.key),
                                  "each_round": [load.as_dict() for load in rounds.loads[row.key]]})
                     if row.key in rounds.loads else {"not_yet_built": row.waiting_for} for row in ROWS},
            "submission_new_responses": measured.stored_by_send,
            "weights": {key: weight.as_dict() for key, weight in weights.items()},
            "phone": phone.as_dict(),
            "worker_peak_rss_kib": rss_kib.whole_run,
            "worker_peak_rss_kib_signed_out": rss_kib.signed_out,
            "libraries": [cost.as_dict() for cost in measured.libraries],
            "summary_large": {key: load.as_dict() | {"drawn_afresh_p50_ms": measured.fresh[key]}
                              for key, load in measured.large.items()},
            "practice_search": {backend: result.as_dict() for backend, result in measured.searches.items()},
            "people_import": {backend: result.as_dict() for backend, result in measured.imported.items()},
            "checks": [{"check": text, "passed": passed} for text, passed in checks]}
    return {"markdown": "\n".join(lines), "data": data}


def _checks(measured: Measured, not_new: int) -> list[tuple[str, bool]]:
    """Each target, labelled with its issue, and whether this run met it."""
    rounds, weight, rss_kib, phone = measured.rounds, measured.weights["survey_page"], measured.rss_kib, measured.phone
    page, send = rounds.typical("survey_page"), rounds.typical("submission")
    ratio = rounds.ratio
    errors = {key: sum(load.errors for load in loads) for key, loads in rounds.loads.items()}
    names = {row.key: row.name.split(" (")[0] for row in ROWS}
    checks = [
        (f"(#8) survey page ≥ {SURVEY_PAGE_MIN_RATIO}× bare req/s and p99 ≤ {SURVEY_PAGE_MAX_P99_MS} ms "
         f"({ratio('survey_page'):.2f}×, p99 {page.p99_ms} ms)",
         ratio("survey_page") >= SURVEY_PAGE_MIN_RATIO and page.p99_ms <= SURVEY_PAGE_MAX_P99_MS),
        (f"(#8) submission ≥ {SUBMISSION_MIN_RATIO}× bare with 0 errors ({ratio('submission'):.2f}×, {send.errors} "
         f"errors, {not_new} without a new response)",
         ratio("submission") >= SUBMISSION_MIN_RATIO and send.errors == 0 and not_new == 0),
        (f"(#8) worker peak RSS over the whole run ≤ 80 MiB ({rss_kib.whole_run / 1024:.1f} MiB)",
         rss_kib.whole_run <= WORKER_MAX_RSS_KIB),
        (f"(#8, #22) survey page ≤ 30 KiB in ≤ {SURVEY_PAGE_MAX_REQUESTS} requests from 0 other hosts, cold "
         f"({weight.transferred_bytes / 1024:.1f} KiB, {weight.requests} requests, {len(weight.other_hosts)} hosts)",
         weight.transferred_bytes <= SURVEY_PAGE_MAX_BYTES and weight.requests <= SURVEY_PAGE_MAX_REQUESTS
         and not weight.other_hosts),
        (f"(#22) click to swap ≤ {CLICK_TO_SWAP_MAX_MS} ms on the slow phone ({phone.click_to_swap_ms} ms)",
         phone.click_to_swap_ms <= CLICK_TO_SWAP_MAX_MS),
        *[(f"(#22) LCP ≤ {COLD_LCP_MAX_MS} ms on the slow phone, {name} ({phone.lcp_ms[key]} ms)",
           phone.lcp_ms[key] <= COLD_LCP_MAX_MS) for key, name in PHONE_PAGES.items()],
        *[(f"(#22) {names[key]} ≥ {least}× bare ({ratio(key):.2f}×, median of {len(rounds.loads[key])}; "
           f"{errors[key]} errors)", ratio(key) >= least and errors[key] == 0) for key, least in MIN_RATIOS_22.items()],
        (f"(#22) worker peak RSS before anyone signs in ≤ 80 MiB ({rss_kib.signed_out / 1024:.1f} MiB)",
         rss_kib.signed_out <= WORKER_MAX_RSS_KIB),
    ]
    for key, load in measured.large.items():
        role, backend = key.rsplit("_", 1)
        checks.append((f"(#7, #8) summary on large data ≤ {SUMMARY_LARGE_MAX_P50_MS} ms p50: {role}, {backend} "
                       f"({load.p50_ms} ms)", load.p50_ms <= SUMMARY_LARGE_MAX_P50_MS and load.errors == 0))
        if role == "officer":
            checks.append((f"(#22) officer's summary on large data ≤ {OFFICER_LARGE_MAX_P50_MS} ms p50, {backend} "
                           f"({load.p50_ms} ms)", load.p50_ms <= OFFICER_LARGE_MAX_P50_MS and load.errors == 0))
            drawn = measured.fresh[key]
            checks.append((f"(#22) officer's summary on large data drawn afresh ≤ {OFFICER_LARGE_MAX_P50_MS} ms p50, "
                           f"{backend} ({drawn} ms)", drawn <= OFFICER_LARGE_MAX_P50_MS))
    return checks + practice.checks(measured.searches) + imports.checks(measured.imported)


if __name__ == "__main__":
    main()
