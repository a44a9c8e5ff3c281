"""Come and see it: a member of staff of another school asks to visit a piece of practice, the host
accepts with a day (a visit in the calendar) or declines, and each writes what they learned

Revision ID: f8feee545aba
Revises: 6deb7bd45ab8
Create Date: 2026-12-03 08:14:10.575511

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f8feee545aba'
down_revision = '6deb7bd45ab8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('visitor_school_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('visit', 'observe', name='visitkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('wanted_dates', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('requested', 'accepted', 'declined', 'cancelled', name='visitstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('visit_on', sa.Date(), nullable=True),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status <> 'accepted' OR visit_on IS NOT NULL", name=op.f('ck_practice_visits_accepted_has_a_day')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_practice_visits_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_practice_visits_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_visits_item_id_practice_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['users.id'], name=op.f('fk_practice_visits_visitor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_school_id'], ['schools.id'], name=op.f('fk_practice_visits_visitor_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_visits'))
    )
    with op.batch_alter_table('practice_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_visits_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_practice_visits_status_day', ['status', 'visit_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_visits_visitor_id'), ['visitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_visits_visitor_school_id'), ['visitor_school_id'], unique=False)

    op.create_table('practice_visit_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_practice_visit_notes_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['practice_visits.id'], name=op.f('fk_practice_visit_notes_visit_id_practice_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_visit_notes')),
    sa.UniqueConstraint('visit_id', 'author_id', name='uq_practice_visit_notes_visit_author')
    )
    with op.batch_alter_table('practice_visit_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_visit_notes_author_id'), ['author_id'], unique=False)



def downgrade():
    with op.batch_alter_table('practice_visit_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_visit_notes_author_id'))

    op.drop_table('practice_visit_notes')
    with op.batch_alter_table('practice_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_visits_visitor_school_id'))
        batch_op.drop_index(batch_op.f('ix_practice_visits_visitor_id'))
        batch_op.drop_index('ix_practice_visits_status_day')
        batch_op.drop_index(batch_op.f('ix_practice_visits_item_id'))

    op.drop_table('practice_visits')
