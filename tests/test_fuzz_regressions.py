"""The 500s that fuzzing (tests/test_fuzz_forms.py) found, each pinned by a plain example."""

import html

from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Section
from tests.routes_places import _sample_request


def test_control_characters_are_dropped_from_every_form_before_it_is_read(app, demo, signed_in):
    """A NUL was a 500 on PostgreSQL (meeting notes, and more); SQLite stored it with escape codes."""
    app.config["WTF_CSRF_ENABLED"] = False
    response = signed_in("admin").post(f"/surveys/{demo.survey.id}/sections",
                                       data={"title_en": "Tab\there\x00\x1b[1m", "title_cy": "Adran\x07 ŵ\r\nŷ"})
    assert response.status_code in (302, 303)
    with app.app_context():
        titles = db.session.execute(select(Section.title_en, Section.title_cy)
                                    .where(Section.survey_id == demo.survey.id)).all()
    assert ("Tab\there[1m", "Adran ŵ\r\nŷ") in [tuple(row) for row in titles]


def test_cancelling_a_place_request_twice_says_so_instead_of_failing(app, demo, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        request_id = _sample_request(demo)
    client = signed_in("staff.holt")
    client.set_cookie("lang", "en")
    url = f"/places/requests/{request_id}/change"
    assert client.post(url, data={f"r{request_id}-cancel": "Cancel"}).status_code in (200, 302, 303)
    again = client.post(url, data={f"r{request_id}-cancel": "Cancel"})  # a double tap
    assert again.status_code == 422
    assert "This request has already been cancelled." in html.unescape(again.get_data(as_text=True))


def test_a_number_too_long_to_mean_anything_is_refused_plainly(app, demo, signed_in):
    """400 nines in "Smallest number allowed" was a 500: WTForms' range check turned it into a float."""
    app.config["WTF_CSRF_ENABLED"] = False
    section = demo.survey.sections[0]
    client = signed_in("admin")
    client.set_cookie("lang", "en")
    response = client.post(f"/surveys/{demo.survey.id}/sections/{section.id}/questions/new",
                           data={"kind": "number", "text_en": "How many?", "min_value": "9" * 400, "max_value": "5"})
    assert response.status_code == 422
    assert "Enter a whole number, like 12" in html.unescape(response.get_data(as_text=True))
    client.set_cookie("lang", "cy")
    response = client.post(f"/surveys/{demo.survey.id}/sections/{section.id}/questions/new",
                           data={"kind": "number", "text_en": "How many?", "min_value": "deg"})
    assert response.status_code == 422
    assert "Rhowch rif cyfan, fel 12" in html.unescape(response.get_data(as_text=True))
