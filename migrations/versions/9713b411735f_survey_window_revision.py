"""Each survey counts the changes to when it takes answers (its dates, its state) and the deletions of its
responses, so that the leadership summary can keep the counts of a survey that closed long ago until one
of those lets its responses change (issue #22)

Revision ID: 9713b411735f
Revises: 7c860fccc04c
Create Date: 2026-12-03 14:08:56.752820

"""
from alembic import op
import sqlalchemy as sa


revision = '9713b411735f'
down_revision = '7c860fccc04c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('window_revision', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('window_revision')
