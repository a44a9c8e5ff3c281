"""A generated local authority, big enough to measure the leadership summaries on.

`flask demo large` makes an authority of fourteen clusters (thirteen of one secondary and four to
seven primaries, and a faith cluster), about ninety schools, their people, the 2025/26 calendar,
surveys with 100,000 responses and about a million answers, places on events, minibus bookings and
competitions. Every choice comes from one seeded random generator, so a seed gives the same data
every time, on SQLite as on PostgreSQL.

Speed is the point: rows go in with Core bulk inserts in chunks, the ids of the parents read back
in the order the rows were given, one commit per stage, and no ORM object per row. It only ever
inserts: the Darland demo, or anything else in the database, is left as it was.
"""

import base64
import bisect
import random
import time as timer
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import bindparam, func, insert, select, text

from app.auth.models import Role, User, hash_password
from app.bookings.places.models import (
    PHASE_YEAR_GROUPS,
    AllocationRule,
    BookableSession,
    PlaceAttendance,
    PlaceRequest,
    PlaceUnit,
    share_out,
)
from app.bookings.resources.models import FairShareUnit, Resource, ResourceBooking, ResourceKind
from app.calendar.demo_data import HALF_TERMS
from app.calendar.models import (
    AcademicYear,
    Activity,
    ActivityKind,
    ActivityStatus,
    HalfTerm,
    Strand,
    Term,
    TermKind,
    activity_schools,
)
from app.clock import utc_moment
from app.clusters.models import Authority, Cluster, School, SchoolPhase
from app.competitions.models import (
    Category,
    Competition,
    Criterion,
    Entry,
    EntryKind,
    PhotoRule,
    Place,
    Score,
    competition_judges,
)
from app.database import lock_for_write
from app.extensions import db
from app.surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyAudience,
    SurveyLink,
    SurveyState,
    survey_schools,
)
from app.tokens import new_token

AUTHORITY_SLUG = "large"
AUTHORITY_NAMES = ("Swansea (generated)", "Abertawe (wedi'i gynhyrchu)")
EMAIL_DOMAIN = "@large.example"
#: the day the generated year is seen from: what came before is done (or closed), the rest planned
AS_OF = date(2026, 3, 1)
START_YEAR = 2025
#: rows per INSERT batch: big enough to be fast, small enough to keep memory flat
CHUNK = 5000

#: (slug, English, Welsh) of the ordinary clusters' areas; more clusters than these get a number
AREAS = (
    ("brynmelyn", "Brynmelyn", "Brynmelyn"), ("cwmtawel", "Cwmtawel", "Cwmtawel"),
    ("glanymor", "Glan-y-môr", "Glan-y-môr"), ("llanhir", "Llanhir", "Llanhir"),
    ("maesyrhaf", "Maes-yr-haf", "Maes-yr-haf"), ("penybryn", "Pen-y-bryn", "Pen-y-bryn"),
    ("treforgan", "Treforgan", "Treforgan"), ("nantgwyn", "Nantgwyn", "Nantgwyn"),
    ("coedhir", "Coed Hir", "Coed Hir"), ("pontardawel", "Pontardawel", "Pontardawel"),
    ("talybont", "Tal-y-bont", "Tal-y-bont"), ("gwaunfawr", "Gwaunfawr", "Gwaunfawr"),
    ("bayside", "Bayside", "Glan y Bae"), ("northhill", "North Hill", "Bryn y Gogledd"),
)
#: parts of the primaries' village names: Bryn + teg = Brynteg
NAME_STARTS = ("Bryn", "Pen", "Cwm", "Glan", "Llan", "Maes", "Tre", "Pont", "Nant", "Coed", "Gwaun", "Tal",
               "Rhyd", "Aber")
NAME_ENDS = ("teg", "mawr", "gwyn", "hir", "coch", "glas", "melyn", "derw", "celyn", "onnen")
#: the faith cluster: (slug, English, Welsh) of its secondary, then its primaries
FAITH_SECONDARY = ("st-illtyds", "St Illtyd's Catholic High School", "Ysgol Uwchradd Gatholig Sant Illtud")
FAITH_PRIMARIES = (
    ("st-josephs", "St Joseph's Catholic Primary School", "Ysgol Gynradd Gatholig Sant Joseff"),
    ("st-davids", "St David's Catholic Primary School", "Ysgol Gynradd Gatholig Dewi Sant"),
    ("st-teilos", "St Teilo's Catholic Primary School", "Ysgol Gynradd Gatholig Sant Teilo"),
    ("st-marys", "St Mary's Catholic Primary School", "Ysgol Gynradd Gatholig y Santes Fair"),
    ("holy-cross", "Holy Cross Catholic Primary School", "Ysgol Gynradd Gatholig y Groes Sanctaidd"),
    ("st-thomas-more", "St Thomas More Catholic Primary School", "Ysgol Gynradd Gatholig Sant Thomas More"),
)
FIRST_NAMES = ("Siân", "Gareth", "Helen", "Owain", "Rhian", "Mark", "Ffion", "Tom", "Lowri", "Dafydd",
               "Emma", "Rhys", "Catrin", "Huw", "Nia", "Iwan", "Sarah", "Gethin", "Elin", "James", "Manon",
               "Aled", "Claire", "Steffan", "Bethan", "David", "Angharad", "Paul", "Carys", "Llion")
SURNAMES = ("Roberts", "Hughes", "Davies", "Jones", "Edwards", "Williams", "Evans", "Parry", "Thomas",
            "Lloyd", "Price", "Morgan", "Griffiths", "Rees", "Jenkins", "Powell", "Lewis", "Bowen", "Pugh",
            "Owen")
PUPILS = ("Cerys", "Osian", "Lili", "Harri", "Alys", "Tomos", "Mali", "Ifan", "Ruby", "Jac", "Efa", "Noah",
          "Gwen", "Dylan", "Nia", "Elis", "Megan", "Cai", "Erin", "Macsen")

