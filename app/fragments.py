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

#: pieces kept per worker: a few clusters, years, languages and views each. A year's grid is 30–50 KB of
#: HTML, so this holds a worker's memory for them to about 3 MB
KEPT = 64
_kept: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()
T = TypeVar("T")


def kept(key: Hashable, make: Callable[[], T]) -> T:
    """The value kept under `key`, or `make()` kept there now."""
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = make()  # outside the lock: two threads may both make one value, and either is right
    with _lock:
        _kept[key] = value
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value


def rendered_once(key: Hashable, render: Callable[[], str]) -> Markup:
    """The piece kept under `key`, or `render()` kept there now."""
    # a rendered template, escaped already
    return kept(key, lambda: Markup(render()))  # noqa: S704
