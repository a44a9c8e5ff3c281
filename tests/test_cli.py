"""The flask commands: demo data, creating accounts, the translation check."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app import PROJECT_ROOT
from app.auth.models import Role, User
from app.clusters.models import Authority, School
from app.extensions import db


def test_demo_load_creates_the_darland_cluster_and_prints_the_sign_ins(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert app.config["DEMO_PASSWORD"] in result.output
    for slug in ("all-saints", "the-rofft", "park", "holt", "st-peters", "darland-high"):
        assert f"head.{slug}@darland.example" in result.output
        assert f"staff.{slug}@darland.example" in result.output
    for email in ("admin@darland.example", "governor@darland.example", "officer@wrexham.example"):
        assert email in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(School.id))) == 6
        assert db.session.scalar(select(func.count(User.id))) == 15
        leader = db.session.scalar(select(User).where(User.email == "head.holt@darland.example"))
        assert leader.role == Role.LEADER and leader.school.slug == "holt"
        assert leader.check_password(app.config["DEMO_PASSWORD"])


def test_demo_load_if_empty_leaves_existing_data_alone(app, demo):
    runner = app.test_cli_runner()
    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0
    assert "head.holt@darland.example" in again.output  # the sign-ins are shown every time
    assert runner.invoke(args=["demo", "load"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count(School.id))) == 6


def test_users_create_makes_the_first_admin(app, demo):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "--email", "New.Admin@Darland.example", "--name", "New Admin",
        "--cluster", "darland", "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "new.admin@darland.example"))
        assert admin.role == Role.ADMIN and admin.check_password("a-long-password")


def test_users_create_refuses_what_the_app_would_refuse(app, demo):
    runner = app.test_cli_runner()
    base = ["users", "create", "--name", "X", "--password", "a-long-password"]
    assert runner.invoke(args=[*base, "--email", "a@x.example", "--cluster", "nowhere"]).exit_code != 0
    assert runner.invoke(args=[*base, "--email", "head.holt@darland.example",
                               "--cluster", "darland"]).exit_code != 0
    assert runner.invoke(args=[*base, "--email", "b@x.example", "--cluster", "darland",
                               "--role", "staff"]).exit_code != 0
    assert runner.invoke(args=["users", "create", "--name", "X", "--password", "short", "--email",
                               "c@x.example", "--cluster", "darland"]).exit_code != 0
    officer = runner.invoke(args=[*base, "--email", "d@x.example", "--role", "officer",
                                  "--authority", "wrexham"])
    assert officer.exit_code == 0, officer.output


def test_clusters_create_makes_a_cluster_and_its_authority(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=[
        "clusters", "create", "--slug", "bishop-gore", "--name-en", "Bishop Gore Cluster",
        "--name-cy", "Clwstwr Bishop Gore", "--authority", "swansea",
        "--authority-name-en", "City and County of Swansea", "--authority-name-cy", "Dinas a Sir Abertawe"])
    assert result.exit_code == 0, result.output
    second = runner.invoke(args=["clusters", "create", "--slug", "pontarddulais",
                                 "--name-en", "Pontarddulais", "--name-cy", "Pontarddulais",
                                 "--authority", "swansea"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        swansea = db.session.scalar(select(Authority).where(Authority.slug == "swansea"))
        assert sorted(cluster.slug for cluster in swansea.clusters) == ["bishop-gore", "pontarddulais"]
    assert runner.invoke(args=["clusters", "create", "--slug", "bishop-gore", "--name-en", "x",
                               "--name-cy", "x", "--authority", "swansea"]).exit_code != 0
    assert runner.invoke(args=["clusters", "create", "--slug", "new", "--name-en", "x",
                               "--name-cy", "x", "--authority", "cardiff"]).exit_code != 0


def test_flask_db_is_there_under_the_flask_command_and_alembic_stays_out_of_the_web_workers(tmp_path):
    environment = {**os.environ, "FLASK_APP": "wsgi", "CLWSTWR_ENV": "development",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    flask = Path(sys.executable).with_name("flask")
    heads = subprocess.run([str(flask), "db", "heads"], env=environment, capture_output=True, text=True,
                           timeout=60, cwd=PROJECT_ROOT)
    assert "(head)" in heads.stdout, heads.stdout + heads.stderr
    # what gunicorn does: import wsgi, outside any command
    served = subprocess.run([sys.executable, "-c", "import sys, wsgi; print(sorted(m for m in ('alembic', "
                             "'flask_migrate') if m in sys.modules))"], env=environment, capture_output=True,
                            text=True, timeout=60, cwd=PROJECT_ROOT)
    assert served.stdout.strip() == "[]", served.stdout + served.stderr
