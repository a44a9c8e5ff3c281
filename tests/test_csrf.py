"""Every state-changing route refuses a request that carries no CSRF token."""

import re

from tests.conftest import sign_in_client
from tests.routes import all_routes


def test_every_post_route_refuses_a_request_without_a_csrf_token(app, demo):
    unprotected = []
    for route in all_routes(app, demo):
        if route.method == "GET":
            continue
        for htmx in (False, True):
            client = app.test_client()
            if route.first_allowed_visitor() != "anonymous":
                sign_in_client(client, demo.user(route.first_allowed_visitor()))
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.open(route.url, method=route.method, data={}, headers=headers)
            if response.status_code != 400:
                unprotected.append(f"{route.method} {route.url} (htmx={htmx}): {response.status_code}")
    assert unprotected == []


def test_the_token_in_the_htmx_header_is_accepted(app, demo):
    client = sign_in_client(app.test_client(), demo.user("admin"))
    client.set_cookie("lang", "en")
    page = client.get("/admin/people").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = client.post(f"/admin/people/{demo.user('staff.park').id}/active", data={"active": "0"},
                           headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200
    assert "Reactivate" in response.get_data(as_text=True)


def test_a_missing_token_gets_a_clear_message_in_welsh(app, demo):
    client = app.test_client()
    client.set_cookie("lang", "cy")
    response = client.post("/sign-in", data={"email": "a@b.example", "password": "x"})
    assert response.status_code == 400
    assert "Mae'r ffurflen hon wedi dod i ben" in response.get_data(as_text=True)
