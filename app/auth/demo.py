"""Demo data: the Darland cluster's people, one account for each role (the schools: app/clusters/demo.py)."""

from sqlalchemy import or_, select

from app.auth.models import Role, User, hash_password
from app.clusters.demo import AUTHORITY_SLUG
from app.clusters.models import Authority, Cluster, School
from app.extensions import db

#: slug → (headteacher, member of staff)
PEOPLE = {
    "all-saints": ("Siân Roberts", "Ffion Evans"),
    "the-rofft": ("Gareth Hughes", "Tom Parry"),
    "park": ("Helen Davies", "Lowri Thomas"),
    "holt": ("Owain Jones", "Dafydd Lloyd"),
    "st-peters": ("Rhian Edwards", "Emma Price"),
    "darland-high": ("Mark Williams", "Rhys Morgan"),
}


#: role → the demo's job title (English, Welsh)
JOB_TITLES = {
    Role.ADMIN: ("Cluster administrator", "Gweinyddwr y clwstwr"),
    Role.GOVERNOR: ("Chair of governors", "Cadeirydd y llywodraethwyr"),
    Role.OFFICER: ("Education officer", "Swyddog addysg"),
    Role.LEADER: ("Headteacher", "Pennaeth"),
    Role.STAFF: ("Class teacher", "Athro dosbarth"),
}

DEMO_DOMAINS = ("@darland.example", "@wrexham.example")


def load(password: str) -> None:
    """Create the demo accounts: the cluster admin, a governor, the officer, and a head and a member of
    staff at each school."""
    password_hash = hash_password(password)  # one hash for all: scrypt is slow on purpose
    wrexham = db.session.scalar(select(Authority).where(Authority.slug == AUTHORITY_SLUG))
    darland = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    people = [
        User(email="admin@darland.example", name="Bethan Wyn", role=Role.ADMIN, cluster=darland),
        User(email="governor@darland.example", name="Alun Griffiths", role=Role.GOVERNOR, cluster=darland),
        User(email="officer@wrexham.example", name="Nia Hughes", role=Role.OFFICER, authority=wrexham),
    ]
    for school in db.session.scalars(select(School).where(School.cluster_id == darland.id).order_by(School.id)):
        head, staff = PEOPLE[school.slug]
        people.append(User(email=f"head.{school.slug}@darland.example", name=head, role=Role.LEADER,
                           cluster=darland, school=school))
        people.append(User(email=f"staff.{school.slug}@darland.example", name=staff, role=Role.STAFF,
                           cluster=darland, school=school))
    for person in people:
        person.password_hash = password_hash
        person.job_title_en, person.job_title_cy = JOB_TITLES[person.role]
    db.session.add_all(people)
    db.session.commit()


def sign_ins() -> list[tuple[str, str]]:
    """(email, role) of each demo account in the database, in the order they were made."""
    people = db.session.scalars(select(User).where(or_(*(User.email.endswith(domain)
                                                         for domain in DEMO_DOMAINS)))
                                .order_by(User.id))
    return [(person.email, person.role.value) for person in people]
