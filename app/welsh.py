"""Welsh grammar the app's words depend on: initial mutations, days after "ar", and the catalogue's check.

A Welsh word changes its first sound after certain words: "dydd Mercher" but "ar ddydd Mercher",
"plant" but "gyda phlant", "gyda" but "gydag Ysgol…". A translation can get this right for its own
words; a value put into it (a day, a school) is only known when the page is made, so such values
are either made to fit ("ar %(when)s" takes `on_day`) or the sentence is written not to need it.
`grammar_problems` and `spelling_problems` check every Welsh string of the catalogue for
`make translations` and the tests.
"""

import re
from functools import cache
from pathlib import Path

import flask_babel

from app.i18n import current_language

#: the soft mutation (treiglad meddal); two-letter sounds first
SOFT = (("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"), ("d", "dd"), ("g", ""),
        ("m", "f"))
#: the aspirate mutation (treiglad llaes)
ASPIRATE = (("p", "ph"), ("t", "th"), ("c", "ch"))
#: the nasal mutation (treiglad trwynol)
NASAL = (("p", "mh"), ("t", "nh"), ("c", "ngh"), ("b", "m"), ("d", "n"), ("g", "ng"))
#: the sounds that are already mutated forms, or not mutated at all, at the start of a word
NOT_RADICAL = ("ph", "th", "ch", "dd", "ff", "ng", "mh", "nh")
VOWELS = "aeiouwyâêîôûŵŷáéíóúàèìòù"

