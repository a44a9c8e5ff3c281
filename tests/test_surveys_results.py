"""Survey results: counts per school and language, suppression of small groups in pages and
files, means, written answers, exports, and "You said, we did"."""

import csv
import html
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Response


@pytest.fixture
def leader(signed_in):
    client = signed_in("head.park")
    client.set_cookie("lang", "en")
    return client


def _csv(response) -> list[list[str]]:
    assert response.data.startswith("\ufeff".encode())  # so that Excel reads ŵ and ŷ
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _counts(app, survey_id) -> dict[str, int]:
    with app.app_context():
        from app.clusters.models import School
        rows = db.session.execute(select(School.slug, func.count(Response.id)).join(Response)
                                  .where(Response.survey_id == survey_id).group_by(School.slug)).all()
        return dict(rows)


def test_the_results_count_responses_per_school_and_hide_small_schools(app, leader, demo):
    counts = _counts(app, demo.survey.id)
    assert counts["holt"] == 3 and counts["park"] == 31
    page = html.unescape(leader.get(f"/surveys/{demo.survey.id}/results").text)
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="numeric">(.*?)</td>', page))
    assert rows["Park CP School"] == "31"
    assert "fewer than 5" in rows["Holt CP School"]
    assert "3" not in rows["Holt CP School"]
    # the response rate is against the school's roll, for families and pupils
    assert "9.7%" in page  # Park: 31 of 318


def test_one_small_schools_answers_are_not_shown_at_all(leader, demo):
    holt = demo.school("holt").id
    page = html.unescape(leader.get(f"/surveys/{demo.survey.id}/results?school={holt}").text)
    assert "There are fewer than 5 responses here, so the answers are not shown" in page
    assert "Mean: <strong>" not in page or "Mean: <strong><span class=\"suppressed\">" in page
    assert 'class="chart__bar"' not in page
    assert not re.search(r"\d+ written answers?", page)


def test_a_large_schools_answers_are_shown_with_charts_and_tables(leader, demo):
    park = demo.school("park").id
    page = leader.get(f"/surveys/{demo.survey.id}/results?school={park}").text
    assert 'class="chart__bar"' in page and 'role="img"' in page
    assert re.search(r"Mean: <strong>\d\.\d+</strong>", page)
    # every bar's figure is in a table beside the chart
    assert page.count("<caption") >= page.count('<svg class="chart"')


def test_means_by_school_suppress_the_small_school(leader, demo):
    page = html.unescape(leader.get(f"/surveys/{demo.survey.id}/results").text)
    section = page[page.index("Mean by school"):]
    holt_row = re.search(r"Holt CP School</th><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>", section)
    assert "fewer than 5" in holt_row.group(1) and "fewer than 5" in holt_row.group(2)


def test_written_answers_can_be_searched(leader, demo):
    page = leader.get(f"/surveys/{demo.survey.id}/results?q=notice").text
    texts = re.findall(r'<ul class="texts__list">(.*?)</ul>', page, re.S)
    found = re.findall(r"<li>([^<]+)</li>", "".join(texts))
    assert found and all("notice" in html.unescape(text).lower() for text in found)


def _answered_in_welsh(app, survey_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey_id,
                                                                        Response.language == "cy"))


def test_the_results_say_how_many_answered_in_each_language(app, leader, demo):
    page = html.unescape(leader.get(f"/surveys/{demo.survey.id}/results").text)
    assert f"in Welsh: {_answered_in_welsh(app, demo.survey.id)}" in page


def test_results_can_show_the_answers_given_in_one_language(app, leader, demo):
    page = html.unescape(leader.get(f"/surveys/{demo.survey.id}/results?language=cy").text)
    assert f"Responses: {_answered_in_welsh(app, demo.survey.id)}" in page
    assert "Mean by school" not in page  # the comparison of schools is for all answers


