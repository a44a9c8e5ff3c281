"""The migrations build exactly the schema the models describe, on both databases."""

from datetime import UTC, date, datetime, time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import Enum, String, literal
from sqlalchemy.exc import DBAPIError

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


#: A value no enum has: the migrated database must refuse it in every enum column.
NOT_A_VALUE = "not-a-value"

#: What a row needs in each column that may not be NULL, by the column's Python type.
DUMMY_BY_TYPE = {
    bool: True,  # True also passes surveys' "anonymous OR audience IN ('staff', 'governors')"
    int: 1,  # passes every "> 0", ">= 0" and "BETWEEN 1 AND 5"
    str: "x",
    object: [],  # a JSON column
    date: date(2024, 9, 2),  # one date for all, so that every "later >= earlier" holds
    datetime: datetime(2024, 9, 2, 9, tzinfo=UTC),
    time: time(9),
}

#: Columns a table's other CHECK constraints need set (or set otherwise) for every value of its enums.
ROW_OVERRIDES = {
    "users": {"school_id": 1, "cluster_id": 1, "authority_id": 1},  # each role has what its CHECK asks
    "resources": {"closes_at": time(17)},  # closes_after_opening: strictly later
    "bookable_sessions": {"fixed_places": 1},  # fixed_rule_has_number: the fixed rule needs a number
    "practice_visits": {"visit_on": date(2026, 3, 17)},  # accepted_has_a_day: an accepted visit has its day
    "fund_spending": {"amount_pence": 1},  # spending_has_a_figure: money, days or both
}


def _enum_columns():
    """(table, column) for every column of the models stored by an enum's value."""
    return [(table, column) for table in db.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, Enum) and column.type.enum_class is not None]


def _row_for(table) -> dict:
    """A row the table's CHECK constraints accept: a dummy in every column that may not be NULL."""
    row = {}
    for column in table.columns:
        if column.nullable or column is table.autoincrement_column:
            continue
        if isinstance(column.type, Enum):
            row[column.name] = column.type.enums[0]
        else:  # a TypeDecorator (UTCDateTime) has the Python type of the type it wraps
            python_type = getattr(column.type, "impl_instance", column.type).python_type
            if python_type not in DUMMY_BY_TYPE:
                pytest.fail(f"{table.name}.{column.name}: DUMMY_BY_TYPE needs a value for {python_type}")
            row[column.name] = DUMMY_BY_TYPE[python_type]
    return row | ROW_OVERRIDES.get(table.name, {})


def _refusal(connection, table, column, value: str) -> str | None:
    """Why the database refuses a row with `value` in `column`, or None if it takes it (then undone)."""
    # a plain string, not the Enum type, which would refuse a stray value before the database saw it
    statement = table.insert().values({**_row_for(table), column.name: literal(value, String())})
    savepoint = connection.begin_nested()
    try:
        connection.execute(statement)
    except DBAPIError as error:
        return str(error.orig).splitlines()[0]
    finally:
        savepoint.rollback()  # also after a row went in: the next one may share its unique values
    return None


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrated_database_takes_every_value_of_every_enum(backend, tmp_path_factory):
    """Every enum column's CHECK, as the migrations made it, takes each of the enum's values and nothing else."""
    # compare_metadata does not compare CHECK constraints, so a value added to an enum without a migration
    # passes it and is refused only when saved (`CHECK constraint failed: ck_survey_questions_questionkind`)
    with empty_database(backend, tmp_path_factory) as url:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            refused, unchecked, tried = [], [], 0
            with db.engine.connect() as connection:
                transaction = connection.begin()
                # rows point at ids that do not exist; the CHECK constraints are what is tested.
                # SQLite checks deferred keys only at COMMIT; PostgreSQL's replica role skips the
                # foreign-key triggers, while CHECK constraints still apply.
                if backend == "sqlite":
                    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                else:
                    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                for table, column in _enum_columns():
                    for value in column.type.enums:
                        tried += 1
                        if reason := _refusal(connection, table, column, value):
                            refused.append(f"{table.name}.{column.name} = {value!r} refused: {reason}")
                    # the test's own check: a stray value is refused, and by this column's CHECK (named
                    # ck_<table>_<enum type>, by the naming convention in app/extensions.py)
                    reason = _refusal(connection, table, column, NOT_A_VALUE) or "accepted"
                    if f"ck_{table.name}_{column.type.name}" not in reason:
                        unchecked.append(f"{table.name}.{column.name} = {NOT_A_VALUE!r}: {reason}")
                transaction.rollback()
            db.engine.dispose()
    assert tried, "no enum columns found in db.metadata: the test would prove nothing"
    assert not refused, ("the migrated database refuses values the models allow. Refused by the column's own "
                         "CHECK or for its length: a migration must change the column; by another CHECK: the "
                         "test's row needs what that CHECK asks, in ROW_OVERRIDES:\n" + "\n".join(refused))
    assert not unchecked, ("these enum columns take a value outside their enum, or refuse it by something other "
                           "than their own CHECK: a migration left the CHECK out, or the test no longer reaches "
                           "it:\n" + "\n".join(unchecked))