#: (strand, kind, English title, Welsh title, for pupils, families, staff, leaders, year groups, schools)
#: where schools is "all", or "primaries" for work with the primaries alone
ACTIVITIES = (
    (Strand.TEACHING_LEARNING, ActivityKind.MEETING, "Cluster network meeting", "Cyfarfod rhwydwaith y clwstwr",
     False, False, True, False, "", "all"),
    (Strand.TEACHING_LEARNING, ActivityKind.EVENT, "Skills Day – Years 5 and 6",
     "Diwrnod Sgiliau – Blwyddyn 5 a 6", True, False, True, False, "5,6", "all"),
    (Strand.TEACHING_LEARNING, ActivityKind.WORKSHOP, "Reading for pleasure workshop",
     "Gweithdy darllen er pleser", False, False, True, False, "", "all"),
    (Strand.TEACHING_LEARNING, ActivityKind.WORKSHOP, "Maths problem-solving workshop",
     "Gweithdy datrys problemau mathemateg", True, False, True, False, "5,6", "primaries"),
    (Strand.TEACHING_LEARNING, ActivityKind.ONGOING, "Peer observation triads", "Triawdau arsylwi cymheiriaid",
     False, False, True, False, "", "all"),
    (Strand.CURRICULUM, ActivityKind.MEETING, "Curriculum leaders' planning meeting",
     "Cyfarfod cynllunio arweinwyr y cwricwlwm", False, False, True, True, "", "all"),
    (Strand.CURRICULUM, ActivityKind.WORKSHOP, "Securing pupil progress workshop",
     "Gweithdy sicrhau cynnydd disgyblion", False, False, True, False, "", "all"),
    (Strand.CURRICULUM, ActivityKind.EVENT, "Science and technology day", "Diwrnod gwyddoniaeth a thechnoleg",
     True, False, True, False, "6", "all"),
    (Strand.CURRICULUM, ActivityKind.EVENT, "Welsh language and culture day", "Diwrnod iaith a diwylliant Cymru",
     True, True, True, False, "3,4,5,6", "all"),
    (Strand.CURRICULUM, ActivityKind.EVENT, "Expressive arts sessions", "Sesiynau'r celfyddydau mynegiannol",
     True, False, True, False, "4,5", "primaries"),
    (Strand.WELLBEING, ActivityKind.EVENT, "Year 6 transition day", "Diwrnod pontio Blwyddyn 6",
     True, True, True, False, "6", "all"),
    (Strand.WELLBEING, ActivityKind.EVENT, "Family learning evening", "Noson dysgu i deuluoedd",
     False, True, True, False, "", "all"),
    (Strand.WELLBEING, ActivityKind.WORKSHOP, "Emotional literacy training", "Hyfforddiant llythrennedd emosiynol",
     False, False, True, False, "", "all"),
    (Strand.WELLBEING, ActivityKind.EVENT, "Cluster sports festival", "Gŵyl chwaraeon y clwstwr",
     True, True, True, False, "3,4,5,6", "primaries"),
    (Strand.WELLBEING, ActivityKind.MEETING, "Equity and inclusion forum", "Fforwm tegwch a chynhwysiant",
     False, False, True, True, "", "all"),
    (Strand.LEADERSHIP, ActivityKind.MEETING, "Cluster Leadership Group meeting",
     "Cyfarfod Grŵp Arweinyddiaeth y Clwstwr", False, False, False, True, "", "all"),
    (Strand.LEADERSHIP, ActivityKind.WORKSHOP, "Middle leaders' development session",
     "Sesiwn datblygu arweinwyr canol", False, False, True, True, "", "all"),
    (Strand.LEADERSHIP, ActivityKind.MEETING, "Governors' cluster briefing", "Sesiwn briffio llywodraethwyr y clwstwr",
     False, False, False, True, "", "all"),
    (Strand.LEADERSHIP, ActivityKind.ONGOING, "School-to-school support visits",
     "Ymweliadau cymorth ysgol i ysgol", False, False, False, True, "", "all"),
)
#: (English title, Welsh title, half term, entry kind, categories, criteria, cap per school)
#: categories are (English, Welsh, phase allowed or None for every school, year groups)
PRIMARY_BANDS = (("Foundation Learning (Nursery to Year 2)", "Dysgu Sylfaen (Meithrin i Flwyddyn 2)",
                  SchoolPhase.PRIMARY, (0, 1, 2)),
                 ("Years 3 and 4", "Blynyddoedd 3 a 4", SchoolPhase.PRIMARY, (3, 4)),
                 ("Years 5 and 6", "Blynyddoedd 5 a 6", SchoolPhase.PRIMARY, (5, 6)),
                 ("Years 7 to 9", "Blynyddoedd 7 i 9", SchoolPhase.SECONDARY, (7, 8, 9)))
WHOLE_SCHOOL = (("Whole school", "Ysgol gyfan", None, ()),)
CREATIVE = (("Creativity", "Creadigrwydd", 10), ("Skill and care", "Sgil a gofal", 10), ("Theme", "Thema", 5))
COMPETITIONS = (
    ("Pumpkin Carving Competition", "Cystadleuaeth Cerfio Pwmpen", (TermKind.AUTUMN, 1), EntryKind.INDIVIDUAL,
     PRIMARY_BANDS, CREATIVE, 2),
    ("Christmas Tree Decoration", "Addurno Coeden Nadolig", (TermKind.AUTUMN, 2), EntryKind.GROUP, WHOLE_SCHOOL,
     (("Creativity", "Creadigrwydd", 10), ("Our culture", "Ein diwylliant", 10)), 1),
    ("Cluster Eisteddfod", "Eisteddfod y Clwstwr", (TermKind.SPRING, 1), EntryKind.INDIVIDUAL, PRIMARY_BANDS,
     (("Performance", "Perfformiad", 10), ("Welsh language", "Iaith Gymraeg", 10),
      ("Expression", "Mynegiant", 5)), 3),
    ("Easter Egg Decoration", "Addurno Wyau Pasg", (TermKind.SPRING, 2), EntryKind.INDIVIDUAL, PRIMARY_BANDS,
     CREATIVE, 3),
    ("Spelling Bee", "Gwenynen Sillafu", (TermKind.SUMMER, 1), EntryKind.TEAM,
     (("Years 5 and 6", "Blynyddoedd 5 a 6", SchoolPhase.PRIMARY, (6,)),
      ("Year 7", "Blwyddyn 7", SchoolPhase.SECONDARY, (7,))),
     (("Words spelt correctly", "Geiriau wedi'u sillafu'n gywir", 50),), 1),
    ("Schools in Bloom", "Ysgolion yn eu Blodau", (TermKind.SUMMER, 2), EntryKind.GROUP, WHOLE_SCHOOL,
     (("Planting and care", "Plannu a gofal", 10), ("Wildlife", "Bywyd gwyllt", 10)), 1),
)
ENTRY_TITLES = ("Dragon's eye", "Owl by moonlight", "Castell by the sea", "Our valley", "The red kite",
                "Spider's web", "Winter lanterns", "Hen Wlad fy Nhadau", "Ghost ship", "Seren y bore")

#: a question: (kind, English, Welsh, required); a choice question's choices follow in CHOICES
S5, S3, AG, RT, YN, ONE = (QuestionKind.SMILEY_5, QuestionKind.SMILEY_3, QuestionKind.AGREEMENT,
                           QuestionKind.RATING, QuestionKind.YES_NO, QuestionKind.SINGLE)
