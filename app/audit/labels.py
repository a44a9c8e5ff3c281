"""Readable, translated names for what the audit log stores as codes.

Each module adds the tables and fields it logs; an unknown code is shown as it is.
"""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "created": _l("Created"),
    "updated": _l("Changed"),
    "deactivated": _l("Deactivated"),
    "reactivated": _l("Reactivated"),
    "password_changed": _l("Password changed"),
    "booked": _l("Booked"),
    "cancelled": _l("Cancelled"),
    "released": _l("Unused places released"),
    "attendance_recorded": _l("Attendance recorded"),
    "finalised": _l("Marked final"),
    "reopened": _l("Reopened as a draft"),
}

ENTITY_LABELS = {
    "schools": _l("School"),
    "users": _l("Person"),
    "resources": _l("Shared resource"),
    "resource_bookings": _l("Booking of a shared resource"),
    "meeting_sets": _l("Meeting slots"),
    "bookable_sessions": _l("Session with places"),
    "leadership_meetings": _l("Leadership meeting"),
    "leadership_actions": _l("Agreed action"),
    "annual_reports": _l("Annual report"),
}

FIELD_LABELS = {
    "name": _l("Name"),
    "name_en": _l("Name in English"),
    "name_cy": _l("Name in Welsh"),
    "slug": _l("Short name"),
    "phase": _l("Phase"),
    "roll": _l("Pupils on roll"),
    "email": _l("Email address"),
    "role": _l("Role"),
    "school_id": _l("School"),
    "preferred_locale": _l("Language"),
    "active": _l("Active"),
    "password_hash": _l("Password"),
    "override_reason": _l("Reason for going beyond the fair share"),
    "capacity": _l("Places"),
    "allocation_rule": _l("Sharing between schools"),
    "book_by": _l("Booking deadline"),
    "status": _l("Status"),
    "update_note": _l("Update"),
    "achievements_en": _l("Achievements in English"),
    "achievements_cy": _l("Achievements in Welsh"),
    "challenges_en": _l("Challenges in English"),
    "challenges_cy": _l("Challenges in Welsh"),
    "plans_en": _l("Plans in English"),
    "plans_cy": _l("Plans in Welsh"),
}


def action_label(code: str) -> str:
    """The translated name of an audit action."""
    return ACTION_LABELS.get(code, code)


def entity_label(code: str) -> str:
    """The translated name of a kind of record."""
    return ENTITY_LABELS.get(code, code)


def field_label(code: str) -> str:
    """The translated name of a field."""
    return FIELD_LABELS.get(code, code)
