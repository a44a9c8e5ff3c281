"""Demo data: Wrexham and the Darland Learning Community with its six schools (their people: app/auth/demo.py)."""

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
AUTHORITY_SLUG = "wrexham"


def load() -> None:
    """Create the authority, the cluster and its schools."""
    wrexham = Authority(slug=AUTHORITY_SLUG, name_en="Wrexham County Borough Council",
                        name_cy="Cyngor Bwrdeistref Sirol Wrecsam")
    darland = Cluster(authority=wrexham, slug="darland", name_en="Darland Learning Community",
                      name_cy="Cymuned Ddysgu Darland")
    db.session.add_all([wrexham, darland])
    db.session.add_all(School(cluster=darland, slug=slug, name_en=name_en, name_cy=name_cy, phase=phase, roll=roll)
                       for slug, name_en, name_cy, phase, roll in SCHOOLS)
    db.session.commit()
