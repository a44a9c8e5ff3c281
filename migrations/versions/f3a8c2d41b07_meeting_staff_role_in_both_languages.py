"""Who a family meets: their role in English and Welsh beside their name

The name used to carry the role in one language ("Mr Hughes, Head of Year 7"); what follows the
first comma becomes the English role, for the school to add the Welsh.

Revision ID: f3a8c2d41b07
Revises: ecf5f8a5e30d
Create Date: 2026-12-03 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a8c2d41b07'
down_revision = 'ecf5f8a5e30d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting_slots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_role_en', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('staff_role_cy', sa.String(length=200), server_default='', nullable=False))

    slots = sa.table('meeting_slots', sa.column('id', sa.Integer), sa.column('staff_name', sa.String),
                     sa.column('staff_role_en', sa.String))
    connection = op.get_bind()
    for slot_id, staff_name in connection.execute(sa.select(slots.c.id, slots.c.staff_name)
                                                  .where(slots.c.staff_name.contains(', '))).all():
        name, role = staff_name.split(', ', 1)
        connection.execute(slots.update().where(slots.c.id == slot_id)
                           .values(staff_name=name.strip(), staff_role_en=role.strip()))


def downgrade():
    slots = sa.table('meeting_slots', sa.column('id', sa.Integer), sa.column('staff_name', sa.String),
                     sa.column('staff_role_en', sa.String))
    connection = op.get_bind()
    for slot_id, staff_name, role in connection.execute(sa.select(slots.c.id, slots.c.staff_name,
                                                                  slots.c.staff_role_en)
                                                        .where(slots.c.staff_role_en != '')).all():
        connection.execute(slots.update().where(slots.c.id == slot_id).values(staff_name=f"{staff_name}, {role}"))
    with op.batch_alter_table('meeting_slots', schema=None) as batch_op:
        batch_op.drop_column('staff_role_cy')
        batch_op.drop_column('staff_role_en')
