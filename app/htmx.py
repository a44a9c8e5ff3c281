"""One view, two answers: the whole page for a normal request, a fragment for htmx.

A page template includes its fragment template, so both answers come from the same
partial and can never drift apart.
"""

import json

from flask import make_response, redirect, render_template, request
from werkzeug.wrappers import Response


def is_htmx_request() -> bool:
    """True for a request htmx made to swap part of the page."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def render_page(template: str, fragment: str | None = None, status: int = 200, here: str | None = None,
                **context) -> Response:
    """Render `fragment` for htmx requests and `template` (which includes it) otherwise.

    A fragment brings the language switch along (swapped out of band), so that after htmx has
    moved the address on, switching language still returns to this page (`here`, when it is not
    the address asked for).
    """
    if fragment and is_htmx_request():
        body = render_template(fragment, **context) + render_template(
            "_language_switch.html", oob=True, switch_form=context.get("switch_form"), here=here)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def render_next(url: str, template: str, fragment: str, **context) -> Response:
    """After a POST that succeeded, the page at `url`: for htmx, its fragment in this same answer, with
    the address bar moved on (HX-Push-Url): one round trip where a redirect and a fetch took two; for
    browsers, a 303 to it (post, redirect, get)."""
    if not is_htmx_request():
        return redirect(url, code=303)
    response = render_page(template, fragment, here=url, **context)
    response.headers["HX-Push-Url"] = url
    return response


def redirect_to(url: str, swap_into: str | None = None) -> Response:
    """Redirect after a successful POST: a 303 for browsers; for htmx, a full redirect, or with
    `swap_into` (an element id) a fetch of `url` whose fragment replaces that element, with the
    address bar following (HX-Location), so the page does not reload."""
    if is_htmx_request():
        response = make_response("", 200)
        if swap_into:
            response.headers["HX-Location"] = json.dumps(
                {"path": url, "target": f"#{swap_into}", "swap": "outerHTML"})
        else:
            response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