QUESTIONS = {
    "pupils": (
        (S5, "How do you feel about coming to school?", "Sut wyt ti'n teimlo am ddod i'r ysgol?", True),
        (S5, "How happy are you in your lessons?", "Pa mor hapus wyt ti yn dy wersi?", True),
        (S5, "How do you feel at playtime?", "Sut wyt ti'n teimlo amser chwarae?", True),
        (S3, "How safe do you feel in school?", "Pa mor ddiogel wyt ti'n teimlo yn yr ysgol?", True),
        (AG, "There is an adult I can talk to if I am worried.",
         "Mae oedolyn y galla i siarad ag e neu hi os ydw i'n poeni.", True),
        (AG, "I use my Welsh outside lessons.", "Dw i'n defnyddio fy Nghymraeg y tu allan i wersi.", True),
        (RT, "How much did you enjoy the cluster activities this term?",
         "Faint wnest ti fwynhau gweithgareddau'r clwstwr y tymor hwn?", True),
        (YN, "Do you go to a club after school?", "Wyt ti'n mynd i glwb ar ôl ysgol?", True),
        (ONE, "How do you usually get to school?", "Sut wyt ti'n dod i'r ysgol fel arfer?", True),
        (S5, "How do you feel about moving up next year?", "Sut wyt ti'n teimlo am symud ymlaen y flwyddyn nesaf?",
         False),
    ),
    "families": (
        (AG, "My child is happy at school.", "Mae fy mhlentyn yn hapus yn yr ysgol.", True),
        (AG, "The school keeps me well informed.", "Mae'r ysgol yn rhoi gwybod i mi am bethau.", True),
        (AG, "I know how to help my child with their learning.", "Rwy'n gwybod sut i helpu fy mhlentyn i ddysgu.",
         True),
        (AG, "Cluster events are well organised.", "Mae digwyddiadau'r clwstwr wedi'u trefnu'n dda.", True),
        (RT, "How would you rate the school's communication?", "Sut byddech chi'n graddio cyfathrebu'r ysgol?", True),
        (RT, "How would you rate the cluster events this year?",
         "Sut byddech chi'n graddio digwyddiadau'r clwstwr eleni?", True),
        (S5, "How does your child feel about school?", "Sut mae eich plentyn yn teimlo am yr ysgol?", True),
        (YN, "Did you come to a cluster event this year?", "Ddaethoch chi i ddigwyddiad clwstwr eleni?", True),
        (ONE, "How do you prefer to hear from the school?", "Sut mae'n well gennych glywed gan yr ysgol?", True),
        (AG, "I would recommend the school to other families.", "Byddwn i'n argymell yr ysgol i deuluoedd eraill.",
         False),
    ),
    "staff": (
        (AG, "The session was relevant to my role.", "Roedd y sesiwn yn berthnasol i fy rôl.", True),
        (AG, "I will use what I learnt in my teaching.", "Byddaf yn defnyddio'r hyn a ddysgais yn fy addysgu.", True),
        (AG, "Working with the cluster's other schools helps my practice.",
         "Mae gweithio gydag ysgolion eraill y clwstwr yn helpu fy ymarfer.", True),
        (AG, "I have enough time for collaboration.", "Mae gen i ddigon o amser i gydweithio.", True),
        (RT, "Before the session, how confident did you feel in this area?",
         "Cyn y sesiwn, pa mor hyderus oeddech chi yn y maes hwn?", True),
        (RT, "After the session, how confident do you feel in this area?",
         "Ar ôl y sesiwn, pa mor hyderus ydych chi yn y maes hwn?", True),
        (RT, "How would you rate the session overall?", "Sut byddech chi'n graddio'r sesiwn at ei gilydd?", True),
        (YN, "Would you like a follow-up session?", "Hoffech chi sesiwn ddilynol?", True),
        (ONE, "Which phase do you work in?", "Ym mha gyfnod ydych chi'n gweithio?", True),
        (AG, "My workload is manageable.", "Mae fy llwyth gwaith yn hylaw.", False),
    ),
}
CHOICES = {
    "pupils": (("Walk", "Cerdded"), ("Car", "Car"), ("Bus", "Bws"), ("Bike or scooter", "Beic neu sgwter")),
    "families": (("The school app", "Ap yr ysgol"), ("E-mail", "E-bost"), ("Text message", "Neges destun"),
                 ("A letter", "Llythyr")),
    "staff": (("Foundation Learning", "Dysgu Sylfaen"), ("Years 3 to 6", "Blynyddoedd 3 i 6"),
              ("Years 7 to 9", "Blynyddoedd 7 i 9"), ("Years 10 to 13", "Blynyddoedd 10 i 13"),
              ("Not in the classroom", "Ddim yn yr ystafell ddosbarth")),
}
#: the surveys of a cluster: (key, audience, question set, English, Welsh title, half term, primaries only,
#: how often a cluster runs it). Responses follow roll and audience, so the pupil surveys hold most.
SURVEYS = (
    ("wellbeing-a1", SurveyAudience.PUPILS, "pupils", "Pupil wellbeing – autumn", "Lles disgyblion – yr hydref",
     (TermKind.AUTUMN, 1), False, 1.0),
    ("families-a2", SurveyAudience.FAMILIES, "families", "Families' views – autumn", "Barn teuluoedd – yr hydref",
     (TermKind.AUTUMN, 2), False, 1.0),
    ("staff-a2", SurveyAudience.STAFF, "staff", "Professional learning evaluation – autumn",
     "Gwerthuso dysgu proffesiynol – yr hydref", (TermKind.AUTUMN, 2), False, 0.7),
    ("wellbeing-s1", SurveyAudience.PUPILS, "pupils", "Pupil wellbeing – spring", "Lles disgyblion – y gwanwyn",
     (TermKind.SPRING, 1), False, 1.0),
    ("staff-s2", SurveyAudience.STAFF, "staff", "Professional learning evaluation – spring",
     "Gwerthuso dysgu proffesiynol – y gwanwyn", (TermKind.SPRING, 2), False, 1.0),
    ("wellbeing-su1", SurveyAudience.PUPILS, "pupils", "Pupil wellbeing – summer", "Lles disgyblion – yr haf",
     (TermKind.SUMMER, 1), False, 0.8),
    ("families-su2", SurveyAudience.FAMILIES, "families", "Families' views – summer", "Barn teuluoedd – yr haf",
     (TermKind.SUMMER, 2), False, 0.7),
    ("transition-su2", SurveyAudience.PUPILS, "pupils", "Year 6: moving up to secondary school",
     "Blwyddyn 6: symud i'r ysgol uwchradd", (TermKind.SUMMER, 2), True, 0.5),
)
#: the share of a school's roll that answers at most, and the weight of each audience in the spread
AUDIENCE_SHARE = {SurveyAudience.PUPILS: (0.9, 1.0), SurveyAudience.FAMILIES: (0.7, 0.5),
                  SurveyAudience.STAFF: (None, 0.08)}
DESTINATIONS = ("Swansea Museum", "Gower beaches", "National Botanic Garden", "The LC leisure centre",
                "Techniquest", "Margam Country Park", "Liberty Stadium", "Cluster secondary school")
MINIBUS_SLOTS = {"morning": (time(9, 0), time(12, 0)), "afternoon": (time(12, 30), time(15, 30)),
                 "day": (time(9, 0), time(15, 30)), "after school": (time(15, 30), time(17, 0))}


class LargeDemoExists(Exception):
    """The generated authority is already in the database."""


@dataclass
class SchoolRow:
    """What the later stages need to know of a school, without loading it."""

    id: int
    slug: str
    name_en: str
    name_cy: str
    phase: SchoolPhase
    roll: int
    #: the share of its pupils and families who answer in Welsh
    welsh_share: float
    leader_id: int = 0
    staff_id: int = 0
    #: how happily this school's respondents answer, from -1 to 1
    mood: float = 0.0


@dataclass
class ClusterRow:
    """A generated cluster, its schools and its calendar, as ids."""

    id: int
    slug: str
    schools: list[SchoolRow]
    admin_id: int = 0
    year_id: int = 0
    terms: dict[TermKind, int] = field(default_factory=dict)
    #: (term, number) → (id, first day, last day)
    halves: dict[tuple[TermKind, int], tuple[int, date, date]] = field(default_factory=dict)
    #: the activities, as the dicts inserted with their new ids
    activities: list[dict] = field(default_factory=list)

    @property
    def secondary(self) -> SchoolRow:
        """The cluster's secondary school, which keeps the minibus and judges the competitions."""
        return next(school for school in self.schools if school.phase == SchoolPhase.SECONDARY)


