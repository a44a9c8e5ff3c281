"""People from a file (issue #20): a file of 500 staff previewed and saved, timed as the admin waits.

    .venv/bin/python -m bench.run --only import   # this row alone, a few seconds a database

On a fresh database with the demo (SQLite, and PostgreSQL with TEST_DATABASE_URL), the cluster admin
uploads a CSV of 500 new members of staff across the six schools, with job titles in both languages:
"preview" is the upload and the preview page it leads to (reading the file, comparing every row with
the cluster), "save" is the confirmation (one transaction: 500 people and 501 audit events). Each
request goes through the whole app in-process (the test client: sign-in, CSRF, templates), with the
CSRF token read from the page as a browser would. Three rounds, each a new file of new people; the
median is reported against the issue's target of 5 s.
"""

import re
import secrets
import statistics
import time
from dataclasses import asdict, dataclass

#: how many staff the issue's target is about, and the target for previewing and saving them
STAFF = 500
MAX_SECONDS = 5.0
ROUNDS = 3
SCHOOLS = ("all-saints", "the-rofft", "park", "holt", "st-peters", "darland-high")


@dataclass
class ImportTimes:
    """Median seconds over the rounds for the preview and for the save, and every round's."""

    preview_s: float
    save_s: float
    rounds: list[tuple[float, float]]

    def as_dict(self) -> dict:
        return asdict(self)


def staff_file(round_number: int) -> bytes:
    """A CSV of STAFF new people, as a school office would export it from its own spreadsheet."""
    lines = ["Name,Email address,School,Role,Job title in English,Job title in Welsh,Language,Active"]
    for n in range(STAFF):
        lines.append(f"Person {round_number}-{n},p{round_number}.{n}@staff.example,{SCHOOLS[n % len(SCHOOLS)]},"
                     f"Staff,Class teacher,Athro dosbarth,{'Cymraeg' if n % 3 else 'English'},Yes")
    return ("\n".join(lines) + "\n").encode()


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def measure(url: str, echo=print) -> ImportTimes:
    """Prepare the demo on the empty database at `url`, then time ROUNDS imports of STAFF people."""
    import io

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app import clock, create_app
    from app.auth import sessions
    from app.auth.models import User
    from app.config import Config
    from app.demo import load_all
    from app.extensions import db

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENVIRONMENT="development",
                     SECRET_KEY=secrets.token_urlsafe(32))
    with app.app_context():
        upgrade()
        load_all(Config.DEMO_PASSWORD, clock.today())
        admin = db.session.scalar(select(User).where(User.email == "admin@darland.example"))
        sessions.begin(admin)
        session_id = admin.get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    client.set_cookie("lang", "en")
    rounds = []
    for number in range(1, ROUNDS + 1):
        data = staff_file(number)
        began = time.perf_counter()
        upload = client.post("/admin/people/import", content_type="multipart/form-data", data={
            "csrf_token": _token(client.get("/admin/people/import").text),
            "file": (io.BytesIO(data), "staff.csv")})
        preview = client.get(upload.headers["Location"])
        previewed = time.perf_counter()
        assert f"{STAFF} to add" in preview.text, preview.text[:2000]
        digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', preview.text).group(1)
        saved = client.post(upload.headers["Location"], data={"csrf_token": _token(preview.text), "digest": digest})
        done = time.perf_counter()
        assert saved.status_code == 303, saved.status_code
        rounds.append((round(previewed - began, 3), round(done - previewed, 3)))
        echo(f"  round {number}: preview {rounds[-1][0]} s, save {rounds[-1][1]} s")
    with app.app_context():
        added = db.session.scalar(select(func.count(User.id)).where(User.email.endswith("@staff.example")))
        assert added == STAFF * ROUNDS, added
        db.engine.dispose()
    return ImportTimes(statistics.median(p for p, _ in rounds), statistics.median(s for _, s in rounds), rounds)


def report_lines(results: dict[str, ImportTimes]) -> list[str]:
    """The Markdown table: each database's median preview and save."""
    lines = [f"| people from a file: {STAFF} new staff (in-process, median of {ROUNDS}) | database | preview s "
             "| save s |", "| --- | --- | ---: | ---: |"]
    lines += [f"| upload → preview, then confirm | {backend} | {result.preview_s} | {result.save_s} |"
              for backend, result in results.items()]
    return lines


def checks(results: dict[str, ImportTimes]) -> list[tuple[str, bool]]:
    """The issue's target: preview and save, together, under MAX_SECONDS on each database."""
    return [(f"people from a file: {STAFF} staff previewed and saved in < {MAX_SECONDS:.0f} s, {backend} "
             f"({result.preview_s} s + {result.save_s} s)", result.preview_s + result.save_s < MAX_SECONDS)
            for backend, result in results.items()]
