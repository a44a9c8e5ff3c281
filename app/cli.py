"""Commands: `flask translate`, `flask demo`, `flask users`, `flask retention`, `flask mail`, `flask learning`."""

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app import catalogue, retention
from app.audit.services import record_event
from app.auth import demo as auth_demo
from app.auth.models import Role, User
from app.clock import today
from app.clusters.models import Authority, Cluster, School
from app.demo import delete_everything, load_all, not_demo_data
from app.extensions import db
from app.learning.services import send_due
from app.notifications import delivery

translate_cli = AppGroup("translate", help="Keep the Welsh catalogue complete.")
demo_cli = AppGroup("demo", help="Demo data for trying Clwstwr.")
users_cli = AppGroup("users", help="Accounts.")
clusters_cli = AppGroup("clusters", help="Authorities and their clusters.")
retention_cli = AppGroup("retention", help="Deleting personal data that has expired.")
mail_cli = AppGroup("mail", help="E-mail notifications in the outbox.")
learning_cli = AppGroup("learning", help="Professional learning's evaluations and follow-ups.")


@learning_cli.command("send-due")
def learning_send_due():
    """E-mail each evaluation and follow-up that has come due (daily from cron; never twice to one person)."""
    # a request context, so the e-mails carry the survey's address (PUBLIC_URL's, if set)
    with current_app.test_request_context(current_app.config["PUBLIC_URL"] or "/"):
        evaluations, follow_ups = send_due(today())
    click.echo(f"Professional learning: {evaluations} evaluation(s) and {follow_ups} follow-up(s) queued.")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Send at most this many messages.")
def mail_send(limit: int):
    """Send the outbox's unsent messages, retrying failed ones (from cron, every few minutes)."""
    if not current_app.config["MAIL_SERVER"]:
        click.echo(f"MAIL_SERVER is not set: {delivery.waiting_count()} message(s) wait in the outbox.")
        return
    click.echo(delivery.send_pending(limit).line())


@retention_cli.command("run")
def retention_run():
    """Delete every kind of personal data past its retention period, and say what was deleted."""
    for line in retention.run_all():
        click.echo(line)


@translate_cli.command("update")
def translate_update():
    """Extract every string and merge the new ones into translations/cy."""
    catalogue.update()
    click.echo(f"Updated {catalogue.WELSH_PO.relative_to(catalogue.PROJECT_ROOT)}")


@translate_cli.command("compile")
def translate_compile():
    """Build the .mo files the app reads."""
    catalogue.compile_catalogues()


@translate_cli.command("check")
def translate_check():
    """Fail if any string lacks a Welsh translation or is fuzzy."""
    found = catalogue.problems()
    for problem in found:
        click.echo(problem, err=True)
    if found:
        sys.exit(f"{len(found)} problem(s) in the Welsh catalogue")
    click.echo("The Welsh catalogue is complete.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has a cluster.")
def demo_load(if_empty: bool):
    """Load the Darland cluster demo: schools, people and each module's data."""
    password = current_app.config["DEMO_PASSWORD"]
    if db.session.scalar(select(Cluster.id).limit(1)) is not None:
        if not if_empty:
            sys.exit("The database already has data. Use a new database to load the demo.")
        click.echo("The database already has data; the demo was not loaded again. If it is the demo, "
                   "`.venv/bin/flask demo reset` rebuilds it for today (or for TODAY).")
    else:
        load_all(password, today())
        click.echo(f"Demo loaded for {today():%A %d %B %Y}.")
    click.echo(f"Demo sign-ins (password: {password}):")
    for email, role in auth_demo.sign_ins():
        click.echo(f"  {email:36} {role}")


@demo_cli.command("reset")
def demo_reset():
    """Rebuild the demo for today (or TODAY): what is there is deleted first, and a database that holds
    anything but demo data is refused."""
    others = not_demo_data()
    if others:
        sys.exit("This database holds more than the demo (" + "; ".join(others) + "): nothing was changed. "
                 "`flask demo reset` only rebuilds a database of demo data.")
    delete_everything()
    password = current_app.config["DEMO_PASSWORD"]
    load_all(password, today())
    click.echo(f"Demo rebuilt for {today():%A %d %B %Y}. Sign-ins (password: {password}):")
    for email, role in auth_demo.sign_ins():
        click.echo(f"  {email:36} {role}")


