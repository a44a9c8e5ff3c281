"""Every route, every kind of visitor: allowed or refused exactly as tests/routes.py declares.

The table grows by itself: a new route fails here until its expected access is declared.
"""

import pytest
from flask import Blueprint

from app.auth.access import check_every_view_declares_access
from tests.conftest import sign_in_client
from tests.routes import VISITORS, all_routes


@pytest.fixture
def matrix_app(app):
    app.config["WTF_CSRF_ENABLED"] = False  # the CSRF test covers tokens; this one covers roles
    return app


#: the routes that end the visitor's own sign-in: the next route is asked with a new one
ENDS_THE_SIGN_IN = {"auth.sign_out", "auth.sign_out_everywhere"}


def _client_for(app, demo, visitor):
    client = app.test_client()
    return client if visitor == "anonymous" else sign_in_client(client, demo.user(visitor))


def test_every_route_admits_exactly_the_declared_visitors(matrix_app, demo):
    wrong = []
    # one sign-in per visitor, not per route (25.5 → 19.3 s on SQLite alone): a route that ended it
    # unexpectedly would show here as the next allowed route refused, never as a refusal missed
    clients = {}
    for route in all_routes(matrix_app, demo):
        for visitor in VISITORS:
            if visitor not in clients:
                clients[visitor] = _client_for(matrix_app, demo, visitor)
            client = clients.pop(visitor) if route.endpoint in ENDS_THE_SIGN_IN else clients[visitor]
            response = client.open(route.url, method=route.method, data={})
            location = response.headers.get("Location", "")
            sent_to_sign_in = "/sign-in" in location and route.endpoint != "auth.sign_in"
            refused = response.status_code in (401, 403) or sent_to_sign_in
            if response.status_code >= 500:
                wrong.append(f"{route.method} {route.url} as {visitor}: {response.status_code}")
            elif route.allows(visitor) and refused:
                wrong.append(f"{route.method} {route.url} as {visitor}: refused ({response.status_code})")
            elif not route.allows(visitor):
                expected = 302 if visitor == "anonymous" else 403
                if response.status_code != expected or (expected == 302 and "/sign-in" not in location):
                    wrong.append(f"{route.method} {route.url} as {visitor}: {response.status_code}, "
                                 f"expected {expected}")
    assert wrong == []


def test_htmx_requests_from_signed_out_visitors_are_sent_to_sign_in(htmx_client, demo):
    response = htmx_client.get("/admin/people")
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/sign-in?next=/admin/people")


def test_a_view_without_an_access_declaration_is_refused_and_stops_the_app_starting(fresh_app, demo):
    forgotten = Blueprint("forgotten", __name__)
    forgotten.add_url_rule("/forgotten", "page", lambda: "secret")
    fresh_app.register_blueprint(forgotten)

    with pytest.raises(RuntimeError, match="forgotten.page"):
        check_every_view_declares_access(fresh_app)
    assert _client_for(fresh_app, demo, "admin").get("/forgotten").status_code == 403
    assert "/sign-in" in _client_for(fresh_app, demo, "anonymous").get("/forgotten").headers["Location"]
