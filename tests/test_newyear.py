"""Starting the next academic year (issue #15): each step shown before it is taken, the calendar,
competitions, surveys and shared places copied as drafts, open actions carried forward; twice, or by
five leaders at once, without a copy twice; and drafts hidden from schools until made ready."""

import re

import pytest
from sqlalchemy import func, select

from app.bookings.places.models import BookableSession
from app.calendar.models import AcademicYear, Activity
from app.competitions.models import Competition, Entry
from app.extensions import db
from app.summaries.models import Action, ActionStatus
from app.surveys.models import Question, Survey, SurveyState
from tests.concurrency import post_at_once, session_cookie
from tests.reading import page_of


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def _counts(app, start_year: int) -> dict[str, int]:
    """How many activities, competitions, surveys and sessions the year starting `start_year` has."""
    with app.app_context():
        year = db.session.scalar(select(AcademicYear).where(AcademicYear.start_year == start_year))
        if year is None:
            return {}

        def count(model, *where):
            return db.session.scalar(select(func.count(model.id)).where(*where))
        activities = select(Activity.id).where(Activity.academic_year_id == year.id)
        return {"activities": count(Activity, Activity.academic_year_id == year.id),
                "competitions": count(Competition, Competition.activity_id.in_(activities)),
                "draft competitions": count(Competition, Competition.activity_id.in_(activities),
                                            Competition.draft.is_(True)),
                # the cluster's surveys, not professional learning's evaluations of one activity each
                "surveys": count(Survey, Survey.opens_on.between(year.starts_on, year.ends_on),
                                 Survey.names_private.is_(False)),
                "draft surveys": count(Survey, Survey.opens_on.between(year.starts_on, year.ends_on),
                                       Survey.names_private.is_(False), Survey.state == SurveyState.DRAFT),
                "sessions": count(BookableSession, BookableSession.activity_id.in_(activities)),
                "draft sessions": count(BookableSession, BookableSession.activity_id.in_(activities),
                                        BookableSession.draft.is_(True))}


def test_each_step_is_shown_before_it_is_taken(app, demo, signed_in):
    head = signed_in("head.holt")
    head.set_cookie("lang", "en")
    page = page_of(head.get(f"/next-year/{demo.year.start_year}"))
    assert "Start 2026/27" in page
    for title in ("Copy the calendar", "Copy the competitions, as drafts", "Copy the surveys, as drafts",
                  "Copy the shared places on events, as drafts", "Carry the open actions forward"):
        assert title in page
    assert "51 to take:" in page  # every approved activity of 2025/26, with the networks' meetings
    assert "Copy the calendar first" in page
    assert "Cluster minibus (4 bookings)" in page  # fair shares run on as they are
    assert _counts(app, 2026) == {}  # looking changes nothing
    welsh = signed_in("head.holt")
    welsh.set_cookie("lang", "cy")
    assert "Dechrau 2026/27" in page_of(welsh.get(f"/next-year/{demo.year.start_year}"))


def test_every_step_copies_as_drafts_once_however_often_it_is_taken(app, demo, signed_in, no_csrf):
    head = signed_in("head.holt")
    head.set_cookie("lang", "en")
    with app.app_context():
        year_ends_on = db.session.get(AcademicYear, demo.year.id).ends_on
        open_before = db.session.scalar(select(func.count(Action.id)).where(
            Action.status == ActionStatus.OPEN, Action.due_on <= year_ends_on))
    this_year = _counts(app, 2025)
    response = head.post(f"/next-year/{demo.year.start_year}", data={"step": "all"})
    assert response.status_code == 303
    made = _counts(app, 2026)
    assert made["activities"] == 51
    assert made["competitions"] == made["draft competitions"] == this_year["competitions"] == 8
    assert made["surveys"] == made["draft surveys"] == this_year["surveys"] > 0
    assert made["sessions"] == made["draft sessions"] == this_year["sessions"] > 0
    with app.app_context():
        following = db.session.scalar(select(AcademicYear).where(AcademicYear.start_year == 2026))
        easter = db.session.get(Competition, db.session.scalar(select(Competition.id).where(
            Competition.copied_from_id == demo.competition("Easter Egg Decoration Competition"))))
        original = db.session.get(Competition, demo.competition("Easter Egg Decoration Competition"))
        assert (easter.opens_on - original.opens_on).days == 52 * 7 and easter.activity.academic_year_id == following.id
        assert [c.name_en for c in easter.categories] == [c.name_en for c in original.categories]
        assert not easter.entries and easter.judges == original.judges
        # a survey's copy asks the same questions, each "show if" pointing at the copy's own question
        survey = db.session.scalar(select(Survey).where(Survey.copied_from_id == demo.survey.id))
        assert [q.text_en for q in survey.questions] == [q.text_en for q in demo.survey.questions]
        assert survey.activity.academic_year_id == following.id
        copies = db.session.scalars(select(Survey).where(Survey.copied_from_id.is_not(None))).all()
        conditional = [(copy, q) for copy in copies for q in copy.questions if q.condition_question_id]
        assert conditional and all(db.session.get(Question, q.condition_question_id).section.survey_id == copy.id
                                   for copy, q in conditional)
        assert db.session.scalar(select(func.count(Action.id)).where(
            Action.status == ActionStatus.OPEN, Action.due_on <= year_ends_on)) == 0
        carried = db.session.scalar(select(func.count(Action.id)).where(
            Action.status == ActionStatus.OPEN, Action.due_on == following.half_terms[0].ends_on))
        assert carried == open_before > 0
    page = page_of(head.get(f"/next-year/{demo.year.start_year}"))
    assert "8 competitions copied as drafts." in page and "Nothing left to take." in page
    # taken again, step by step or all at once: nothing twice
    for step in ("calendar", "competitions", "surveys", "shares", "actions", "all"):
        assert head.post(f"/next-year/{demo.year.start_year}", data={"step": step}).status_code == 303
    assert _counts(app, 2026) == made


