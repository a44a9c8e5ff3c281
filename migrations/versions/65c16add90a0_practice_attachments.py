"""Attachments on pieces of practice: PDFs, slides, documents, spreadsheets and images, each kept
under a random name outside static/ and served only to those who may read the piece

Revision ID: 65c16add90a0
Revises: f8feee545aba
Create Date: 2026-12-03 08:14:59.596532

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '65c16add90a0'
down_revision = 'f8feee545aba'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('pdf', 'slides', 'document', 'spreadsheet', 'image', name='attachmentkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=40), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['practice_items.id'], name=op.f('fk_practice_attachments_item_id_practice_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_practice_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_practice_attachments_stored_name'))
    )
    with op.batch_alter_table('practice_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_attachments_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('practice_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_attachments_item_id'))

    op.drop_table('practice_attachments')
