"""The summary keeps the counts of surveys that closed two days ago or more (app/summaries/survey_figures.py):
whatever lets their responses change again (new dates, a new state, retention) shows on the next page."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.calendar.models import TermKind
from app.clusters.models import Cluster
from app.extensions import db
from app.summaries.periods import Period
from app.summaries.services import Scope, build_summary
from app.surveys.models import Response, Survey, SurveyState
from app.surveys.retention import delete_expired_responses
from tests.factories import add_school_year

TODAY = date(2025, 12, 1)
AUTUMN_1 = Period(2025, TermKind.AUTUMN, 1)
#: closed five weeks before TODAY: its counts are kept
CLOSED_ON = date(2025, 10, 20)


@pytest.fixture
def settled(app, make):
    """A cluster of two schools and a families' survey of Autumn 1, closed long ago, with 6 responses at each."""
    app.config["TODAY"] = TODAY.isoformat()
    cluster = make.cluster("kept")
    schools = [make.school(cluster.id, name_en=name, name_cy=name, slug=name.lower(), roll=50)
               for name in ("Alpha", "Beta")]
    survey = make.survey(cluster.id, [{"kind": "agreement"}], opens_on=date(2025, 10, 1), closes_on=CLOSED_ON)
    with make.session() as session:
        add_school_year(session, cluster.id)
        session.commit()
    with app.app_context():
        for school in schools:
            _respond(survey.id, school.id, 6)
    return cluster.id, survey.id, [school.id for school in schools]


def _respond(survey_id: int, school_id: int, count: int) -> None:
    """`count` more responses, stored as the database holds them (Send itself refuses a closed survey)."""
    stored = db.session.scalar(select(db.func.count(Response.id)))
    db.session.add_all(Response(survey_id=survey_id, school_id=school_id, language="en", submitted_on=TODAY,
                                submission_token=f"kept-{stored + number}") for number in range(count))
    db.session.commit()


def _families(app, cluster_id: int) -> dict[str, int | None]:
    """Families' responses per school of the Autumn 1 summary, and in all ("total"), as a new page counts them."""
    with app.test_request_context():
        scope = Scope.of_cluster(db.session.get(Cluster, cluster_id))
        table = build_summary(scope, AUTUMN_1, TODAY).table("feedback")
        figures = {row.label: row.cells["families_n"].value for row in table.rows}
        return {**figures, "total": table.total.cells["families_n"].value}


def test_a_closed_survey_given_new_dates_is_counted_again_with_its_late_responses(app, settled):
    cluster_id, survey_id, (alpha, _beta) = settled
    with app.app_context():
        assert _families(app, cluster_id)["Alpha"] == 6
        # reopened for a week, three late answers, then closed on its old day again: the same dates as when
        # its counts were kept, but not the same window
        survey = db.session.get(Survey, survey_id)
        survey.closes_on = TODAY + timedelta(days=7)
        db.session.commit()
        _respond(survey_id, alpha, 3)
        survey = db.session.get(Survey, survey_id)
        survey.closes_on = CLOSED_ON
        db.session.commit()
        figures = _families(app, cluster_id)
    assert figures["Alpha"] == 9 and figures["total"] == 15


def test_an_open_survey_is_counted_afresh_on_every_page(app, settled):
    cluster_id, survey_id, (alpha, _beta) = settled
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        survey.closes_on = TODAY  # open until tonight: answers still come
        db.session.commit()
        assert _families(app, cluster_id)["Alpha"] == 6
        _respond(survey_id, alpha, 2)
        assert _families(app, cluster_id)["Alpha"] == 8


def test_responses_deleted_by_retention_leave_the_summary_at_once(app, settled):
    cluster_id, survey_id, _schools = settled
    with app.app_context():
        assert _families(app, cluster_id)["total"] == 12
        app.config["SURVEY_RETENTION_MONTHS"] = 1  # CLOSED_ON is more than a month before TODAY
        delete_expired_responses()
        assert _families(app, cluster_id)["total"] == 0


def test_only_a_change_to_when_a_survey_takes_answers_moves_its_window_on(app, settled):
    _cluster_id, survey_id, _schools = settled
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        first = survey.window_revision
        survey.title_en = "A new title"
        db.session.commit()
        assert db.session.get(Survey, survey_id).window_revision == first
        db.session.get(Survey, survey_id).state = SurveyState.CLOSED
        db.session.commit()
        assert db.session.get(Survey, survey_id).window_revision == first + 1
