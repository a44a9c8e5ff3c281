"""Competitions: categories, rubrics, judges, entries with photos, scores and places

Revision ID: 5be6cb88dd19
Revises: ba47791e35f6
Create Date: 2026-11-23 12:06:48.170682

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '5be6cb88dd19'
down_revision = 'ba47791e35f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=False),
    sa.Column('rules_en', sa.Text(), nullable=False),
    sa.Column('rules_cy', sa.Text(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('entry_kind', sa.Enum('individual', 'team', 'group', name='entrykind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('photo_rule', sa.Enum('required', 'allowed', 'none', name='photorule', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('cap_per_school', sa.Integer(), nullable=False),
    sa.Column('anonymous_judging', sa.Boolean(), nullable=False),
    sa.Column('points_first', sa.Integer(), nullable=False),
    sa.Column('points_second', sa.Integer(), nullable=False),
    sa.Column('points_third', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('cap_per_school > 0', name=op.f('ck_competitions_cap_positive')),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_competitions_closes_after_opening')),
    sa.CheckConstraint('points_first >= 0 AND points_second >= 0 AND points_third >= 0', name=op.f('ck_competitions_points_not_negative')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_competitions_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_competitions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitions'))
    )
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitions_activity_id'), ['activity_id'], unique=False)

    op.create_table('competition_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_cy', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_categories_competition_id_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_categories'))
    )
    with op.batch_alter_table('competition_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_categories_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_cy', sa.String(length=120), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_score > 0', name=op.f('ck_competition_criteria_max_score_positive')),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_criteria_competition_id_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_criteria'))
    )
    with op.batch_alter_table('competition_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_criteria_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_judges',
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_judges_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_competition_judges_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('competition_id', 'user_id', name=op.f('pk_competition_judges'))
    )
    with op.batch_alter_table('competition_judges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_judges_user_id'), ['user_id'], unique=False)

    op.create_table('competition_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('entrant_name', sa.String(length=80), nullable=False),
    sa.Column('year_group', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('photo_name', sa.String(length=40), nullable=True),
    sa.Column('photo_consent', sa.Boolean(), nullable=False),
    sa.Column('place', sa.Enum('first', 'second', 'third', 'commended', name='place', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['competition_categories.id'], name=op.f('fk_competition_entries_category_id_competition_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_entries_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_competition_entries_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_competition_entries_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_entries'))
    )
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.create_index('ix_competition_entries_cap', ['competition_id', 'category_id', 'school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_entries_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_entries_school_id'), ['school_id'], unique=False)

    op.create_table('competition_judge_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_judge_notes_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['users.id'], name=op.f('fk_competition_judge_notes_judge_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_judge_notes')),
    sa.UniqueConstraint('entry_id', 'judge_id', name='uq_competition_judge_notes_entry_judge')
    )
    with op.batch_alter_table('competition_judge_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_judge_notes_judge_id'), ['judge_id'], unique=False)

    op.create_table('competition_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('scored_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score >= 0', name=op.f('ck_competition_scores_score_not_negative')),
    sa.ForeignKeyConstraint(['criterion_id'], ['competition_criteria.id'], name=op.f('fk_competition_scores_criterion_id_competition_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_scores_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['users.id'], name=op.f('fk_competition_scores_judge_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_scores')),
    sa.UniqueConstraint('entry_id', 'judge_id', 'criterion_id', name='uq_competition_scores_entry_judge_criterion')
    )
    with op.batch_alter_table('competition_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_scores_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_scores_judge_id'), ['judge_id'], unique=False)



def downgrade():
    with op.batch_alter_table('competition_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_scores_judge_id'))
        batch_op.drop_index(batch_op.f('ix_competition_scores_criterion_id'))

    op.drop_table('competition_scores')
    with op.batch_alter_table('competition_judge_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_judge_notes_judge_id'))

    op.drop_table('competition_judge_notes')
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_entries_school_id'))
        batch_op.drop_index(batch_op.f('ix_competition_entries_category_id'))
        batch_op.drop_index('ix_competition_entries_cap')

    op.drop_table('competition_entries')
    with op.batch_alter_table('competition_judges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_judges_user_id'))

    op.drop_table('competition_judges')
    with op.batch_alter_table('competition_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_criteria_competition_id'))

    op.drop_table('competition_criteria')
    with op.batch_alter_table('competition_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_categories_competition_id'))

    op.drop_table('competition_categories')
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitions_activity_id'))

    op.drop_table('competitions')
