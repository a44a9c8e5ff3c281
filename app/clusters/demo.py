"""Demo data: Wrexham, the Darland Learning Community, its six schools and their people."""

from sqlalchemy import or_, select

from app.auth.models import Role, User, hash_password
from app.clusters.models import Authority, Cluster, School, SchoolPhase
from app.extensions import db

#: slug, English name, Welsh name, phase, pupils on roll
SCHOOLS = (
    ("all-saints", "All Saints' Primary School", "Ysgol Gynradd yr Holl Saint", SchoolPhase.PRIMARY, 212),
    ("the-rofft", "The Rofft Primary School", "Ysgol Gynradd y Rofft", SchoolPhase.PRIMARY, 236),
    ("park", "Park CP School", "Ysgol Gynradd Gymunedol Park", SchoolPhase.PRIMARY, 318),
    ("holt", "Holt CP School", "Ysgol Gynradd Gymunedol Holt", SchoolPhase.PRIMARY, 124),
    ("st-peters", "St Peter's School", "Ysgol Sant Pedr", SchoolPhase.PRIMARY, 187),
    ("darland-high", "Darland High School", "Ysgol Uwchradd Darland", SchoolPhase.SECONDARY, 764),
)
#: slug → (headteacher, member of staff)
PEOPLE = {
    "all-saints": ("Siân Roberts", "Ffion Evans"),
    "the-rofft": ("Gareth Hughes", "Tom Parry"),
    "park": ("Helen Davies", "Lowri Thomas"),
    "holt": ("Owain Jones", "Dafydd Lloyd"),
    "st-peters": ("Rhian Edwards", "Emma Price"),
    "darland-high": ("Mark Williams", "Rhys Morgan"),
}


DEMO_DOMAINS = ("@darland.example", "@wrexham.example")
AUTHORITY_SLUG = "wrexham"


def load(password: str) -> None:
    """Create the authority, cluster, schools and demo accounts."""
    password_hash = hash_password(password)  # one hash for all: scrypt is slow on purpose
    wrexham = Authority(slug=AUTHORITY_SLUG, name_en="Wrexham County Borough Council",
                        name_cy="Cyngor Bwrdeistref Sirol Wrecsam")
    darland = Cluster(authority=wrexham, slug="darland", name_en="Darland Learning Community",
                      name_cy="Cymuned Ddysgu Darland")
    db.session.add_all([wrexham, darland])

    people = [
        User(email="admin@darland.example", name="Bethan Wyn", role=Role.ADMIN, cluster=darland),
        User(email="governor@darland.example", name="Alun Griffiths", role=Role.GOVERNOR, cluster=darland),
        User(email="officer@wrexham.example", name="Nia Hughes", role=Role.OFFICER, authority=wrexham),
    ]
    for slug, name_en, name_cy, phase, roll in SCHOOLS:
        school = School(cluster=darland, slug=slug, name_en=name_en, name_cy=name_cy, phase=phase,
                        roll=roll)
        head, staff = PEOPLE[slug]
        people.append(User(email=f"head.{slug}@darland.example", name=head, role=Role.LEADER,
                           cluster=darland, school=school))
        people.append(User(email=f"staff.{slug}@darland.example", name=staff, role=Role.STAFF,
                           cluster=darland, school=school))
    for person in people:
        person.password_hash = password_hash
    db.session.add_all(people)
    db.session.commit()


def sign_ins() -> list[tuple[str, str]]:
    """(email, role) of each demo account in the database, in the order they were made."""
    people = db.session.scalars(select(User).where(or_(*(User.email.endswith(domain)
                                                         for domain in DEMO_DOMAINS)))
                                .order_by(User.id))
    return [(person.email, person.role.value) for person in people]