def test_the_live_count_is_a_fragment_htmx_refreshes(leader, demo):
    fragment = leader.get(f"/surveys/{demo.survey.id}/results/count").text
    assert fragment.lstrip().startswith('<div id="response-counts"') and 'hx-trigger="every 15s"' in fragment


def test_the_responses_file_has_a_row_per_response_and_no_small_school_by_name(app, leader, demo):
    rows = _csv(leader.get(f"/surveys/{demo.survey.id}/responses.csv?headers=both"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Ymateb / Response", "Ysgol / School", "Iaith / Language", "Dyddiad anfon / Date sent"]
    assert len(body) == sum(_counts(app, demo.survey.id).values())
    schools = {row[1] for row in body}
    assert "Holt CP School" not in schools and "Schools with fewer than 5 responses" in schools
    assert "Park CP School" in schools
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", row[3]) for row in body)  # a day, never a time


def test_the_excel_file_holds_the_same_as_the_csv(leader, demo):
    rows = _csv(leader.get(f"/surveys/{demo.survey.id}/responses.csv?headers=en"))
    workbook = load_workbook(io.BytesIO(leader.get(f"/surveys/{demo.survey.id}/responses.xlsx?headers=en").data))
    sheet = [[cell if cell is not None else "" for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    assert sheet == rows


def test_the_summary_file_suppresses_as_the_page_does(leader, demo):
    rows = _csv(leader.get(f"/surveys/{demo.survey.id}/summary.csv"))
    header = rows[0]
    holt = header.index("Holt CP School")
    park = header.index("Park CP School")
    assert {row[holt] for row in rows[1:]} == {"fewer than 5"}
    assert any(row[park].isdigit() for row in rows[1:])


def test_too_few_responses_cannot_be_downloaded(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}])
    response = leader.get(f"/surveys/{survey.id}/responses.csv", follow_redirects=True)
    assert "fewer than 5 responses, so they cannot be downloaded yet" in html.unescape(response.text)


def test_a_formula_typed_into_an_answer_stays_text_in_the_files(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    with app.app_context():
        for number in range(5):
            response = Response(survey_id=survey.id, school_id=demo.school("park").id, language="en",
                                submitted_on=date.today(), submission_token=f"formula-{number}")
            response.answers.append(Answer(question_id=survey.questions[0].id, text='=HYPERLINK("http://x")'))
            db.session.add(response)
        db.session.commit()
    rows = _csv(leader.get(f"/surveys/{survey.id}/responses.csv"))
    assert rows[1][-1] == "'=HYPERLINK(\"http://x\")"


def test_you_said_we_did_is_public_once_published(app, signed_in, make, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    family = app.test_client()
    family.set_cookie("lang", "cy")
    page = family.get(f"/you-said/{demo.survey.id}").text
    assert "byddwn yn anfon dyddiadau digwyddiadau" in html.unescape(page)
    assert "class=\"chart__bar\"" in page  # the headline figures of a large enough survey
    leader = signed_in("head.park")
    leader.post(f"/surveys/{demo.survey.id}/you-said", data={"you_said_en": "Done.", "you_said_cy": "Wedi'i wneud."})
    assert family.get(f"/you-said/{demo.survey.id}").status_code == 404  # unpublished again
    small = make.survey(demo.cluster.id, [{"kind": "yes_no"}])
    leader.post(f"/surveys/{small.id}/you-said", data={"you_said_en": "We listened.", "you_said_published": "y"})
    family.set_cookie("lang", "en")
    page = html.unescape(family.get(f"/you-said/{small.id}").text)
    assert "We listened." in page and "There were fewer than 5 responses, so the answers are not shown." in page


def test_staff_do_not_read_the_clusters_survey_results(signed_in, demo):
    assert signed_in("staff.park").get(f"/surveys/{demo.survey.id}/results").status_code == 403
    assert signed_in("staff.park").get(f"/surveys/{demo.survey.id}/responses.csv").status_code == 403
