"""One view, two answers: the whole page for a normal request, a fragment for htmx.

A page template includes its fragment template, so both answers come from the same
partial and can never drift apart.
"""

from flask import make_response, redirect, render_template, request
from werkzeug.wrappers import Response


def is_htmx_request() -> bool:
    """True for a request htmx made to swap part of the page."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def render_page(template: str, fragment: str | None = None, status: int = 200, **context) -> Response:
    """Render `fragment` for htmx requests and `template` (which includes it) otherwise."""
    chosen = fragment if fragment and is_htmx_request() else template
    response = make_response(render_template(chosen, **context), status)
    response.vary.add("HX-Request")
    return response


def redirect_to(url: str) -> Response:
    """Redirect after a successful POST: a 303 for browsers, HX-Redirect for htmx."""
    if is_htmx_request():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
