"""Who leads what: the person each school names for each Area of Learning and Experience and role

Revision ID: 46075416c372
Revises: 40a3336afd33
Create Date: 2026-12-03 06:54:16.325482

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '46075416c372'
down_revision = '40a3336afd33'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('school_leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('responsibility', sa.Enum('expressive_arts', 'health_wellbeing', 'humanities', 'languages', 'mathematics', 'science_technology', 'alnco', 'wellbeing', 'safeguarding', 'transition', 'digital', 'welsh_language', 'data', name='responsibility', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('person_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_school_leads_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_leads')),
    sa.UniqueConstraint('school_id', 'responsibility', name='uq_school_leads_school_responsibility')
    )
    with op.batch_alter_table('school_leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_leads_school_id'), ['school_id'], unique=False)




def downgrade():

    with op.batch_alter_table('school_leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_leads_school_id'))

    op.drop_table('school_leads')

