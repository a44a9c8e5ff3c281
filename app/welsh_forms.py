"""Search terms for Welsh (and English) text, so that a Welsh word is found in all its mutated forms.

A Welsh word changes its first sound after certain words: "cwricwlwm" is written "y cwricwlwm",
"ei gwricwlwm" (soft), "fy nghwricwlwm" (nasal), "ei chwricwlwm" (aspirate); "ysgol" is "ei hysgol"
(h before a vowel). A search for any one of these forms should find a text that uses any other.

The approach: each word is mapped to the set of its possible radicals (`radicals`): the word itself
and every form of which it could be a mutation, found by undoing each mutation at its start. Both
sides are mapped the same way, a document to the union of the sets of its words (`index_terms`) and
a query to one set per word (`query_terms`); a query word matches a document when its set meets the
document's terms. As each set holds the word as written, a radical finds its mutations (it is in
their sets), a mutation finds its radical (the radical is in its set), and two mutations of the same
radical find each other (both sets hold the radical).

The rules are undone without a dictionary, so a word gets every radical it could have, real or not:
"fam" gives "mam" (right) and "bam" (no word). An invented form costs nothing unless another word
leads to it too, but words that really are each other's mutation under the rules do match, whichever
was meant: "dal" (hold) and "tal" (tall), "bara" (bread) and "para" (last), "hwyl" (fun) and "ŵyl"
(the festival, soft "gŵyl", which loses its g). English words are read by the same rules, so "gold"
finds "cold" and "old", "fill" finds "bill" and "mill"; words with k, q, v, x or z, letters Welsh
does not spell with, are left as they are. Common function words that would be read as mutations of
content words ("dim" as the soft of "tim", "gan" of "cân", "fod" of "bod") are stop words, not terms.
Accents are optional: "tîm" also gives "tim", so a search typed without the circumflex still finds it,
at the cost of words that differ only in an accent meeting: "gwên" (smile) and "gwen" (white).

Matching is of whole terms. For search-as-you-type, treat the last query word as a prefix:
`radicals(words(query)[-1])` (not filtered by the stop list, since "yn" may be the start of "ynni"),
each element matching the indexed terms that start with it. Undoing a mutation only changes the start
of a word, so once its first letter is complete (a digraph typed in full: "ngh", not "ng") the radicals
of a prefix are prefixes of the radicals ("nghwr" gives "cwr", which begins "cwricwlwm").
"""

import re
import unicodedata
from functools import lru_cache

#: words that are not index terms: Welsh and English function words, and the forms of them that would
#: otherwise meet content words ("dim" the soft of "tim", "gan" of "cân", "fod" of "bod")
STOP_WORDS = frozenset({
    # Welsh: articles, particles, prepositions, pronouns, conjunctions, the commonest verb forms
    "a", "â", "ac", "ag", "am", "ar", "at", "i", "o", "y", "yr", "'r", "r", "'n", "n", "'i", "'w", "w",
    "yn", "ym", "yng", "ei", "eu", "ein", "eich", "fy", "dy", "gyda", "gydag", "efo", "gan", "dan", "tan",
    "heb", "hyd", "dros", "drwy", "trwy", "wrth", "mewn", "rhwng", "na", "nac", "nad", "nid", "ni", "fe",
    "mi", "ond", "neu", "os", "pan", "fel", "hefyd", "hyn", "hwn", "hon", "hynny", "yma", "yno", "dim",
    "ddim", "mae", "maen", "mai", "sy", "sydd", "oedd", "roedd", "bydd", "fydd", "bod", "fod", "wedi",
    "yw", "ydy", "ydyn", "ydych", "ydw", "pob", "bob",
    # English
    "the", "and", "of", "to", "in", "for", "on", "with", "an", "is", "are", "be", "by", "as", "or",
    "this", "that", "from", "will", "we", "our", "you", "your",
})

#: a word: letters and digits, with any combining accent left after normalising; apostrophes, hyphens and
#: punctuation separate words, so "i'r" is "i" and "r", and "cyn-ddisgyblion" finds "disgyblion"
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

