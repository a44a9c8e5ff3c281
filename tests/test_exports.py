"""Every download opens: sheet names Excel accepts whatever a title holds, one charset, and the
files of surveys and summaries with hostile titles and names."""

import io

import pytest
from openpyxl import load_workbook

from app.auth.models import Role
from app.clusters.models import Cluster
from app.exports import SHEET_NAME_LIMIT, sheet_name
from app.surveys.models import Answer, Response, Survey
from app.tokens import new_token
from tests.conftest import sign_in_client
from tests.factories import TODAY

HOSTILE = ["Years 5/6 feedback", "Quick feedback: Skills Day", "What? Why?", "[draft] *urgent*", "a\\b",
           "'quoted'", "History", "", "   ", "ŵŷ " * 20, "=HYPERLINK(\"x\")", "tab\there", "\x07bell"]


@pytest.mark.parametrize("title", HOSTILE)
def test_a_sheet_name_is_one_excel_accepts(title):
    name = sheet_name(title)
    assert 0 < len(name) <= SHEET_NAME_LIMIT
    assert not set(name) & set("[]:*?/\\") and not name.startswith("'") and not name.endswith("'")
    assert name.casefold() != "history" and all(ord(character) >= 32 for character in name)


def test_sheet_names_are_unique_within_a_workbook():
    assert sheet_name("Feedback", {"feedback"}) == "Feedback (2)"
    assert sheet_name("x" * 40, {"x" * 31}) == "x" * 27 + " (2)"


@pytest.mark.parametrize("title", ["Years 5/6: feedback? [all] *", "Skills Day: feedback", "History"])
def test_the_responses_workbook_of_a_survey_with_a_hostile_title_opens(app, make, demo, signed_in, title):
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    with make.session() as session:
        session.get(Survey, survey.id).title_en = title
        for school in ("park", "the-rofft"):
            for _ in range(5):
                session.add(Response(survey_id=survey.id, school_id=demo.school(school).id, language="en",
                                     submitted_on=TODAY, submission_token=new_token(),
                                     answers=[Answer(question_id=survey.questions[0].id, text="ok\x0bthen")]))
        session.commit()
    leader = signed_in("head.park")
    leader.set_cookie("lang", "en")
    for query in ("headers=en", "headers=both"):
        response = leader.get(f"/surveys/{survey.id}/responses.xlsx?{query}")
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.data))
        assert workbook.active.max_row == 11 and workbook.active["E2"].value == "okthen"
    for path in (f"/surveys/{survey.id}/responses.csv", f"/surveys/{survey.id}/summary.csv"):
        response = leader.get(path)
        assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_the_summary_workbooks_of_a_cluster_with_a_hostile_name_open(app, make, demo, signed_in):
    with make.session() as session:
        session.get(Cluster, demo.cluster.id).name_en = "Darland / Wrexham: [north] *"
        session.commit()
    leader = signed_in("head.park")
    leader.set_cookie("lang", "en")
    for table in ("feedback", "participation", "delivery", "actions"):
        workbook = leader.get(f"/summary/export/{table}.xlsx?year={demo.year.start_year}")
        assert workbook.status_code == 200
        load_workbook(io.BytesIO(workbook.data))
        text = leader.get(f"/summary/export/{table}.csv?year={demo.year.start_year}")
        assert text.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two


def test_the_officers_workbook_of_an_authority_opens(app, make, demo):
    officer = sign_in_client(app.test_client(), make.user(Role.OFFICER, authority_id=demo.authority.id))
    workbook = officer.get(f"/summary/export/feedback.xlsx?year={demo.year.start_year}")
    assert workbook.status_code == 200
    load_workbook(io.BytesIO(workbook.data))
