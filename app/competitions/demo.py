"""Demo data for competitions: every competition of the 2025/26 calendar with its categories and
rubric; entries from every school in the autumn ones; Pumpkin Carving judged by two staff of Darland
High, its places confirmed and its results published, with small generated photos."""

import io
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.auth.models import User
from app.calendar.models import AcademicYear, Activity
from app.clusters.models import Cluster, School
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
from app.models_base import utcnow

PRIMARY_BANDS = (("Foundation Learning (Nursery to Year 2)", "Dysgu Sylfaen (Meithrin i Flwyddyn 2)"),
                 ("Years 3 and 4", "Blynyddoedd 3 a 4"), ("Years 5 and 6", "Blynyddoedd 5 a 6"))
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
         "iddyn nhw."), EntryKind.GROUP, PhotoRule.ALLOWED, (("Whole school", "Ysgol gyfan"),),
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
         "clwstwr."), EntryKind.TEAM, PhotoRule.NONE, (("Years 5 and 6", "Blynyddoedd 5 a 6"),
                                                       ("Year 7", "Blwyddyn 7")),
        (("Words spelt correctly", "Geiriau wedi'u sillafu'n gywir", 50),), 1),
    "Game 24 cluster competition": (
        ("Teams of four solve Game 24 cards against the clock.", "Timau o bedwar yn datrys cardiau Gêm 24 yn "
         "erbyn y cloc."), EntryKind.TEAM, PhotoRule.NONE, (("Years 5 and 6", "Blynyddoedd 5 a 6"),
                                                             ("Year 7", "Blwyddyn 7")),
        (("Cards solved", "Cardiau wedi'u datrys", 30), ("Speed", "Cyflymder", 10)), 1),
    "Schools in Bloom (Summer 1 and 2)": (
        ("A growing area in each school: flowers, vegetables, wildlife.", "Ardal dyfu ym mhob ysgol: blodau, "
         "llysiau, bywyd gwyllt."), EntryKind.GROUP, PhotoRule.REQUIRED, (("Whole school", "Ysgol gyfan"),),
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


def _pumpkin_photo(seed: int) -> str:
    """A small plain picture of a pumpkin, stored as an entry photo would be."""
    image = Image.new("RGB", (480, 360), (30, 30, 60))
    draw = ImageDraw.Draw(image)
    draw.ellipse((120 + seed % 3 * 10, 80, 360, 320), fill=ORANGE)
    draw.rectangle((230, 50, 250, 90), fill=(60, 120, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return photos.store(out.getvalue())


def load(password: str) -> None:
    """Add the competitions of the 2025/26 calendar, the autumn entries and Pumpkin Carving's results."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    year = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == cluster.id,
                                                        AcademicYear.start_year == 2025))
    schools = {school.slug: school for school in db.session.scalars(select(School).where(
        School.cluster_id == cluster.id))}
    users = {user.email.split("@")[0]: user for user in db.session.scalars(select(User).where(
        User.cluster_id == cluster.id))}
    judges = [users["head.darland-high"], users["staff.darland-high"]]
    made = {}
    for title, (rules, kind, photo_rule, bands, criteria, cap) in COMPETITIONS.items():
        activity = db.session.scalar(select(Activity).where(Activity.academic_year_id == year.id,
                                                            Activity.title_en == title))
        last_day = activity.ends_on or activity.starts_on
        competition = Competition(
            activity=activity, title_en=activity.title_en, title_cy=activity.title_cy, rules_en=rules[0],
            rules_cy=rules[1], opens_on=activity.starts_on - timedelta(days=14),
            closes_on=max(last_day - timedelta(days=1), activity.starts_on - timedelta(days=1)),
            entry_kind=kind, photo_rule=photo_rule, cap_per_school=cap, anonymous_judging=True,
            created_by=users["admin"], judges=judges,
            categories=[Category(name_en=en, name_cy=cy, position=n) for n, (en, cy) in enumerate(bands)],
            criteria=[Criterion(name_en=en, name_cy=cy, max_score=top, position=n)
                      for n, (en, cy, top) in enumerate(criteria)])
        db.session.add(competition)
        made[title] = competition
    db.session.flush()
    _pumpkin_carving(made["Pumpkin Carving Competition"], schools, users, judges)
    _christmas_trees(made["Decorate a Christmas Tree outside school – what is our culture?"], schools, users)
    db.session.commit()


def _pumpkin_carving(competition: Competition, schools: dict, users: dict, judges: list) -> None:
    for number, (slug, band, pupil, year_group, title, judged) in enumerate(PUMPKINS):
        entry = Entry(competition=competition, category=competition.categories[band], school=schools[slug],
                      entrant_name=pupil, year_group=year_group, title=title, photo_consent=pupil not in NO_CONSENT,
                      photo_name=_pumpkin_photo(number), entered_by=users[f"staff.{slug}"])
        for judge, scores in zip(judges, judged, strict=True):
            entry.scores += [Score(judge_id=judge.id, criterion_id=criterion.id, score=score)
                             for criterion, score in zip(competition.criteria, scores, strict=True)]
        entry.notes.append(JudgeNote(judge_id=judges[0].id, comment="Lovely detail." if number % 2 else ""))
        db.session.add(entry)
    db.session.flush()
    db.session.expire(competition, ["entries"])
    for category in competition.categories:
        for line in rank_entries(competition.entries_in(category.id)):
            line.entry.place = line.suggested
    competition.published_at = utcnow()


#: (who made it, the tree's title) for the schools in turn
TREES = [("Eco Council", "Dragons and daffodils"), ("School Council", "Lanterns of the valley"),
         ("Criw Cymraeg", "Coeden y cwm"), ("Year 5 and 6", "Recycled robins"), ("Green Team", "Slate and stars"),
         ("Year 8 art club", "Our streets, our songs")]


def _christmas_trees(competition: Competition, schools: dict, users: dict) -> None:
    """One tree from every school, not judged yet."""
    for (slug, school), (makers, title) in zip(schools.items(), TREES, strict=False):
        db.session.add(Entry(competition=competition, category=competition.categories[0], school=school,
                             entrant_name=makers, year_group=None, title=title, entered_by=users[f"staff.{slug}"]))
