"""Reading pages in tests as a person reads them."""

import html


def page_of(response) -> str:
    """The response's HTML with entities undone, so that Welsh apostrophes read as typed."""
    return html.unescape(response.get_data(as_text=True))
