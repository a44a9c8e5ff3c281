"""The practice library's search on 10,000 pieces (issue #18): `search()` timed in-process.

    .venv/bin/python -m bench.run --only practice   # this row alone, about a minute a database

`make bench` runs it on the `flask demo large` databases of the summary rows, after their
summaries are measured. The pieces are written by a seeded generator in both languages, as a
school would write them: a title, a summary, what was done and the difference it made. The words
are some 300 pairs of the practice's own (the areas' subjects, who did what, what changed), the
names of the languages pupils speak at home and of the countries schools link with (CLDR's, in
both languages) and of schemes and tools; drawn by rank, so that a few are in nearly every piece
and most in a handful. Welsh words are mutated after the words that mutate them ("ei gwricwlwm",
"fy nghwricwlwm", "i bontio", "ym mhontio", "o fathemateg", "yng Nghanada"). The pieces are spread
over the authority's fourteen clusters and every reach (drafts, the cluster, the authority, some
public), so that who may read what shapes the query. Their search terms are exactly those
`reindex` stores (checked against it on a sample), inserted in bulk as `flask demo large` inserts
its rows, rather than through the ORM a piece at a time.

Each search runs in an application context of its own, as a request does (a new session, the
pooled connection), on one connection: its time is how long a reader waits, not a queue.
"""

import math
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

#: how many pieces the issue's target is about
ITEMS = 10_000
#: the issue's target for a search over them
MAX_P50_MS = 100
#: timed searches of each query for each reader (after one untimed), fewer when a query is slow
REPEATS, MIN_REPEATS, SECONDS_PER_QUERY = 21, 7, 4.0
SEED = 18
#: pieces per INSERT … RETURNING, and rows per executemany on SQLite: big enough to be fast, small
#: enough to keep memory flat
ITEM_CHUNK, ROW_CHUNK = 2000, 100_000
#: pieces whose bulk terms are checked against `reindex` itself
CHECKED_AGAINST_REINDEX = 25

# --- the words pieces are written in ------------------------------------------------------------
# (Welsh, English) pairs, commonest first: a piece draws from them by a Zipf-like weight, so a few
# are in nearly every piece and most in a handful, as in real writing.

