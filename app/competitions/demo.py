"""Demo data for competitions: every competition of the calendar with its categories and rubric,
in the history year and the current one, judged by two staff of Darland High.

The history year's are all published. This year's that have closed are published too, but for the
latest, which is being judged; the next to come is open for entries, with a few in already; the rest
open later. Early in a year, before any has closed, the first ones are moved back so that one is
published (with a points table for the year) and one being judged. Pumpkin Carving keeps the seed's
entries and small generated photos; the Christmas trees are one from each school.
"""

import io
from datetime import UTC, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.auth.models import User
from app.calendar.demo_dates import DemoDates
from app.calendar.models import AcademicYear, Activity
from app.clusters.models import Cluster, School, SchoolPhase
from app.competitions import photos
from app.competitions.models import (
    Category,
    Competition,
    Criterion,
    Entry,
    EntryKind,
    JudgeNote,
    PhotoRule,
    Score,
    rank_entries,
)
from app.extensions import db

#: categories: (English, Welsh, the year groups that enter it, or None for a whole school)
PRIMARY_BANDS = (("Foundation Learning (Nursery to Year 2)", "Dysgu Sylfaen (Meithrin i Flwyddyn 2)", range(-1, 3)),
                 ("Years 3 and 4", "Blynyddoedd 3 a 4", range(3, 5)),
                 ("Years 5 and 6", "Blynyddoedd 5 a 6", range(5, 7)))
WHOLE_SCHOOL = (("Whole school", "Ysgol gyfan", None),)
UPPER_BANDS = (("Years 5 and 6", "Blynyddoedd 5 a 6", range(5, 7)), ("Year 7", "Blwyddyn 7", range(7, 8)))
CREATIVE = (("Creativity", "Creadigrwydd", 10), ("Skill and care", "Sgil a gofal", 10),
            ("Theme", "Thema", 5))
