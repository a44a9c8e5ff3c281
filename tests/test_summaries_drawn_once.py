"""The summary's tables are drawn once per version of the data (app/data_version.py) and kept: every way the
data changes gives the next page the new figures, and what the summary never counts leaves the kept page."""

import re
from datetime import date

import pytest
from sqlalchemy import event, select, update

from app.auth.models import Role
from app.calendar.models import Strand, TermKind
from app.data_version import DataVersion, data_version
from app.extensions import db
from app.summaries import routes as summary_routes
from app.summaries.models import Action, ActionStatus, LeadershipMeeting
from app.surveys.models import Draft, Response, SurveyLink
from tests.conftest import sign_in_client
from tests.factories import add_school_year
from tests.reading import page_of

TODAY = date(2025, 12, 1)
PAGE = "/summary/?year=2025&period=autumn-2"


@pytest.fixture
def cluster(app, make, client):
    """A cluster of two schools with a leadership meeting of Autumn 1 and one open action of Alpha's;
    `client` signed in as Alpha's head. Yields (cluster id, Alpha's id, the meeting's id)."""
    app.config["TODAY"] = TODAY.isoformat()
    made = make.cluster("kept")
    alpha = make.school(made.id, name_en="Alpha", name_cy="Alffa", slug="alpha", roll=100)
    make.school(made.id, name_en="Beta", name_cy="Beta", slug="beta", roll=40)
    with make.session() as session:
        year = add_school_year(session, made.id)
        autumn_1 = next(half for half in year.half_terms if half.term.kind == TermKind.AUTUMN and half.number == 1)
        meeting = LeadershipMeeting(cluster_id=made.id, held_on=date(2025, 10, 20), half_term_id=autumn_1.id)
        session.add(meeting)
        session.flush()
        _add_action(session, made.id, meeting.id, alpha.id)
        session.commit()
        meeting_id = meeting.id
    sign_in_client(client, make.user(Role.LEADER, cluster_id=made.id, school_id=alpha.id))
    return made.id, alpha.id, meeting_id


def _add_action(session, cluster_id: int, meeting_id: int, school_id: int) -> None:
    session.add(Action(cluster_id=cluster_id, meeting_id=meeting_id, text_en="Share the reading scheme",
                       owner_school_id=school_id, strand=Strand.TEACHING_LEARNING, due_on=date(2025, 11, 20)))


def _figure(page: str, table: str, row: str, column: str) -> str:
    """The figure a table of the page shows in a row, under a column heading."""
    section = page[page.index(f'<section class="summary-table" id="{table}"'):]
    section = section[:section.index("</section>")]
    cells = re.search(rf'<th scope="row" role="rowheader">\s*{re.escape(row)}\s*</th>(.*?)</tr>', section, re.S)
    return re.search(rf'data-label="{re.escape(column)}"><span class="[^"]*">([^<]*)</span>', cells.group(1)).group(1)


def _open_actions(client) -> str:
    return _figure(page_of(client.get(PAGE, headers={"Accept-Language": "en"})), "actions", "Alpha", "Open")


def _without_csrf_tokens(page: str) -> str:
    return re.sub(r'(X-CSRFToken": "|name="csrf_token" value=")[^"]+', r"\1", page)


def _version(app) -> str | None:
    with app.app_context():
        return data_version()