GENERAL = (
    ("disgyblion", "pupils"), ("pontio", "transition"), ("athrawon", "teachers"), ("cwricwlwm", "curriculum"),
    ("dysgu", "learning"), ("cynllunio", "planning"), ("teuluoedd", "families"), ("cynnydd", "progress"),
    ("asesu", "assessment"), ("lles", "wellbeing"), ("dosbarth", "class"), ("tystiolaeth", "evidence"),
    ("adnoddau", "resources"), ("clwstwr", "cluster"), ("cymuned", "community"), ("gwersi", "lessons"),
    ("dilyniant", "progression"), ("cynradd", "primary"), ("uwchradd", "secondary"), ("rhieni", "parents"),
    ("hyfforddiant", "training"), ("cydweithio", "collaboration"), ("adborth", "feedback"),
    ("presenoldeb", "attendance"), ("ymddygiad", "behaviour"), ("ymgysylltiad", "engagement"),
    ("cymedroli", "moderation"), ("targedau", "targets"), ("ymyriadau", "interventions"),
    ("cefnogaeth", "support"), ("anghenion", "needs"), ("llais", "voice"), ("hyder", "confidence"),
    ("annibyniaeth", "independence"), ("arsylwi", "observation"), ("ymchwil", "research"),
    ("gwerthuso", "evaluation"), ("cynhwysiant", "inclusion"), ("tegwch", "equity"), ("Cymraeg", "Welsh"),
    ("dwyieithrwydd", "bilingualism"), ("cyngor", "council"), ("gweithdy", "workshop"), ("prosiect", "project"),
    ("cyfarfod", "meeting"), ("llywodraethwyr", "governors"), ("cynorthwywyr", "assistants"),
    ("blaenoriaethau", "priorities"), ("safonau", "standards"), ("disgwyliadau", "expectations"),
    ("trafodaethau", "discussions"), ("cyfrifoldeb", "responsibility"), ("heriau", "challenges"),
    ("partneriaeth", "partnership"), ("profiadau", "experiences"), ("sgiliau", "skills"),
)
THEMES = {
    "mathematics": (
        ("mathemateg", "mathematics"), ("rhifedd", "numeracy"), ("ffracsiynau", "fractions"),
        ("tablau", "tables"), ("mesur", "measure"), ("amcangyfrif", "estimation"), ("geometreg", "geometry"),
        ("ystadegau", "statistics"), ("problemau", "problems"), ("cyfrifo", "calculation"),
        ("patrymau", "patterns"), ("arian", "money"), ("siapiau", "shapes"), ("graffiau", "graphs"),
        ("degolion", "decimals"), ("canrannau", "percentages"), ("algebra", "algebra"), ("onglau", "angles"),
    ),
    "languages": (
        ("darllen", "reading"), ("ysgrifennu", "writing"), ("llythrennedd", "literacy"), ("ffoneg", "phonics"),
        ("sillafu", "spelling"), ("llafaredd", "oracy"), ("barddoniaeth", "poetry"), ("straeon", "stories"),
        ("geirfa", "vocabulary"), ("gramadeg", "grammar"), ("llyfrau", "books"), ("llyfrgell", "library"),
        ("ieithoedd", "languages"), ("Ffrangeg", "French"), ("trafod", "debate"), ("nofelau", "novels"),
        ("llawysgrifen", "handwriting"), ("dealltwriaeth", "comprehension"),
    ),
    "science_technology": (
        ("gwyddoniaeth", "science"), ("technoleg", "technology"), ("codio", "coding"), ("robotiaid", "robots"),
        ("arbrofion", "experiments"), ("ymchwiliad", "investigation"), ("peirianneg", "engineering"),
        ("digidol", "digital"), ("llechi", "tablets"), ("meddalwedd", "software"), ("planhigion", "plants"),
        ("egni", "energy"), ("trydan", "electricity"), ("gofod", "space"), ("cemeg", "chemistry"),
        ("ffiseg", "physics"), ("bioleg", "biology"), ("data", "data"),
    ),
    "humanities": (
        ("hanes", "history"), ("daearyddiaeth", "geography"), ("crefydd", "religion"),
        ("dinasyddiaeth", "citizenship"), ("treftadaeth", "heritage"), ("amgueddfa", "museum"),
        ("mapiau", "maps"), ("cynaliadwyedd", "sustainability"), ("busnes", "business"),
        ("diwylliant", "culture"), ("castell", "castle"), ("afon", "river"), ("hinsawdd", "climate"),
        ("moeseg", "ethics"), ("cynefin", "locality"), ("pentref", "village"), ("glofa", "colliery"),
        ("mudo", "migration"),
    ),
    "expressive_arts": (
        ("celf", "art"), ("cerddoriaeth", "music"), ("drama", "drama"), ("dawns", "dance"), ("ffilm", "film"),
        ("eisteddfod", "eisteddfod"), ("canu", "singing"), ("perfformiad", "performance"),
        ("offerynnau", "instruments"), ("cerflunio", "sculpture"), ("ffotograffiaeth", "photography"),
        ("theatr", "theatre"), ("côr", "choir"), ("paentio", "painting"), ("artist", "artist"),
        ("crochenwaith", "pottery"), ("animeiddio", "animation"), ("gŵyl", "festival"),
    ),
    "health_wellbeing": (
        ("iechyd", "health"), ("chwaraeon", "sport"), ("bwyd", "food"), ("gwydnwch", "resilience"),
        ("emosiynau", "emotions"), ("cyfeillgarwch", "friendship"), ("bwlio", "bullying"), ("ffitrwydd", "fitness"),
        ("cwsg", "sleep"), ("anogaeth", "nurture"), ("myfyrio", "mindfulness"), ("diogelwch", "safety"),
        ("nofio", "swimming"), ("coedwig", "forest"), ("gorbryder", "anxiety"), ("perthnasoedd", "relationships"),
        ("chwarae", "play"), ("beicio", "cycling"),
    ),
}
#: names of schemes, tools and places: each in a few dozen pieces at most
RARE = (
    "origami", "Boxall", "Seesaw", "Minecraft", "Lego", "Makaton", "Numicon", "Mathletics", "Sumdog", "Hwb",
    "Scratch", "Sphero", "Beebots", "Kapla", "Urdd", "Jigsaw", "Thrive", "ELSA", "Nessy", "Lexia",
    "Mantle", "Oracy21", "Talkboost", "Wellcomm", "Tapestry", "Padlet", "Flipgrid", "Kahoot", "Plickers",
    "Cwmcarn", "Techniquest", "Plantasia", "Sain Ffagan", "Big Pit", "Llangrannog", "Glan-llyn", "Aberdaron",
    "Mabinogi", "Shakespeare", "Dahl", "Tryweryn", "Penderyn", "Merthyr", "Senghennydd", "Rebecca", "Chartists",
    "Pilates", "yoga", "taekwondo", "netball", "rygbi", "orienteering", "geocaching", "beekeeping",
    "composting", "hydroponics", "permaculture", "drones", "podcasts", "vlogs", "stop-motion", "ukuleles",
    "samba", "clogs", "harp", "calligraphy", "batik", "weaving", "mosaics", "kintsugi", "haiku", "limericks",
)
#: (Welsh verb-noun, English past, English base form)
VERBS = (
    ("datblygu", "developed", "develop"), ("cynllunio", "planned", "plan"), ("gwella", "improved", "improve"),
    ("rhannu", "shared", "share"), ("treialu", "trialled", "trial"), ("adolygu", "reviewed", "review"),
    ("cefnogi", "supported", "support"), ("cryfhau", "strengthened", "strengthen"),
    ("trafod", "discussed", "discuss"), ("addasu", "adapted", "adapt"), ("arwain", "led", "lead"),
    ("cyflwyno", "introduced", "introduce"), ("monitro", "monitored", "monitor"),
    ("dathlu", "celebrated", "celebrate"), ("modelu", "modelled", "model"), ("hyrwyddo", "promoted", "promote"),
    ("gwerthuso", "evaluated", "evaluate"), ("creu", "created", "create"), ("paratoi", "prepared", "prepare"),
    ("ymestyn", "extended", "extend"), ("mapio", "mapped", "map"), ("cydlynu", "coordinated", "coordinate"),
    ("blaenoriaethu", "prioritised", "prioritise"), ("archwilio", "explored", "explore"),
    ("cofnodi", "recorded", "record"), ("dadansoddi", "analysed", "analyse"), ("ail-lunio", "redesigned",
                                                                             "redesign"),
)
WHO = (
    ("athrawon", "teachers"), ("disgyblion", "pupils"), ("staff", "staff"),
    ("cynorthwywyr addysgu", "teaching assistants"), ("arweinwyr canol", "middle leaders"),
    ("y cyngor ysgol", "the school council"), ("teuluoedd", "families"), ("llywodraethwyr", "governors"),
    ("penaethiaid", "headteachers"), ("dysgwyr", "learners"), ("mentoriaid", "mentors"),
    ("arweinwyr digidol", "digital leaders"), ("y tîm lles", "the wellbeing team"),
    ("cydlynydd ADY", "the ALN coordinator"), ("cyn-ddisgyblion", "former pupils"),
)
YEAR_GROUPS = (
    ("Blwyddyn 6", "Year 6"), ("Blwyddyn 7", "Year 7"), ("Blwyddyn 2", "Year 2"), ("Blwyddyn 9", "Year 9"),
    ("Blwyddyn 4", "Year 4"), ("dosbarth Derbyn", "Reception"), ("Meithrin", "Nursery"),
    ("chweched dosbarth", "sixth form"),
)
ADJECTIVES = (
    ("newydd", "new"), ("effeithiol", "effective"), ("creadigol", "creative"), ("cynhwysol", "inclusive"),
    ("dwyieithog", "bilingual"), ("ymarferol", "practical"), ("awyr agored", "outdoor"),
    ("cydweithredol", "collaborative"), ("lleol", "local"), ("cynaliadwy", "sustainable"), ("hwyliog", "fun"),
    ("wythnosol", "weekly"), ("tawel", "calm"), ("byr", "short"),
)
#: what goes before a noun in Welsh, the change it makes to it, and the English for it
BEFORE = (("y", None, "the"), ("ein", "h", "our"), ("eu", "h", "their"), ("ei", "soft", "his"),
          ("ei", "aspirate", "her"), ("fy", "nasal", "my"), ("", None, ""))
