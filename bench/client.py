"""A family's browser, reduced to what load needs: a session with its CSRF token, and Send.

The session cookie is Secure in production; this client speaks plain HTTP to 127.0.0.1, so it
keeps the cookie itself rather than through a cookie jar that would (rightly) refuse to send it.
"""

import http.client
import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

SESSION_COOKIE = "clwstwr_session"
_CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


@dataclass(frozen=True)
class FamilySession:
    """The Cookie header and CSRF token a browser would hold after opening the survey."""

    cookie: str
    csrf_token: str


def open_session(base_url: str, link_token: str) -> FamilySession:
    """Open the survey's start page as a new visitor: the session and the form's token."""
    connection = _connect(base_url)
    try:
        connection.request("GET", f"/s/{link_token}", headers={"Accept-Language": "cy"})
        response = connection.getresponse()
        page = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"GET /s/{link_token} answered {response.status}")
        cookies = [value.split(";", 1)[0] for name, value in response.getheaders()
                   if name.lower() == "set-cookie" and value.startswith(SESSION_COOKIE + "=")]
        match = _CSRF.search(page)
        if not cookies or not match:
            raise RuntimeError("the start page set no session cookie or carried no CSRF token")
        return FamilySession(cookie=cookies[-1], csrf_token=match.group(1))
    finally:
        connection.close()


def sign_in(base_url: str, email: str, password: str) -> str:
    """Sign in through the form as a person would; the Cookie header of the signed-in session."""
    connection = _connect(base_url)
    try:
        connection.request("GET", "/sign-in")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = next(value.split(";", 1)[0] for name, value in response.getheaders()
                      if name.lower() == "set-cookie" and value.startswith(SESSION_COOKIE + "="))
        body = urlencode({"csrf_token": _CSRF.search(page).group(1), "email": email, "password": password})
        connection.request("POST", "/sign-in", body=body, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        signed_in = [value.split(";", 1)[0] for name, value in response.getheaders()
                     if name.lower() == "set-cookie" and value.startswith(SESSION_COOKIE + "=")]
        if response.status not in (302, 303) or not signed_in:
            raise RuntimeError(f"signing in as {email} answered {response.status}")
        return signed_in[-1]
    finally:
        connection.close()


def timed_get(base_url: str, path: str, cookie: str) -> float:
    """Milliseconds from asking for `path` with the session `cookie` to the last byte of a 200 answer."""
    connection = _connect(base_url)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": "zstd, br, gzip"})
        response = connection.getresponse()
        response.read()
        took = 1000 * (time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return took
    finally:
        connection.close()


def send_path(link_token: str, draft_token: str) -> str:
    """The address the Send button posts to."""
    return f"/s/{link_token}/{draft_token}/review"


def send_body(session: FamilySession) -> str:
    """The form the Send button posts: only the CSRF token."""
    return urlencode({"csrf_token": session.csrf_token})


class Sender:
    """One keep-alive connection that presses Send on drafts, one after another."""

    def __init__(self, base_url: str, session: FamilySession, timeout: float = 60):
        self.base_url = base_url
        self.session = session
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def send(self, link_token: str, draft_token: str) -> int | None:
        """Press Send; the status, or None when the connection broke (nothing acknowledged)."""
        try:
            if self.connection is None:
                self.connection = _connect(self.base_url, self.timeout)
            self.connection.request("POST", send_path(link_token, draft_token), body=send_body(self.session),
                                    headers={"Cookie": self.session.cookie,
                                             "Content-Type": "application/x-www-form-urlencoded"})
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.close()
            return None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def acknowledged(status: int | None) -> bool:
    """Whether a Send's answer tells the family their answers are in (303 to the thank-you page)."""
    return status == 303


def _connect(base_url: str, timeout: float = 30) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