def test_a_step_that_needs_the_new_calendar_waits_for_it(app, demo, signed_in, no_csrf):
    head = signed_in("head.holt")
    head.set_cookie("lang", "en")
    response = head.post(f"/next-year/{demo.year.start_year}", data={"step": "competitions"},
                         follow_redirects=True)
    assert "copy the calendar first" in page_of(response)
    assert _counts(app, 2026) == {}
    assert head.post(f"/next-year/{demo.year.start_year}", data={"step": "everything"}).status_code == 400


def test_drafts_are_hidden_from_schools_until_made_ready(app, demo, signed_in, no_csrf):
    signed_in("head.holt").post(f"/next-year/{demo.year.start_year}", data={"step": "all"})
    with app.app_context():
        draft = db.session.scalar(select(Competition).where(Competition.copied_from_id ==
                                                            demo.competition("Easter Egg Decoration Competition")))
        draft_id, category_id = draft.id, draft.categories[1].id
        session_id = db.session.scalar(select(BookableSession.id).where(BookableSession.draft.is_(True)))
    staff = signed_in("staff.holt")
    staff.set_cookie("lang", "en")
    assert f"/competitions/{draft_id}\"" not in staff.get("/competitions/").get_data(as_text=True)
    assert staff.get(f"/competitions/{draft_id}").status_code == 404
    assert staff.post(f"/competitions/{draft_id}/entries/new", data={
        "category_id": category_id, "entrant_name": "Cerys M.", "year_group": "4", "title": "Egg"}).status_code == 404
    assert staff.get(f"/places/sessions/{session_id}").status_code == 404
    assert f"/places/sessions/{session_id}\"" not in staff.get("/places/").get_data(as_text=True)
    head = signed_in("head.holt")
    head.set_cookie("lang", "en")
    assert "Make it ready for schools" in page_of(head.get(f"/competitions/{draft_id}"))
    assert head.post(f"/competitions/{draft_id}/ready").status_code == 303
    assert staff.get(f"/competitions/{draft_id}").status_code == 200
    assert "Open it for requests" in page_of(head.get(f"/places/sessions/{session_id}"))
    assert head.post(f"/places/sessions/{session_id}/open").status_code == 303
    assert staff.get(f"/places/sessions/{session_id}").status_code == 200
    with app.app_context():
        assert not db.session.scalar(select(Entry.id).where(Entry.competition_id == draft_id))


def test_five_leaders_starting_the_year_at_once_make_one_of_everything(app, demo, live_server, no_csrf):
    leaders = [demo.user(f"head.{slug}") for slug in ("holt", "park", "the-rofft", "st-peters", "all-saints")]
    path = f"/next-year/{demo.year.start_year}"
    statuses = post_at_once(live_server, [(session_cookie(app, leader), path, {"step": "all"})
                                          for leader in leaders])
    assert statuses == [303] * 5
    made = _counts(app, 2026)
    assert made["activities"] == 51 and made["competitions"] == 8
    assert made["surveys"] == _counts(app, 2025)["surveys"] and made["sessions"] == _counts(app, 2025)["sessions"]


def test_only_leaders_start_a_year(demo, signed_in):
    for who in ("staff.holt", "governor"):
        assert signed_in(who).get(f"/next-year/{demo.year.start_year}").status_code == 403
    assert signed_in("head.holt").get("/next-year/1999").status_code == 404
    assert re.search(r"/next-year/2025", signed_in("head.holt").get("/calendar/darland/years").get_data(as_text=True))


def test_a_copied_survey_and_the_summary_set_figures_beside_the_year_before(app, demo, signed_in, no_csrf):
    head = signed_in("head.holt")
    head.set_cookie("lang", "en")
    head.post(f"/next-year/{demo.year.start_year}", data={"step": "all"})
    with app.app_context():
        copy_id = db.session.scalar(select(Survey.id).where(Survey.copied_from_id == demo.survey.id))
    page = page_of(head.get(f"/surveys/{copy_id}/results"))
    assert "Copied from “Your views on the event: Skills Day – Years 5 and 6” of a year before, which had 122" in page
    assert "a year before: 3." in page or "a year before: 4." in page  # the Skills Day's means
    # the summary: Autumn 1 beside Autumn 1 of 2024/25 rather than Summer 2
    page = page_of(head.get("/summary/?year=2025&period=autumn-1&compare=last-year"))
    assert "beside the same figure for Autumn 1 2024/25" in page
    exported = head.get("/summary/export/feedback.csv?year=2025&period=autumn-1&compare=last-year")
    assert exported.status_code == 200
    assert "beside the same figure for Summer 2 2024/25" in page_of(head.get("/summary/?year=2025&period=autumn-1"))