PREPOSITIONS = (("i", "soft", "to"), ("o", "soft", "of"), ("ar", "soft", "on"), ("am", "soft", "about"),
                ("drwy", "soft", "through"), ("yn", "nasal", "in"), ("gyda", "aspirate", "with"),
                ("heb", "soft", "without"), ("a", "aspirate", "and"))

# --- Welsh mutations, to write the forms a search must find ------------------------------------

_CHANGES = {
    "soft": {"ll": "l", "rh": "r", "p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f"},
    "nasal": {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"},
    "aspirate": {"p": "ph", "t": "th", "c": "ch"},
}
#: digraphs that are letters of their own, never changed ("chwaraeon", "theatr", "ffiseg")
_WHOLE_LETTERS = ("ch", "dd", "ff", "ng", "ph", "th")
_VOWELS = "aeiouwyâêîôûŵŷ"


def mutate(word: str, change: str | None) -> str:
    """`word` as Welsh writes it after a word causing `change` (soft, nasal, aspirate, or h)."""
    lower = word.lower()
    if change is None or not word:
        return word
    if change == "h":
        return "h" + word if lower[0] in _VOWELS else word
    if lower.startswith(_WHOLE_LETTERS):
        return word
    for start, becomes in sorted(_CHANGES[change].items(), key=lambda pair: -len(pair[0])):
        if lower.startswith(start):
            changed = becomes + word[len(start):]
            return changed[:1].upper() + changed[1:] if word[0].isupper() else changed
    return word


def _after(before: str, change: str | None, noun: str) -> str:
    """"before noun" in Welsh, mutated, with "yn" written "ym"/"yng" before the nasal it makes."""
    mutated = mutate(noun, change)
    if before == "yn" and mutated.lower().startswith(("m", "ng")):
        before = "ym" if mutated.lower().startswith("m") else "yng"
    elif before == "a" and mutated.lower()[:1] in _VOWELS:
        before = "ac"
    return f"{before} {mutated}".strip()


# --- writing pieces ----------------------------------------------------------------------------

def _capital(text: str) -> str:
    """`text` with its first letter a capital, the rest as written ("the ALN coordinator")."""
    return text[:1].upper() + text[1:]


def _zipf(count: int) -> list[float]:
    """Cumulative weights 1/rank, for random.choices."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1 / rank
        cumulative.append(total)
    return cumulative


def _names(kind: str) -> tuple[tuple[str, str], ...]:
    """(Welsh, English) names of languages or countries from the CLDR (through Babel), in a fixed shuffled
    order: a long tail of real words in both languages, many of them mutated ("yng Nghanada")."""
    from babel import Locale

    welsh, english = getattr(Locale("cy"), kind), getattr(Locale("en"), kind)
    pairs = sorted((welsh[code], english[code]) for code in english if code in welsh and not code.isdigit())
    random.Random(SEED).shuffle(pairs)  # noqa: S311 (an order, not a secret)
    return tuple(pairs)


_LANGUAGES, _COUNTRIES = _names("languages"), _names("territories")
_LANGUAGE_WEIGHTS, _COUNTRY_WEIGHTS = _zipf(len(_LANGUAGES)), _zipf(len(_COUNTRIES))
_GENERAL_WEIGHTS = _zipf(len(GENERAL))
_THEME_WEIGHTS = {theme: _zipf(len(words)) for theme, words in THEMES.items()}


class Writer:
    """Pieces of practice in Welsh and English from one seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def concept(self, theme: str) -> tuple[str, str]:
        """A (Welsh, English) noun: mostly of the piece's theme, often a general one, now and then another
        theme's."""
        roll = self.rng.random()
        if roll < 0.1:
            theme = self.rng.choice(list(THEMES))
        if roll < 0.55:
            return self.rng.choices(THEMES[theme], cum_weights=_THEME_WEIGHTS[theme])[0]
        return self.rng.choices(GENERAL, cum_weights=_GENERAL_WEIGHTS)[0]

    def noun_phrase(self, concept: tuple[str, str]) -> tuple[str, str]:
        """The noun after an article or a possessive, mutated as that word requires."""
        before, change, english = self.rng.choice(BEFORE)
        return _after(before, change, concept[0]), f"{english} {concept[1]}".strip()

    def prepositional(self, concept: tuple[str, str]) -> tuple[str, str]:
        """The noun after a preposition, mutated as the preposition requires."""
        before, change, english = self.rng.choice(PREPOSITIONS)
        return _after(before, change, concept[0]), f"{english} {concept[1]}"

    def sentence(self, theme: str) -> tuple[str, str]:
        """One sentence of what was done or what it changed."""
        rng = self.rng
        who_cy, who_en = rng.choice(WHO)
        verb_cy, verb_en, verb_base = rng.choice(VERBS)
        object_cy, object_en = self.noun_phrase(self.concept(theme))
        about_cy, about_en = self.prepositional(self.concept(theme))
        year_cy, year_en = rng.choice(YEAR_GROUPS)
        kind = rng.randrange(6)
        if kind == 0:
            return (f"Mae {who_cy} wedi {verb_cy} {object_cy} {about_cy}.",
                    f"{_capital(who_en)} {verb_en} {object_en} {about_en}.")
        if kind == 1:
            return (f"Buon ni'n {verb_cy} {object_cy} gyda {mutate(who_cy, 'aspirate')} bob wythnos.",
                    f"We {verb_en} {object_en} with {who_en} every week.")
        if kind == 2:
            return (f"Defnyddiodd {who_cy} {object_cy} i {mutate(verb_cy, 'soft')} {about_cy}.",
                    f"{_capital(who_en)} used {object_en} to {verb_base} {about_en}.")
        if kind == 3:
            percent = rng.randint(5, 40)
            return (f"Cododd {object_cy} {percent} y cant {_after('yn', 'nasal', year_cy)}.",
                    f"{_capital(object_en)} rose by {percent} per cent in {year_en}.")
        if kind == 4:
            return (f"Roedd {object_cy} yn bwysig {about_cy} i {mutate(who_cy, 'soft')}.",
                    f"{_capital(object_en)} {about_en} mattered to {who_en}.")
        return (f"Dechreuon ni {_after('yn', 'nasal', year_cy)} a {mutate(verb_cy, 'aspirate')} {object_cy}.",
                f"We started in {year_en} and {verb_en} {object_en}.")

    def home_language(self) -> tuple[str, str]:
        """Pupils who speak another language at home: a few languages often, hundreds now and then."""
        welsh, english = self.rng.choices(_LANGUAGES, cum_weights=_LANGUAGE_WEIGHTS)[0]
        pupils = self.rng.randint(2, 30)
        return f"Mae {pupils} o ddisgyblion yn siarad {welsh} gartref.", f"{pupils} pupils speak {english} at home."

    def link_abroad(self) -> tuple[str, str]:
        """A link with a school in another country, the country's name mutated after "yn"."""
        welsh, english = self.rng.choices(_COUNTRIES, cum_weights=_COUNTRY_WEIGHTS)[0]
        return (f"Rydyn ni wedi cysylltu ag ysgol {_after('yn', 'nasal', welsh)}.",
                f"We linked with a school in {english}.")

    def piece(self, theme: str) -> dict[str, str]:
        """Title, summary, what was done and its impact, in both languages."""
        rng = self.rng
        main = rng.choices(THEMES[theme], cum_weights=_THEME_WEIGHTS[theme])[0]
        second = self.concept(theme)
        adjective_cy, adjective_en = rng.choice(ADJECTIVES)
        if rng.random() < 0.5:
            title = (f"{_capital(main[0])} {adjective_cy} {_after('drwy', 'soft', second[0])}",
                     f"{_capital(adjective_en)} {main[1]} through {second[1]}")
        else:
            title = (f"{_capital(second[0])} {_after('a', 'aspirate', main[0])}",
                     f"{_capital(second[1])} and {main[1]}")
        summary = [self.sentence(theme) for _ in range(rng.randint(1, 2))]
        practice = [self.sentence(theme) for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.3:
            practice.append(self.home_language())
        if rng.random() < 0.2:
            practice.append(self.link_abroad())
        if rng.random() < 0.3:
            # a scheme, tool or place by name: each one in a few dozen pieces
            name = rng.choice(RARE)
            practice.insert(rng.randrange(len(practice) + 1), (f"Fe wnaethon ni ddefnyddio {name} am y tro cyntaf.",
                                                               f"We used {name} for the first time."))
        impact = [self.sentence(theme) for _ in range(rng.randint(1, 3))]
        return {"title_cy": title[0][:200], "title_en": title[1][:200],
                "summary_cy": " ".join(s[0] for s in summary), "summary_en": " ".join(s[1] for s in summary),
                "practice_cy": " ".join(s[0] for s in practice), "practice_en": " ".join(s[1] for s in practice),
                "impact_cy": " ".join(s[0] for s in impact), "impact_en": " ".join(s[1] for s in impact)}


def terms_of(texts: dict[str, str], schools: list) -> dict[str, int]:
    """The search terms `reindex` stores for a piece with these texts and schools, at their best weight."""
    from app.practice.services import BODY_WEIGHT, SUMMARY_WEIGHT, TITLE_WEIGHT
    from app.welsh_forms import index_terms

    weights: dict[str, int] = {}
    # the same order as reindex: a later, heavier place overwrites a lighter one
    for weight, names in ((BODY_WEIGHT, ("practice_en", "practice_cy", "impact_en", "impact_cy")),
                          (SUMMARY_WEIGHT, ("summary_en", "summary_cy")), (TITLE_WEIGHT, ("title_en", "title_cy"))):
        extra = ([school.name_en for school in schools] + [school.name_cy for school in schools]
                 if weight == BODY_WEIGHT else [])
        for text in [texts[name] for name in names] + extra:
            for term in index_terms(text or ""):
                weights[term[:80]] = weight
    return weights


# --- the library in the database ---------------------------------------------------------------

@dataclass
class Library:
    """What was made: how many pieces and terms, how long it took, and whom to search as."""

    items: int
    terms: int
    seconds: float
    #: {"leader": e-mail, "officer": e-mail}
    people: dict[str, str]


def _app(url: str, environment: str = "production"):
    from app import create_app
    from app.config import Config
    from bench.servers import LOAD_RATE_LIMIT

    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENVIRONMENT=environment,
                      SECRET_KEY=secrets.token_urlsafe(32), PUBLIC_URL="http://127.0.0.1",
                      PUBLIC_FORM_RATE_LIMIT=LOAD_RATE_LIMIT)


def add_library(url: str, people: dict[str, str], count: int = ITEMS, seed: int = SEED) -> Library:
    """`count` pieces of practice across the `flask demo large` authority in the database at `url`."""
    from sqlalchemy import insert, select, text

    from app.auth.models import Role, User
    from app.calendar.models import Strand
    from app.clusters.models import Authority, Cluster, School
    from app.demo_large import AS_OF, AUTHORITY_SLUG
    from app.extensions import db
    from app.practice.models import PracticeItem, Reach

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    writer = Writer(rng)
    app = _app(url, "development")
    with app.app_context():
        schools = db.session.scalars(select(School).join(Cluster).join(Authority)
                                     .where(Authority.slug == AUTHORITY_SLUG).order_by(School.id)).all()
        by_cluster: dict[int, list] = {}
        for school in schools:
            by_cluster.setdefault(school.cluster_id, []).append(school)
        contacts = {school_id: user_id for user_id, school_id in db.session.execute(
            select(User.id, User.school_id).where(User.school_id.in_([s.id for s in schools]),
                                                  User.role == Role.STAFF))}
        items, texts_and_schools, areas, skills, others = [], [], [], [], []
        themes = list(THEMES)
        for _ in range(count):
            school = rng.choice(schools)
            theme = rng.choice(themes)
            texts = writer.piece(theme)
            # drafts a quarter, the cluster nearly half, the authority the rest: visibility filters a lot
            reach = rng.choices((Reach.DRAFT, Reach.CLUSTER, Reach.AUTHORITY), weights=(25, 45, 30))[0]
            school_year = rng.choices((2021, 2022, 2023, 2024, 2025), weights=(1, 2, 3, 4, 5))[0]
            created = datetime(school_year, 9, 1, 9, tzinfo=UTC) + timedelta(minutes=rng.randrange(300 * 24 * 60))
            created = min(created, datetime.combine(AS_OF, datetime.min.time(), UTC))
            updated = created + timedelta(days=rng.randrange(30))
            youngest = rng.randint(1, 5) if rng.random() < 0.9 else None
            featured = reach == Reach.AUTHORITY and rng.random() < 0.03
            items.append({
                **texts, "cluster_id": school.cluster_id, "school_id": school.id,
                "contact_id": contacts.get(school.id), "created_by_id": contacts.get(school.id),
                "strand": rng.choice(list(Strand)), "youngest_step": youngest,
                "oldest_step": None if youngest is None else rng.randint(youngest, min(5, youngest + 2)),
                "school_year": school_year, "reach": reach,
                "public": reach != Reach.DRAFT and rng.random() < 0.15, "featured": featured,
                "officer_note_en": "A good place to start." if featured else "",
                "officer_note_cy": "Man cychwyn da." if featured else "",
                "created_at": created, "updated_at": updated,
                "published_on": None if reach == Reach.DRAFT else (created + timedelta(days=3)).date()})
            partners = (rng.sample([s for s in by_cluster[school.cluster_id] if s.id != school.id],
                                   rng.randint(1, 2)) if rng.random() < 0.15 else [])
            texts_and_schools.append((texts, [school, *partners]))
            others.append([partner.id for partner in partners])
            extra_area = rng.choice(themes) if rng.random() < 0.3 else theme
            areas.append(sorted({theme, extra_area}))
            skill = {"mathematics": "numeracy", "languages": "literacy", "science_technology": "digital"}.get(theme)
            chosen_skills = {skill} if skill else set()
            if rng.random() < 0.3:
                chosen_skills.add(rng.choice(("literacy", "numeracy", "digital")))
            skills.append(sorted(chosen_skills))
        table = PracticeItem.__table__
        ids: list[int] = []
        for start in range(0, len(items), ITEM_CHUNK):
            ids += db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                      items[start:start + ITEM_CHUNK]).scalars().all()
        term_rows = [(item_id, term, weight) for item_id, (texts, item_schools) in zip(ids, texts_and_schools,
                                                                                      strict=True)
                     for term, weight in terms_of(texts, item_schools).items()]
        _insert_plain("practice_item_areas", ("item_id", "area"),
                      [(item_id, area) for item_id, chosen in zip(ids, areas, strict=True) for area in chosen])
        _insert_plain("practice_item_skills", ("item_id", "skill"),
                      [(item_id, skill) for item_id, chosen in zip(ids, skills, strict=True) for skill in chosen])
        _insert_plain("practice_item_schools", ("item_id", "school_id"),
                      [(item_id, school_id) for item_id, chosen in zip(ids, others, strict=True)
                       for school_id in chosen])
        _insert_plain("practice_search_terms", ("item_id", "term", "weight"), term_rows)
        db.session.commit()
        _check_against_reindex(rng.sample(ids, min(CHECKED_AGAINST_REINDEX, len(ids))))
        if db.engine.dialect.name == "postgresql":
            # fresh statistics, as autovacuum would leave them (and as `flask demo large` does)
            for name in ("practice_items", "practice_item_areas", "practice_item_skills", "practice_item_schools",
                         "practice_search_terms"):
                db.session.execute(text(f"ANALYZE {name}"))
            db.session.commit()
        db.engine.dispose()
    return Library(items=len(ids), terms=len(term_rows), seconds=round(time.perf_counter() - started, 1),
                   people={"leader": people["leader"], "officer": people["officer"]})


