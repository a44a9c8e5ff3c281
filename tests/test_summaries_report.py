"""The annual report and transition plan: a draft from the year's data, the narrative in both
languages, figures frozen when it is final, and governors reading it without changing it."""

import pytest
from sqlalchemy import select

from app.competitions.models import Entry
from app.extensions import db
from app.summaries.models import AnnualReport
from tests.reading import page_of

ENGLISH, WELSH = {"Accept-Language": "en"}, {"Accept-Language": "cy"}


@pytest.fixture(autouse=True)
def in_july(app):
    """July 2026, when the group writes the report; CSRF has its own tests (tests/test_csrf.py)."""
    app.config["TODAY"] = "2026-07-10"
    app.config["WTF_CSRF_ENABLED"] = False


def test_the_draft_is_there_in_july_with_the_years_figures(demo, signed_in):
    page = page_of(signed_in("head.holt").get("/summary/reports/2025", headers=ENGLISH))
    assert "Draft: the figures are today's" in page
    assert "Pumpkin Carving Competition" in page and "Lili J., Park CP School" in page  # a winner
    # the autumn actions still open are overdue by July
    assert "Agree the dates of the Year 6 transition days" in page
    assert "Review the minibus fair shares" in page
    assert "Send the family survey link again" not in page  # done
    assert "Next year's calendar has not been started." in page
    # once leaders copy the year forward, the report lists next year's calendar as drafted
    signed_in("head.holt").post(f"/calendar/darland/years/{demo.year.id}/copy")
    page = page_of(signed_in("head.holt").get("/summary/reports/2025", headers=ENGLISH))
    assert "The calendar for 2026/27 as drafted so far" in page and "Headteacher Cluster Meeting" in page
    welsh = page_of(signed_in("head.holt").get("/summary/reports/2025", headers=WELSH))
    assert "Adroddiad blynyddol a chynllun pontio" in welsh and "Ysgol Gynradd Gymunedol Holt" in welsh


def test_leaders_write_the_narrative_in_both_languages(app, demo, signed_in):
    head = signed_in("head.holt")
    saved = head.post("/summary/reports/2025/edit", data={
        "achievements_en": "Every school took part in the Eisteddfod.",
        "achievements_cy": "Cymerodd pob ysgol ran yn yr Eisteddfod.",
        "challenges_en": "", "challenges_cy": "", "plans_en": "More transition days.", "plans_cy": ""})
    assert saved.status_code == 303
    assert "Every school took part" in page_of(head.get("/summary/reports/2025", headers=ENGLISH))
    welsh = page_of(head.get("/summary/reports/2025", headers=WELSH))
    assert "Cymerodd pob ysgol ran" in welsh
    assert "More transition days." in welsh  # the English shown, marked, until the Welsh is written
    too_long = head.post("/summary/reports/2025/edit", data={"achievements_en": "x" * 20001}, headers=WELSH)
    assert too_long.status_code == 422 and "Mae problem" in page_of(too_long)
    with app.app_context():
        assert db.session.scalar(select(AnnualReport.achievements_en)).startswith("Every school")


def test_a_final_report_keeps_its_figures_when_the_data_changes(app, demo, signed_in):
    head = signed_in("head.holt")
    assert head.post("/summary/reports/2025/final").status_code == 303
    before = page_of(head.get("/summary/reports/2025", headers=ENGLISH))
    assert "Final since" in before and "Lili J., Park CP School" in before
    with app.app_context():  # a winner's entry is withdrawn after the report is final
        entry = db.session.scalar(select(Entry).where(Entry.entrant_name == "Lili J.", Entry.competition_id ==
                                                      demo.competition("Pumpkin Carving Competition")))
        entry.place = None
        db.session.commit()
    after = page_of(head.get("/summary/reports/2025", headers=ENGLISH))
    assert "Lili J., Park CP School" in after
    assert head.post("/summary/reports/2025/edit", data={"achievements_en": "Late"}).status_code == 409
    # reopened, the figures are live again
    assert head.post("/summary/reports/2025/final", data={"reopen": "1"}).status_code == 303
    assert "Lili J., Park CP School" not in page_of(head.get("/summary/reports/2025", headers=ENGLISH))


def test_governors_read_the_report_but_cannot_change_it(demo, signed_in):
    governor = signed_in("governor")
    page = page_of(governor.get("/summary/reports/2025", headers=ENGLISH))
    assert "Annual report and transition plan" in page and "Mark it final" not in page
    assert governor.post("/summary/reports/2025/final").status_code == 403
    assert governor.get("/summary/reports/2025/edit").status_code == 403
    assert governor.get("/summary/reports/1999").status_code == 404
