"""The migrations build exactly the schema the models describe, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import BACKENDS, empty_database


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
