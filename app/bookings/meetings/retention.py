"""How long families' contact details are kept: until MEETING_CONTACT_RETENTION_DAYS after the meeting.

The booking itself stays (that slot was taken, which the school may count); the name, the
child's name, the e-mail address and the phone number go, and the private link stops working.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.bookings.meetings.models import MeetingBooking, MeetingSlot
from app.clock import today
from app.extensions import db
from app.retention import retention_task


@retention_task
def delete_expired_meeting_contacts() -> str:
    """Wipe the contact details of bookings whose meeting was more than the set number of days ago."""
    days = current_app.config["MEETING_CONTACT_RETENTION_DAYS"]
    cutoff = today() - timedelta(days=days)
    expired = select(MeetingSlot.id).where(MeetingSlot.starts_on < cutoff)
    deleted = db.session.execute(
        update(MeetingBooking)
        .where(MeetingBooking.slot_id.in_(expired), MeetingBooking.contact_deleted_on.is_(None))
        .values(parent_name="", child_name="", email="", phone="", contact_deleted_on=today())
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return (f"Meeting bookings: deleted the contact details of {deleted} booking(s) for meetings before "
            f"{cutoff} ({days} days ago).")
