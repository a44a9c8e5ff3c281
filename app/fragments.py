"""Pieces of pages rendered once, and what they are drawn from read once, kept for everyone who would
see the same.

A piece is kept under a key that names everything it shows: a version that changes whenever its
data does (such as a cluster's `calendar_version`), the language, the filters asked for and whose
view it is. Rendering the same cells again for every visitor was most of a calendar page's work.
Each worker keeps its own; a new version simply misses, and old ones fall out as new ones come in.
Rows kept this way are detached from any session and only ever read.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from markupsafe import Markup

T = TypeVar("T")


class Shelf:
    """Values kept under keys, the least recently used dropped once there are more than `limit`."""

    def __init__(self, limit: int):
        self.limit = limit
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under `key`, or `make()` kept there now."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = make()  # outside the lock: two threads may both make one value, and either is right
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)
        return value


#: pieces kept per worker: a few clusters, years, languages and views each. A year's grid is 30–50 KB of
#: HTML, so this holds a worker's memory for them to about 3 MB
PIECES = Shelf(64)
#: the leadership summary's tables (app/summaries/routes.py), 80 KB of HTML each (160 KB in memory with a
#: Welsh letter in it): a few clusters, periods, orders and languages, on a shelf of their own
SUMMARIES = Shelf(16)
#: every page's site header, per language, role, page and name shown (app/templating.py): about 2 KB
#: each, so they have a shelf of their own and never push a calendar's grid out
HEADERS = Shelf(512)


def kept(key: Hashable, make: Callable[[], T]) -> T:
    """The value kept on the pieces' shelf under `key`, or `make()` kept there now."""
    return PIECES.kept(key, make)


def rendered_once(key: Hashable, render: Callable[[], str], shelf: Shelf = PIECES) -> Markup:
    """The piece kept under `key`, or `render()` kept there now."""
    # a rendered template, escaped already
    return shelf.kept(key, lambda: Markup(render()))  # noqa: S704
