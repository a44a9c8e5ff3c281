"""A family's phone on a slow network, in Debian's Chromium: how long until the page is seen, and how
long a press of Next takes to show the next section.

The phone is Lighthouse's "slow 4G" mobile setting, emulated through the DevTools protocol: 150 ms
added to every request, 1.6 Mbit/s down, 750 kbit/s up, and a CPU four times slower than this one.
Each figure is the median of RUNS loads, each in a new browser context (an empty cache, no cookies):

- **LCP**: the Largest Contentful Paint, from the navigation's start, as the browser's trace reports it
  (its last `largestContentfulPaint::Candidate`, as Lighthouse reads it; within 1.4 ms of what a page's
  PerformanceObserver gave where both were read, and the observer cannot run without JavaScript): of the survey's
  start page on a first visit (cold), and of an answer page opened next with JavaScript off, as a
  family without it goes from one to the other (with JavaScript the next section is swapped in);
- **click to swap**: on a loaded answer page with JavaScript on, from the press of Next to the next
  section swapped in and settled (htmx's `htmx:afterSettle`), each press on a draft of its own.
"""

import json
import statistics
from dataclasses import asdict, dataclass

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

RUNS = 7
#: Network.emulateNetworkConditions: latency in ms, throughputs in bytes a second
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4

#: the trace categories that carry the navigation's start and the LCP candidates
_TRACED = ["loading", "blink.user_timing"]
#: presses Next and resolves with the milliseconds until htmx has swapped and settled the answer
_CLICK_TO_SWAP = """() => new Promise(resolve => {
    const next = document.querySelector("#section-form button[type=submit][name=go][value=next]")
        || document.querySelector("#section-form button[type=submit]");
    document.body.addEventListener("htmx:afterSettle", () => resolve(performance.now() - started), {once: true});
    const started = performance.now();
    next.click();
})"""


@dataclass(frozen=True)
class PhoneTimings:
    """Medians and every run, in milliseconds."""

    #: median LCP: "start" cold, "answer" after the start page
    lcp_ms: dict[str, float]
    click_to_swap_ms: float
    runs: dict[str, list[float]]

    def as_dict(self) -> dict:
        return asdict(self)


def phone_timings(base_url: str, start_path: str, section_paths: list[str]) -> PhoneTimings:
    """The start page's cold LCP; an answer page's LCP after it; click to swap. `section_paths` are first
    sections of drafts whose answers are complete, each pressed once: at least RUNS of them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            runs = {"start": [_lcp(browser, base_url + start_path) for _ in range(RUNS)],
                    "answer": [_lcp(browser, base_url + path, after=base_url + start_path, javascript=False)
                               for path in section_paths[:RUNS]],
                    "click_to_swap": [_click_to_swap(browser, base_url + path) for path in section_paths[:RUNS]]}
        finally:
            browser.close()
    return PhoneTimings({"start": _median(runs["start"]), "answer": _median(runs["answer"])},
                        _median(runs["click_to_swap"]), runs)


def _phone(browser, javascript: bool = True):
    """A new context and page on the slow phone: an empty cache and no cookies."""
    context = browser.new_context(viewport=PHONE, locale="cy-GB", is_mobile=True, has_touch=True,
                                  java_script_enabled=javascript)
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.emulateNetworkConditions", SLOW_4G)
    devtools.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page


def _lcp(browser, url: str, after: str | None = None, javascript: bool = True) -> float:
    """LCP of `url` in a new context: cold, or opened once `after` has loaded and gone quiet."""
    context, page = _phone(browser, javascript)
    try:
        if after:
            page.goto(after, wait_until="networkidle")
        browser.start_tracing(page=page, categories=_TRACED)
        page.goto(url, wait_until="networkidle")  # the last candidate is painted by then
        return _traced_lcp(json.loads(browser.stop_tracing()), url)
    finally:
        context.close()


def _traced_lcp(trace: dict, url: str) -> float:
    """Milliseconds from the start of the navigation to `url` to its last LCP candidate, in a trace."""
    events = trace["traceEvents"]
    start = next(event for event in events if event["name"] == "navigationStart"
                 and event["args"]["data"].get("documentLoaderURL") == url)
    navigation = start["args"]["data"]["navigationId"]
    painted = [event["ts"] for event in events if event["name"] == "largestContentfulPaint::Candidate"
               and event["args"]["data"].get("navigationId") == navigation]
    return round((max(painted) - start["ts"]) / 1000, 1)


def _click_to_swap(browser, url: str) -> float:
    context, page = _phone(browser)
    try:
        page.goto(url, wait_until="networkidle")
        return round(page.evaluate(_CLICK_TO_SWAP), 1)
    finally:
        context.close()


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)