def test_the_tables_are_drawn_once_and_the_same_page_kept_for_the_next_reader(app, cluster, client):
    statements = []
    with app.app_context():
        engine = db.engine
    count = lambda *_arguments: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", count)
    try:
        first = client.get(PAGE, headers={"Accept-Language": "en"}).get_data(as_text=True)
        drawn = len(statements)
        statements.clear()
        again = client.get(PAGE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # the same page, but for the session's CSRF token, signed with the second it was signed in
    assert _without_csrf_tokens(again) == _without_csrf_tokens(first)
    # the figures' own statements (a dozen) are not run again: the version, the filters' years and
    # period, the half terms and the survey counts are
    assert len(statements) <= drawn - 10
    # another language, and htmx asking for the tables alone, are the same tables drawn as they show
    welsh = page_of(client.get(PAGE, headers={"Accept-Language": "cy"}))
    assert _figure(welsh, "actions", "Alffa", "Ar agor") == "1"
    swapped = client.get(PAGE, headers={"Accept-Language": "en", "HX-Request": "true"}).get_data(as_text=True)
    tables = again[again.index('<div id="summary-results"'):]
    assert swapped.startswith(tables[:tables.index("</section>")])


def test_the_kept_filters_show_each_address_its_own_choices(app, cluster, client):
    def selected(path: str, language: str = "en") -> list[str]:
        page = page_of(client.get(path, headers={"Accept-Language": language}))
        form = page[page.index('<form class="filters filters--summary"'):]
        form = form[:form.index("</form>")]
        return re.findall(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', form)

    def values(path: str, language: str = "en") -> list[str]:
        return [first or second for first, second in selected(path, language)]

    assert values(PAGE) == ["2025", "autumn-2", ""]
    assert values(PAGE) == ["2025", "autumn-2", ""]  # kept, and the same
    assert values(PAGE + "&compare=last-year") == ["2025", "autumn-2", "last-year"]
    assert values("/summary/?year=2025&period=spring") == ["2025", "spring", ""]
    welsh = page_of(client.get(PAGE, headers={"Accept-Language": "cy"}))
    assert "Blwyddyn academaidd" in welsh and "Academic year" not in welsh


def test_a_change_through_the_orm_shows_on_the_next_page(app, make, cluster, client):
    cluster_id, alpha_id, meeting_id = cluster
    assert _open_actions(client) == "1"
    before = _version(app)
    with make.session() as session:
        _add_action(session, cluster_id, meeting_id, alpha_id)
        session.commit()
    assert _version(app) != before
    assert _open_actions(client) == "2"


def test_a_statement_run_through_the_session_shows_on_the_next_page(app, cluster, client):
    assert _open_actions(client) == "1"
    with app.app_context():
        db.session.execute(update(Action).values(status=ActionStatus.DONE))
        db.session.commit()
    assert _open_actions(client) == "0"


def test_a_write_between_the_version_and_the_figures_is_on_the_page_after(app, make, cluster, client, monkeypatch):
    """The version is read before the figures: figures newer than their version are kept under it, never
    figures older than theirs (on PostgreSQL each statement sees what is committed when it runs)."""
    cluster_id, alpha_id, meeting_id = cluster
    drawing = summary_routes.summary_of

    def another_write_first(basis, today):
        with make.session() as session:
            _add_action(session, cluster_id, meeting_id, alpha_id)
            session.commit()
        monkeypatch.setattr(summary_routes, "summary_of", drawing)
        return drawing(basis, today)

    monkeypatch.setattr(summary_routes, "summary_of", another_write_first)
    assert _open_actions(client) in ("1", "2")  # which, depends on the database's isolation
    assert _open_actions(client) == "2"


def test_a_rollback_leaves_the_version_and_a_savepoint_rolled_back_does_not_lose_the_rest(app, cluster):
    cluster_id, alpha_id, meeting_id = cluster
    before = _version(app)
    with app.app_context():
        _add_action(db.session, cluster_id, meeting_id, alpha_id)
        db.session.flush()
        db.session.rollback()
        assert data_version() == before
        _add_action(db.session, cluster_id, meeting_id, alpha_id)
        with db.session.begin_nested() as savepoint:
            db.session.add(Action(cluster_id=cluster_id, meeting_id=meeting_id, text_en="Tried",
                                  strand=Strand.WELLBEING, due_on=date(2025, 11, 1)))
            db.session.flush()
            savepoint.rollback()
        db.session.commit()
        assert data_version() != before
        assert db.session.scalar(select(db.func.count(Action.id))) == 2


def test_what_the_summary_never_counts_leaves_the_version_and_responses_still_show(app, make, cluster, client):
    cluster_id, alpha_id, _meeting_id = cluster
    survey = make.survey(cluster_id, [{"kind": "agreement"}], opens_on=date(2025, 11, 10),
                         closes_on=date(2025, 12, 19))
    page = page_of(client.get(PAGE, headers={"Accept-Language": "en"}))
    assert _figure(page, "feedback", "Alpha", "Families' responses") == "0"
    before = _version(app)
    with app.app_context():
        # a family's draft and five responses (Send writes these), as the survey is still open
        link = db.session.scalar(select(SurveyLink).where(SurveyLink.survey_id == survey.id,
                                                          SurveyLink.school_id == alpha_id))
        db.session.add(Draft(token="drawn-once-draft", link_id=link.id, answers={"1": 5}))
        db.session.add_all(Response(survey_id=survey.id, school_id=alpha_id, language="en", submitted_on=TODAY,
                                    submission_token=f"drawn-once-{number}") for number in range(5))
        db.session.commit()
        assert db.session.get(DataVersion, "summary").token == before
    # the responses are read for the page's key: the kept tables are not shown for them
    page = page_of(client.get(PAGE, headers={"Accept-Language": "en"}))
    assert _figure(page, "feedback", "Alpha", "Families' responses") == "5"
    assert _version(app) == before  # the sign-in's last seen, and the page itself, wrote no version
