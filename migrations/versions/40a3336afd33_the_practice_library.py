"""The practice library: pieces of practice, their areas, skills and schools, and their search terms

Revision ID: 40a3336afd33
Revises: a1c5e9f20d44
Create Date: 2026-12-03 06:04:53.075977

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '40a3336afd33'
down_revision = 'a1c5e9f20d44'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('practice_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('summary_cy', sa.Text(), nullable=False),
    sa.Column('practice_en', sa.Text(), nullable=False),
    sa.Column('practice_cy', sa.Text(), nullable=False),
    sa.Column('impact_en', sa.Text(), nullable=False),
    sa.Column('impact_cy', sa.Text(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('strand', sa.Enum('teaching_learning', 'curriculum', 'wellbeing', 'leadership', name='strand', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('youngest_step', sa.Integer(), nullable=True),
    sa.Column('oldest_step', sa.Integer(), nullable=True),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Enum('draft', 'cluster', 'authority', name='reach', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('public', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('featured', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('officer_note_en', sa.Text(), nullable=False),
    sa.Column('officer_note_cy', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.CheckConstraint('oldest_step IS NULL OR oldest_step BETWEEN 1 AND 5', name=op.f('ck_practice_items_oldest_step_in_range')),
    sa.CheckConstraint('youngest_step IS NULL OR youngest_step BETWEEN 1 AND 5', name=op.f('ck_practice_items_youngest_step_in_range')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_practice_items_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['users.id'], name=op.f('fk_practice_items_contact_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_practice_items_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_practice_items_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_items'))
    )
    with op.batch_alter_table('practice_items', schema=None) as batch_op:
        batch_op.create_index('ix_practice_items_cluster_reach', ['cluster_id', 'reach'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_items_school_id'), ['school_id'], unique=False)

    op.create_table('practice_item_areas',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Enum('expressive_arts', 'health_wellbeing', 'humanities', 'languages', 'mathematics', 'science_technology', name='areaoflearning', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_item_areas_item_id_practice_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'area', name=op.f('pk_practice_item_areas'))
    )
    with op.batch_alter_table('practice_item_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_item_areas_area'), ['area'], unique=False)

    op.create_table('practice_item_schools',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_item_schools_item_id_practice_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_practice_item_schools_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'school_id', name=op.f('pk_practice_item_schools'))
    )
    with op.batch_alter_table('practice_item_schools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_item_schools_school_id'), ['school_id'], unique=False)

    op.create_table('practice_item_skills',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('skill', sa.Enum('literacy', 'numeracy', 'digital', name='skill', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_item_skills_item_id_practice_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'skill', name=op.f('pk_practice_item_skills'))
    )
    with op.batch_alter_table('practice_item_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_item_skills_skill'), ['skill'], unique=False)

    op.create_table('practice_search_terms',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_search_terms_item_id_practice_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'term', name=op.f('pk_practice_search_terms'))
    )
    with op.batch_alter_table('practice_search_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_search_terms_term'), ['term'], unique=False)




def downgrade():

    with op.batch_alter_table('practice_search_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_search_terms_term'))

    op.drop_table('practice_search_terms')
    with op.batch_alter_table('practice_item_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_item_skills_skill'))

    op.drop_table('practice_item_skills')
    with op.batch_alter_table('practice_item_schools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_item_schools_school_id'))

    op.drop_table('practice_item_schools')
    with op.batch_alter_table('practice_item_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_item_areas_area'))

    op.drop_table('practice_item_areas')
    with op.batch_alter_table('practice_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_items_school_id'))
        batch_op.drop_index('ix_practice_items_cluster_reach')

    op.drop_table('practice_items')

