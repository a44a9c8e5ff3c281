"""Reading pages in tests as a person reads them."""

import html


def page_of(response) -> str:
    """The response's HTML with entities undone, so that Welsh apostrophes read as typed."""
    return html.unescape(response.get_data(as_text=True))


def page_width(page) -> int:
    """A browser page's full width once its stylesheets have loaded: measured mid-load, before the
    CSS applies, a page is wider than it will be."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")
