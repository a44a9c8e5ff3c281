"""Keeping the Welsh catalogue complete and correct: extract, update, compile and check.

Used by `flask translate …`, `make translations` and the test that fails when a string
in the code or templates has no Welsh translation.
"""

import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.checkers import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from app.welsh import grammar_problems, number_problems, spelling_problems

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = PROJECT_ROOT / "translations"
WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "say": None, "_p": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
# CLDR's six Welsh forms: zero, one, two, few (3), many (6), other.
WELSH_PLURAL_FORMS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"


def extract() -> Catalog:
    """Every translatable string in app/ (Python and templates), as a template catalogue."""
    with open(PROJECT_ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog(project="Clwstwr", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update() -> None:
    """Merge newly extracted strings into the Welsh catalogue, keeping its six plural forms."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        with open(pot, "wb") as out:
            write_po(out, extract(), width=100)
        if not WELSH_PO.exists():
            CommandLineInterface().run(["pybabel", "-q", "init", "-i", str(pot), "-d", str(TRANSLATIONS),
                                        "-l", "cy"])
        else:
            CommandLineInterface().run(["pybabel", "-q", "update", "-i", str(pot), "-d", str(TRANSLATIONS),
                                        "--no-fuzzy-matching", "-w", "100", "--ignore-obsolete"])
    text = WELSH_PO.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms: ')
    end = text.index('\\n"', start)
    WELSH_PO.write_text(text[:start] + f'"Plural-Forms: {WELSH_PLURAL_FORMS}' + text[end:], encoding="utf-8")


def compile_catalogues() -> None:
    """Build the .mo files the app reads (they are not committed)."""
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(TRANSLATIONS), "--statistics"])


def problems() -> list[str]:
    """Everything wrong with the Welsh catalogue: missing, untranslated, fuzzy, inconsistent, or Welsh
    that breaks a mutation rule or is not in the dictionary (app/welsh.py)."""
    with open(WELSH_PO, "rb") as po:
        welsh = read_po(po)
    found = []
    if welsh.num_plurals != 6:
        found.append(f"Plural-Forms should have 6 forms, has {welsh.num_plurals}")
    for message in extract():
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        translated = welsh.get(key, context=message.context)
        where = ", ".join(f"{path}:{line}" for path, line in message.locations)
        if translated is None:
            found.append(f"missing from the catalogue: {key!r} ({where})")
            continue
        strings = translated.string if isinstance(translated.string, (list, tuple)) else [translated.string]
        if not all(strings):
            found.append(f"untranslated: {key!r}")
        if translated.fuzzy:
            found.append(f"fuzzy: {key!r}")
    for message in welsh:
        if not message.id:
            continue
        for checker in checkers:
            try:
                checker(welsh, message)
            except Exception as error:  # Babel raises TranslationError for each problem
                found.append(f"{message.id!r}: {error}")
        found.extend(f"{message.id!r}: {problem}" for problem in welsh_problems(message))
    return found


def welsh_problems(message) -> list[str]:
    """What the Welsh check finds in one entry: mutations, numbers with nouns, spelling."""
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    found = [problem for text in dict.fromkeys(strings) if text
             for problem in grammar_problems(text) + spelling_problems(text)]
    return found + number_problems(strings)

