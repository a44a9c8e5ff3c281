"""`flask demo large`: a generated authority, made at a tiny size so the test stays quick."""

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.bookings.resources.models import Resource
from app.calendar.models import Activity
from app.clusters.models import Authority, Cluster, School
from app.competitions.models import Competition, Entry
from app.demo_large import generate
from app.extensions import db
from app.surveys.models import Answer, Response, Survey
from tests.factories import five_point_scores

TINY = ["demo", "large", "--clusters", "2", "--responses", "300"]


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _everything() -> dict[str, set[str]]:
    """Every row of every table, to see that nothing already there changed."""
    return {table.name: {repr(tuple(row)) for row in db.session.execute(table.select())}  # repr: JSON columns
            for table in db.metadata.sorted_tables}


def test_generates_a_small_authority_with_the_responses_asked_for(app):
    result = app.test_cli_runner().invoke(args=TINY)
    assert result.exit_code == 0, result.output
    assert "officer@large.example" in result.output and app.config["DEMO_PASSWORD"] in result.output
    with app.app_context():
        authority = db.session.scalar(select(Authority).where(Authority.slug == "large"))
        clusters = db.session.scalars(select(Cluster).where(Cluster.authority_id == authority.id)).all()
        assert len(clusters) == 2
        for cluster in clusters:  # one secondary and four to seven primaries
            assert 5 <= _count(School, School.cluster_id == cluster.id) <= 8
            assert 30 <= _count(Activity, Activity.cluster_id == cluster.id) <= 45
            assert _count(Resource, Resource.cluster_id == cluster.id) == 1
        cluster_ids = [cluster.id for cluster in clusters]
        surveys = select(Survey.id).where(Survey.cluster_id.in_(cluster_ids))
        assert _count(Response, Response.survey_id.in_(surveys)) == 300
        assert 9 * 300 <= _count(Answer) <= 10 * 300
        # every response comes from a school of its survey's cluster
        assert db.session.scalar(select(func.count(Response.id)).join(Survey, Survey.id == Response.survey_id)
                                 .join(School, School.id == Response.school_id)
                                 .where(School.cluster_id != Survey.cluster_id)) == 0
        assert db.session.scalar(select(func.count(func.distinct(Response.survey_id)))) > 5
        # each response keeps its five-point sum and count, as one sent through the form would
        scores = five_point_scores()
        assert all(kept == counted for kept, counted in scores.values())
        assert sum(count for (_sum, count), _counted in scores.values()) > 300
        officer = db.session.scalar(select(User).where(User.email == "officer@large.example"))
        assert officer.role == Role.OFFICER and officer.authority_id == authority.id
        assert officer.check_password(app.config["DEMO_PASSWORD"])
        # every school entered a competition
        entered = db.session.scalar(select(func.count(func.distinct(Entry.school_id))).join(Competition)
                                    .join(Activity).where(Activity.cluster_id.in_(cluster_ids)))
        assert entered == _count(School, School.cluster_id.in_(cluster_ids))


def test_a_second_run_is_refused_and_changes_nothing(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=TINY).exit_code == 0
    with app.app_context():
        before = _everything()
    again = runner.invoke(args=TINY)
    assert again.exit_code != 0
    assert "already exists" in again.output
    with app.app_context():
        assert _everything() == before


def test_the_darland_demo_is_left_as_it_was(app, demo):
    with app.app_context():
        before = _everything()
        counts = generate(clusters=2, responses=300, seed=3, echo=lambda line: None)
        after = _everything()
    for table, rows in before.items():
        if table != "data_versions":  # the data's version is new: the data changed (app/data_version.py)
            assert rows <= after[table], table  # every row there before is there still, unchanged
    assert counts["survey_responses"] == 300
    assert len(after["clusters"]) == len(before["clusters"]) + 2
