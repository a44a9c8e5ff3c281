"""Search terms that find a Welsh word in its radical and mutated forms (app/welsh_forms.py)."""

from itertools import combinations, permutations

import pytest

from app.welsh_forms import STOP_WORDS, index_terms, matches, query_terms, radicals, words

#: radical → its mutated forms as Welsh speakers write them (soft, nasal, aspirate, h before a vowel),
#: from school vocabulary and the cluster's places
FORMS = {
    "cwricwlwm": ["gwricwlwm", "nghwricwlwm", "chwricwlwm"],
    "mathemateg": ["fathemateg"],
    "pontio": ["bontio", "mhontio", "phontio"],
    "ysgol": ["hysgol"],
    "gwyddoniaeth": ["wyddoniaeth", "ngwyddoniaeth"],
    "dysgu": ["ddysgu", "nysgu"],
    "llythrennedd": ["lythrennedd"],
    "rhifedd": ["rifedd"],
    "plant": ["blant", "mhlant", "phlant"],
    "tîm": ["dîm", "nhîm", "thîm"],
    "Cymraeg": ["Gymraeg", "Nghymraeg", "Chymraeg"],
    "bywyd": ["fywyd", "mywyd"],
    "disgyblion": ["ddisgyblion", "nisgyblion"],
    "gwaith": ["waith", "ngwaith"],
    "meddwl": ["feddwl"],
    "llais": ["lais"],
    "rhieni": ["rieni"],
    "teulu": ["deulu", "nheulu", "theulu"],
    "celf": ["gelf", "nghelf", "chelf"],
    "iechyd": ["hiechyd"],
    "athro": ["hathro"],
    "pennaeth": ["bennaeth", "mhennaeth", "phennaeth"],
    "cyfnod": ["gyfnod", "nghyfnod", "chyfnod"],
    "blwyddyn": ["flwyddyn", "mlwyddyn"],
    "darllen": ["ddarllen", "narllen"],
    "trafod": ["drafod", "nhrafod", "thrafod"],
    "gweithdy": ["weithdy", "ngweithdy"],
    "llesiant": ["lesiant"],
    "rhaglen": ["raglen"],
    "gardd": ["ardd", "ngardd"],
    "enw": ["henw"],
    "addysg": ["haddysg"],
    "arholiad": ["harholiad"],
    "ardal": ["hardal"],
    "oedran": ["hoedran"],
    "ymarfer": ["hymarfer"],
    "uned": ["huned"],
    "gwers": ["wers", "ngwers"],
    "geirfa": ["eirfa", "ngeirfa"],
    "glan": ["lan"],
    "gradd": ["radd", "ngradd"],
    "gŵyl": ["ŵyl"],
    "gwefan": ["wefan", "ngwefan"],
    "gofal": ["ofal", "ngofal"],
    "gwybodaeth": ["wybodaeth", "ngwybodaeth"],
    "tymor": ["dymor", "nhymor", "thymor"],
    "tudalen": ["dudalen", "nhudalen", "thudalen"],
    "taith": ["daith", "nhaith", "thaith"],
    "tŷ": ["dŷ", "nhŷ", "thŷ"],
    "pwnc": ["bwnc", "mhwnc", "phwnc"],
    "prifathro": ["brifathro", "mhrifathro", "phrifathro"],
    "polisi": ["bolisi", "mholisi", "pholisi"],
    "cyfarfod": ["gyfarfod", "nghyfarfod", "chyfarfod"],
    "cynllun": ["gynllun", "nghynllun", "chynllun"],
    "canlyniadau": ["ganlyniadau", "nghanlyniadau", "chanlyniadau"],
    "cân": ["gân", "nghân", "chân"],
    "Caerdydd": ["Gaerdydd", "Nghaerdydd"],
    "Pontypridd": ["Bontypridd", "Mhontypridd"],
    "Bangor": ["Fangor", "Mangor"],
    "Dinbych": ["Ddinbych", "Ninbych"],
    "Tywyn": ["Dywyn", "Nhywyn"],
    "Gwynedd": ["Wynedd", "Ngwynedd"],
    "bws": ["fws", "mws"],
    "bore": ["fore"],
    "dosbarth": ["ddosbarth", "nosbarth"],
    "diwrnod": ["ddiwrnod", "niwrnod"],
    "datblygu": ["ddatblygu", "natblygu"],
    "mabolgampau": ["fabolgampau"],
    "merched": ["ferched"],
    "meithrin": ["feithrin"],
    "mam": ["fam"],
    "llyfr": ["lyfr"],
    "llun": ["lun"],
    "llawlyfr": ["lawlyfr"],
    "rhiant": ["riant"],
    "rhestr": ["restr"],
}

