"""Firing many requests at a live server at the same instant, for the race tests."""

import secrets
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from tests.conftest import sign_in_client


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(form: dict) -> tuple[bytes, str]:
    """A form holding files ((name, bytes) values) as multipart/form-data: the body and its Content-Type."""
    boundary = secrets.token_hex(16)
    body = b""
    for field, value in form.items():
        if isinstance(value, tuple):
            filename, data = value
            head = f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n' \
                   "Content-Type: application/octet-stream"
        else:
            head, data = f'Content-Disposition: form-data; name="{field}"', str(value).encode()
        body += f"--{boundary}\r\n{head}\r\n\r\n".encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_at_once(base_url: str, requests: list[tuple[str, str, dict]]) -> list[int]:
    """POST each (cookie header, path, form) from its own thread, all released together; the statuses.
    A form with a (filename, bytes) value is sent as multipart/form-data, as a file upload is."""
    opener = urllib.request.build_opener(_NoRedirects)
    start = threading.Barrier(len(requests))

    def post(cookie_path_form):
        cookie, path, form = cookie_path_form
        headers = {"Cookie": cookie} if cookie else {}
        if any(isinstance(value, tuple) for value in form.values()):
            data, headers["Content-Type"] = _multipart(form)
        else:
            data = urlencode(form, doseq=True).encode()
        request = urllib.request.Request(base_url + path, data=data, method="POST", headers=headers)
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
