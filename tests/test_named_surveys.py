"""A named survey's answers belong to the person who began them, at their own school (issue #17)."""

from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Response
from tests.test_meetings import text_of


def _link(survey, slug):
    return next(link.token for link in survey.links if link.school.slug == slug)


def test_a_named_draft_answers_only_to_the_account_that_began_it(app, demo, make, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}], audience="staff", anonymous=False)
    park = signed_in("staff.park")
    first = park.post(f"/s/{_link(survey, 'park')}").headers["Location"]
    data = {f"q{survey.questions[0].id}": "Helo", "go": "next"}
    # a signed-out browser holding the address is sent to sign in, and sends nothing
    stranger = app.test_client()
    assert "/sign-in" in stranger.post(first, data=data).headers["Location"]
    assert "/sign-in" in stranger.post(first.rsplit("/", 1)[0] + "/review").headers["Location"]
    # another member of staff, signed in, finds nothing there
    holt = signed_in("staff.holt")
    assert holt.get(first).status_code == 404
    assert holt.post(first.rsplit("/", 1)[0] + "/review").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Response.id).where(Response.survey_id == survey.id)) is None
    # the person who began it sends it, as themselves
    review = park.post(first, data=data).headers["Location"]
    park.post(review)
    with app.app_context():
        assert db.session.scalar(select(Response.respondent_id).where(Response.survey_id == survey.id)) \
            == demo.user("staff.park").id


def test_a_named_survey_refuses_a_link_of_another_school(app, demo, make, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False
    survey = make.survey(demo.cluster.id, [{"kind": "short_text"}], audience="staff", anonymous=False)
    park = signed_in("staff.park")
    park.set_cookie("lang", "en")
    refused = park.get(f"/s/{_link(survey, 'holt')}")
    assert refused.status_code == 403 and "This link is for another school" in text_of(refused)
    assert park.post(f"/s/{_link(survey, 'holt')}").status_code == 403
    assert park.get(f"/s/{_link(survey, 'park')}").status_code == 200
    # an anonymous survey takes any school's link, as a family's does
    anonymous = make.survey(demo.cluster.id, [{"kind": "short_text"}], audience="staff")
    assert park.post(f"/s/{_link(anonymous, 'holt')}").status_code == 303
