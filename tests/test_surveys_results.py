"""Survey results: counts per school and language, suppression of small groups in pages and
files, means, written answers, exports, and "You said, we did"."""

import csv
import html
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Response
from tests.factories import TODAY


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
    assert "hidden" in rows["Holt CP School"]
    assert "3" not in rows["Holt CP School"]
    # the response rate is against the school's roll, for families and pupils
    assert "9.7%" in page  # Park: 31 of 318


def test_one_small_schools_answers_are_not_shown_at_all(leader, demo):
    holt = demo.school("holt").id
    page = html.unescape(leader.get(f"/surveys/{demo.survey.id}/results?school={holt}").text)
    assert "These answers are hidden: this group had fewer than 5 responses, or is hidden beside one" in page
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
    assert "hidden" in holt_row.group(1) and "hidden" in holt_row.group(2)


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


def _body(rows: list[list[str]]) -> list[list[str]]:
    """The rows of responses: those between the header and the blank line before the notes."""
    return rows[1:rows.index([])] if [] in rows else rows[1:]


def test_the_responses_file_has_a_row_per_response_and_no_small_school_by_name(app, leader, demo):
    rows = _csv(leader.get(f"/surveys/{demo.survey.id}/responses.csv?headers=both"))
    header, body = rows[0], _body(rows)
    assert header[:4] == ["Ymateb / Response", "Ysgol / School", "Iaith / Language", "Dyddiad anfon / Date sent"]
    assert len(body) == sum(_counts(app, demo.survey.id).values())
    schools = {row[1] for row in body}
    # Holt (3) and the next smallest, Darland High (18), are one pool: never Holt's rows alone
    assert "Holt CP School" not in schools and "Darland High School" not in schools
    pooled = [row for row in body if row[1] == "Schools whose figures are hidden (2 schools)"]
    assert len(pooled) == 3 + 18
    assert "Park CP School" in schools
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", row[3]) for row in body)  # a day, never a time
    assert any("labelled together, not by school" in row[0] for row in rows[len(body) + 2:])


def test_the_excel_file_holds_the_same_as_the_csv(leader, demo):
    rows = _csv(leader.get(f"/surveys/{demo.survey.id}/responses.csv?headers=en"))
    workbook = load_workbook(io.BytesIO(leader.get(f"/surveys/{demo.survey.id}/responses.xlsx?headers=en").data))
    sheet = [[cell if cell is not None else "" for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    assert [_without_trailing_blanks(row) for row in sheet] == [_without_trailing_blanks(row) for row in rows]


def _without_trailing_blanks(row: list) -> list:
    while row and row[-1] == "":
        row = row[:-1]
    return row


def test_the_summary_file_hides_as_the_page_does(leader, demo):
    rows = _csv(leader.get(f"/surveys/{demo.survey.id}/summary.csv"))
    header = rows[0]
    holt, high, park = (header.index(name) for name in ("Holt CP School", "Darland High School", "Park CP School"))
    body = _body(rows)
    assert {row[holt] for row in body} == {row[high] for row in body} == {"hidden"}
    assert any(row[park].isdigit() for row in body)
    assert "next smallest school is hidden beside it" in rows[-1][0]


def _answered(app, survey, per_school: dict, language: str = "en", start: int = 0):
    """`per_school` ({school: how many}) responses to a one-question survey, each answering 1."""
    with app.app_context():
        number = start
        for school, count in per_school.items():
            for _ in range(count):
                number += 1
                response = Response(survey_id=survey.id, school_id=school.id, language=language,
                                    submitted_on=TODAY, submission_token=f"answered-{survey.id}-{number}")
                response.answers.append(Answer(question_id=survey.questions[0].id, number=1))
                db.session.add(response)
        db.session.commit()
    return number


def test_too_few_responses_cannot_be_downloaded(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}])
    assert _csv(leader.get(f"/surveys/{survey.id}/responses.csv")) [1:] == []  # nobody yet: a heading only
    _answered(app, survey, {demo.school("park"): 3})
    response = leader.get(f"/surveys/{survey.id}/responses.csv", follow_redirects=True)
    assert "fewer than 5 responses, so they cannot be downloaded yet" in html.unescape(response.text)


def test_a_formula_typed_into_an_answer_stays_text_in_the_files(app, leader, make, demo):
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}])
    with app.app_context():
        for number in range(5):
            response = Response(survey_id=survey.id, school_id=demo.school("park").id, language="en",
                                submitted_on=TODAY, submission_token=f"formula-{number}")
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
    assert "We listened." in page and "Responses: 0" in page and "Nobody answered this survey." in page
    _answered(app, small, {demo.school("park"): 3})
    page = html.unescape(family.get(f"/you-said/{small.id}").text)
    assert "There were fewer than 5 responses, so the answers are not shown." in page


def test_staff_do_not_read_the_clusters_survey_results(signed_in, demo):
    assert signed_in("staff.park").get(f"/surveys/{demo.survey.id}/results").status_code == 403
    assert signed_in("staff.park").get(f"/surveys/{demo.survey.id}/responses.csv").status_code == 403


def test_a_date_question_counts_its_answers_by_month_with_the_rules_of_every_figure(make, demo, leader):
    from app.surveys.models import Survey
    from app.tokens import new_token

    survey = make.survey(demo.cluster.id, [{"kind": "date"}])
    # Holt's one answer is hidden, and with it the Rofft's (fewer than Park's) so that the total does not give it away
    days = {"park": ["2027-03-21", "2027-01-04", "2027-03-30", "2027-01-11", "2027-03-01", "2027-03-02"],
            "the-rofft": ["2027-02-01"] * 5, "holt": ["2026-12-25"]}
    with make.session() as session:
        question_id = session.get(Survey, survey.id).questions[0].id
        for school, answered in days.items():
            for day in answered:
                session.add(Response(survey_id=survey.id, school_id=demo.school(school).id, language="en",
                                     submitted_on=TODAY, submission_token=new_token(),
                                     answers=[Answer(question_id=question_id, text=day)]))
        session.commit()
    park = html.unescape(leader.get(f"/surveys/{survey.id}/results?school={demo.school('park').id}").text)
    rows = dict(re.findall(r'<th scope="row">([A-Za-z]+ \d{4})</th><td[^>]*>(\d+)</td>', park))
    assert rows == {"December 2026": "0", "January 2027": "2", "February 2027": "0", "March 2027": "4"}
    holt = leader.get(f"/surveys/{survey.id}/results?school={demo.school('holt').id}").text
    assert "December 2026" not in holt
    summary = _csv(leader.get(f"/surveys/{survey.id}/summary.csv"))
    march = next(row for row in summary if row[1] == "March 2027")
    holt_column = summary[0].index("Holt CP School")
    assert march[2] == "4" and march[holt_column] != "0" and not march[holt_column].isdigit()
    # each answer is in the responses file as the day it is
    assert "2027-03-30" in {cell for row in _csv(leader.get(f"/surveys/{survey.id}/responses.csv")) for cell in row}
