"""The leadership summary: every cell of a hand-built cluster with known numbers, suppression,
the change against last period, sorting, exports equal to the page, and who sees what."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role
from app.bookings.places.models import BookableSession, PlaceAttendance, PlaceRequest
from app.bookings.resources.models import Resource, ResourceBooking, ResourceKind
from app.calendar.models import Activity, ActivityKind, ActivityStatus, Strand, TermKind
from app.clusters.models import Cluster
from app.competitions.models import Category, Competition, Entry, Place
from app.disclosure import Hidden
from app.extensions import db
from app.summaries.exports import table_rows
from app.summaries.models import Action, ActionStatus, LeadershipMeeting
from app.summaries.periods import Period
from app.summaries.services import Scope, build_summary
from app.surveys.models import Answer, Response
from tests.factories import add_school_year
from tests.reading import page_of

TODAY = date(2025, 12, 1)
AUTUMN_2 = Period(2025, TermKind.AUTUMN, 2)


def _moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)  # November: Welsh time is UTC


@pytest.fixture
def known(app, make):
    """Alpha (100 on roll), Beta (40) and Delta (60) in one cluster, with figures counted by hand below."""
    cluster = make.cluster("known")
    alpha = make.school(cluster.id, name_en="Alpha", name_cy="Alffa", slug="alpha", roll=100)
    beta = make.school(cluster.id, name_en="Beta", name_cy="Beta", slug="beta", roll=40)
    delta = make.school(cluster.id, name_en="Delta", name_cy="Delta", slug="delta", roll=60)
    # a survey counts in the half term it opened in
    autumn_1_survey = make.survey(cluster.id, [{"kind": "agreement"}, {"kind": "smiley_3"}],
                                  opens_on=date(2025, 10, 1), closes_on=date(2025, 11, 20))
    autumn_2_survey = make.survey(cluster.id, [{"kind": "agreement"}, {"kind": "smiley_3"}],
                                  opens_on=date(2025, 11, 10), closes_on=date(2025, 12, 19))
    with make.session() as session:
        year = add_school_year(session, cluster.id)
        halves = {(half.term.kind, half.number): half for half in year.half_terms}
        autumn = year.terms[0]

        def respond(survey, school, day, scores):
            scale, smiley = survey.questions
            for score in scores:
                response = Response(survey_id=survey.id, school_id=school.id, language="cy", submitted_on=day,
                                    submission_token=f"t{session.scalar(select(db.func.count(Response.id)))}")
                response.answers = [Answer(question_id=scale.id, number=score),
                                    Answer(question_id=smiley.id, number=1)]  # three-point: not in the mean
                session.add(response)
                session.flush()

        respond(autumn_2_survey, alpha, date(2025, 11, 10), [5, 4, 4, 3, 5, 3])   # 6, mean 4.0
        respond(autumn_2_survey, beta, date(2025, 11, 11), [1, 2, 3])              # 3: too few to show
        respond(autumn_2_survey, delta, date(2025, 11, 12), [3, 3, 3, 3, 3])      # hidden beside Beta
        # answered in Autumn 2, but the survey opened in Autumn 1: counted there
        respond(autumn_1_survey, alpha, date(2025, 11, 3), [2, 2, 2, 2, 2])       # 5, mean 2.0

        def activity(title, strand, status, half=None, starts_on=None):
            made = Activity(cluster_id=cluster.id, academic_year_id=year.id, term_id=autumn.id,
                            half_term_id=halves[half].id if half else None, strand=strand,
                            kind=ActivityKind.EVENT, title_en=title, title_cy=title, status=status,
                            starts_on=starts_on)
            session.add(made)
            return made

        event = activity("Sports day", Strand.WELLBEING, ActivityStatus.DONE, (TermKind.AUTUMN, 2),
                         date(2025, 11, 10))
        activity("INSET", Strand.TEACHING_LEARNING, ActivityStatus.PLANNED, (TermKind.AUTUMN, 2))
        activity("Reading week", Strand.TEACHING_LEARNING, ActivityStatus.PLANNED, None, date(2025, 12, 1))
        activity("Choir", Strand.WELLBEING, ActivityStatus.CANCELLED, (TermKind.AUTUMN, 2))
        activity("Harvest", Strand.WELLBEING, ActivityStatus.DONE, (TermKind.AUTUMN, 1))
        activity("Leadership work", Strand.LEADERSHIP, ActivityStatus.PLANNED)  # the term, no half term
        session.flush()

        competition = Competition(activity_id=event.id, title_en="Art", title_cy="Celf",
                                  opens_on=date(2025, 11, 3), closes_on=date(2025, 11, 20), cap_per_school=5)
        competition.categories = [Category(name_en="All", name_cy="Pawb")]
        session.add(competition)
        session.flush()
        category = competition.categories[0]
        for school, place, withdrawn in ((alpha, Place.FIRST, False), (alpha, Place.COMMENDED, False),
                                         (alpha, None, False), (beta, Place.SECOND, False), (beta, None, True)):
            session.add(Entry(competition_id=competition.id, category_id=category.id, school_id=school.id,
                              entrant_name="Ann B", title="Art", place=place,
                              withdrawn_at=_moment(date(2025, 11, 5), 9) if withdrawn else None))

        places = BookableSession(activity_id=event.id, held_on=date(2025, 11, 10), capacity=30,
                                 book_by=date(2025, 11, 1))
        session.add(places)
        session.flush()
        session.add_all([
            PlaceRequest(session_id=places.id, school_id=alpha.id, places=12, confirmed=10, waiting=2,
                         places_asked=12),
            PlaceRequest(session_id=places.id, school_id=beta.id, places=4, confirmed=4, waiting=0, places_asked=4),
            PlaceRequest(session_id=places.id, school_id=beta.id, places=6, confirmed=6, waiting=0, places_asked=6,
                         cancelled_at=_moment(date(2025, 11, 2), 9)),
            PlaceAttendance(session_id=places.id, school_id=alpha.id, places_used=8),
            PlaceAttendance(session_id=places.id, school_id=beta.id, places_used=4),
        ])
        minibus = Resource(cluster_id=cluster.id, owner_school_id=alpha.id, kind=ResourceKind.VEHICLE,
                           name_en="Minibus", name_cy="Bws mini", capacity=16)
        session.add(minibus)
        session.flush()
        session.add_all([
            ResourceBooking(resource_id=minibus.id, school_id=alpha.id, starts_at=_moment(date(2025, 11, 12), 9),
                            ends_at=_moment(date(2025, 11, 12), 12)),
            ResourceBooking(resource_id=minibus.id, school_id=beta.id, starts_at=_moment(date(2025, 11, 13), 9),
                            ends_at=_moment(date(2025, 11, 13), 10)),
            ResourceBooking(resource_id=minibus.id, school_id=beta.id, starts_at=_moment(date(2025, 11, 14), 9),
                            ends_at=_moment(date(2025, 11, 14), 15), cancelled_at=_moment(date(2025, 11, 1), 9)),
        ])

        meeting = LeadershipMeeting(cluster_id=cluster.id, held_on=date(2025, 10, 20),
                                    half_term_id=halves[(TermKind.AUTUMN, 1)].id)
        meeting.actions = [
            Action(cluster_id=cluster.id, text_en="Due this half term", owner_school_id=alpha.id,
                   strand=Strand.WELLBEING, due_on=date(2025, 11, 15)),
            Action(cluster_id=cluster.id, text_en="Done already", owner_school_id=alpha.id,
                   strand=Strand.WELLBEING, due_on=date(2025, 11, 1), status=ActionStatus.DONE),
            Action(cluster_id=cluster.id, text_en="For the group, in spring", strand=Strand.LEADERSHIP,
                   due_on=date(2026, 3, 1)),
        ]
        session.add(meeting)
        session.commit()
    return cluster, alpha, beta, delta


def _summary(cluster_id: int, period: Period = AUTUMN_2):
    cluster = db.session.get(Cluster, cluster_id)
    return build_summary(Scope.of_cluster(cluster), period, TODAY)


def _cells(table, row_label):
    """{column key: (shown value or 'hidden', change)} of one row."""
    row = next(row for row in table.rows + [table.total] if row.label == row_label)
    return {key: ("hidden" if cell.suppressed else cell.value, cell.change) for key, cell in row.cells.items()}


def test_every_feedback_cell_of_the_known_cluster(app, known):
    cluster, *_schools = known
    with app.test_request_context(headers={"Accept-Language": "en"}):
        feedback = _summary(cluster.id).table("feedback")
        # no pupils or staff answered: 0, not "fewer than 5"
        assert _cells(feedback, "Alpha") == {
            "pupils_n": (0, 0), "pupils_rate": (0.0, 0.0), "pupils_mean": (None, None),
            "families_n": (6, 1), "families_rate": (6.0, 1.0), "families_mean": (4.0, 2.0),
            "staff_n": (0, 0)}
        # three responses: nothing about Beta's families is shown, nor a change that would tell it;
        # Delta, the next smallest, is hidden too, or the total would give Beta away
        for school in ("Beta", "Delta"):
            assert _cells(feedback, school)["families_n"] == ("hidden", None)
            assert _cells(feedback, school)["families_rate"] == ("hidden", None)
            assert _cells(feedback, school)["families_mean"] == ("hidden", None)
        # both read "hidden": which is the small one is not said
        assert {row.cells["families_n"].hidden for row in feedback.rows if row.label in ("Beta", "Delta")} \
            == {Hidden.IN_SET}
        total = _cells(feedback, "All schools")
        assert total["families_n"] == (14, 9)
        assert total["families_rate"] == (7.0, 4.5)  # 14 of 200 on roll; 5 of 200 before
        assert total["families_mean"] == (3.21, 1.21)  # (24 + 6 + 15) / 14 against 10 / 5
        trend = {point.period.slug: (point.pupils.value, point.families.value)
                 for point in _summary(cluster.id).trend}
        assert trend == {"autumn-1": (0, 5), "autumn-2": (0, 14), "spring-1": (0, 0),
                         "spring-2": (0, 0), "summer-1": (0, 0), "summer-2": (0, 0)}


def test_every_participation_delivery_and_action_cell(app, known):
    cluster, *_schools = known
    with app.test_request_context(headers={"Accept-Language": "en"}):
        summary = _summary(cluster.id)
        participation = summary.table("participation")
        assert _cells(participation, "Alpha") == {
            "entries": (3, 3), "placed": (1, 1), "places_booked": (12, 12), "places_confirmed": (10, 10),
            "places_used": (8, 8),
            "places_used_rate": (80.0, None), "vehicle_hours": (3.0, 3.0), "vehicle_share": (75.0, None),
            "room_hours": (0, 0), "practice_shared": (0, 0),
            "visits_made": (0, 0), "visits_received": (0, 0)}
        # the withdrawn entry, the cancelled request and the cancelled booking count for nothing
        assert _cells(participation, "Beta") == {
            "entries": (1, 1), "placed": (1, 1), "places_booked": (4, 4), "places_confirmed": (4, 4),
            "places_used": (4, 4),
            "places_used_rate": (100.0, None), "vehicle_hours": (1.0, 1.0), "vehicle_share": (25.0, None),
            "room_hours": (0, 0), "practice_shared": (0, 0),
            "visits_made": (0, 0), "visits_received": (0, 0)}
        assert _cells(participation, "All schools")["entries"] == (4, 4)

        delivery = summary.table("delivery")
        assert _cells(delivery, "Teaching and learning") == {"planned": (2, 2), "done": (0, 0), "cancelled": (0, 0)}
        assert _cells(delivery, "Wellbeing, equity and inclusion") == {
            "planned": (0, 0), "done": (1, 0), "cancelled": (1, 1)}
        assert _cells(delivery, "Leadership")["planned"] == (0, 0)  # whole-term work is not in a half term
        assert _cells(delivery, "All activities") == {"planned": (2, 2), "done": (1, 0), "cancelled": (1, 1)}
        autumn = _summary(cluster.id, Period(2025, TermKind.AUTUMN)).table("delivery")
        assert _cells(autumn, "All activities") == {"planned": (3, 3), "done": (2, 2), "cancelled": (1, 1)}

        actions = summary.table("actions")
        assert _cells(actions, "Alpha") == {"open": (1, None), "due": (1, 1), "overdue": (1, None)}
        assert _cells(actions, "The group, or a person") == {"open": (1, None), "due": (0, 0), "overdue": (0, None)}
        assert _cells(actions, "All actions")["open"] == (2, None)


def test_periods_step_back_across_terms_and_years():
    assert Period(2025, TermKind.AUTUMN, 1).previous() == Period(2024, TermKind.SUMMER, 2)
    assert Period(2025, TermKind.SPRING, 1).previous() == Period(2025, TermKind.AUTUMN, 2)
    assert Period(2025, TermKind.SPRING, 2).previous() == Period(2025, TermKind.SPRING, 1)
    assert Period(2025, TermKind.AUTUMN).previous() == Period(2024, TermKind.SUMMER)
    assert Period(2025).previous() == Period(2024)
    assert Period.from_slug(2025, "autumn-2") == AUTUMN_2
    assert Period.from_slug(2025, "winter") is None
    assert Period.from_slug(2025, "autumn-3") is None


def _leader_of(make, cluster_id, school_id):
    return make.user(Role.LEADER, cluster_id=cluster_id, school_id=school_id)


def test_the_page_and_its_exports_show_the_same_figures(app, make, known, client):
    cluster, alpha, *_others = known
    app.config["TODAY"] = TODAY.isoformat()
    from tests.conftest import sign_in_client
    sign_in_client(client, _leader_of(make, cluster.id, alpha.id))
    page = page_of(client.get("/summary/?year=2025&period=autumn-2", headers={"Accept-Language": "en"}))
    assert "Autumn 2 2025/26" in page and "Autumn 1 2025/26" in page
    assert "▲ 2" in page  # the families' mean at Alpha rose from 2.0 to 4.0
    assert "hidden" in page

    with app.test_request_context(headers={"Accept-Language": "en"}):
        expected = table_rows(_summary(cluster.id).table("feedback"))
    exported = client.get("/summary/export/feedback.csv?year=2025&period=autumn-2",
                          headers={"Accept-Language": "en"})
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig")))) == expected
    for row in expected[1:]:
        for text in row:
            assert text in page  # every figure of the file is on the page

    workbook = client.get("/summary/export/feedback.xlsx?year=2025&period=autumn-2",
                          headers={"Accept-Language": "en"})
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    assert [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)] == expected

    assert client.get("/summary/export/nothing.csv?year=2025").status_code == 404
    assert client.get("/summary/export/feedback.pdf?year=2025").status_code == 404


def test_the_page_in_welsh_with_its_arrows(app, make, known, client):
    cluster, alpha, *_others = known
    app.config["TODAY"] = TODAY.isoformat()
    from tests.conftest import sign_in_client
    sign_in_client(client, _leader_of(make, cluster.id, alpha.id))
    page = page_of(client.get("/summary/?year=2025&period=autumn-2", headers={"Accept-Language": "cy"}))
    assert "Hydref 2 2025/26" in page
    assert "cudd" in page
    assert "Alffa" in page


def test_sorting_by_a_column_keeps_the_total_last(app, make, known, client):
    cluster, alpha, *_others = known
    from tests.conftest import sign_in_client
    sign_in_client(client, _leader_of(make, cluster.id, alpha.id))
    ascending = page_of(client.get("/summary/?year=2025&period=autumn-2&sort=participation.entries:asc",
                                   headers={"Accept-Language": "en"}))
    table = ascending[ascending.index("Participation: Autumn 2"):]
    assert table.index("Beta") < table.index("Alpha") < table.index("All schools")
    assert 'aria-sort="ascending"' in ascending
    descending = page_of(client.get("/summary/?year=2025&period=autumn-2&sort=participation.entries:desc",
                                    headers={"Accept-Language": "en"}))
    table = descending[descending.index("Participation: Autumn 2"):]
    assert table.index("Alpha") < table.index("Beta") < table.index("All schools")
    # nonsense in the address is ignored, not a 500
    assert client.get("/summary/?year=abc&period=nonsense&sort=x.y:z").status_code == 200


def test_an_officer_sees_one_row_per_cluster_and_only_their_own_authority(app, make, demo, known, client):
    cluster, *_schools = known
    with make.session() as session:
        authority_id = session.get(Cluster, cluster.id).authority_id
    second = make.cluster("second", authority_id=authority_id)
    make.school(second.id, name_en="Gamma")
    officer = make.user(Role.OFFICER, authority_id=authority_id)
    from tests.conftest import sign_in_client
    sign_in_client(client, officer)
    page = page_of(client.get("/summary/?year=2025&period=autumn-2", headers={"Accept-Language": "en"}))
    assert "Cluster known" in page and "Cluster second" in page
    assert "Darland" not in page  # another authority's cluster
    assert "Alpha" not in page  # one row per cluster: schools only in the drill-down
    drill = page_of(client.get("/summary/clusters/known/?year=2025&period=autumn-2",
                               headers={"Accept-Language": "en"}))
    assert "Alpha" in drill and "Back to every cluster" in drill
    assert client.get("/summary/clusters/darland/").status_code == 404

    # a leader cannot open another cluster's summary, whatever the address says
    leader = sign_in_client(app.test_client(), demo.user("head.holt"))
    assert leader.get("/summary/clusters/known/").status_code == 404
    assert "Alpha" not in page_of(leader.get("/summary/?year=2025"))


def test_each_cluster_of_an_authority_is_counted_in_its_own_half_term(app, make, known):
    cluster, *_schools = known
    with make.session() as session:
        authority_id = session.get(Cluster, cluster.id).authority_id
    later = make.cluster("later", authority_id=authority_id)
    gamma = make.school(later.id, name_en="Gamma", roll=50)
    # one survey opened on 5 November, in Cluster known's Autumn 2 but in Cluster later's half-term
    # break; one on 22 December, after known's Autumn 2 and inside later's
    in_the_break = make.survey(later.id, [{"kind": "agreement"}], opens_on=date(2025, 11, 5),
                               closes_on=date(2025, 11, 30))
    at_the_end = make.survey(later.id, [{"kind": "agreement"}], opens_on=date(2025, 12, 22),
                             closes_on=date(2025, 12, 31))
    with make.session() as session:
        add_school_year(session, later.id, later_by=timedelta(days=7))  # its Autumn 2: 10 November to 26 December
        for number, (survey, score) in enumerate([(in_the_break, 1)] * 5 + [(at_the_end, 5)] * 6):
            session.add(Response(survey_id=survey.id, school_id=gamma.id, language="en",
                                 submitted_on=survey.opens_on, submission_token=f"later-{number}",
                                 answers=[Answer(question_id=survey.questions[0].id, number=score)]))
        session.commit()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        authority = db.session.get(Cluster, cluster.id).authority
        feedback = build_summary(Scope.of_authority(authority), AUTUMN_2, TODAY).table("feedback")
        assert _cells(feedback, "Cluster later")["families_n"] == (6, 6)  # none in its Autumn 1
        assert _cells(feedback, "Cluster later")["families_mean"] == (5.0, None)
        # a cluster's figures are sums of whole surveys: nothing to hide, even where a school is hidden
        assert _cells(feedback, "Cluster known")["families_n"] == (14, 9)
        assert _cells(feedback, "All clusters")["families_n"] == (20, 15)


def test_staff_and_families_do_not_see_the_summary(demo, signed_in, client):
    assert signed_in("staff.holt").get("/summary/").status_code == 403
    assert client.get("/summary/").status_code in (302, 303)
