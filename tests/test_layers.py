"""The house's floors (issue #21): each part of app/ imports only parts on floors below it, so that
surveys, bookings and competitions stand side by side on the calendar, and nothing reaches back up.
A new module is given its floor here; README.md's Layout section says the same in words."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

#: the shared helpers every module stands on: app/*.py and the two services every module writes to
FOUNDATION = 0
#: floor → the parts of app/ on it (a package, or a module directly in app/)
FLOORS = {
    FOUNDATION: {"audit", "catalogue", "clock", "config", "data_version", "database", "disclosure", "errors", "exports",
                 "extensions", "form_input", "forms", "fragments", "htmx", "i18n", "ical", "images", "links",
                 "models_base", "notifications", "qr", "ratelimits", "retention", "static_assets", "tokens", "uploads",
                 "welsh", "welsh_forms"},
    1: {"clusters"},
    2: {"auth"},
    3: {"calendar", "admin"},
    # side by side: none of these imports another
    4: {"surveys", "bookings", "competitions", "funds"},
    5: {"practice", "learning"},
    6: {"summaries"},
    # networks meet (the leadership meetings' pages and actions) and share practice
    7: {"networks"},
    8: {"newyear", "main"},
    # the app itself: the factory, the command line, page rendering and the demo loaders gather everything
    9: {"__init__", "cli", "templating", "demo", "demo_large"},
}
#: the floors whose parts may use each other: the foundation's helpers, and the app that gathers the rest
SHARED_FLOORS = {FOUNDATION, 9}
FLOOR_OF = {part: floor for floor, parts in FLOORS.items() for part in parts}


def _part_of(path: Path) -> str:
    relative = path.relative_to(APP).parts
    return relative[0] if len(relative) > 1 else path.stem


def _imports() -> set[tuple[str, str, str]]:
    """(importing part, imported part, file) for every `from app… import` in app/, inside functions too."""
    found = set()
    for path in APP.rglob("*.py"):
        part = _part_of(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "app":
                names = node.module.split(".")
                targets = [alias.name for alias in node.names] if len(names) == 1 else [names[1]]
                found.update((part, target, str(path.relative_to(APP))) for target in targets if target != part)
    return found


def test_every_part_of_the_app_has_a_floor():
    parts = {_part_of(path) for path in APP.rglob("*.py")}
    assert parts - FLOOR_OF.keys() == set(), "give each new part of app/ its floor in FLOORS"


def test_each_part_imports_only_parts_on_floors_below_it():
    upward = sorted(f"{file}: {part} (floor {FLOOR_OF[part]}) imports {target} (floor {FLOOR_OF[target]})"
                    for part, target, file in _imports()
                    if FLOOR_OF[target] > FLOOR_OF[part]
                    or (FLOOR_OF[target] == FLOOR_OF[part] and FLOOR_OF[part] not in SHARED_FLOORS))
    assert upward == []


def test_the_foundation_imports_no_module():
    assert sorted(f"{file} imports {target}" for part, target, file in _imports()
                  if FLOOR_OF[part] == FOUNDATION and FLOOR_OF[target] != FOUNDATION) == []
