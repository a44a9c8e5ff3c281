"""Keeping children's names and photos no longer than needed."""

from datetime import date

from flask import current_app
from sqlalchemy import select

from app.clock import today
from app.competitions import photos
from app.competitions.models import Competition, Entry
from app.extensions import db
from app.retention import retention_task


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))


@retention_task
def delete_old_entries() -> str:
    """Delete the photos and replace the pupils' names of entries COMPETITION_RETENTION_MONTHS after the
    competition closed; titles, schools and places stay for the points table."""
    cutoff = _months_before(today(), current_app.config["COMPETITION_RETENTION_MONTHS"])
    old = db.session.scalars(select(Entry).join(Entry.competition).where(
        Competition.closes_on < cutoff, Entry.entrant_name != "–")).all()
    for entry in old:
        photos.delete(entry.photo_name)
        entry.photo_name, entry.photo_consent, entry.entrant_name = None, False, "–"
    db.session.commit()
    return (f"Competition entries: removed the names and photos of {len(old)} entr(y/ies) of competitions "
            f"closed before {cutoff}.")


@retention_task
def delete_unused_photos() -> str:
    """Delete photos no entry holds: sent with a form that was refused and never sent again."""
    held = set(db.session.scalars(select(Entry.photo_name).where(Entry.photo_name.is_not(None))))
    return f"Competition photos: deleted {photos.delete_unused(held)} kept for a form never sent again."
