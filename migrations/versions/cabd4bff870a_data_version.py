"""The data's version: a token every commit that changes what the leadership summary counts makes new,
so that a summary drawn once is kept until then (issue #22)

Revision ID: cabd4bff870a
Revises: 9713b411735f
Create Date: 2026-12-04 06:00:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = 'cabd4bff870a'
down_revision = '9713b411735f'
branch_labels = None
depends_on = None


def upgrade():
    versions = op.create_table(
        'data_versions',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions')),
    )
    # a token of its own for the data already there: no worker can have kept a page under it
    op.bulk_insert(versions, [{'name': 'summary', 'token': secrets.token_urlsafe(16)}])


def downgrade():
    op.drop_table('data_versions')
