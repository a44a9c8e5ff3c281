"""The migrations build exactly the schema the models describe, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import clock, create_app
from app.config import TestConfig
from app.demo import load_all
from app.extensions import db
from tests.conftest import BACKENDS, empty_database
from tests.factories import PASSWORD, five_point_scores


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_match_the_models_and_go_down_and_up_again(backend, tmp_path_factory):
    with empty_database(backend, tmp_path_factory) as url:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == [], "a model changed without a migration: run `flask db migrate`"
            if backend == "postgresql":  # autogenerate does not compare exclusion constraints
                with db.engine.connect() as connection:
                    kind = connection.exec_driver_sql(
                        "SELECT contype FROM pg_constraint WHERE conname = 'no_overlapping_bookings'").scalar()
                assert kind == "x"

            downgrade(revision="base")
            upgrade()
            db.engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_responses_stored_before_their_scores_were_kept_have_them_filled_in(backend, tmp_path_factory):
    """Migration 3c9d1e7a5b20 fills in the five-point sum and count of the responses already there."""
    with empty_database(backend, tmp_path_factory) as url, \
            create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url).app_context():
        upgrade()
        load_all(PASSWORD, clock.today())
        kept_by_the_demo = five_point_scores()
        assert all(kept == counted for kept, counted in kept_by_the_demo.values())
        assert sum(count for (_sum, count), _counted in kept_by_the_demo.values()) > 100
        db.session.remove()  # PostgreSQL: an open read would hold the ALTER TABLE back
        downgrade(revision="08e004e6942f")  # as the database was before: responses without them
        upgrade()
        assert five_point_scores() == kept_by_the_demo
        db.session.remove()
        db.engine.dispose()