def generate(clusters: int = 14, responses: int = 100_000, seed: int = 1,
             echo: Callable[[str], None] = print) -> dict[str, int]:
    """Make the authority, stage by stage; return the rows made in each table, and the seconds taken."""
    if db.session.scalar(select(Authority.id).where(Authority.slug == AUTHORITY_SLUG)) is not None:
        raise LargeDemoExists(f"The authority '{AUTHORITY_SLUG}' already exists; use a new database "
                              "(or one without it) to generate it again.")
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    counts: Counter = Counter()
    started = timer.perf_counter()

    def stage(name: str, work: Callable[[], None]) -> None:
        """Run one stage in a transaction of its own and say how long it took."""
        began = timer.perf_counter()
        lock_for_write()  # on SQLite, the write lock from the start: _new_ids counts on it
        work()
        db.session.commit()
        echo(f"  {name:<28} {timer.perf_counter() - began:6.1f} s")

    made: list[ClusterRow] = []
    stage("authority, schools, people", lambda: made.extend(_schools_and_people(rng, clusters, counts)))
    stage("calendar", lambda: _calendar(rng, made, counts))
    stage("surveys and responses", lambda: _surveys(rng, made, responses, counts))
    stage("places and minibus", lambda: _bookings(rng, made, counts))
    stage("competitions", lambda: _competitions(rng, made, counts))
    if db.engine.dialect.name == "postgresql":
        # fresh statistics, as autovacuum would leave them, so that timings of summaries are fair
        stage("analyse", lambda: [db.session.execute(text(f"ANALYZE {table}")) for table in counts
                                  if table in db.metadata.tables])
    counts["seconds"] = round(timer.perf_counter() - started)
    return dict(counts)


def sign_ins() -> list[tuple[str, str]]:
    """(email, role) of the officer and of the first cluster's admin and first leader."""
    officer = db.session.scalar(select(User.email).where(User.email == f"officer{EMAIL_DOMAIN}"))
    first = db.session.scalar(select(Cluster.id).join(Authority).where(Authority.slug == AUTHORITY_SLUG)
                              .order_by(Cluster.id).limit(1))
    people = db.session.execute(select(User.email, User.role).where(
        User.cluster_id == first, User.role.in_([Role.ADMIN, Role.LEADER])).order_by(User.id)).all()
    admin = next((email for email, role in people if role == Role.ADMIN), None)
    leader = next((email for email, role in people if role == Role.LEADER), None)
    return [(email, role) for email, role in ((officer, "officer"), (admin, "admin"), (leader, "leader")) if email]


# -- inserting -----------------------------------------------------------------------------------

def _insert(model, rows: list[dict], counts: Counter, ids: bool = False) -> list[int]:
    """Insert rows in chunks; with `ids`, return the new ids in the order of the rows.

    Reading ids back in order costs SQLite a statement a row, which is fine for the few thousand
    parents; the hundred thousand responses take ids from _new_ids instead.
    """
    table = getattr(model, "__table__", model)
    new_ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if ids:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            new_ids += db.session.execute(statement, chunk).scalars().all()
        else:
            db.session.execute(insert(table), chunk)
    counts[table.name] += len(rows)
    return new_ids


def _insert_plain(model, names: tuple[str, ...], rows: list[tuple], counts: Counter) -> None:
    """Insert tuples of plain values (numbers, short text, dates) into the columns `names`, the fastest
    way each database has: the responses and their million answers go this way.

    PostgreSQL takes them by COPY, several times faster than INSERT through psycopg (whose executemany
    sends a statement a row). COPY skips the SQLAlchemy column types, which is why only columns whose
    values need no conversion (no enums, no UTC timestamps) may come this way. Elsewhere it is a Core
    executemany, which SQLite runs in one loop of C.
    """
    table = model.__table__
    if db.engine.dialect.name == "postgresql":
        cursor = db.session.connection().connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        counts[table.name] += len(rows)
    else:
        _insert(model, [dict(zip(names, row, strict=True)) for row in rows], counts)


def _new_ids(model, count: int) -> list[int]:
    """Ids for `count` rows of `model` not yet inserted, so that their answers can point at them.

    PostgreSQL hands them out from the table's sequence, safe whoever else is inserting. SQLite
    counts on from the largest id, which is safe because the stage holds the write lock.
    """
    table = model.__table__
    if db.engine.dialect.name == "postgresql":
        return list(db.session.scalars(text("SELECT nextval(pg_get_serial_sequence(:name, 'id')) "
                                            "FROM generate_series(1, :count)"), {"name": table.name, "count": count}))
    first = db.session.scalar(select(func.coalesce(func.max(table.c.id), 0))) + 1
    return list(range(first, first + count))


def _token(rng: random.Random) -> str:
    """A 22-character URL-safe token like new_token's, but from the seeded generator (submission tokens)."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def _slug(name: str) -> str:
    """A lower-case ASCII slug of a name: 'Glan-y-môr' → 'glan-y-mor'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


def _moment(day: date, hour: int = 12) -> datetime:
    """A UTC moment on `day`, for the created_at and published_at columns."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _school_days(first: date, last: date) -> list[date]:
    """The weekdays from first to last."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


# -- authority, clusters, schools, people -----------------------------------------------------------