def _insert_plain(table: str, names: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of plain values, the fastest way each database takes them: COPY on PostgreSQL, one
    executemany on SQLite (both skip SQLAlchemy's per-row work, which is most of the time here)."""
    from app.extensions import db

    driver = db.session.connection().connection.driver_connection
    if db.engine.dialect.name == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor = driver.cursor()
        for start in range(0, len(rows), ROW_CHUNK):
            cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                               rows[start:start + ROW_CHUNK])


def _check_against_reindex(ids: list[int]) -> None:
    """Fail loudly if the bulk terms of these pieces differ from what `reindex` stores for them."""
    from sqlalchemy import select

    from app.extensions import db
    from app.practice.models import PracticeItem, PracticeTerm
    from app.practice.services import reindex

    def stored(item_id: int) -> set[tuple[str, int]]:
        return set(db.session.execute(select(PracticeTerm.term, PracticeTerm.weight)
                                      .where(PracticeTerm.item_id == item_id)).tuples())

    for item_id in ids:
        bulk = stored(item_id)
        reindex(db.session.get(PracticeItem, item_id))
        db.session.flush()
        if stored(item_id) != bulk:
            raise AssertionError(f"the bulk search terms of piece {item_id} differ from reindex's")
    db.session.rollback()


# --- timing searches ---------------------------------------------------------------------------

#: (key, what it is, words, area): the mix of queries timed for each reader
QUERIES = (
    ("radical", "one word, radical (cwricwlwm)", "cwricwlwm", None),
    ("mutated", "one word, mutated (nghwricwlwm)", "nghwricwlwm", None),
    ("two_words", "two words (bontio darllen)", "bontio darllen", None),
    ("word_area", "a word and an area (fathemateg, Mathematics)", "fathemateg", "mathematics"),
    ("rare", "a rare word (origami)", "origami", None),
    ("common", "a common word (disgyblion)", "disgyblion", None),
)
READERS = (("leader", "a leader of one cluster"), ("officer", "the authority officer"))


@dataclass
class Timing:
    """The times of one query (or of the whole mix) for one reader."""

    runs: int
    p50_ms: float
    p95_ms: float
    #: pieces on the first page of results (at most MOST_RESULTS)
    found: int = 0

    @classmethod
    def of(cls, seconds: list[float], found: int = 0) -> "Timing":
        ordered = sorted(seconds)

        def rank(share: float) -> float:
            # nearest rank: a time some search really took
            return round(ordered[max(math.ceil(share * len(ordered)) - 1, 0)] * 1000, 2)

        return cls(runs=len(ordered), p50_ms=rank(0.5), p95_ms=rank(0.95), found=found)


@dataclass
class SearchResults:
    """One database's library and its searches' times: {reader: {query key: Timing}}, and over the mix."""

    library: Library
    #: {reader: how many of the pieces they may read}
    readable: dict[str, int] = field(default_factory=dict)
    queries: dict[str, dict[str, Timing]] = field(default_factory=dict)
    mix: dict[str, Timing] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def measure(url: str, library: Library, echo: Callable[[str], None] = print) -> SearchResults:
    """Time each query of QUERIES as each reader of READERS, in-process on one connection."""
    from sqlalchemy import func, select

    from app.auth.models import User
    from app.extensions import db
    from app.practice.models import AreaOfLearning, PracticeItem
    from app.practice.services import Filters, search, visible_to

    app = _app(url)
    results = SearchResults(library=library)
    with app.app_context():
        readers = {}
        for role, _name in READERS:
            reader = db.session.scalar(select(User).where(User.email == library.people[role]))
            results.readable[role] = db.session.scalar(
                visible_to(reader).with_only_columns(func.count(PracticeItem.id)))
            db.session.expunge(reader)  # kept with its loaded columns, which is all visible_to reads
            readers[role] = reader
    for role, name in READERS:
        everything: list[float] = []
        results.queries[role] = {}
        for key, _label, words, area in QUERIES:
            filters = Filters(words=words, area=AreaOfLearning(area) if area else None)

            def once(reader=readers[role], filters=filters) -> tuple[float, int]:
                # a context per search, as a request has: a new session on the pooled connection
                with app.app_context():
                    began = time.perf_counter()
                    found = len(search(reader, filters))
                    return time.perf_counter() - began, found

            once()  # compiles the statement into SQLAlchemy's cache and warms the database's pages
            seconds, found, spent = [], 0, time.perf_counter()
            while len(seconds) < REPEATS and (len(seconds) < MIN_REPEATS
                                               or time.perf_counter() - spent < SECONDS_PER_QUERY):
                took, found = once()
                seconds.append(took)
            results.queries[role][key] = Timing.of(seconds, found)
            everything += seconds
        results.mix[role] = Timing.of(everything)
        echo(f"  {name}: p50 {results.mix[role].p50_ms} ms over {len(everything)} searches")
    with app.app_context():
        db.engine.dispose()
    return results


def report_lines(results: dict[str, SearchResults]) -> list[str]:
    """The Markdown table of every query, reader and database."""
    lines = [f"| practice search, {ITEMS:,} pieces (in-process, one connection) | database | shown "
             "| p50 ms | p95 ms |", "| --- | --- | ---: | ---: | ---: |"]
    for backend, result in results.items():
        for role, name in READERS:
            for key, label, _words, _area in QUERIES:
                timing = result.queries[role][key]
                lines.append(f"| {name}: {label} | {backend} | {timing.found} | {timing.p50_ms} | "
                             f"{timing.p95_ms} |")
            mix = result.mix[role]
            lines.append(f"| **{name}: the mix** | {backend} | | **{mix.p50_ms}** | {mix.p95_ms} |")
    lines += [""] + [f"Practice library on {backend}: {result.library.items:,} pieces "
                     f"({', '.join(f'{name} reads {result.readable[role]:,}' for role, name in READERS)}), "
                     f"{result.library.terms:,} search terms, made in {result.library.seconds} s."
                     for backend, result in results.items()]
    return lines


def checks(results: dict[str, SearchResults]) -> list[tuple[str, bool]]:
    """The issue's target, for each database and reader: the mix's p50, and its slowest query named."""
    made = []
    for backend, result in results.items():
        for role, _name in READERS:
            mix = result.mix[role]
            slowest_key, slowest = max(result.queries[role].items(), key=lambda pair: pair[1].p50_ms)
            made.append((f"practice search over {result.library.items:,} pieces ≤ {MAX_P50_MS} ms p50: {role}, "
                         f"{backend} ({mix.p50_ms} ms; slowest query: {slowest_key}, {slowest.p50_ms} ms)",
                         mix.p50_ms <= MAX_P50_MS))
    return made