PAIRS = [(written, radical) for radical, forms in FORMS.items() for written in forms]
SIBLINGS = [pair for forms in FORMS.values() for pair in permutations(forms, 2)]


def test_the_table_is_large_and_has_every_mutation():
    assert len(PAIRS) >= 60
    assert len(FORMS) >= 30
    starts = {written.lower()[:3] for written, _ in PAIRS}
    for start in ("ngh", "ngw", "mh", "nh", "ph", "th", "ch", "dd", "h"):
        assert any(s.startswith(start) for s in starts), start


@pytest.mark.parametrize(("written", "radical"), PAIRS)
def test_the_radical_is_among_the_radicals(written, radical):
    assert radical.casefold() in radicals(written.casefold())
    assert written.casefold() in radicals(written.casefold())


@pytest.mark.parametrize(("written", "radical"), PAIRS)
def test_the_radical_finds_the_mutation(written, radical):
    assert matches(radical, f"Mae ei {written} yn bwysig i'r ysgol.")


@pytest.mark.parametrize(("written", "radical"), PAIRS)
def test_the_mutation_finds_the_radical(written, radical):
    assert matches(written, f"Y {radical}: newyddion yr wythnos.")


@pytest.mark.parametrize(("query", "written"), SIBLINGS)
def test_one_mutation_finds_another(query, written):
    assert matches(query, f"Gwybodaeth am {written}")


@pytest.mark.parametrize(("query", "text"), [
    ("cwricwlwm", "gwricwlwm"), ("cwricwlwm", "nghwricwlwm"), ("cwricwlwm", "chwricwlwm"),
    ("mathemateg", "fathemateg"), ("pontio", "bontio"), ("pontio", "mhontio"), ("pontio", "phontio"),
    ("nghwricwlwm", "cwricwlwm"), ("gwricwlwm", "chwricwlwm"), ("fathemateg", "mathemateg"),
])
def test_the_examples_of_the_issue(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), [
    ("pontio", "pentref"), ("celf", "cyfle"), ("celf", "celfyddydau"), ("ysgol", "ysgrifennu"),
    ("cwricwlwm", "cwrs"), ("mathemateg", "meddwl"), ("gwyddoniaeth", "gwaith"), ("llais", "llyfr"),
    ("rhieni", "rhaglen"), ("dysgu", "disgyblion"), ("teulu", "tymor"), ("blwyddyn", "bywyd"),
    ("plant", "planed"), ("tîm", "Does dim gwaith cartref"), ("cân", "gan y plant"), ("maths", "mathemateg"),
    ("gardd", "cardiau"), ("athro", "athrawes"), ("pennaeth", "pen"),
])
def test_unrelated_words_do_not_match(query, text):
    assert not matches(query, text)


@pytest.mark.parametrize(("word", "expected"), [
    ("gwricwlwm", {"gwricwlwm", "cwricwlwm"}),
    ("nghwricwlwm", {"nghwricwlwm", "cwricwlwm"}),
    ("chwricwlwm", {"chwricwlwm", "cwricwlwm"}),
    ("cwricwlwm", {"cwricwlwm"}),
    ("fathemateg", {"fathemateg", "mathemateg", "bathemateg"}),
    ("mhontio", {"mhontio", "pontio"}),
    ("bontio", {"bontio", "pontio"}),
    ("ardd", {"ardd", "gardd"}),
    ("hysgol", {"hysgol", "ysgol"}),
    ("ddysgu", {"ddysgu", "dysgu"}),
    ("lyfr", {"lyfr", "llyfr", "glyfr"}),
    ("rhaglen", {"rhaglen"}),
    ("raglen", {"raglen", "rhaglen", "graglen"}),
    ("nhad", {"nhad", "tad"}),
    ("ngardd", {"ngardd", "gardd"}),
    ("mam", {"mam", "bam"}),
    ("theatr", {"theatr", "teatr"}),
    ("ffiseg", {"ffiseg"}),
    ("dîm", {"dîm", "dim", "tîm", "tim"}),
    ("ŵyl", {"ŵyl", "wyl", "gŵyl", "gwyl"}),
    ("6", {"6"}),
    ("y6", {"y6"}),
    ("vocabulary", {"vocabulary"}),
    ("", set()),
])
def test_radicals(word, expected):
    assert radicals(word) == expected


def test_radicals_fold_case_and_normalise():
    assert radicals("Nghymraeg") == radicals("nghymraeg") == {"nghymraeg", "cymraeg"}
    assert radicals("w\u0302yl") == radicals("ŵyl")


