"""Real gunicorn servers on a fresh SQLite database, for the benchmark and the load and fault tests.

Both `make bench` (bench/run.py) and `make soak` / `make test` (tests/test_load_and_faults.py)
need the same thing: the app as production runs it (gunicorn, 2 sync workers, the production
configuration) on a database of its own holding the demo data and an open family survey.
Keeping it in one place means the numbers in the README come from the same server the fault
tests kill.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
#: the same settings for the app and the bare baseline, so the ratio compares the apps only
GUNICORN_ARGS = ["--workers", "2", "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5"]
#: the public-form rate limit is per address and every request here comes from 127.0.0.1;
#: it stays switched on (its cost is part of what is measured), only far above the load
LOAD_RATE_LIMIT = "10000000 per minute"


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production server on `database_url`: a real secret, secure cookies."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("CLWSTWR_", "FLASK_", "DATABASE_URL", "SECRET_KEY", "PUBLIC_URL",
                                          "TRUSTED_HOSTS"))}
    # served on 127.0.0.1: the public address, and so the one host it answers, is that one
    environment.update(CLWSTWR_ENV="production", SECRET_KEY=secrets.token_urlsafe(48), DATABASE_URL=database_url,
                       PUBLIC_URL="http://127.0.0.1",
                       PUBLIC_FORM_RATE_LIMIT=LOAD_RATE_LIMIT, MAIL_SERVER="", PYTHONDONTWRITEBYTECODE="1")
    environment.update(extra)
    return environment


@dataclass
class PreparedDatabase:
    """A database ready for load: its URL and the open family survey to answer."""

    url: str
    #: the token of one school's link to the open family survey (the address /s/<token>)
    link_token: str
    #: a complete, valid set of answers to that survey, as a draft holds them
    answers: dict


def prepare_database(path: Path) -> PreparedDatabase:
    """A new SQLite database at `path`: migrations, the demo data, and a family survey open today.

    The demo's own open survey is for pupils; the issue measures the family survey, so one is
    made from the families' template, exactly as a leader would in the survey builder.
    """
    from flask_migrate import upgrade

    from app import clock, create_app
    from app.auth.models import Role, User
    from app.clusters.models import School
    from app.config import Config
    from app.demo import load_all
    from app.extensions import db
    from app.surveys.answering import first_incomplete_section
    from app.surveys.models import SurveyLink, SurveyState
    from app.surveys.services import create_from_template, ensure_links

    url = f"sqlite:///{path}"
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENVIRONMENT="development",
                     SECRET_KEY=secrets.token_urlsafe(32))
    with app.app_context():
        upgrade()
        load_all(app.config["DEMO_PASSWORD"], clock.today())
        admin = db.session.scalar(db.select(User).where(User.role == Role.ADMIN).order_by(User.id))
        survey = create_from_template(admin, "family_event")
        survey.state = SurveyState.PUBLISHED
        db.session.commit()
        ensure_links(survey)
        token = db.session.scalar(db.select(SurveyLink.token).join(School)
                                  .where(SurveyLink.survey_id == survey.id, School.slug == "holt"))
        answers = complete_answers(survey)
        assert first_incomplete_section(survey, answers) is None, "complete_answers left a required question"
        db.engine.dispose()
    return PreparedDatabase(url=url, link_token=token, answers=answers)


def prepare_large_database(url: str) -> dict[str, str]:
    """Migrations and `flask demo large` on an empty database at `url`; {role: e-mail} to sign in as."""
    from flask_migrate import upgrade

    from app import create_app
    from app.config import Config
    from app.demo_large import generate, sign_ins
    from app.extensions import db

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENVIRONMENT="development",
                     SECRET_KEY=secrets.token_urlsafe(32))
    with app.app_context():
        upgrade()
        generate(echo=lambda line: None)
        people = {role: email for email, role in sign_ins()}
        db.engine.dispose()
    return people


def scratch_postgresql_database(server_url: str, purpose: str) -> str:
    """A new, empty PostgreSQL database on the server of `server_url`, named after its database, `purpose`
    and a random suffix: two benches (or a bench beside the tests) never drop each other's."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    name = f"{server.database}_{purpose}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.set(database=name).render_as_string(hide_password=False)