#: activity title → (Welsh and English rules, entry kind, photos, categories, criteria, cap)
COMPETITIONS = {
    "Pumpkin Carving Competition": (
        ("Carve a pumpkin at school or at home. Bring it to school by the closing day; send a photo with the "
         "entry.", "Cerfiwch bwmpen yn yr ysgol neu gartref. Dewch â hi i'r ysgol erbyn y diwrnod cau; anfonwch "
         "lun gyda'r cais."), EntryKind.INDIVIDUAL, PhotoRule.REQUIRED, PRIMARY_BANDS, CREATIVE, 2),
    "Decorate a Christmas Tree outside school – what is our culture?": (
        ("One tree for each school, decorated by pupils to show what our culture means to them.",
         "Un goeden i bob ysgol, wedi'i haddurno gan ddisgyblion i ddangos beth mae ein diwylliant yn ei olygu "
         "iddyn nhw."), EntryKind.GROUP, PhotoRule.ALLOWED, WHOLE_SCHOOL,
        (("Creativity", "Creadigrwydd", 10), ("Our culture", "Ein diwylliant", 10),
         ("Use of recycled materials", "Defnyddio deunyddiau wedi'u hailgylchu", 5)), 1),
    "Toys through the Ages – explorative curiosity project (CWRE skills)": (
        ("A class project: a display about toys through the ages.", "Prosiect dosbarth: arddangosfa am deganau "
         "drwy'r oesoedd."), EntryKind.GROUP, PhotoRule.ALLOWED, PRIMARY_BANDS,
        (("Curiosity and research", "Chwilfrydedd ac ymchwil", 10), ("Presentation", "Cyflwyniad", 10)), 1),
    "Cluster Eisteddfodau": (
        ("Recitation, solo singing and art, in Welsh.", "Adrodd, canu unigol a chelf, yn Gymraeg."),
        EntryKind.INDIVIDUAL, PhotoRule.NONE, PRIMARY_BANDS,
        (("Performance", "Perfformiad", 10), ("Welsh language", "Iaith Gymraeg", 10),
         ("Expression", "Mynegiant", 5)), 3),
    "Easter Egg Decoration Competition": (
        ("Decorate a hard-boiled egg. Photos are welcome.", "Addurnwch wy wedi'i ferwi'n galed. Croeso i "
         "luniau."), EntryKind.INDIVIDUAL, PhotoRule.ALLOWED, PRIMARY_BANDS, CREATIVE, 3),
    "Spelling Bee cluster competition": (
        ("Teams of three spell words from the cluster's list.", "Timau o dri yn sillafu geiriau o restr y "
         "clwstwr."), EntryKind.TEAM, PhotoRule.NONE, UPPER_BANDS,
        (("Words spelt correctly", "Geiriau wedi'u sillafu'n gywir", 50),), 1),
    "Game 24 cluster competition": (
        ("Teams of four solve Game 24 cards against the clock.", "Timau o bedwar yn datrys cardiau Gêm 24 yn "
         "erbyn y cloc."), EntryKind.TEAM, PhotoRule.NONE, UPPER_BANDS,
        (("Cards solved", "Cardiau wedi'u datrys", 30), ("Speed", "Cyflymder", 10)), 1),
    "Schools in Bloom (Summer 1 and 2)": (
        ("A growing area in each school: flowers, vegetables, wildlife.", "Ardal dyfu ym mhob ysgol: blodau, "
         "llysiau, bywyd gwyllt."), EntryKind.GROUP, PhotoRule.REQUIRED, WHOLE_SCHOOL,
        (("Planting and care", "Plannu a gofal", 10), ("Wildlife", "Bywyd gwyllt", 10),
         ("Pupils' involvement", "Cyfranogiad disgyblion", 10)), 1),
}
#: Pumpkin Carving entries: (school, category index, pupil, year group, title, each judge's scores)
PUMPKINS = (
    ("all-saints", 0, "Cerys M.", 2, "Jac the smiling lantern", ((8, 7, 4), (7, 8, 4))),
    ("the-rofft", 0, "Osian P.", 1, "Owl by moonlight", ((6, 6, 3), (7, 5, 3))),
    ("park", 0, "Lili J.", 2, "Spooky castle", ((9, 8, 5), (8, 9, 5))),
    ("holt", 0, "Harri W.", 0, "Happy pumpkin", ((5, 6, 3), (6, 5, 3))),
    ("st-peters", 0, "Alys R.", 2, "Cat on the wall", ((7, 7, 4), (8, 7, 4))),
    ("all-saints", 1, "Tomos E.", 4, "Dragon's eye", ((9, 9, 5), (9, 8, 5))),
    ("the-rofft", 1, "Mali H.", 3, "Bats in the belfry", ((8, 8, 4), (8, 8, 4))),
    ("park", 1, "Ifan G.", 4, "Haunted house", ((8, 8, 4), (8, 8, 4))),
    ("holt", 1, "Ruby T.", 3, "Pumpkin patch", ((7, 6, 4), (6, 7, 4))),
    ("st-peters", 1, "Jac D.", 4, "Spider's web", ((6, 7, 3), (7, 6, 3))),
    ("all-saints", 2, "Efa L.", 6, "Castell Dinas Brân", ((10, 9, 5), (9, 10, 5))),
    ("the-rofft", 2, "Noah B.", 5, "Ghost ship", ((7, 8, 4), (8, 7, 4))),
    ("park", 2, "Gwen S.", 6, "The Red Dragon", ((9, 9, 5), (10, 8, 4))),
    ("holt", 2, "Dylan F.", 5, "Moon and stars", ((8, 9, 5), (9, 8, 5))),
    ("st-peters", 2, "Nia K.", 6, "Witch's hat", ((6, 7, 4), (7, 7, 3))),
)
ORANGE = (235, 120, 30)
#: pupils whose school holds no photo consent: their photos are for the judges only
NO_CONSENT = ("Harri W.", "Ifan G.")


#: (who made it, the tree's title) for the schools in turn
TREES = [("Eco Council", "Dragons and daffodils"), ("School Council", "Lanterns of the valley"),
         ("Criw Cymraeg", "Coeden y cwm"), ("Year 5 and 6", "Recycled robins"), ("Green Team", "Slate and stars"),
         ("Year 8 art club", "Our streets, our songs")]
