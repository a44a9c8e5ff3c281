"""One way to refuse (issue #21): a module's refusal carries its sentence and field, a view puts it on the
form in one call, and a service's half-made change never waits in the session for the next commit."""

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField

from app.clusters.models import Authority
from app.database import all_or_nothing
from app.errors import Refused, show_refusal
from app.extensions import db


class _NameForm(FlaskForm):
    name = StringField()


def test_a_refusal_lands_at_its_field_or_above_the_form(app):
    with app.test_request_context(method="POST"):
        form = _NameForm(meta={"csrf": False})
        show_refusal(form, Refused("Choose another name", field="name"))
        show_refusal(form, Refused("Not now"))
        show_refusal(form, Refused("Elsewhere", field="not_on_this_form"), default_field="name")
        assert form.name.errors == ["Choose another name", "Elsewhere"]
        assert form.form_errors == ["Not now"]


def test_what_a_refused_service_began_is_rolled_back(app):
    with app.app_context():
        with pytest.raises(Refused), all_or_nothing():
            db.session.add(Authority(slug="half-made", name_en="Half made", name_cy="Hanner"))
            db.session.flush()
            raise Refused("No")
        db.session.commit()  # the next commit, elsewhere, saves nothing of it
        assert db.session.scalar(select(func.count(Authority.id))) == 0


def test_a_refusal_no_view_catches_is_a_403_that_says_why(fresh_app):
    @fresh_app.route("/refused-test")
    def refused_test():
        raise Refused("Only the school's leaders may do that.")
    refused_test.access = "anyone"
    page = fresh_app.test_client().get("/refused-test", headers={"Accept-Language": "en"})
    assert page.status_code == 403
    assert "Only the school&#39;s leaders may do that." in page.text