@pytest.mark.parametrize(("text", "expected"), [
    ("i'r ysgol", ["i", "r", "ysgol"]),
    ("o’r gwaith", ["o", "r", "gwaith"]),
    ("a‘r plant", ["a", "r", "plant"]),
    ("Ysgol Gymraeg Bro Taf", ["ysgol", "gymraeg", "bro", "taf"]),
    ("Gŵyl y Plant, tŷ bach â'r ŷd", ["gŵyl", "y", "plant", "tŷ", "bach", "â", "r", "ŷd"]),
    ("CAERDYDD", ["caerdydd"]),
    ("Ŵyl", ["ŵyl"]),
    ("Helo, bawb! (Blwyddyn 6) — 2024/25.", ["helo", "bawb", "blwyddyn", "6", "2024", "25"]),
    ("cyn-ddisgyblion ôl-16", ["cyn", "ddisgyblion", "ôl", "16"]),
    ("The school's open day: parents_welcome", ["the", "school", "s", "open", "day", "parents", "welcome"]),
    ("copïo", ["copïo"]),
    ("w\u0302yl", ["ŵyl"]),
    ("", []),
])
def test_words(text, expected):
    assert words(text) == expected


def test_index_terms_leave_out_stop_words_and_single_letters():
    terms = index_terms("Mae'r plant yn yr ysgol gyda'u rhieni a'r athro, i'r gwaith.")
    assert {"plant", "ysgol", "rhieni", "athro", "gwaith"} <= terms
    assert not terms & {"mae", "r", "yn", "yr", "gyda", "u", "a", "i"}
    assert not index_terms("a i o y yn yr the and of")


def test_index_terms_keep_numbers_and_two_letter_words():
    terms = index_terms("Blwyddyn 6: tŷ bach, PE ac AI")
    assert {"blwyddyn", "6", "tŷ", "ty", "pe", "ai"} <= terms
    assert matches("Blwyddyn 6", "Trip blwyddyn 6 i Gaerdydd")
    assert not matches("Blwyddyn 5", "Trip blwyddyn 6 i Gaerdydd")


def test_stop_words_hold_the_function_words_of_the_issue():
    issue = {"a", "ac", "ar", "at", "i", "o", "y", "yr", "'r", "yn", "ei", "eu", "ein", "eich", "gyda", "gydag",
             "am", "mae", "the", "and", "of", "to", "in", "for", "on", "with"}
    assert issue <= STOP_WORDS
    assert all(word == word.casefold() for word in STOP_WORDS)


def test_query_terms():
    assert query_terms("cwricwlwm") == [frozenset({"cwricwlwm"})]
    assert query_terms("nghwricwlwm") == [frozenset({"nghwricwlwm", "cwricwlwm"})]
    assert query_terms("Cymraeg yn yr ysgol") == [frozenset({"cymraeg"}), frozenset({"ysgol", "gysgol"})]
    assert query_terms("yn yr a") == []
    assert query_terms("") == []


def test_a_query_matches_when_every_word_matches():
    text = "Bydd disgyblion Blwyddyn 6 yn ymweld â'r ysgol uwchradd i drafod y cyfnod pontio."
    assert matches("nisgyblion", text)
    assert matches("trafod pontio", text)
    assert matches("ddisgyblion bontio", text)
    assert not matches("trafod mathemateg", text)
    assert not matches("yn yr", text)


def test_accents_are_optional():
    assert matches("tim", "Llongyfarchiadau i'r tîm!")
    assert matches("tîm", "llongyfarchiadau i'r tim")
    assert matches("gwyl", "Gŵyl Ddewi")
    assert matches("gŵyl", "yr wyl")
    assert matches("copio", "Peidiwch â chopïo")


def test_english_text():
    text = "Parents' evening for Year 6 pupils in the school hall."
    assert matches("parents evening", text)
    assert matches("Year 6", text)
    assert not matches("the", text)
    assert index_terms("the vocabulary quiz") == {"vocabulary", "quiz"}


def test_a_prefix_finds_mutated_words_as_the_docstring_says():
    terms = index_terms("Newidiadau i'n nghwricwlwm ni")
    prefixes = radicals(words("cwr")[-1])
    assert any(term.startswith(prefix) for term in terms for prefix in prefixes)
    prefixes = radicals(words("chwr")[-1])
    assert any(term.startswith(prefix) for term in index_terms("y cwricwlwm") for prefix in prefixes)


def test_every_form_of_a_radical_gives_the_same_match_set():
    texts = {written: f"Dyma'r {written}" for written, _ in PAIRS}
    for radical, forms in FORMS.items():
        for a, b in combinations([radical, *forms], 2):
            assert matches(a, texts.get(b, b)) and matches(b, texts.get(a, a)), (a, b)