@demo_cli.command("large")
@click.option("--clusters", default=14, show_default=True, type=click.IntRange(1, 100),
              help="Clusters in the authority; the last is a faith cluster.")
@click.option("--responses", default=100_000, show_default=True, type=click.IntRange(0),
              help="Survey responses in all, about ten answers each.")
@click.option("--seed", default=1, show_default=True, help="The same seed makes the same data.")
def demo_large(clusters: int, responses: int, seed: int):
    """Generate a local authority's worth of data (slug `large`) to measure the summaries on."""
    from app import demo_large as large

    click.echo(f"Generating {clusters} clusters and {responses:,} survey responses (seed {seed}):")
    try:
        made = large.generate(clusters, responses, seed, echo=click.echo)
    except large.LargeDemoExists as refused:
        sys.exit(str(refused))
    seconds = made.pop("seconds")
    for table, count in sorted(made.items()):
        click.echo(f"  {table:<28} {count:>9,}")
    click.echo(f"Done in {seconds} s. Sign-ins (password: {current_app.config['DEMO_PASSWORD']}):")
    for email, role in large.sign_ins():
        click.echo(f"  {email:48} {role}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.ADMIN.value,
              show_default=True)
@click.option("--cluster", "cluster_slug", help="Short name of the cluster (everyone but officers).")
@click.option("--authority", "authority_slug", help="Short name of the authority (officers).")
@click.option("--school", "school_slug", help="Short name of the school (leaders and staff).")
@click.password_option(help="Asked for when not given.")
def users_create(email, name, role, cluster_slug, authority_slug, school_slug, password):
    """Create an account, such as the first cluster admin."""
    role = Role(role)
    user = User(email=email.strip().lower(), name=name, role=role)
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        sys.exit(f"The password needs at least {current_app.config['PASSWORD_MIN_LENGTH']} characters.")
    if db.session.scalar(select(User.id).where(User.email == user.email)):
        sys.exit(f"{user.email} already has an account.")
    if role == Role.OFFICER:
        user.authority = db.session.scalar(select(Authority).where(Authority.slug == authority_slug))
        if user.authority is None:
            sys.exit("Give --authority with the short name of an existing authority.")
    else:
        user.cluster = db.session.scalar(select(Cluster).where(Cluster.slug == cluster_slug))
        if user.cluster is None:
            sys.exit("Give --cluster with the short name of an existing cluster.")
        if school_slug:
            user.school = db.session.scalar(select(School).where(
                School.cluster_id == user.cluster.id, School.slug == school_slug))
            if user.school is None:
                sys.exit(f"The cluster has no school called {school_slug}.")
        if role in (Role.LEADER, Role.STAFF) and user.school is None:
            sys.exit("Leaders and staff need --school.")
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event(None, "created", user, user.email, user.cluster_id, {"role": [None, role.value]})
    db.session.commit()
    click.echo(f"Created {user.email} ({role.label}).")


@clusters_cli.command("create")
@click.option("--slug", required=True, help="Short name of the cluster, e.g. darland.")
@click.option("--name-en", required=True)
@click.option("--name-cy", required=True)
@click.option("--authority", "authority_slug", required=True,
              help="Short name of the authority; it is created when new.")
@click.option("--authority-name-en", help="Needed when the authority is new.")
@click.option("--authority-name-cy", help="Needed when the authority is new.")
def clusters_create(slug, name_en, name_cy, authority_slug, authority_name_en, authority_name_cy):
    """Create a cluster (and its authority if new); add its schools in the admin pages."""
    if db.session.scalar(select(Cluster.id).where(Cluster.slug == slug)):
        sys.exit(f"There is already a cluster called {slug}.")
    authority = db.session.scalar(select(Authority).where(Authority.slug == authority_slug))
    if authority is None:
        if not (authority_name_en and authority_name_cy):
            sys.exit("A new authority needs --authority-name-en and --authority-name-cy.")
        authority = Authority(slug=authority_slug, name_en=authority_name_en, name_cy=authority_name_cy)
    db.session.add(Cluster(slug=slug, name_en=name_en, name_cy=name_cy, authority=authority))
    db.session.commit()
    click.echo(f"Created the cluster {slug} in {authority.slug}. Next: flask users create --cluster {slug}")


def register_commands(app: Flask) -> None:
    """Attach the command groups to `flask`."""
    for group in (translate_cli, demo_cli, users_cli, clusters_cli, retention_cli, mail_cli, learning_cli):
        app.cli.add_command(group)
