"""Readable, translated names for what the audit log stores as codes: actions, kinds of record,
fields, and the values of choices ("draft" is shown as "Draft", "Drafft" in Welsh).

tests/test_audit.py finds every code the app logs and fails if one has no label here.
"""

import enum
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Enum

from app.models_base import LabelledEnum

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
    "reopened": _l("Reopened"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
    "proposed": _l("Proposed"),
    "copied": _l("Copied into the next year"),
    "published": _l("Published"),
    "unpublished": _l("Unpublished"),
    "publish": _l("Published"),
    "close": _l("Closed"),
    "reopen": _l("Reopened"),
    "reordered": _l("Reordered"),
    "status_changed": _l("Progress changed"),
    "withdrawn": _l("Withdrawn"),
    "deleted": _l("Deleted"),
    "places_confirmed": _l("Places confirmed"),
    "feed_links_reset": _l("Calendar links reset"),
    "leads_updated": _l("Leads named"),
    "visit_requested": _l("Asked to visit"),
    "accepted": _l("Accepted"),
    "imported": _l("Brought in from a file"),
    "sign_in_linked": _l("Signed in with a provider for the first time"),
    "sign_in_policy_changed": _l("How staff sign in changed"),
    "join_requested": _l("Asked to join"),
    "join_approved": _l("Request to join approved"),
    "join_refused": _l("Request to join refused"),
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
    "surveys": _l("Survey"),
    "competitions": _l("Competition"),
    "competition_entries": _l("Competition entry"),
    "activities": _l("Activity"),
    "academic_years": _l("Academic year"),
    "practice_items": _l("Piece of practice"),
    "practice_visits": _l("Visit to see practice"),
    "practice_visit_notes": _l("Note of what was learned"),
    "practice_attachments": _l("Attachment"),
    "import_batches": _l("File of people or schools"),
    "clusters": _l("Cluster"),
    "join_requests": _l("Request to join"),
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
    "session_version": _l("Sessions"),
    "activities": _l("Activities"),
    "activity_id": _l("Activity"),
    "all_schools": _l("Every school"),
    "anonymous": _l("Anonymous"),
    "anonymous_judging": _l("Judged without names"),
    "approval": _l("Approval"),
    "approval_note": _l("Note on the approval"),
    "audience": _l("Who answers"),
    "booking": _l("Booking"),
    "cap_per_school": _l("Most entries per school"),
    "category_id": _l("Category"),
    "closes_on": _l("Closes on"),
    "description": _l("Description"),
    "description_en": _l("Description in English"),
    "description_cy": _l("Description in Welsh"),
    "draft": _l("Draft"),
    "due_on": _l("Due on"),
    "ends_at": _l("Ends at"),
    "ends_on": _l("Ends on"),
    "entrant_name": _l("Entrant"),
    "entry_kind": _l("Who enters"),
    "fixed_places": _l("Places per school"),
    "for_families": _l("For families"),
    "for_leaders": _l("For leaders"),
    "for_pupils": _l("For pupils"),
    "for_staff": _l("For staff"),
    "from": _l("Copied from"),
    "half_term_id": _l("Half term"),
    "held_on": _l("Day"),
    "host_school_id": _l("Host school"),
    "intro_en": _l("Introduction in English"),
    "intro_cy": _l("Introduction in Welsh"),
    "kind": _l("Kind"),
    "practice_item": _l("Piece of practice"),
    "location_en": _l("Where, in English"),
    "location_cy": _l("Where, in Welsh"),
    "opens_on": _l("Opens on"),
    "photo_consent": _l("Photo consent"),
    "photo_rule": _l("Photo"),
    "points_first": _l("Points for first"),
    "points_second": _l("Points for second"),
    "points_third": _l("Points for third"),
    "promoted": _l("Shown on the home page"),
    "pupil_year_groups": _l("Year groups"),
    "question": _l("Question"),
    "rules_en": _l("Rules in English"),
    "rules_cy": _l("Rules in Welsh"),
    "section": _l("Section"),
    "starts_at": _l("Starts at"),
    "starts_on": _l("Starts on"),
    "state": _l("State"),
    "status_note": _l("Note on progress"),
    "strand": _l("Strand of the policy"),
    "template": _l("Made from the template"),
    "term_id": _l("Term"),
    "title": _l("Title"),
    "title_en": _l("Title in English"),
    "title_cy": _l("Title in Welsh"),
    "unit": _l("Places are for"),
    "year_group": _l("Year group"),
    "you_said_en": _l("What the schools are doing, in English"),
    "you_said_cy": _l("What the schools are doing, in Welsh"),
    "you_said_published": _l("“You said, we did” shown"),
    "summary_en": _l("Summary in English"),
    "summary_cy": _l("Summary in Welsh"),
    "practice_en": _l("What was done, and why, in English"),
    "practice_cy": _l("What was done, and why, in Welsh"),
    "impact_en": _l("The difference it made, and the evidence, in English"),
    "impact_cy": _l("The difference it made, and the evidence, in Welsh"),
    "contact_id": _l("Who to ask about it"),
    "youngest_step": _l("From progression step"),
    "oldest_step": _l("To progression step"),
    "reach": _l("Who can read it"),
    "public": _l("Public"),
    "featured": _l("Featured by the authority"),
    "officer_note_en": _l("Note in English"),
    "officer_note_cy": _l("Note in Welsh"),
    "message": _l("What they hope to see"),
    "wanted_dates": _l("When would suit them"),
    "visit_on": _l("Day of the visit"),
    "answer_note": _l("Note to the visitor"),
    "text": _l("What was learned"),
    "job_title_en": _l("Job title in English"),
    "job_title_cy": _l("Job title in Welsh"),
    "added": _l("Added"),
    "changed": _l("Changed"),
    "unchanged": _l("Left as they were"),
    "provider_required": _l("Staff must sign in with Hwb or Google"),
    "join_domains": _l("Email domains whose staff may ask to join"),
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


#: field → how to name its stored values, for codes a module keeps of its own (a survey's template)
VALUE_NAMERS = {}


@cache
def _choices_of(entity_type: str) -> dict[str, type[enum.Enum] | type[bool]]:
    """The fields of a kind of record whose values are choices (an enum, yes or no)."""
    from app.extensions import db

    table = db.metadata.tables.get(entity_type)
    if table is None:
        return {}
    choices = {}
    for column in table.columns:
        if isinstance(column.type, Enum) and column.type.enum_class is not None:
            choices[column.name] = column.type.enum_class
        elif isinstance(column.type, Boolean):
            choices[column.name] = bool
    return choices


def value_label(entity_type: str, field: str, value) -> str:
    """A logged value as a reader would say it: a choice by its translated name, yes or no, "–" for none."""
    if value is None:
        return "–"
    if field in VALUE_NAMERS:
        return VALUE_NAMERS[field](value)
    kind = _choices_of(entity_type).get(field)
    if kind is bool or isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if kind is not None and issubclass(kind, LabelledEnum):
        try:
            return str(kind(value).label)
        except ValueError:
            return str(value)
    return str(value)
