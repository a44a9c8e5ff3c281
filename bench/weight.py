"""Page weight as a family's phone would see it: Debian's Chromium, headless, with an empty cache.

Bytes are what crossed the wire (headers plus the body as served, gzip or brotli), which is
what a family on mobile data pays for.
"""

from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE


@dataclass
class Weight:
    """One page load: bytes transferred, requests made, and any host other than ours."""

    transferred_bytes: int
    requests: int
    other_hosts: list[str]
    #: Content-Encoding of each response, e.g. {"br": 3, "identity": 1}
    encodings: dict[str, int] = field(default_factory=dict)
    #: the same page opened again in the same browser: what its cache does not spare (requests
    #: that went to the server)
    again_transferred_bytes: int = 0
    again_requests: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def page_weights(base_url: str, pages: dict[str, tuple[str, str | None]]) -> dict[str, Weight]:
    """Load each of `pages` (name → (path, the Cookie header of a signed-in session or None)) in a
    fresh browser context and weigh it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return {name: _weigh(browser, base_url, path, cookie) for name, (path, cookie) in pages.items()}
        finally:
            browser.close()


def _weigh(browser, base_url: str, path: str, cookie: str | None) -> Weight:
    """One cold load of `path` in a context of its own (an empty cache; no cookies but the session's)."""
    context = browser.new_context(viewport=PHONE, locale="cy-GB")
    if cookie:
        name, value = cookie.split("=", 1)
        context.add_cookies([{"name": name, "value": value, "url": base_url}])
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(base_url + path, wait_until="networkidle")
    transferred, encodings = _bytes(finished), {}
    for request in finished:
        response = request.response()
        encoding = (response.headers.get("content-encoding") if response else None) or "identity"
        encodings[encoding] = encodings.get(encoding, 0) + 1
    others = sorted({urlsplit(request.url).netloc for request in finished} - {urlsplit(base_url).netloc, ""})
    first_load = len(finished)
    finished.clear()
    page.goto(base_url + path, wait_until="networkidle")  # a link followed to it, not a reload
    # what the cache answered is reported as a request too, with nothing transferred
    weight = Weight(transferred, first_load, others, encodings, _bytes(finished),
                    sum(1 for request in finished if _bytes([request]) > 0))
    context.close()
    return weight


def _bytes(requests) -> int:
    """Headers and bodies as they crossed the wire."""
    return sum(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"] for request in requests)
