"""Dates people type or put in an address stay between 2000 and 2099 (issue #17, item 5).

Python's calendar ends in year 9999, and the modules add days, weeks and years to what people type
(a week view, a weekly repeat, next year's copy, hours of meetings), so a date near either end once
answered 500. Now a form says what to enter, in the reader's language, and keeps everything else
typed; an address with such a date answers 400 with a sentence saying what it should hold.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.bookings.meetings.models import MeetingSet, MeetingSlot
from app.bookings.resources.models import Resource, ResourceBooking
from app.bookings.resources.services import BookingRefused, BookingRequest, book_resource
from app.calendar.models import (
    AcademicYear,
    Activity,
    ActivityStatus,
    Approval,
    HalfTerm,
    Term,
    TermKind,
)
from app.competitions.models import Competition
from app.extensions import db
from app.summaries.models import LeadershipMeeting
from tests.reading import page_of

#: a date at either end of Python's calendar, and the last day of the 19th century
EXTREME = ["0001-01-01", "1899-12-31", "9999-12-31", "31/12/9999"]
#: not dates at all
MALFORMED = ["2026-02-30", "31/12/99999", "not-a-date"]
BOUND_MESSAGE = "Enter a date from 2000 to 2099, like 16/03/2026"
REAL_DATE_MESSAGE = "Enter a real date, like 16/03/2026"
ADDRESS_MESSAGE = "The date in the web address is not one we can show"
SKILLS_DAY = "Skills Day – Years 5 and 6"


@pytest.fixture
def bounds_app(app, demo):
    app.config["WTF_CSRF_ENABLED"] = False  # tokens: test_csrf.py
    return app


def _english(client):
    client.set_cookie("lang", "en")
    return client


def _id(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(model.id).where(*where).order_by(model.id))


def _minibus(app) -> int:
    return _id(app, Resource, Resource.name_en == "Cluster minibus")


def _year_id(app, start_year: int) -> int:
    return _id(app, AcademicYear, AcademicYear.start_year == start_year)


def _half_term_dates(app, year_id: int) -> dict[str, str]:
    """The half-term dates form of a year as it stands, the first day typed the British way."""
    with app.app_context():
        halves = db.session.scalars(select(HalfTerm).join(HalfTerm.term).where(Term.academic_year_id == year_id)).all()
        form = {}
        for half in halves:
            key = f"{half.term.kind.value}_{half.number}"
            form[f"{key}_starts_on"] = half.starts_on.strftime("%d/%m/%Y")
            form[f"{key}_ends_on"] = half.ends_on.isoformat()
        return form


@dataclass(frozen=True)
class DateInput:
    """A form field where a date is typed: who types it, where it posts, the rest of the form, and a
    value typed elsewhere in the form that must come back on the page."""

    who: str
    url: Callable
    form: Callable
    field: str
    kept: str

    def post(self, app, demo, signed_in, value: str):
        return _english(signed_in(self.who)).post(self.url(app, demo), data={**self.form(app, demo),
                                                                               self.field: value})


def _booking(app, demo):
    return {"school": demo.school("holt").id, "day": "2025-12-18", "starts": "09:00", "ends": "15:00",
            "purpose": "Trip to Erddig", "destination": "Erddig", "passengers": "14", "driver_name": "Lowri Thomas",
            "driver_permit_confirmed": "y", "repeat_weekly": "y"}


def _slots(app, demo):
    # the issue's meeting slots: late on the last day there is, four hours each, sixty of them
    return {"day": "2026-01-20", "first_time": "23:50", "length": "240", "count": "60", "gap": "0",
            "staff_name": "Mr Morgan", "location_en": "Room 3", "location_cy": "Ystafell 3"}


def _session(app, demo):
    return {"held_on": "09/10/2025", "starts_at": "09:15", "ends_at": "14:45", "location_en": "Main hall",
            "location_cy": "Prif neuadd", "capacity": "40", "unit": "pupils", "allocation_rule": "equal",
            "fixed_places": "", "book_by": "26/09/2025"}


def _activity(app, demo):
    with app.app_context():
        spring = db.session.scalar(select(Term).join(Term.academic_year).where(
            AcademicYear.start_year == 2025, Term.kind == TermKind.SPRING))
        return {"title_en": "Spring concert", "title_cy": "Cyngerdd y gwanwyn", "strand": "wellbeing",
                "kind": "event", "term_id": str(spring.id), "half_term_id": "", "starts_on": "2026-03-05",
                "ends_on": "2026-03-06", "location_en": "Holt CP School", "all_schools": "1", "for_families": "y"}


def _survey(app, demo):
    return {"title_en": "Lunchtimes", "title_cy": "Amser cinio", "audience": "pupils", "all_schools": "1",
            "opens_on": "2026-12-01", "closes_on": "2026-12-12", "activity_id": ""}


def _competition(app, demo):
    return {"activity_id": demo.activity("Spelling Bee cluster competition").id, "title_en": "Handwriting",
            "title_cy": "Llawysgrifen", "opens_on": "2026-05-01", "closes_on": "2026-05-20",
            "entry_kind": "individual", "photo_rule": "allowed", "cap_per_school": "2", "points_first": "5",
            "points_second": "3", "points_third": "1", "category_1_en": "Years 3 and 4",
            "category_1_cy": "Blynyddoedd 3 a 4", "criterion_1_en": "Neatness", "criterion_1_cy": "Taclusrwydd",
            "criterion_1_max": "10"}


def _leaders_meeting(app, demo):
    return {"held_on": "16/02/2026", "notes_en": "Reviewed Spring 1.", "notes_cy": "Adolygu Gwanwyn 1.",
            "attendees": [demo.user("head.holt").id]}


def _action(app, demo):
    return {"text_en": "Share the reading project", "text_cy": "", "owner": f"school-{demo.school('holt').id}",
            "strand": "curriculum", "due_on": "2026-03-27"}


#: every form where a date is typed, by what the field is
DATE_INPUTS = {
    "minibus booking: day": DateInput("staff.holt", lambda app, demo: f"/bookings/{_minibus(app)}/book",
                                      _booking, "day", 'value="Trip to Erddig"'),
    "meeting slots: day": DateInput(
        "staff.darland-high", lambda app, demo: f"/meetings/{_id(app, MeetingSet)}/slots", _slots, "day",
        'value="Mr Morgan"'),
    "places session: day": DateInput(
        "head.holt", lambda app, demo: f"/places/activities/{demo.activity(SKILLS_DAY).id}/sessions/new", _session,
        "held_on", 'value="Main hall"'),
    "places session: deadline": DateInput(
        "head.holt", lambda app, demo: f"/places/activities/{demo.activity(SKILLS_DAY).id}/sessions/new", _session,
        "book_by", 'value="Main hall"'),
    "calendar activity: first day": DateInput("head.holt", lambda app, demo: "/calendar/darland/activities/new",
                                              _activity, "starts_on", 'value="Spring concert"'),
    "calendar activity: last day": DateInput("head.holt", lambda app, demo: "/calendar/darland/activities/new",
                                             _activity, "ends_on", 'value="Spring concert"'),
    "half-term dates": DateInput(
        "head.holt", lambda app, demo: f"/calendar/darland/years/{_year_id(app, 2025)}/dates",
        lambda app, demo: _half_term_dates(app, _year_id(app, 2025)), "summer_2_ends_on", 'value="01/09/2025"'),
    "survey: opens": DateInput("head.holt", lambda app, demo: "/surveys/new/blank", _survey, "opens_on",
                               'value="Lunchtimes"'),
    "survey: closes": DateInput("head.holt", lambda app, demo: "/surveys/new/blank", _survey, "closes_on",
                                'value="Lunchtimes"'),
    "competition: opens": DateInput("head.holt", lambda app, demo: "/competitions/new", _competition, "opens_on",
                                    'value="Handwriting"'),
    "competition: closes": DateInput("head.holt", lambda app, demo: "/competitions/new", _competition,
                                     "closes_on", 'value="Handwriting"'),
    "leaders' meeting: day": DateInput("head.holt", lambda app, demo: "/summary/meetings/new", _leaders_meeting,
                                       "held_on", "Reviewed Spring 1."),
    "leaders' action: due": DateInput(
        "head.holt", lambda app, demo: f"/summary/meetings/{_id(app, LeadershipMeeting)}/actions", _action,
        "due_on", "Share the reading project</textarea>"),
}

#: every address that reads a date from its query string: who opens it, and the address without the date
DATE_ADDRESSES = {
    "minibus week: ?week=": ("staff.holt", lambda app: f"/bookings/{_minibus(app)}?week="),
    "minibus booking form: ?day=": ("staff.holt", lambda app: f"/bookings/{_minibus(app)}/book?day="),
}


@pytest.mark.parametrize("name", DATE_INPUTS)
def test_every_typed_date_outside_2000_to_2099_is_refused_with_a_message_and_the_rest_is_kept(
        bounds_app, demo, signed_in, name):
    date_input = DATE_INPUTS[name]
    for value in EXTREME + MALFORMED:
        response = date_input.post(bounds_app, demo, signed_in, value)
        assert response.status_code == 422, (name, value, response.status_code)
        page = page_of(response)
        assert (BOUND_MESSAGE if value in EXTREME else REAL_DATE_MESSAGE) in page, (name, value)
        assert f'value="{value}"' in page, (name, value)  # what was typed is shown again, to correct
        assert date_input.kept in page, (name, value)
    # the first and last days of the window are still taken as dates (the form may refuse them for its own reasons)
    for value in ("2000-01-01", "2099-12-31"):
        assert BOUND_MESSAGE not in page_of(date_input.post(bounds_app, demo, signed_in, value)), (name, value)


@pytest.mark.parametrize("name", DATE_ADDRESSES)
def test_every_date_in_an_address_outside_2000_to_2099_answers_400_with_a_sentence(bounds_app, demo, signed_in,
                                                                                     name):
    who, address = DATE_ADDRESSES[name]
    client = _english(signed_in(who))
    for value in EXTREME + MALFORMED:
        response = client.get(address(bounds_app) + value)
        assert response.status_code == 400, (name, value, response.status_code)
        page = page_of(response)
        assert ADDRESS_MESSAGE in page and "from 2000 to 2099, like 2026-03-16" in page, (name, value)
    for value in ("2000-01-03", "2099-12-28", ""):
        assert client.get(address(bounds_app) + value).status_code == 200, (name, value)


def test_the_issues_week_addresses_answer_400_in_welsh_too(bounds_app, demo, signed_in):
    minibus = _minibus(bounds_app)
    for week in ("9999-12-31", "0001-01-01"):
        response = signed_in("staff.holt").get(f"/bookings/{minibus}?week={week}")
        assert response.status_code == 400
        assert 'lang="cy"' in response.text and "2000" in page_of(response) and "2099" in page_of(response)


def test_meeting_slots_late_on_the_last_day_there_is_are_refused_and_none_are_added(bounds_app, demo, signed_in):
    set_id = _id(bounds_app, MeetingSet)
    response = _english(signed_in("staff.darland-high")).post(f"/meetings/{set_id}/slots",
                                                              data={**_slots(bounds_app, demo), "day": "9999-12-31"})
    assert response.status_code == 422
    page = page_of(response)
    assert BOUND_MESSAGE in page and 'value="23:50"' in page and 'value="240"' in page and 'value="Mr Morgan"' in page
    with bounds_app.app_context():
        assert db.session.scalar(select(func.count(MeetingSlot.id)).where(MeetingSlot.staff_name == "Mr Morgan")) == 0


def test_a_half_term_ending_in_9999_is_refused_and_copying_the_year_still_works(bounds_app, demo, signed_in):
    year_id = _year_id(bounds_app, 2025)
    leader = _english(signed_in("head.holt"))
    form = {**_half_term_dates(bounds_app, year_id), "summer_2_ends_on": "9999-12-27"}
    response = leader.post(f"/calendar/darland/years/{year_id}/dates", data=form)
    assert response.status_code == 422 and BOUND_MESSAGE in page_of(response)
    assert f'value="{form["autumn_1_starts_on"]}"' in page_of(response)
    with bounds_app.app_context():
        assert db.session.scalar(select(func.max(HalfTerm.ends_on))) < date(2100, 1, 1)
    assert leader.post(f"/calendar/darland/years/{year_id}/copy").status_code == 303
    assert leader.post("/next-year/2025", data={"step": "all"}).status_code == 303
    assert _year_id(bounds_app, 2026) is not None


def _end_the_year_in_9999(app, start_year: int) -> None:
    """A half term saved before dates were bounded: the last one of the year ends on 27 December 9999."""
    with app.app_context():
        last = db.session.scalars(select(HalfTerm).join(HalfTerm.term).join(Term.academic_year)
                                  .where(AcademicYear.start_year == start_year)
                                  .order_by(HalfTerm.ends_on.desc())).first()
        last.ends_on = date(9999, 12, 27)
        db.session.commit()


def test_copying_a_year_that_already_ends_in_9999_is_refused_with_a_sentence(bounds_app, demo, signed_in):
    """Dates saved before they were bounded: the year's last half term, and a competition's window."""
    _end_the_year_in_9999(bounds_app, 2025)
    with bounds_app.app_context():
        easter = db.session.get(Competition, demo.competition("Easter Egg Decoration Competition"))
        easter.opens_on, easter.closes_on = date(9999, 12, 20), date(9999, 12, 31)
        db.session.commit()
    year_id = _year_id(bounds_app, 2025)
    leader = _english(signed_in("head.holt"))
    expected = "The year after 2025/26 would end after 2099, beyond the calendar."
    for url, data in ((f"/calendar/darland/years/{year_id}/copy", {}), (f"/calendar/darland/years/{year_id}/next", {}),
                      ("/next-year/2025", {"step": "calendar"}), ("/next-year/2025", {"step": "all"})):
        response = leader.post(url, data=data)
        assert response.status_code == 422, url
        assert expected in page_of(response), url
    plan = leader.get("/next-year/2025")  # the plan shows the competition, a year on from 9999 being no date
    assert plan.status_code == 200 and "Easter Egg Decoration Competition" in page_of(plan)
    assert _year_id(bounds_app, 2026) is None


def test_a_weekly_repeat_from_a_day_in_9999_is_refused_by_the_service_itself(bounds_app, demo):
    """As a caller that skips the form would use it, in a half term saved (before dates were bounded) to end in
    9999: refused with the form's message, where counting the weeks used to overflow."""
    _end_the_year_in_9999(bounds_app, 2025)
    with bounds_app.test_request_context(headers={"Cookie": "lang=en"}):
        minibus = db.session.get(Resource, _minibus(bounds_app))
        request = BookingRequest(resource_id=minibus.id, school_id=demo.school("holt").id, day=date(9999, 12, 20),
                                 starts=minibus.opens_at, ends=minibus.closes_at, purpose="Beyond the calendar",
                                 destination="Erddig", passengers=10, driver_name="Lowri Thomas",
                                 driver_permit_confirmed=True, repeat_weekly=True)
        with pytest.raises(BookingRefused) as refused:
            book_resource(db.session.get(User, demo.user("head.holt").id), request)
        assert (refused.value.field, refused.value.message) == ("day", BOUND_MESSAGE)
        assert db.session.scalar(select(func.count(ResourceBooking.id))
                                 .where(ResourceBooking.purpose == "Beyond the calendar")) == 0


def test_the_calendar_copy_drops_a_date_that_would_land_past_the_calendar(bounds_app, demo, signed_in):
    """An activity dated in 9999 before dates were bounded keeps its term in next year's copy but loses its date."""
    with bounds_app.app_context():
        activity = db.session.scalars(select(Activity).join(Activity.academic_year).where(
            AcademicYear.start_year == 2025, Activity.approval == Approval.APPROVED,
            Activity.status != ActivityStatus.CANCELLED, Activity.starts_on.is_not(None))
            .order_by(Activity.id)).first()
        activity.starts_on, activity.ends_on = date(9999, 12, 20), date(9999, 12, 31)
        activity_id = activity.id
        db.session.commit()
    response = _english(signed_in("head.holt")).post(f"/calendar/darland/years/{_year_id(bounds_app, 2025)}/copy")
    assert response.status_code == 303
    with bounds_app.app_context():
        copy = db.session.scalar(select(Activity).where(Activity.copied_from_id == activity_id))
        assert copy.term.academic_year.start_year == 2026
        assert (copy.starts_on, copy.ends_on, copy.starts_at) == (None, None, None)
