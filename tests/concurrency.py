"""Firing many requests at a live server at the same instant, for the race tests."""

import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from tests.conftest import sign_in_client


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_at_once(base_url: str, requests: list[tuple[str, str, dict]]) -> list[int]:
    """POST each (cookie header, path, form) from its own thread, all released together; the statuses."""
    opener = urllib.request.build_opener(_NoRedirects)
    start = threading.Barrier(len(requests))

    def post(cookie_path_form):
        cookie, path, form = cookie_path_form
        request = urllib.request.Request(base_url + path, data=urlencode(form, doseq=True).encode(),
                                         method="POST", headers={"Cookie": cookie} if cookie else {})
        start.wait()
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(post, requests))


def session_cookie(app, user) -> str:
    """The Cookie header of a browser signed in as `user`."""
    client = sign_in_client(app.test_client(), user)
    name = app.config["SESSION_COOKIE_NAME"]
    return f"{name}={client.get_cookie(name).value}"
