"""Staff time and funds: the grants and budgets a cluster holds, each school's share of them in pence and half
days, and what each school spent

Revision ID: c5de385f73b4
Revises: 664a71b0039b
Create Date: 2026-12-03 11:02:20.244386

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5de385f73b4'
down_revision = '664a71b0039b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('funds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('academic_year_id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_cy', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=True),
    sa.Column('release_half_days', sa.Integer(), nullable=True),
    sa.Column('purpose_en', sa.Text(), nullable=False),
    sa.Column('purpose_cy', sa.Text(), nullable=False),
    sa.Column('conditions_en', sa.Text(), nullable=False),
    sa.Column('conditions_cy', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('allocation', sa.Enum('equal', 'roll', 'fixed', name='allocation', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_pence IS NULL OR amount_pence >= 0', name=op.f('ck_funds_fund_amount_not_negative')),
    sa.CheckConstraint('release_half_days IS NULL OR release_half_days >= 0', name=op.f('ck_funds_fund_days_not_negative')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_funds_fund_starts_before_it_ends')),
    sa.ForeignKeyConstraint(['academic_year_id'], ['academic_years.id'], name=op.f('fk_funds_academic_year_id_academic_years'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_funds_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_funds_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funds'))
    )
    with op.batch_alter_table('funds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funds_academic_year_id'), ['academic_year_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funds_cluster_id'), ['cluster_id'], unique=False)

    op.create_table('fund_shares',
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=True),
    sa.Column('half_days', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_pence IS NULL OR amount_pence >= 0', name=op.f('ck_fund_shares_share_amount_not_negative')),
    sa.CheckConstraint('half_days IS NULL OR half_days >= 0', name=op.f('ck_fund_shares_share_days_not_negative')),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_fund_shares_fund_id_funds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_fund_shares_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('fund_id', 'school_id', name=op.f('pk_fund_shares'))
    )
    with op.batch_alter_table('fund_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_shares_school_id'), ['school_id'], unique=False)

    op.create_table('fund_spending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('release', 'resources', 'transport', 'events', name='category', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=True),
    sa.Column('half_days', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_pence IS NOT NULL OR half_days IS NOT NULL', name=op.f('ck_fund_spending_spending_has_a_figure')),
    sa.CheckConstraint('amount_pence IS NULL OR amount_pence >= 0', name=op.f('ck_fund_spending_spending_amount_not_negative')),
    sa.CheckConstraint('half_days IS NULL OR half_days >= 0', name=op.f('ck_fund_spending_spending_days_not_negative')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_fund_spending_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_fund_spending_fund_id_funds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_fund_spending_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_spending'))
    )
    with op.batch_alter_table('fund_spending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_spending_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_spending_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_spending_spent_on'), ['spent_on'], unique=False)



def downgrade():
    with op.batch_alter_table('fund_spending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_spending_spent_on'))
        batch_op.drop_index(batch_op.f('ix_fund_spending_school_id'))
        batch_op.drop_index(batch_op.f('ix_fund_spending_fund_id'))

    op.drop_table('fund_spending')
    with op.batch_alter_table('fund_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_shares_school_id'))

    op.drop_table('fund_shares')
    with op.batch_alter_table('funds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funds_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_funds_academic_year_id'))

    op.drop_table('funds')
