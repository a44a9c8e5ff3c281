"""The demo is alive on any date (issue #15): built for a day, it has what a newcomer looks for, as
each role, in the academic year of that day: a calendar with this half term and what is coming,
open surveys with answers, bookings ahead and free days, places to ask for, a competition open, one
being judged and one published, family meeting times, the leaders' recent meetings, and a summary
of this half term and the last with figures. And `flask demo reset` rebuilds it for today, but only
a database of demo data."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.auth.models import Role, User
from app.bookings.meetings.models import MeetingBooking, MeetingSlot
from app.bookings.places.models import BookableSession
from app.bookings.resources.models import Resource, ResourceBooking, ResourceKind
from app.bookings.resources.services import half_terms_of, is_school_day
from app.calendar.demo_dates import DemoDates
from app.calendar.models import AcademicYear, Activity
from app.calendar.services import half_term_for, years_of
from app.cli import demo_reset
from app.clusters.models import Cluster
from app.competitions.models import Competition, Entry
from app.demo import load_all
from app.extensions import db
from app.summaries.models import LeadershipMeeting
from app.summaries.periods import period_of_day
from app.summaries.services import Scope, build_summary
from app.surveys.models import Response, Survey, SurveyAudience, SurveyPhase
from tests.conftest import BACKENDS
from tests.factories import PASSWORD, TODAY

#: days of every kind: the tests' day, early in a year, a Christmas holiday, a half-term break, the
#: last week of a summer term, the summer holiday, and a day years on
DAYS = [TODAY, date(2026, 9, 9), date(2026, 12, 24), date(2027, 2, 17), date(2027, 7, 14), date(2027, 8, 12),
        date(2031, 5, 6)]


def _counted(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


#: every day on SQLite; the loaders are the same code on PostgreSQL, tried there on two of them
CASES = [pytest.param(*BACKENDS[0].values, day, id=f"sqlite-{day}", marks=BACKENDS[0].marks) for day in DAYS] + [
    pytest.param(*BACKENDS[1].values, day, id=f"postgresql-{day}", marks=BACKENDS[1].marks)
    for day in (TODAY, date(2027, 7, 14))]


@pytest.mark.parametrize(("backend", "day"), CASES, indirect=["backend"])
def test_the_demo_built_on_any_day_lives_in_that_days_year(app, make, day):
    app.config["TODAY"] = day.isoformat()
    if day == TODAY:
        make.demo()  # what the loaders built for the tests' day, copied: built once a test process
    else:
        with app.app_context():
            load_all(PASSWORD, day)
    with app.app_context():
        dates = DemoDates.on(day)
        cluster = db.session.scalar(select(Cluster))
        assert [year.start_year for year in years_of(cluster)] == [dates.history_year, dates.current_year]
        assert day <= max(year.ends_on for year in years_of(cluster))

        # the calendar: the half term of the day (or the holiday's next), and activities coming up
        half, _relation = half_term_for(years_of(cluster), day)
        assert half is not None and half.term.academic_year.start_year in dates.years
        coming = _counted(select(Activity).where(Activity.is_public, Activity.starts_on.between(
            day, day + timedelta(weeks=8))))
        assert coming > 0 or day.month in (7, 8)

        # open surveys of families, pupils and staff, each with answers; the families' from every school (the
        # cluster's own: professional learning's evaluations go only to those who went)
        surveys = db.session.scalars(select(Survey).where(Survey.names_private.is_(False)).order_by(Survey.id)).all()
        open_now = {survey.audience: survey for survey in surveys if survey.phase_on(day) == SurveyPhase.OPEN}
        assert set(open_now) == {SurveyAudience.FAMILIES, SurveyAudience.PUPILS, SurveyAudience.STAFF}
        for survey in open_now.values():
            assert _counted(select(Response).where(Response.survey_id == survey.id)) >= 5
        assert open_now[SurveyAudience.FAMILIES].all_schools

        # the minibus: trips in the coming three weeks, and free school days to book
        minibus = db.session.scalar(select(Resource).where(Resource.kind == ResourceKind.VEHICLE))
        ahead = [booking.starts_at.astimezone(clock.LONDON).date() for booking in db.session.scalars(
            select(ResourceBooking).where(ResourceBooking.resource_id == minibus.id))
            if day <= booking.starts_at.astimezone(clock.LONDON).date() <= day + timedelta(weeks=3)]
        halves = half_terms_of(cluster.id)
        free = [day + timedelta(days=n) for n in range(1, 22) if is_school_day(halves, day + timedelta(days=n))
                and day + timedelta(days=n) not in ahead]
        assert free, "no free school day in three weeks"
        assert ahead, "no trip in the coming three weeks"

        # places to ask for, and family meeting times still free
        if day < dates.halves[-1].ends_on - timedelta(days=14):
            assert _counted(select(BookableSession).where(BookableSession.book_by >= day)) > 0
        assert _counted(select(MeetingSlot).where(MeetingSlot.starts_on > day,
                                                  MeetingSlot.id.not_in(select(MeetingBooking.slot_id)))) > 0

        # competitions of the year: one open for entries, one being judged, one published
        this_year = db.session.scalar(select(AcademicYear).where(AcademicYear.start_year == dates.current_year))
        competitions = db.session.scalars(select(Competition).join(Activity).where(
            Activity.academic_year_id == this_year.id)).all()
        published = [c for c in competitions if c.published_at is not None]
        judging = [c for c in competitions if c.published_at is None and c.closes_on < day and c.entries]
        entering = [c for c in competitions if c.takes_entries(day)]
        assert published and len(judging) == 1 and (entering or day.month == 7)
        assert all(c.published_at.date() < day for c in published)
        assert _counted(select(Entry).where(Entry.competition_id.in_([c.id for c in published]),
                                            Entry.place.is_not(None))) > 0

        # the leaders' meetings of the half terms just gone (not the networks', which plan ahead too)
        meetings = db.session.scalars(select(LeadershipMeeting).where(LeadershipMeeting.network_id.is_(None))
                                      .order_by(LeadershipMeeting.held_on)).all()
        assert meetings and all(meeting.held_on < day for meeting in meetings)
        assert (day - meetings[-1].held_on).days < 120

    # the summary of this half term and the last, with figures, as a head reads it
    with app.test_request_context():
        cluster = db.session.scalar(select(Cluster))
        period = period_of_day([cluster.id], day)
        summary = build_summary(Scope.of_cluster(cluster), period, day)
        families = summary.table("feedback").total.cells["families_n"]
        assert families.value > 0 and families.previous > 0
        shown = [row for row in summary.table("feedback").rows if not row.cells["families_n"].suppressed]
        assert len(shown) >= 3  # most schools, with one small school (and the next smallest) hidden


def test_a_demo_is_rebuilt_for_today_but_nothing_else_is_touched(app, make):
    make.demo()  # the demo as its loaders built it for the tests' day, in 2025/26
    app.config["TODAY"] = "2027-02-17"
    runner = app.test_cli_runner()
    result = runner.invoke(demo_reset)
    assert result.exit_code == 0, result.output
    assert "Demo rebuilt for Wednesday 17 February 2027" in result.output
    with app.app_context():
        assert {year.start_year for year in db.session.scalars(select(AcademicYear))} == {2025, 2026}
        assert _counted(select(Cluster)) == 1
    make.user(Role.ADMIN, cluster_id=make.cluster("real").id, email="head@school.example")
    refused = runner.invoke(demo_reset)
    assert refused.exit_code != 0 and "holds more than the demo" in refused.output
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == "head@school.example"))
