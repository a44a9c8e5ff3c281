"""Test data: the demo cluster, and rows made to measure.

Every factory commits in an application context of its own and returns detached objects
whose columns are loaded, so tests can read `user.id` or `school.slug` freely without
sharing a session with the requests they make.
"""

import itertools
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.models import AcademicYear, Activity
from app.clusters.models import Authority, Cluster, School, SchoolPhase
from app.demo import load_all
from app.extensions import db

PASSWORD = "correct-horse-battery"
#: shorthand for the demo account a test usually means by a role
ROLE_ACCOUNTS = {"admin": "admin", "leader": "head.holt", "staff": "staff.holt",
                 "governor": "governor", "officer": "officer"}
_numbers = itertools.count(1)


def _detached(*records):
    for record in records:
        db.session.refresh(record)
        db.session.expunge(record)
    return records[0] if len(records) == 1 else records


@dataclass
class DemoCluster:
    """The loaded demo: look up accounts by e-mail local part and schools by short name."""

    cluster: Cluster
    authority: Authority
    year: AcademicYear | None = None
    users: dict[str, User] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)

    def user(self, who: str) -> User:
        """'admin', 'head.holt', 'staff.park'…, or a role name from ROLE_ACCOUNTS."""
        return self.users[ROLE_ACCOUNTS.get(who, who)]

    def school(self, slug: str) -> School:
        return self.schools[slug]

    def activity(self, title_en: str) -> Activity:
        """The demo activity with this English title (the first, for one that repeats each term)."""
        return self.activities[title_en]


class Factories:
    def __init__(self, app):
        self.app = app

    @contextmanager
    def session(self):
        """An application context and its session, for reading or writing directly."""
        with self.app.app_context():
            yield db.session

    def demo(self, password: str = PASSWORD) -> DemoCluster:
        with self.session() as session:
            load_all(password)
            cluster = session.scalar(select(Cluster).where(Cluster.slug == "darland"))
            users = session.scalars(select(User)).all()
            schools = session.scalars(select(School)).all()
            activities = session.scalars(select(Activity).order_by(Activity.id.desc())).all()
            year = session.scalar(select(AcademicYear))
            loaded = DemoCluster(cluster=cluster, authority=cluster.authority, year=year)
            _detached(cluster, loaded.authority, year, *users, *schools, *activities)
        loaded.users = {user.email.split("@")[0]: user for user in users}
        loaded.schools = {school.slug: school for school in schools}
        loaded.activities = {activity.title_en: activity for activity in activities}
        return loaded

    def cluster(self, slug: str | None = None, authority_id: int | None = None) -> Cluster:
        """Another cluster (in a new authority unless one is given), for scoping tests."""
        slug = slug or f"cluster-{next(_numbers)}"
        with self.session() as session:
            if authority_id is None:
                authority = Authority(slug=f"authority-{slug}", name_en=f"Authority {slug}",
                                      name_cy=f"Awdurdod {slug}")
                session.add(authority)
                session.flush()
                authority_id = authority.id
            cluster = Cluster(slug=slug, authority_id=authority_id, name_en=f"Cluster {slug}",
                              name_cy=f"Clwstwr {slug}")
            session.add(cluster)
            session.commit()
            return _detached(cluster)

    def school(self, cluster_id: int, **values) -> School:
        number = next(_numbers)
        values = {"slug": f"school-{number}", "name_en": f"School {number}",
                  "name_cy": f"Ysgol {number}", "phase": SchoolPhase.PRIMARY, "roll": 100, **values}
        with self.session() as session:
            school = School(cluster_id=cluster_id, **values)
            session.add(school)
            session.commit()
            return _detached(school)

    def user(self, role: Role, cluster_id: int | None = None, school_id: int | None = None,
             authority_id: int | None = None, password: str = PASSWORD, **values) -> User:
        number = next(_numbers)
        values = {"email": f"person{number}@example.org", "name": f"Person {number}", **values}
        with self.session() as session:
            user = User(role=role, cluster_id=cluster_id, school_id=school_id,
                        authority_id=authority_id, **values)
            user.set_password(password)
            session.add(user)
            session.commit()
            return _detached(user)
