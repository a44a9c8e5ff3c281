"""Networks: the cluster's named groups and their members; a leadership meeting can be a network's, with its
line in the calendar; a piece of practice can come from a network

Revision ID: 3e517d41a7f8
Revises: 65c16add90a0
Create Date: 2026-12-03 08:13:45.954938

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e517d41a7f8'
down_revision = '65c16add90a0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_cy', sa.String(length=200), nullable=False),
    sa.Column('purpose_en', sa.Text(), nullable=False),
    sa.Column('purpose_cy', sa.Text(), nullable=False),
    sa.Column('area', sa.Enum('expressive_arts', 'health_wellbeing', 'humanities', 'languages', 'mathematics', 'science_technology', name='areaoflearning', native_enum=False, create_constraint=True, length=30), nullable=True),
    sa.Column('strand', sa.Enum('teaching_learning', 'curriculum', 'wellbeing', 'leadership', name='strand', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('authority_wide', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_networks_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_networks_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_networks'))
    )
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_networks_cluster_id'), ['cluster_id'], unique=False)

    op.create_table('network_members',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('convenor', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_members_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('network_id', 'user_id', name=op.f('pk_network_members'))
    )
    with op.batch_alter_table('network_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_members_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('leadership_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('activity_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_leadership_meetings_network_id'), ['network_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_leadership_meetings_network_id_networks'), 'networks', ['network_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_leadership_meetings_activity_id_activities'), 'activities', ['activity_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('practice_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_practice_items_network_id'), ['network_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_practice_items_network_id_networks'), 'networks', ['network_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('practice_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_practice_items_network_id_networks'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_practice_items_network_id'))
        batch_op.drop_column('network_id')

    with op.batch_alter_table('leadership_meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_leadership_meetings_activity_id_activities'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_leadership_meetings_network_id_networks'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_leadership_meetings_network_id'))
        batch_op.drop_column('activity_id')
        batch_op.drop_column('network_id')

    with op.batch_alter_table('network_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_members_user_id'))

    op.drop_table('network_members')
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_networks_cluster_id'))

    op.drop_table('networks')
