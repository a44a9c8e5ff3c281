"""A named survey can keep its names to itself (professional learning's evaluations): its responses file
leaves them out

Revision ID: d4a8e2f61c93
Revises: c1efd247fd74
Create Date: 2026-12-03 12:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4a8e2f61c93'
down_revision = 'c1efd247fd74'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names_private', sa.Boolean(), server_default=sa.false(), nullable=False))
    # the evaluations professional learning made before: their names were only ever to know who had answered
    op.execute("UPDATE surveys SET names_private = TRUE WHERE id IN "
               "(SELECT evaluation_id FROM learning_activities UNION SELECT follow_up_id FROM learning_activities)")


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('names_private')
