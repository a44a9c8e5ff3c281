"""Each cluster's public competition results have a version, new whenever published results, their
entries or the cluster's schools change: the results pages are kept per version

Revision ID: 7c860fccc04c
Revises: d4a8e2f61c93
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '7c860fccc04c'
down_revision = 'd4a8e2f61c93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_version', sa.String(length=32), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_column('results_version')