#: words after which the next word takes the soft mutation
SOFT_TRIGGERS = {"ar", "i", "o", "dy", "am", "at", "gan", "heb", "tan", "dan", "dros", "drwy", "trwy", "wrth"}
#: words that never mutate, or are never a mutation's target: pronouns, particles, fixed phrases
NEVER_MUTATED = {"mi", "ti", "fe", "fo", "fi", "hi", "ni", "chi", "nhw", "hwy", "mae", "maen", "bod", "y", "yr",
                 "yn", "i", "a", "ac", "na", "nac", "dim", "do", "dy", "mewn", "pan", "mor", "braf", "fel",
                 "mai", "byth", "pryd", "beth", "pwy", "gilydd"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
ALLOWED_WORDS = Path(__file__).resolve().parent.parent / "translations" / "cy" / "allowed-words.txt"
#: in an HTML string, what is markup rather than words
MARKUP = re.compile(r"<[^>]+>|&[a-z]+;|https?://\S+|\S+@\S+")


def mutated(word: str, table) -> str:
    """`word` with the mutation of `table` applied to its first sound, keeping its capital."""
    lower = word.lower()
    if lower.startswith(NOT_RADICAL):
        return word
    for radical, changed in table:
        if lower.startswith(radical):
            result = changed + word[len(radical):]
            return result[:1].upper() + result[1:] if word[:1].isupper() else result
    return word


def on_day(day, pattern: str = "EEEE d MMMM y") -> str:
    """A day as it reads after "on": Welsh says "ar ddydd Mercher", the day's name mutated after "ar"
    (and after "tan", until), where Babel writes "Dydd Mercher" for a heading."""
    text = flask_babel.format_date(day, pattern)
    if current_language() == "cy" and text.startswith("Dydd "):
        return "ddydd" + text[4:]
    return text


def _words(text: str) -> list[str]:
    """The words of a Welsh string, with each placeholder as the word "%"."""
    text = MARKUP.sub(" ", PLACEHOLDER.sub(" % ", text))
    return re.findall(r"%|[^\W\d_][\w'’-]*", text)


def _is_radical_with(word: str, table) -> bool:
    """Whether `word` begins with a sound `table` changes, so is not already a form it makes."""
    lower = word.lower()
    return lower not in NEVER_MUTATED and not word[:1].isupper() and mutated(lower, table) != lower


def _unmutated_soft(word: str) -> bool:
    """Whether `word` stands unmutated where the soft mutation was due. p, t, c, m, ll and rh are never
    what the mutation makes; b, d and g may be (from p, t, c), so the dictionary decides: "dydd" is
    wrong after "ar" ("tydd" is no word, "ddydd" is), "ben" is right ("pen")."""
    lower = word.lower()
    if not _is_radical_with(word, SOFT):
        return False
    if lower.startswith(("p", "t", "c", "m", "ll", "rh")):
        return True
    unsoftened = {"b": "p", "d": "t", "g": "c"}[lower[0]] + lower[1:]
    return not _known(unsoftened) and _known(mutated(lower, SOFT))


def grammar_problems(text: str) -> list[str]:
    """The mutation rules one Welsh string breaks (empty when it keeps them all)."""
    found = []
    words = _words(text)
    for before, word in zip(words, words[1:], strict=False):
        trigger = before.lower()
        if word == "%":
            if trigger in ("gyda", "gydag", "â", "ag"):
                found.append(f"“{before} %(…)s”: the value decides gyda/gydag; write it not to need it")
            continue
        if trigger in SOFT_TRIGGERS and _unmutated_soft(word):
            found.append(f"“{before} {word}”: soft mutation after “{before}” ({mutated(word, SOFT)})")
        elif trigger == "ei" and _is_radical_with(word, ASPIRATE):
            found.append(f"“{before} {word}”: after “ei” the word mutates ({mutated(word, SOFT)} or "
                         f"{mutated(word, ASPIRATE)})")
        elif trigger == "fy" and _is_radical_with(word, NASAL) and not word.lower().startswith("m"):
            found.append(f"“{before} {word}”: nasal mutation after “fy” ({mutated(word, NASAL)})")
        elif trigger == "gyda" and word[:1].lower() in VOWELS:
            found.append(f"“{before} {word}”: “gydag” before a vowel")
        elif trigger == "gyda" and _is_radical_with(word, ASPIRATE):
            found.append(f"“{before} {word}”: aspirate mutation after “gyda” ({mutated(word, ASPIRATE)})")
        elif trigger == "gydag" and word[:1].lower() not in VOWELS:
            found.append(f"“{before} {word}”: “gyda” before a consonant")
    return found


def number_problems(forms: list[str]) -> list[str]:
    """The six plural forms of a count (zero, one, two, three, six, other): after two ("dau", "dwy")
    the noun takes the soft mutation ("2 le", not "2 lle")."""
    if len(forms) != 6:
        return []
    found = []
    two = _words(forms[2])
    for number, word in zip(two, two[1:], strict=False):
        if number == "%" and _unmutated_soft(word) and word in _words(forms[5]):
            found.append(f"“%(num)d {word}” for two: soft mutation after two ({mutated(word, SOFT)})")
    return found


@cache
def _dictionary():
    """The Welsh Hunspell dictionary (Canolfan Bedwyr, Bangor; as updated by Techiaith in 2025)."""
    from importlib.resources import files

    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(files("cymraeg_mcp") / "data" / "dictionaries" / "cy_GB"))


@cache
def _allowed() -> frozenset[str]:
    """Names and acronyms the dictionary does not know: schools, places, products, file types."""
    lines = ALLOWED_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


#: what follows an apostrophe in Welsh: the article, "yn", and the short pronouns ("a'r", "wedi'i", "i'w")
CLITICS = {"r", "n", "i", "u", "w", "ch", "m", "th", "s"}


def _known(word: str) -> bool:
    """Whether the dictionary or the allow-list knows `word`, or each part of it around an apostrophe."""
    dictionary = _dictionary()
    bare = word.replace("’", "'").strip("'-")
    if not bare or bare in _allowed() or bare.lower() in _allowed():
        return True
    if dictionary.lookup(bare) or dictionary.lookup(bare.lower()) or dictionary.lookup(bare[:1].upper() + bare[1:]):
        return True
    first, *rest = bare.split("'")
    if rest and (first.lower() in CLITICS | {"a", "â", "o", "y", "fe", "mi", "ni"} or _known(first)):
        return all(part.lower() in CLITICS or _known(part) for part in rest)
    return "-" in bare and all(part and _known(part) for part in bare.split("-"))


def spelling_problems(text: str) -> list[str]:
    """The words of one Welsh string that are neither in the dictionary nor allowed names."""
    return [f"“{word}”: not in the Welsh dictionary" for word in _words(text) if word != "%" and not _known(word)]
