"""A calendar activity can be a visit: a member of staff seeing another school's practice

Revision ID: 5d2e8c1f4a90
Revises: 46075416c372
Create Date: 2026-12-03 08:30:00.000000

"""
from alembic import op


revision = '5d2e8c1f4a90'
down_revision = '46075416c372'
branch_labels = None
depends_on = None

KINDS_BEFORE = "'event', 'workshop', 'meeting', 'competition', 'ongoing'"


def _kinds_allowed(kinds: str) -> None:
    # the kind's CHECK (ck_activities_activitykind by the naming convention) is made again with the new list;
    # batch mode rebuilds the table on SQLite, which cannot alter a constraint
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_activities_activitykind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_activities_activitykind'), f"kind IN ({kinds})")


def upgrade():
    _kinds_allowed(KINDS_BEFORE + ", 'visit'")


def downgrade():
    op.execute("DELETE FROM activities WHERE kind = 'visit'")
    _kinds_allowed(KINDS_BEFORE)