def _schools_and_people(rng: random.Random, cluster_count: int, counts: Counter) -> list[ClusterRow]:
    """The authority, its clusters and schools, and an account for each role (one password hash)."""
    plans = []
    for number in range(cluster_count):
        faith = cluster_count > 1 and number == cluster_count - 1
        if faith:
            plans.append(("catholic-large", "Catholic Schools Cluster (generated)",
                          "Clwstwr yr Ysgolion Catholig (wedi'i gynhyrchu)", True))
        else:
            slug, name_en, name_cy = AREAS[number % len(AREAS)]
            suffix = f" {number // len(AREAS) + 1}" if number >= len(AREAS) else ""
            plans.append((f"{slug}{suffix.replace(' ', '-')}-large", f"{name_en}{suffix} Learning Community",
                          f"Cymuned Ddysgu {name_cy}{suffix}", False))
    taken = set(db.session.scalars(select(Cluster.slug).where(Cluster.slug.in_([plan[0] for plan in plans]))))
    if taken:
        raise LargeDemoExists(f"Cluster short names already in use: {', '.join(sorted(taken))}.")
    authority_id = _insert(Authority, [{"slug": AUTHORITY_SLUG, "name_en": AUTHORITY_NAMES[0],
                                        "name_cy": AUTHORITY_NAMES[1]}], counts, ids=True)[0]
    cluster_ids = _insert(Cluster, [{"authority_id": authority_id, "slug": slug, "name_en": en, "name_cy": cy}
                                    for slug, en, cy, _faith in plans], counts, ids=True)

    villages = [start + end for start in NAME_STARTS for end in NAME_ENDS]
    rng.shuffle(villages)
    # four to seven primaries, each size as often as the others, so that the authority has about ninety schools
    sizes = rng.sample([4, 5, 6, 7] * (cluster_count // 4 + 1), cluster_count)
    school_rows, school_plans = [], []
    for (_slug_taken, name_en, _cy, faith), cluster_id, size in zip(plans, cluster_ids, sizes, strict=True):
        area_en = name_en.removesuffix(" Learning Community")
        if faith:
            secondary = FAITH_SECONDARY
            primaries = [(*names, "english") for names in rng.sample(FAITH_PRIMARIES, min(size, 6))]
            medium = "english"
        else:
            medium = "welsh" if rng.random() < 0.2 else "english"
            secondary = ((f"{_slug(area_en)}-high", f"Ysgol Gyfun Gymraeg {area_en}",
                          f"Ysgol Gyfun Gymraeg {area_en}") if medium == "welsh" else
                         (f"{_slug(area_en)}-high", f"{area_en} High School", f"Ysgol Uwchradd {area_en}"))
            primaries = []
            for _ in range(size):
                village = villages.pop() if villages else f"{area_en} {len(primaries) + 1}"
                style = rng.random()
                if style < 0.2 or medium == "welsh" and style < 0.6:
                    primaries.append((_slug(village), f"Ysgol Gymraeg {village}", f"Ysgol Gymraeg {village}",
                                      "welsh"))
                elif style < 0.4:
                    primaries.append((_slug(village), f"{village} Community Primary School",
                                      f"Ysgol Gynradd Gymunedol {village}", "english"))
                else:
                    primaries.append((_slug(village), f"{village} Primary School", f"Ysgol Gynradd {village}",
                                      "english"))
        schools = [(*secondary, medium, SchoolPhase.SECONDARY, rng.randint(600, 1500))]
        schools += [(*names, SchoolPhase.PRIMARY, rng.randint(90, 420)) for names in primaries]
        for school_slug, en, cy, school_medium, phase, roll in schools:
            school_rows.append({"cluster_id": cluster_id, "slug": school_slug, "name_en": en, "name_cy": cy,
                                "phase": phase, "roll": roll})
            welsh_share = rng.uniform(0.75, 0.95) if school_medium == "welsh" else rng.uniform(0.05, 0.3)
            school_plans.append((cluster_id, SchoolRow(0, school_slug, en, cy, phase, roll, welsh_share,
                                                       mood=rng.uniform(-1, 1))))
    for school_id, (_cluster_id, school) in zip(_insert(School, school_rows, counts, ids=True), school_plans,
                                                strict=True):
        school.id = school_id

    made = [ClusterRow(cluster_id, slug, [s for c, s in school_plans if c == cluster_id])
            for (slug, *_rest), cluster_id in zip(plans, cluster_ids, strict=True)]
    password_hash = hash_password(current_app.config["DEMO_PASSWORD"])  # once: scrypt is slow on purpose

    def person(email: str, role: Role, cluster_id=None, school_id=None, authority=None) -> dict:
        """The row of one account, with a made-up name."""
        return {"email": email + EMAIL_DOMAIN, "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                "password_hash": password_hash, "role": role, "authority_id": authority, "cluster_id": cluster_id,
                "school_id": school_id, "preferred_locale": rng.choice(("cy", "en"))}

    # school slugs are unique across the generated authority (areas and villages are), so e-mails can use them
    people = [person("officer", Role.OFFICER, authority=authority_id)]
    for cluster in made:
        people.append(person(f"admin.{cluster.slug.removesuffix('-large')}", Role.ADMIN, cluster.id))
        for school in cluster.schools:
            people.append(person(f"head.{school.slug}", Role.LEADER, cluster.id, school.id))
            people.append(person(f"staff.{school.slug}", Role.STAFF, cluster.id, school.id))
    ids = iter(_insert(User, people, counts, ids=True)[1:])
    for cluster in made:
        cluster.admin_id = next(ids)
        for school in cluster.schools:
            school.leader_id, school.staff_id = next(ids), next(ids)
    return made


# -- calendar -------------------------------------------------------------------------------------

def _status(rng: random.Random, last_day: date | None, term: TermKind) -> ActivityStatus:
    """Mostly done before AS_OF and planned after; a few cancelled, a few not yet marked done."""
    past = last_day < AS_OF if last_day else term == TermKind.AUTUMN
    draw = rng.random()
    if draw < 0.06:
        return ActivityStatus.CANCELLED
    if past:
        return ActivityStatus.DONE if draw < 0.95 else ActivityStatus.PLANNED
    return ActivityStatus.PLANNED


def _calendar(rng: random.Random, made: list[ClusterRow], counts: Counter) -> None:
    """Each cluster's 2025/26: the year, its terms and half terms (the Darland dates), ~40 activities."""
    year_ids = _insert(AcademicYear, [{"cluster_id": c.id, "start_year": START_YEAR} for c in made], counts,
                       ids=True)
    term_rows = [{"academic_year_id": year_id, "kind": kind, "position": position}
                 for year_id in year_ids for position, kind in enumerate(TermKind, start=1)]
    term_ids = iter(_insert(Term, term_rows, counts, ids=True))
    for cluster, year_id in zip(made, year_ids, strict=True):
        cluster.year_id = year_id
        cluster.terms = {kind: next(term_ids) for kind in TermKind}
    half_rows, half_keys = [], []
    for cluster in made:
        for kind in TermKind:
            for number in (1, 2):
                first, last = (date.fromisoformat(day) for day in HALF_TERMS[(kind.value, number)])
                half_rows.append({"term_id": cluster.terms[kind], "number": number, "starts_on": first,
                                  "ends_on": last})
                half_keys.append((cluster, (kind, number), first, last))
    for half_id, (cluster, key, first, last) in zip(_insert(HalfTerm, half_rows, counts, ids=True), half_keys,
                                                    strict=True):
        cluster.halves[key] = (half_id, first, last)

    rows, school_links = [], []
    for cluster in made:
        plan = [(template, None) for template in ACTIVITIES for _ in range(2)]
        plan = rng.sample(plan, 34)
        plan += [(None, competition) for competition in COMPETITIONS if rng.random() < 0.8
                 or competition[2] == (TermKind.AUTUMN, 1)]
        for number, (template, competition) in enumerate(plan):
            row = _activity_row(rng, cluster, number, template, competition)
            rows.append(row)
            if not row["all_schools"]:
                school_links.append((row, [s.id for s in cluster.schools if s.phase == SchoolPhase.PRIMARY]))
        cluster.activities = rows[-len(plan):]
    for activity_id, row in zip(_insert(Activity, rows, counts, ids=True), rows, strict=True):
        row["id"] = activity_id
    _insert(activity_schools, [{"activity_id": row["id"], "school_id": school_id}
                               for row, school_ids in school_links for school_id in school_ids], counts)


def _activity_row(rng: random.Random, cluster: ClusterRow, number: int, template, competition) -> dict:
    """One activity: a template spread over the half terms (number keeps them even), or a competition."""
    secondary = cluster.secondary
    if competition:
        title_en, title_cy, key = competition[0], competition[1], competition[2]
        strand, kind, pupils, families, staff, leaders, groups, schools = (
            Strand.WELLBEING, ActivityKind.COMPETITION, True, True, True, False, "0,1,2,3,4,5,6,7,8,9", "all")
    else:
        strand, kind, title_en, title_cy, pupils, families, staff, leaders, groups, schools = template
        key = list(HALF_TERMS)[number % 6]
        key = (TermKind(key[0]), key[1])
    half_id, first, last = cluster.halves[key]
    days = _school_days(first, last)
    host = secondary if rng.random() < 0.6 else rng.choice(cluster.schools)
    row = {"cluster_id": cluster.id, "academic_year_id": cluster.year_id, "term_id": cluster.terms[key[0]],
           "half_term_id": half_id, "strand": strand, "kind": kind, "title_en": title_en, "title_cy": title_cy,
           "description_en": "", "description_cy": "", "location_en": host.name_en, "location_cy": host.name_cy,
           "starts_on": None, "ends_on": None, "starts_at": None, "ends_at": None, "host_school_id": host.id,
           "all_schools": schools == "all", "pupil_year_groups": groups, "for_pupils": pupils,
           "for_families": families, "for_staff": staff, "for_leaders": leaders,
           "status": ActivityStatus.PLANNED, "status_note": "", "created_by_id": cluster.admin_id}
    if kind == ActivityKind.ONGOING:
        # ongoing work belongs to a term, not a half term, and has no date (as in the Darland calendar)
        row["half_term_id"] = None
        row["status"] = _status(rng, None, key[0])
        return row
    if kind == ActivityKind.COMPETITION:
        start = days[len(days) // 3]
        row["starts_on"], row["ends_on"] = start, days[min(len(days) - 1, len(days) // 3 + 8)]
    else:
        start = rng.choice(days)
        row["starts_on"] = start
        meeting = kind in (ActivityKind.MEETING, ActivityKind.WORKSHOP) and not pupils
        row["starts_at"], row["ends_at"] = (time(15, 45), time(17, 0)) if meeting else (time(9, 15), time(14, 45))
    last_day = row["ends_on"] or row["starts_on"]
    row["status"] = _status(rng, last_day, key[0])
    if kind == ActivityKind.COMPETITION and row["status"] == ActivityStatus.CANCELLED:
        # a competition with entries from every school went ahead
        row["status"] = ActivityStatus.DONE if last_day < AS_OF else ActivityStatus.PLANNED
    if row["status"] == ActivityStatus.CANCELLED:
        row["status_note"] = rng.choice(("Postponed because of the weather.", "Clashed with inspections.",
                                         "Too few schools could come."))
    return row


# -- surveys ---------------------------------------------------------------------------------------

@dataclass
class SurveyPlan:
    """A survey with its questions' ids, and what its answers lean towards."""

    cluster: ClusterRow
    key: str
    audience: SurveyAudience
    questions: str
    opens_on: date
    closes_on: date
    schools: list[SchoolRow]
    id: int = 0
    #: (question id, kind, required, choice ids)
    asked: list[tuple[int, QuestionKind, bool, list[int]]] = field(default_factory=list)
    #: how happily this survey is answered overall, from -1 to 1
    mood: float = 0.0

    @property
    def five_point(self) -> set[int]:
        """The ids of its five-point questions."""
        return {question_id for question_id, kind, _required, _choices in self.asked if kind.rules.is_five_point}


def _surveys(rng: random.Random, made: list[ClusterRow], total: int, counts: Counter) -> None:
    """Surveys of each cluster with their questions and links, then `total` responses spread over them."""
    plans: list[SurveyPlan] = []
    rows = []
    for cluster in made:
        primaries = [school for school in cluster.schools if school.phase == SchoolPhase.PRIMARY]
        for key, audience, questions, title_en, title_cy, half, primaries_only, how_often in SURVEYS:
            if rng.random() >= how_often:
                continue
            half_id, first, last = cluster.halves[half]
            opens_on = rng.choice(_school_days(first, last - timedelta(days=14)))
            closes_on = min(last, opens_on + timedelta(days=rng.choice((14, 21, 28))))
            activity_id = None
            if audience == SurveyAudience.FAMILIES:
                # families are asked about an event of the half term they went to, when there is one
                events = [a for a in cluster.activities if a["for_families"] and a["half_term_id"] == half_id]
                activity_id = events[0]["id"] if events else None
            plans.append(SurveyPlan(cluster, key, audience, questions, opens_on, closes_on,
                                    primaries if primaries_only else cluster.schools, mood=rng.uniform(-0.5, 0.5)))
            rows.append({"cluster_id": cluster.id, "school_id": None, "title_en": title_en, "title_cy": title_cy,
                         "intro_en": "Your answers are anonymous and help the cluster plan its work.",
                         "intro_cy": "Mae eich atebion yn ddienw ac yn helpu'r clwstwr i gynllunio ei waith.",
                         "audience": audience, "all_schools": not primaries_only, "anonymous": True,
                         "opens_on": opens_on, "closes_on": closes_on, "activity_id": activity_id,
                         "state": SurveyState.CLOSED if closes_on < AS_OF else SurveyState.PUBLISHED,
                         "created_by_id": cluster.admin_id, "created_at": _moment(opens_on - timedelta(days=7))})
    for survey_id, plan in zip(_insert(Survey, rows, counts, ids=True), plans, strict=True):
        plan.id = survey_id
    _insert(survey_schools, [{"survey_id": plan.id, "school_id": school.id} for plan in plans
                             if plan.schools is not plan.cluster.schools for school in plan.schools], counts)
    section_ids = _insert(Section, [{"survey_id": plan.id, "position": 0, "title_en": "Your views",
                                     "title_cy": "Eich barn"} for plan in plans], counts, ids=True)
    question_rows = [{"section_id": section_id, "position": position, "kind": kind, "text_en": en, "text_cy": cy,
                      "help_en": "", "help_cy": "", "required": required, "min_value": None, "max_value": None}
                     for plan, section_id in zip(plans, section_ids, strict=True)
                     for position, (kind, en, cy, required) in enumerate(QUESTIONS[plan.questions])]
    question_ids = iter(_insert(Question, question_rows, counts, ids=True))
    choice_rows, choice_owners = [], []
    for plan in plans:
        for kind, _en, _cy, required in QUESTIONS[plan.questions]:
            plan.asked.append((next(question_ids), kind, required, []))
            if kind == QuestionKind.SINGLE:
                for position, (en, cy) in enumerate(CHOICES[plan.questions]):
                    choice_rows.append({"question_id": plan.asked[-1][0], "position": position,
                                        "label_en": en, "label_cy": cy})
                    choice_owners.append(plan.asked[-1][3])
    for choice_id, owner in zip(_insert(Choice, choice_rows, counts, ids=True), choice_owners, strict=True):
        owner.append(choice_id)
    # links are public addresses: unguessable like the app's own, so not from the seeded generator
    _insert(SurveyLink, [{"survey_id": plan.id, "school_id": school.id, "token": new_token()}
                         for plan in plans for school in plan.schools], counts)
    _responses(rng, plans, total, counts)


def _spread(total: int, weights: dict, caps: dict) -> dict:
    """Share `total` out by weight (exactly), no key above its cap while the caps leave room."""
    shares = dict.fromkeys(weights, 0)
    open_keys = set(weights)
    left = total
    while left > 0 and open_keys:
        part = share_out(left, {key: weights[key] for key in open_keys})
        left = 0
        for key, count in part.items():
            room = caps[key] - shares[key]
            if count >= room:
                shares[key] += room
                left += count - room
                open_keys.discard(key)
            else:
                shares[key] += count
    if left:  # more responses asked for than the rolls allow: the rest go by weight regardless
        for key, count in share_out(left, weights).items():
            shares[key] += count
    return shares


def _responses(rng: random.Random, plans: list[SurveyPlan], total: int, counts: Counter) -> None:
    """`total` responses over the surveys and their schools (by roll, audience and a school's keenness),
    each answering about ten questions, leaning by school and survey so that the summaries differ."""
    weights, caps = {}, {}
    keenness = {}
    for plan in plans:
        share, weight = AUDIENCE_SHARE[plan.audience]
        for school in plan.schools:
            keen = keenness.setdefault(school.id, rng.uniform(0.3, 1.2))
            roll = school.roll // 7 if plan.key.startswith("transition") else school.roll
            # each survey lands differently in each school: a busy week, a keen class teacher
            weights[(plan.id, school.id)] = int(roll * weight * keen * rng.uniform(0.7, 1.3) * 1000)
            caps[(plan.id, school.id)] = (int(roll * share * rng.uniform(0.75, 1)) if share
                                          else school.roll // 12 + 4)
    shares = _spread(total, weights, caps)

    pending: list[tuple] = []
    plan_of: list[tuple[SurveyPlan, SchoolRow]] = []

    def flush() -> None:
        """Insert the waiting responses under ids taken for them, then their answers."""
        ids = _new_ids(Response, len(pending))
        responses, answers = [], []
        for response_id, row, (plan, school) in zip(ids, pending, plan_of, strict=True):
            given, five_point = _answers(rng, plan, school, response_id), plan.five_point
            # what Response.five_point_sum and _count keep, as the ORM would have filled them in
            points = [number for _id, question_id, _choice, number in given if question_id in five_point]
            responses.append((response_id, *row, sum(points), len(points)))
            answers.extend(given)
        _insert_plain(Response, ("id", "survey_id", "school_id", "language", "submitted_on", "submission_token",
                                 "five_point_sum", "five_point_count"), responses, counts)
        _insert_plain(Answer, ("response_id", "question_id", "choice_id", "number"), answers, counts)
        pending.clear()
        plan_of.clear()

    for plan in plans:
        span = (plan.closes_on - plan.opens_on).days
        for school in plan.schools:
            for _ in range(shares[(plan.id, school.id)]):
                # most answers come in the first days after the link goes out
                day = plan.opens_on + timedelta(days=int(span * rng.random() ** 2))
                if plan.audience == SurveyAudience.PUPILS and day.weekday() > 4:
                    day -= timedelta(days=day.weekday() - 4)  # pupils answer in school
                    day = max(day, plan.opens_on)
                pending.append((plan.id, school.id, "cy" if rng.random() < school.welsh_share else "en", day,
                                _token(rng)))
                plan_of.append((plan, school))
                if len(pending) >= CHUNK:
                    flush()
    if pending:
        flush()


#: lowest point first; answers lean to the happier end, as feedback usually does
SCALE_WEIGHTS = {5: (1, 2, 4, 7, 5), 3: (1, 3, 5)}


def _answers(rng: random.Random, plan: SurveyPlan, school: SchoolRow, response_id: int) -> list[tuple]:
    """A response's answers: a point on each scale, yes or no, one choice; the optional one now and then."""
    lean = 1 + 0.4 * (school.mood + plan.mood)
    answers = []
    for question_id, kind, required, choices in plan.asked:
        if not required and rng.random() < 0.3:
            continue
        if kind == QuestionKind.SINGLE:
            answers.append((response_id, question_id, choices[min(int(rng.random() ** 1.5 * len(choices)),
                                                                  len(choices) - 1)], None))
        elif kind == QuestionKind.YES_NO:
            answers.append((response_id, question_id, None, 1 if rng.random() < 0.45 + 0.2 * lean else 0))
        else:
            points = 3 if kind == QuestionKind.SMILEY_3 else 5
            cumulative = _cumulative(points, lean)
            answers.append((response_id, question_id, None,
                            1 + bisect.bisect(cumulative, rng.random() * cumulative[-1])))
    return answers


_CUMULATIVE: dict[tuple[int, float], list[float]] = {}


def _cumulative(points: int, lean: float) -> list[float]:
    """Cumulative weights of a scale's points, tilted towards the top by `lean` (1 is no tilt)."""
    key = (points, round(lean, 2))
    if key not in _CUMULATIVE:
        running, total = [], 0.0
        for position, weight in enumerate(SCALE_WEIGHTS[points]):
            total += weight * key[1] ** (position - points // 2)
            running.append(total)
        _CUMULATIVE[key] = running
    return _CUMULATIVE[key]


# -- bookings ----------------------------------------------------------------------------------------

def _bookings(rng: random.Random, made: list[ClusterRow], counts: Counter) -> None:
    """Sessions with places on pupils' events, the schools' requests and attendance; a minibus each."""
    session_rows, session_plans = [], []
    for cluster in made:
        candidates = [a for a in cluster.activities if a["for_pupils"] and a["starts_on"] is not None
                      and a["kind"] in (ActivityKind.EVENT, ActivityKind.WORKSHOP)
                      and a["status"] != ActivityStatus.CANCELLED]
        for activity in rng.sample(candidates, min(len(candidates), 8)):
            rule = rng.choice(list(AllocationRule))
            capacity = rng.choice((30, 40, 60, 90))
            held_on = activity["starts_on"]
            session_rows.append({
                "activity_id": activity["id"], "held_on": held_on, "starts_at": activity["starts_at"],
                "ends_at": activity["ends_at"], "location_en": activity["location_en"],
                "location_cy": activity["location_cy"], "capacity": capacity,
                "unit": PlaceUnit.PUPILS, "allocation_rule": rule,
                "fixed_places": capacity // 6 if rule == AllocationRule.FIXED else None,
                "book_by": held_on - timedelta(days=rng.choice((7, 10, 14, 21))),
                "created_by_id": cluster.admin_id, "created_at": _moment(held_on - timedelta(days=40))})
            groups = {int(g) for g in activity["pupil_year_groups"].split(",") if g}
            taking_part = [s for s in cluster.schools if (activity["all_schools"] or s.phase == SchoolPhase.PRIMARY)
                           and (not groups or PHASE_YEAR_GROUPS[s.phase] & groups)]
            session_plans.append((cluster, session_rows[-1], taking_part))
    session_ids = _insert(BookableSession, session_rows, counts, ids=True)

    request_rows, attendance_rows = [], []
    for session_id, (cluster, session, schools) in zip(session_ids, session_plans, strict=True):
        capacity, rule = session["capacity"], session["allocation_rule"]
        allocations = None  # the same shares as BookableSession.allocations
        if rule == AllocationRule.FIXED:
            allocations = {s.id: min(session["fixed_places"], capacity) for s in schools}
        elif rule != AllocationRule.NONE:
            allocations = share_out(capacity, {s.id: s.roll if rule == AllocationRule.ROLL else 1 for s in schools})
        confirmed_total, confirmed_by_school = 0, Counter()
        # asked in a random order, as schools do; the waiting list is the order of arrival
        for school in rng.sample(schools, len(schools)):
            asked = rng.randint(4, max(5, capacity // 3))
            room = capacity - confirmed_total
            if allocations is not None:
                room = min(room, allocations.get(school.id, 0) - confirmed_by_school[school.id])
            confirmed = max(0, min(asked, room))
            confirmed_total += confirmed
            confirmed_by_school[school.id] += confirmed
            request_rows.append({"session_id": session_id, "school_id": school.id,
                                 "requested_by_id": school.staff_id, "places": asked, "confirmed": confirmed,
                                 "waiting": asked - confirmed, "pupil_names": "", "places_asked": asked,
                                 "created_at": _moment(session["book_by"] - timedelta(days=rng.randint(1, 20)))})
        if session["held_on"] < AS_OF:
            for school_id, confirmed in confirmed_by_school.items():
                if confirmed:
                    attendance_rows.append({"session_id": session_id, "school_id": school_id,
                                            "places_used": max(0, confirmed - rng.choice((0, 0, 0, 1, 2))),
                                            "recorded_by_id": cluster.admin_id,
                                            "recorded_at": _moment(session["held_on"] + timedelta(days=1))})
    # registers of past sessions would have been deleted by the retention rules, so none are made
    _insert(PlaceRequest, request_rows, counts)
    _insert(PlaceAttendance, attendance_rows, counts)
    _minibuses(rng, made, counts)


def _minibuses(rng: random.Random, made: list[ClusterRow], counts: Counter) -> None:
    """A minibus for each cluster, kept by its secondary, with trips from every school each half term;
    no two live bookings of a bus overlap (PostgreSQL would refuse them), and none goes past the fair share."""
    resource_ids = _insert(Resource, [{
        "cluster_id": cluster.id, "owner_school_id": cluster.secondary.id, "kind": ResourceKind.VEHICLE,
        "name_en": "Cluster minibus", "name_cy": "Bws mini'r clwstwr",
        "notes_en": "16 seats including the driver. Keys at the high school's reception.",
        "notes_cy": "16 sedd gan gynnwys y gyrrwr. Allweddi yn nerbynfa'r ysgol uwchradd.", "capacity": 16,
        "opens_at": time(8, 0), "closes_at": time(17, 0), "slot_minutes": 30, "fair_share_limit": 4,
        "fair_share_unit": FairShareUnit.BOOKINGS, "active": True} for cluster in made], counts, ids=True)
    rows = []
    for cluster, resource_id in zip(made, resource_ids, strict=True):
        for _half_id, first, last in cluster.halves.values():
            days = _school_days(first, last)
            taken: set[tuple[date, str]] = set()
            for school in cluster.schools:
                for _ in range(rng.randint(1, 4)):
                    for _attempt in range(20):
                        day, slot = rng.choice(days), rng.choice(list(MINIBUS_SLOTS))
                        # a day trip holds the morning and the afternoon
                        parts = {"morning", "afternoon"} if slot == "day" else {slot}
                        if not any((day, part) in taken for part in parts):
                            break
                    else:
                        continue
                    taken |= {(day, part) for part in parts}
                    starts, ends = MINIBUS_SLOTS[slot]
                    cancelled = rng.random() < 0.05
                    rows.append({
                        "resource_id": resource_id, "school_id": school.id, "booked_by_id": school.staff_id,
                        "starts_at": utc_moment(day, starts), "ends_at": utc_moment(day, ends),
                        "purpose": rng.choice(("School trip", "Sports fixture", "Cluster event", "Swimming lessons")),
                        "destination": rng.choice(DESTINATIONS), "passengers": rng.randint(6, 15),
                        "driver_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                        "driver_permit_confirmed": True, "series": None, "override_reason": "",
                        "created_at": _moment(day - timedelta(days=rng.randint(3, 30))),
                        "cancelled_at": _moment(day - timedelta(days=1)) if cancelled else None,
                        "cancelled_by_id": school.staff_id if cancelled else None})
                    if cancelled:  # the slot is free again for another school
                        taken -= {(day, part) for part in parts}
    _insert(ResourceBooking, rows, counts)


# -- competitions ------------------------------------------------------------------------------------

def _competitions(rng: random.Random, made: list[ClusterRow], counts: Counter) -> None:
    """A competition for each competition activity, with entries from every school; those judged before
    AS_OF have two judges' scores, places from the scores and their results published."""
    titles = {title_en: definition for title_en, *definition in COMPETITIONS}
    rows, plans = [], []
    for cluster in made:
        for activity in cluster.activities:
            if activity["kind"] != ActivityKind.COMPETITION:
                continue
            _cy, _half, entry_kind, bands, criteria, cap = titles[activity["title_en"]]
            opens_on = activity["starts_on"] - timedelta(days=14)
            closes_on = activity["ends_on"] - timedelta(days=1)
            judged = closes_on + timedelta(days=7) < AS_OF
            rows.append({"activity_id": activity["id"], "title_en": activity["title_en"],
                         "title_cy": activity["title_cy"], "rules_en": "", "rules_cy": "", "opens_on": opens_on,
                         "closes_on": closes_on, "entry_kind": entry_kind,
                         "photo_rule": PhotoRule.NONE if entry_kind == EntryKind.TEAM else PhotoRule.ALLOWED,
                         "cap_per_school": cap, "anonymous_judging": True, "points_first": 5, "points_second": 3,
                         "points_third": 1, "created_by_id": cluster.admin_id,
                         "published_at": _moment(closes_on + timedelta(days=7), 16) if judged else None})
            plans.append((cluster, entry_kind, bands, criteria, cap, opens_on, closes_on, judged))
    competition_ids = _insert(Competition, rows, counts, ids=True)
    category_rows, criterion_rows = [], []
    for competition_id, (_cluster, _kind, bands, criteria, *_rest) in zip(competition_ids, plans, strict=True):
        category_rows += [{"competition_id": competition_id, "name_en": en, "name_cy": cy, "position": n}
                          for n, (en, cy, _phase, _groups) in enumerate(bands)]
        criterion_rows += [{"competition_id": competition_id, "name_en": en, "name_cy": cy, "max_score": top,
                            "position": n} for n, (en, cy, top) in enumerate(criteria)]
    category_ids = iter(_insert(Category, category_rows, counts, ids=True))
    criterion_ids = iter(_insert(Criterion, criterion_rows, counts, ids=True))

    judge_rows, entry_rows, entry_plans = [], [], []
    for competition_id, (cluster, kind, bands, criteria, cap, opens_on, closes_on, judged) in zip(
            competition_ids, plans, strict=True):
        rubric = [(next(criterion_ids), top) for _en, _cy, top in criteria]
        judges = [cluster.secondary.leader_id, cluster.secondary.staff_id]
        judge_rows += [{"competition_id": competition_id, "user_id": judge} for judge in judges]
        for _en, _cy, phase, groups in bands:
            category_id = next(category_ids)
            for school in cluster.schools:
                if phase is not None and school.phase != phase:
                    continue
                for number in range(rng.randint(1, cap)):  # never more than the cap
                    year_group = rng.choice(groups) if groups else None
                    entry_rows.append({
                        "competition_id": competition_id, "category_id": category_id, "school_id": school.id,
                        "entrant_name": (f"{rng.choice(PUPILS)} {rng.choice(SURNAMES)[0]}." if kind ==
                                         EntryKind.INDIVIDUAL else f"{school.slug.replace('-', ' ').title()} "
                                         f"{'team' if kind == EntryKind.TEAM else 'pupils'} {number + 1}"),
                        "year_group": year_group, "title": rng.choice(ENTRY_TITLES), "description": "",
                        "photo_name": None, "photo_consent": False, "place": None,
                        "entered_by_id": school.staff_id,
                        "created_at": _moment(opens_on + timedelta(days=rng.randint(0, (closes_on - opens_on).days))),
                        "withdrawn_at": None})
                    entry_plans.append((category_id, rubric, judges, judged))
    _insert(competition_judges, judge_rows, counts)
    entry_ids = _insert(Entry, entry_rows, counts, ids=True)

    score_rows, totals = [], {}
    for entry_id, (category_id, rubric, judges, judged) in zip(entry_ids, entry_plans, strict=True):
        if not judged:
            continue
        quality = rng.random()
        for judge in judges:
            for criterion_id, top in rubric:
                score = max(0, min(top, round(top * (0.4 + 0.5 * quality) + rng.uniform(-1.5, 1.5))))
                score_rows.append({"entry_id": entry_id, "judge_id": judge, "criterion_id": criterion_id,
                                   "score": score})
                totals.setdefault(category_id, Counter())[entry_id] += score
    _insert(Score, score_rows, counts)
    # the organiser confirms the places the scores suggest: best three of each category
    places = [{"entry_id": entry_id, "new_place": place}
              for ranking in totals.values()
              for place, (entry_id, _total) in zip((Place.FIRST, Place.SECOND, Place.THIRD),
                                                   sorted(ranking.items(), key=lambda item: (-item[1], item[0])),
                                                   strict=False)]
    entries = Entry.__table__
    for chunk_start in range(0, len(places), CHUNK):
        db.session.execute(entries.update().where(entries.c.id == bindparam("entry_id"))
                           .values(place=bindparam("new_place")), places[chunk_start:chunk_start + CHUNK])
    counts["entries placed 1st to 3rd"] = len(places)

