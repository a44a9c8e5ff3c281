"""Bookings: shared resources, places on events, family meeting slots; the notifications outbox

Revision ID: ba47791e35f6
Revises: af0af2bf4fd5
Create Date: 2026-11-23 10:16:44.953436

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'ba47791e35f6'
down_revision = 'af0af2bf4fd5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_sent_at'), ['sent_at'], unique=False)

    op.create_table('resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('owner_school_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('vehicle', 'room', 'equipment', name='resourcekind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_cy', sa.String(length=120), nullable=False),
    sa.Column('notes_en', sa.Text(), nullable=False),
    sa.Column('notes_cy', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=False),
    sa.Column('closes_at', sa.Time(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('fair_share_limit', sa.Integer(), nullable=True),
    sa.Column('fair_share_unit', sa.Enum('bookings', 'hours', name='fairshareunit', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_resources_closes_after_opening')),
    sa.CheckConstraint('slot_minutes > 0', name=op.f('ck_resources_slot_positive')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_resources_cluster_id_clusters')),
    sa.ForeignKeyConstraint(['owner_school_id'], ['schools.id'], name=op.f('fk_resources_owner_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resources'))
    )
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resources_cluster_id'), ['cluster_id'], unique=False)

    op.create_table('resource_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('destination', sa.String(length=200), nullable=False),
    sa.Column('passengers', sa.Integer(), nullable=True),
    sa.Column('driver_name', sa.String(length=120), nullable=False),
    sa.Column('driver_permit_confirmed', sa.Boolean(), nullable=False),
    sa.Column('series', sa.String(length=32), nullable=True),
    sa.Column('override_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_resource_bookings_ends_after_start')),
    sa.CheckConstraint('passengers IS NULL OR passengers > 0', name=op.f('ck_resource_bookings_passengers_positive')),
    sa.ForeignKeyConstraint(['booked_by_id'], ['users.id'], name=op.f('fk_resource_bookings_booked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_resource_bookings_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_resource_bookings_resource_id_resources'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_resource_bookings_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_bookings'))
    )
    with op.batch_alter_table('resource_bookings', schema=None) as batch_op:
        batch_op.create_index('ix_resource_bookings_resource_starts', ['resource_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_bookings_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_bookings_series'), ['series'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # Two live bookings of one resource never overlap, guaranteed by the database itself.
        # `resource_id =` in a GiST index needs btree_gist (trusted since PostgreSQL 13).
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute("ALTER TABLE resource_bookings ADD CONSTRAINT no_overlapping_bookings EXCLUDE USING gist "
                   "(resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL)")

    op.create_table('bookable_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('ends_at', sa.Time(), nullable=True),
    sa.Column('location_en', sa.String(length=200), nullable=False),
    sa.Column('location_cy', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.Enum('pupils', 'staff', name='placeunit', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('allocation_rule', sa.Enum('none', 'equal', 'roll', 'fixed', name='allocationrule', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('fixed_places', sa.Integer(), nullable=True),
    sa.Column('book_by', sa.Date(), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("allocation_rule <> 'fixed' OR fixed_places IS NOT NULL", name=op.f('ck_bookable_sessions_fixed_rule_has_number')),
    sa.CheckConstraint('book_by <= held_on', name=op.f('ck_bookable_sessions_deadline_before_session')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_bookable_sessions_capacity_positive')),
    sa.CheckConstraint('ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at', name=op.f('ck_bookable_sessions_ends_after_start')),
    sa.CheckConstraint('fixed_places IS NULL OR fixed_places > 0', name=op.f('ck_bookable_sessions_fixed_places_positive')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_bookable_sessions_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_bookable_sessions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['released_by_id'], ['users.id'], name=op.f('fk_bookable_sessions_released_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookable_sessions'))
    )
    with op.batch_alter_table('bookable_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_bookable_sessions_activity_day', ['activity_id', 'held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookable_sessions_held_on'), ['held_on'], unique=False)

    op.create_table('meeting_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=False),
    sa.Column('notes_en', sa.Text(), nullable=False),
    sa.Column('notes_cy', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'published', 'closed', name='meetingsetstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_meeting_sets_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_meeting_sets_cluster_id_clusters')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_sets_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_meeting_sets_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_sets')),
    sa.UniqueConstraint('token', name=op.f('uq_meeting_sets_token'))
    )
    with op.batch_alter_table('meeting_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_sets_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_sets_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_sets_school_id'), ['school_id'], unique=False)

    op.create_table('meeting_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('length_minutes', sa.Integer(), nullable=False),
    sa.Column('location_en', sa.String(length=200), nullable=False),
    sa.Column('location_cy', sa.String(length=200), nullable=False),
    sa.Column('staff_name', sa.String(length=200), nullable=False),
    sa.CheckConstraint('length_minutes > 0 AND length_minutes <= 480', name=op.f('ck_meeting_slots_length_in_range')),
    sa.ForeignKeyConstraint(['set_id'], ['meeting_sets.id'], name=op.f('fk_meeting_slots_set_id_meeting_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_slots')),
    sa.UniqueConstraint('set_id', 'starts_on', 'starts_at', 'staff_name', name='uq_meeting_slots_staff_time')
    )
    with op.batch_alter_table('meeting_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_slots_set_id'), ['set_id'], unique=False)

    op.create_table('place_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('places_used', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('places_used >= 0', name=op.f('ck_place_attendance_places_used_not_negative')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_place_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_place_attendance_school_id_schools')),
    sa.ForeignKeyConstraint(['session_id'], ['bookable_sessions.id'], name=op.f('fk_place_attendance_session_id_bookable_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_attendance')),
    sa.UniqueConstraint('session_id', 'school_id', name='uq_place_attendance_session_school')
    )
    with op.batch_alter_table('place_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_attendance_school_id'), ['school_id'], unique=False)

    op.create_table('place_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('confirmed', sa.Integer(), nullable=False),
    sa.Column('waiting', sa.Integer(), nullable=False),
    sa.Column('pupil_names', sa.Text(), nullable=False),
    sa.Column('places_asked', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('confirmed + waiting = places', name=op.f('ck_place_requests_places_confirmed_or_waiting')),
    sa.CheckConstraint('confirmed >= 0', name=op.f('ck_place_requests_confirmed_not_negative')),
    sa.CheckConstraint('waiting >= 0', name=op.f('ck_place_requests_waiting_not_negative')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_place_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_place_requests_school_id_schools')),
    sa.ForeignKeyConstraint(['session_id'], ['bookable_sessions.id'], name=op.f('fk_place_requests_session_id_bookable_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_requests'))
    )
    with op.batch_alter_table('place_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_requests_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_place_requests_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_place_requests_session_school', ['session_id', 'school_id'], unique=False)

    op.create_table('meeting_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('parent_name', sa.String(length=120), nullable=False),
    sa.Column('child_name', sa.String(length=60), nullable=False),
    sa.Column('year_group', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('secret', sa.String(length=32), nullable=False),
    sa.Column('submission_token', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_school', sa.Boolean(), nullable=False),
    sa.Column('contact_deleted_on', sa.Date(), nullable=True),
    sa.CheckConstraint('year_group >= -1 AND year_group <= 13', name=op.f('ck_meeting_bookings_year_group_in_range')),
    sa.ForeignKeyConstraint(['slot_id'], ['meeting_slots.id'], name=op.f('fk_meeting_bookings_slot_id_meeting_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_bookings')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_meeting_bookings_submission_token'))
    )
    with op.batch_alter_table('meeting_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_bookings_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index('uq_meeting_bookings_live_slot', ['slot_id'], unique=True, sqlite_where=sa.text('cancelled_at IS NULL'), postgresql_where=sa.text('cancelled_at IS NULL'))



def downgrade():
    with op.batch_alter_table('meeting_bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_meeting_bookings_live_slot', sqlite_where=sa.text('cancelled_at IS NULL'), postgresql_where=sa.text('cancelled_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_meeting_bookings_slot_id'))

    op.drop_table('meeting_bookings')
    with op.batch_alter_table('place_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_place_requests_session_school')
        batch_op.drop_index(batch_op.f('ix_place_requests_school_id'))
        batch_op.drop_index(batch_op.f('ix_place_requests_requested_by_id'))

    op.drop_table('place_requests')
    with op.batch_alter_table('place_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_attendance_school_id'))

    op.drop_table('place_attendance')
    with op.batch_alter_table('meeting_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_slots_set_id'))

    op.drop_table('meeting_slots')
    with op.batch_alter_table('meeting_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_sets_school_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_sets_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_sets_activity_id'))

    op.drop_table('meeting_sets')
    with op.batch_alter_table('bookable_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookable_sessions_held_on'))
        batch_op.drop_index('ix_bookable_sessions_activity_day')

    op.drop_table('bookable_sessions')
    with op.batch_alter_table('resource_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_bookings_series'))
        batch_op.drop_index(batch_op.f('ix_resource_bookings_school_id'))
        batch_op.drop_index('ix_resource_bookings_resource_starts')

    op.drop_table('resource_bookings')
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resources_cluster_id'))

    op.drop_table('resources')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_sent_at'))

    op.drop_table('outbox_messages')