#: names for generated entries: a first name and an initial, never more; teams and groups
PUPIL_NAMES = ("Cerys M.", "Osian P.", "Lili J.", "Harri W.", "Alys R.", "Tomos E.", "Mali H.", "Ifan G.",
               "Ruby T.", "Jac D.", "Efa L.", "Noah B.", "Gwen S.", "Dylan F.", "Nia K.", "Elis O.")
GROUP_NAMES = ("Class 4", "Eco Council", "Year 6 team", "School Council", "Criw Cymraeg", "The Dragons")
ENTRY_TITLES = ("Our best effort", "Full of colour", "A team effort", "Inspired by Wales", "Bright ideas")
#: how many days after it closed a competition's results were published
JUDGED_WITHIN = 10


def _photo(seed: int) -> str:
    """A small plain picture (a pumpkin), stored as an entry photo would be."""
    image = Image.new("RGB", (480, 360), (30, 30, 60))
    draw = ImageDraw.Draw(image)
    draw.ellipse((120 + seed % 3 * 10, 80, 360, 320), fill=ORANGE)
    draw.rectangle((230, 50, 250, 90), fill=(60, 120, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return photos.store(out.getvalue())


def load(dates: DemoDates) -> None:
    """Add the competitions of both years with their entries, scores and results, as the day has them."""
    randomness = dates.randomness("competitions")
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = db.session.scalars(select(School).where(School.cluster_id == cluster.id).order_by(School.id)).all()
    users = {user.email.split("@")[0]: user for user in db.session.scalars(select(User).where(
        User.cluster_id == cluster.id))}
    judges = [users["head.darland-high"], users["staff.darland-high"]]
    for start_year in dates.years:
        made = sorted((_competition(title, spec, start_year, cluster, users, judges)
                       for title, spec in COMPETITIONS.items()), key=lambda competition: competition.closes_on)
        db.session.flush()
        if start_year == dates.history_year:
            for competition in made:
                _entries(competition, schools, users, randomness)
                _judge(competition, judges, randomness, dates.today, publish=True)
            continue
        closed = _closed_by(made, dates.today)
        for competition in closed[:-1]:
            _entries(competition, schools, users, randomness)
            _judge(competition, judges, randomness, dates.today, publish=True)
        _entries(closed[-1], schools, users, randomness)
        _judge(closed[-1], judges, randomness, dates.today, publish=False, judged_share=0.5)
        coming = [competition for competition in made if competition not in closed]
        if coming:  # the next one is open now, with a few entries already
            competition = coming[0]
            competition.opens_on = min(competition.opens_on, dates.today - timedelta(days=3))
            competition.closes_on = max(competition.closes_on, dates.today + timedelta(days=7))
            _entries(competition, schools[:3], users, randomness)
    db.session.commit()


def _competition(title: str, spec, start_year: int, cluster, users, judges) -> Competition:
    """The competition of the year's activity `title`, open in the fortnight before it."""
    rules, kind, photo_rule, bands, criteria, cap = spec
    activity = db.session.scalar(select(Activity).join(AcademicYear).where(
        AcademicYear.cluster_id == cluster.id, AcademicYear.start_year == start_year, Activity.title_en == title))
    last_day = activity.ends_on or activity.starts_on
    competition = Competition(
        activity=activity, title_en=activity.title_en, title_cy=activity.title_cy, rules_en=rules[0],
        rules_cy=rules[1], opens_on=activity.starts_on - timedelta(days=14),
        closes_on=max(last_day - timedelta(days=1), activity.starts_on - timedelta(days=1)),
        entry_kind=kind, photo_rule=photo_rule, cap_per_school=cap, anonymous_judging=True,
        created_by=users["admin"], judges=judges,
        categories=[Category(name_en=en, name_cy=cy, position=n, youngest_year=years[0] if years else None,
                             oldest_year=years[-1] if years else None) for n, (en, cy, years) in enumerate(bands)],
        criteria=[Criterion(name_en=en, name_cy=cy, max_score=top, position=n)
                  for n, (en, cy, top) in enumerate(criteria)])
    db.session.add(competition)
    return competition


def _closed_by(made: list[Competition], today) -> list[Competition]:
    """The year's competitions closed by `today`, by closing day: at least two, the first of the year
    moved back if need be (a demo built early in a year still has results and one being judged)."""
    closed = [competition for competition in made if competition.closes_on < today]
    for number, competition in enumerate(made[len(closed):2], start=len(closed)):
        competition.closes_on = today - timedelta(days=2 + 14 * (1 - number))
        competition.opens_on = competition.closes_on - timedelta(days=14)
        closed.append(competition)
    return closed


def _entries(competition: Competition, schools: list[School], users: dict, randomness) -> None:
    """Entries from `schools`: the seed's pumpkins and trees, otherwise one per school a category."""
    title = competition.title_en
    if title == "Pumpkin Carving Competition":
        by_slug = {school.slug: school for school in schools}
        for number, (slug, band, pupil, year_group, entry_title, _scores) in enumerate(PUMPKINS):
            if slug in by_slug:
                db.session.add(Entry(
                    competition=competition, category=competition.categories[band], school=by_slug[slug],
                    entrant_name=pupil, year_group=year_group, title=entry_title, photo_consent=pupil not in NO_CONSENT,
                    photo_name=_photo(number), entered_by=users[f"staff.{slug}"]))
        return
    bands = COMPETITIONS[title][3]
    trees = title.startswith("Decorate a Christmas Tree")
    individual = competition.entry_kind == EntryKind.INDIVIDUAL
    for position, school in enumerate(schools):
        makers, tree = TREES[position % len(TREES)]
        for category, (_en, _cy, years) in zip(competition.categories, bands, strict=True):
            if years is not None and (school.phase == SchoolPhase.PRIMARY) != (max(years) <= 6):
                continue  # primary bands for the primaries, Year 7 for the high school
            db.session.add(Entry(
                competition=competition, category=category, school=school,
                entrant_name=makers if trees else randomness.choice(PUPIL_NAMES if individual else GROUP_NAMES),
                year_group=randomness.choice(list(years)) if years is not None and individual else None,
                title=tree if trees else randomness.choice(ENTRY_TITLES), photo_consent=True,
                photo_name=_photo(school.id) if competition.photo_rule == PhotoRule.REQUIRED else None,
                entered_by=users[f"staff.{school.slug}"]))


def _judge(competition: Competition, judges: list, randomness, today, publish: bool,
           judged_share: float = 1.0) -> None:
    """Both judges' scores (the seed's for the pumpkins), a share of the entries if judging goes on;
    the suggested places and published results once it is done."""
    db.session.flush()
    db.session.expire(competition, ["entries"])
    seeded = {entry_title: scores for _slug, _band, _pupil, _year, entry_title, scores in PUMPKINS}
    entries = competition.active_entries()
    for entry in entries[:max(1, round(len(entries) * judged_share))]:
        for judge, scores in zip(judges, seeded.get(entry.title) or [None, None], strict=True):
            entry.scores += [Score(judge_id=judge.id, criterion_id=criterion.id,
                                   score=scores[n] if scores else randomness.randint(criterion.max_score // 2,
                                                                                     criterion.max_score))
                             for n, criterion in enumerate(competition.criteria)]
        entry.notes.append(JudgeNote(judge_id=judges[0].id, comment="Lovely detail." if entry.id % 2 else ""))
    if not publish:
        return
    db.session.flush()
    db.session.expire(competition, ["entries"])
    for category in competition.categories:
        for line in rank_entries(competition.entries_in(category.id)):
            line.entry.place = line.suggested
    published_on = min(competition.closes_on + timedelta(days=JUDGED_WITHIN), today - timedelta(days=1))
    competition.published_at = datetime.combine(published_on, time(16), tzinfo=UTC)