#: undoing the consonant mutations: the start of a mutated form → the radical starts it may come from.
#: Welsh digraphs are single letters, so only the longest start applies ("ngh" is c, never "ng" + h;
#: "dd" is d, never soft "d" from t + "d"); ch, dd, ff, ll, ph, rh and th are kept as written too, as
#: some words begin with them unmutated ("chwarae", "theatr", "ffiseg", "llyfr", "rhaglen").
_UNDO = {
    "ngh": ("c",),         # nasal c
    "ng": ("g",),          # nasal g
    "mh": ("p",),          # nasal p
    "nh": ("t",),          # nasal t
    "ph": ("p",),          # aspirate p
    "th": ("t",),          # aspirate t
    "ch": ("c",),          # aspirate c
    "dd": ("d",),          # soft d
    "ff": (),              # never a mutation
    "ll": (),
    "rh": (),
    "b": ("p",),           # soft p
    "d": ("t",),           # soft t
    "g": ("c",),           # soft c
    "f": ("b", "m"),       # soft b, soft m
    "m": ("b",),           # nasal b
    "n": ("d", "gn"),      # nasal d; soft g drops before n ("gnawd" → "nawd")
    "l": ("ll", "gl"),     # soft ll; soft g drops before l ("glan" → "ar lan")
    "r": ("rh", "gr"),     # soft rh; soft g drops before r ("gradd" → "radd")
}
_UNDO_LONGEST_FIRST = sorted(_UNDO.items(), key=lambda item: -len(item[0]))
#: vowels, without their accents (w and y are vowels in Welsh)
_VOWELS = frozenset("aeiouwy")
#: letters Welsh does not spell with: a word holding one is not a mutated Welsh word
_NOT_WELSH = frozenset("kqvxz")


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """`text` without its accents ("tîm" → "tim", "gŵyl" → "gwyl", "copïo" → "copio")."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def words(text: str) -> list[str]:
    """The words of `text`, case-folded and normalised (NFC), split at apostrophes, hyphens and punctuation."""
    return _WORD.findall(unicodedata.normalize("NFC", text.casefold()))


# Bounded, not unbounded: queries bring arbitrary words, and a long-running server should not grow forever.
@lru_cache(maxsize=200_000)
def radicals(word: str) -> frozenset[str]:
    """`word` and every form it could be a mutation of, each also without accents (empty for no word)."""
    word = unicodedata.normalize("NFC", word.casefold())
    if not word:
        return frozenset()
    folded = _fold(word)
    forms = {word, folded}
    # Numbers ("6", "y6") and words Welsh does not spell ("vocabulary") are never mutated forms.
    if not folded.isalpha() or not _NOT_WELSH.isdisjoint(folded):
        return frozenset(forms)
    for start, radical_starts in _UNDO_LONGEST_FIRST:
        if folded.startswith(start):
            forms.update(radical + word[len(start):] for radical in radical_starts)
            break
    else:
        if folded[0] in _VOWELS:
            forms.add("g" + word)  # soft g is dropped: "gwaith" → "waith", "gardd" → "ardd"
    if folded[0] == "h" and len(folded) > 1 and folded[1] in _VOWELS:
        forms.add(word[1:])  # h before a vowel: "ei hysgol" ← "ysgol"
    return frozenset(forms | {_fold(form) for form in forms})


def _is_term(word: str) -> bool:
    """Whether `word` is searched for: not a stop word, and not a single letter (a single digit is)."""
    return word not in STOP_WORDS and (len(word) > 1 or word.isdigit())


def index_terms(text: str) -> set[str]:
    """The terms to store for a document: the radicals of each of its words but the stop words."""
    terms: set[str] = set()
    for word in words(text):
        if _is_term(word):
            terms |= radicals(word)
    return terms


def query_terms(query: str) -> list[frozenset[str]]:
    """For each word of `query` but the stop words, the terms any one of which in a document matches it."""
    return [radicals(word) for word in words(query) if _is_term(word)]


def matches(query: str, text: str) -> bool:
    """Whether `text` holds every word of `query` in some form; a query of stop words alone matches nothing."""
    wanted = query_terms(query)
    if not wanted:
        return False
    terms = index_terms(text)
    return all(not forms.isdisjoint(terms) for forms in wanted)
