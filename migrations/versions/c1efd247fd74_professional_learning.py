"""Professional learning: calendar activities marked as cluster professional learning (kind, hours, their
named evaluation and follow-up surveys), and each person's part in one (signed up, place, went, surveys sent).

Revision ID: c1efd247fd74
Revises: 6cca5177a8c1
Create Date: 2026-12-03 11:01:55.331641

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1efd247fd74'
down_revision = '6cca5177a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('learning_activities',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('inset', 'workshop', 'network', 'plc', 'visit', name='learningkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes > 0', name=op.f('ck_learning_activities_minutes_positive')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_learning_activities_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['surveys.id'], name=op.f('fk_learning_activities_evaluation_id_surveys'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['surveys.id'], name=op.f('fk_learning_activities_follow_up_id_surveys'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['users.id'], name=op.f('fk_learning_activities_marked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_learning_activities'))
    )
    op.create_table('learning_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('place_request_id', sa.Integer(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('evaluation_sent_on', sa.Date(), nullable=True),
    sa.Column('follow_up_sent_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['learning_activities.activity_id'], name=op.f('fk_learning_participants_activity_id_learning_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['users.id'], name=op.f('fk_learning_participants_person_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_request_id'], ['place_requests.id'], name=op.f('fk_learning_participants_place_request_id_place_requests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_learning_participants_registered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_learning_participants_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_participants')),
    sa.UniqueConstraint('activity_id', 'person_id', name='uq_learning_participants_person')
    )
    with op.batch_alter_table('learning_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_participants_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_participants_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_participants_school_id'), ['school_id'], unique=False)



def downgrade():
    with op.batch_alter_table('learning_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_participants_school_id'))
        batch_op.drop_index(batch_op.f('ix_learning_participants_person_id'))
        batch_op.drop_index(batch_op.f('ix_learning_participants_activity_id'))

    op.drop_table('learning_participants')
    op.drop_table('learning_activities')