def drop_postgresql_database(url: str) -> None:
    """Drop the scratch database of `url`."""
    import psycopg
    from sqlalchemy.engine import make_url

    database = make_url(url)
    with psycopg.connect(database.set(drivername="postgresql", database="postgres")
                         .render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database.database}" WITH (FORCE)')


def renew_data_version(url: str) -> None:
    """Give the database at `url` a new data version, as any change would (app/data_version.py): every
    worker draws its next leadership summary afresh."""
    from sqlalchemy import create_engine, text

    from app.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE data_versions SET token = :token WHERE name = 'summary'"),
                               {"token": secrets.token_urlsafe(16)})
    finally:
        engine.dispose()


def complete_answers(survey) -> dict:
    """A valid answer to every question that applies, in the form a draft keeps them."""
    from app.surveys.answering import is_shown
    from app.surveys.models import QuestionKind

    answers: dict = {}
    for question in survey.questions:
        if not is_shown(question, answers):
            continue
        rules = question.kind.rules
        if rules.has_choices:
            value = [question.choices[0].id] if rules.several else question.choices[0].id
        elif question.kind == QuestionKind.NUMBER:
            value = question.min_value if question.min_value is not None else 1
        elif question.kind == QuestionKind.DATE:
            value = "2027-03-21"
        elif rules.is_text:
            value = "Diolch yn fawr — thank you"
        else:  # every scale, and yes/no
            value = question.options()[-1][0]
        answers[str(question.id)] = value
    return answers


def add_drafts(url: str, link_token: str, answers: dict, count: int, prefix: str = "bench") -> list[str]:
    """`count` finished drafts of the link, each waiting for its Send; their tokens.

    Made straight in the database because walking every page of the survey for each would
    take longer than the measurement; the Send that turns each into a response is the real
    request, with a real session and CSRF token.
    """
    from sqlalchemy import create_engine, insert, select

    from app.surveys.models import Draft, SurveyLink

    engine = create_engine(url)
    with engine.begin() as connection:
        link_id = connection.scalar(select(SurveyLink.id).where(SurveyLink.token == link_token))
        tokens = [f"{prefix}-{number:07d}-{secrets.token_hex(4)}" for number in range(count)]
        connection.execute(insert(Draft), [{"token": token, "link_id": link_id, "answers": answers,
                                            "touched_on": date.today()} for token in tokens])
    engine.dispose()
    return tokens


class Gunicorn:
    """A gunicorn process group serving `app_spec`; started by `start()`, killed as a whole by `kill()`."""

    def __init__(self, app_spec: str, environment: dict[str, str], log_path: Path, port: int | None = None):
        self.app_spec = app_spec
        self.environment = environment
        self.log_path = log_path
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, health_path: str = "/", timeout: float = 60) -> "Gunicorn":
        """Start and wait until `health_path` answers."""
        log = open(self.log_path, "a")  # noqa: SIM115 (kept open for the server's lifetime)
        # a session of its own, so that kill() can reach the master and every worker at once
        self.process = subprocess.Popen(
            [str(GUNICORN), *GUNICORN_ARGS, "--bind", f"127.0.0.1:{self.port}", self.app_spec],
            cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                # our own http://127.0.0.1 address, never a file: or other scheme
                with urllib.request.urlopen(self.url + health_path, timeout=5) as response:  # noqa: S310
                    if response.status == 200 and len(self.worker_pids()) == 2:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer on {self.url}{health_path}; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the master) alive now."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:
            return []

    def peak_worker_rss_kib(self) -> int:
        """The highest peak resident memory (VmHWM) of the workers alive now, in KiB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(int(match.group(1)))
        return max(peaks, default=0)

    def kill_worker(self) -> int:
        """kill -9 one worker (the master starts another); its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self) -> None:
        """kill -9 the master and every worker at once, as a power cut would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Shut down politely (SIGTERM), or kill if that takes too long."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()
