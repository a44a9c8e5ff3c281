"""Reading pages in tests as a person reads them."""

import html
from html.parser import HTMLParser


def page_of(response) -> str:
    """The response's HTML with entities undone, so that Welsh apostrophes read as typed."""
    return html.unescape(response.get_data(as_text=True))


def page_width(page) -> int:
    """A browser page's full width once its stylesheets have loaded: measured mid-load, before the
    CSS applies, a page is wider than it will be."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


class _Tables(HTMLParser):
    """Collects each table's caption and rows of cell text."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def tables_of(page: str) -> list[dict]:
    """Every table of a page: {"caption": its caption's text, "rows": [[cell text, …], …]}."""
    parser = _Tables()
    parser.feed(page)
    return [dict(table, caption=" ".join(table["caption"].split())) for table in parser.tables]
