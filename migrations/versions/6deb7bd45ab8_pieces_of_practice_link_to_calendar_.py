"""A piece of practice links to the calendar activities it came from (a workshop, a network meeting);
the surveys that asked about them are the ones that evaluated it

Revision ID: 6deb7bd45ab8
Revises: 5d2e8c1f4a90
Create Date: 2026-12-03 08:13:08.703544

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6deb7bd45ab8'
down_revision = '5d2e8c1f4a90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_item_activities',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_practice_item_activities_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_item_activities_item_id_practice_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'activity_id', name=op.f('pk_practice_item_activities'))
    )
    with op.batch_alter_table('practice_item_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_item_activities_activity_id'), ['activity_id'], unique=False)



def downgrade():
    with op.batch_alter_table('practice_item_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_item_activities_activity_id'))

    op.drop_table('practice_item_activities')
