"""Each cluster's calendar has a version, new whenever its years, terms or activities change: pages drawn
from the calendar are kept per version

Revision ID: 9b1f3c7d2e58
Revises: 7a4c2e9d1b36
Create Date: 2026-12-03 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '9b1f3c7d2e58'
down_revision = '7a4c2e9d1b36'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_version', sa.String(length=32), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_column('calendar_version')
