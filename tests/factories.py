"""Test data: the demo cluster, and rows made to measure.

Every factory commits in an application context of its own and returns detached objects
whose columns are loaded, so tests can read `user.id` or `school.slug` freely without
sharing a session with the requests they make.
"""

import itertools
import sqlite3
from collections.abc import Callable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from app import clock
from app.auth.models import Role, User
from app.calendar.models import AcademicYear, Activity, HalfTerm, Term, TermKind
from app.clusters.models import Authority, Cluster, School, SchoolPhase
from app.competitions import photos
from app.competitions.models import Competition, Entry
from app.config import TestConfig
from app.demo import load_all
from app.extensions import db
from app.practice import attachments
from app.practice.models import PracticeAttachment
from app.surveys.demo import SKILLS_DAY
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
)
from app.tokens import new_token

PASSWORD = "correct-horse-battery"
#: shorthand for the demo account a test usually means by a role
ROLE_ACCOUNTS = {"admin": "admin", "leader": "head.holt", "staff": "staff.holt",
                 "governor": "governor", "officer": "officer"}
_numbers = itertools.count(1)
#: the day every test lives on (TestConfig.TODAY), unless it pins another
TODAY = date.fromisoformat(TestConfig.TODAY)


def five_point_scores() -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """Per response: (the five-point sum and count it keeps, the same counted from its answers).

    In an application context. The two agree when every way of storing a response keeps them.
    """
    five_point = [kind for kind in QuestionKind if kind.rules.is_five_point]
    counted = dict((response_id, (int(total), count)) for response_id, total, count in db.session.execute(
        select(Answer.response_id, func.sum(Answer.number), func.count(Answer.id))
        .join(Question, Question.id == Answer.question_id)
        .where(Question.kind.in_(five_point), Answer.number.is_not(None)).group_by(Answer.response_id)))
    return {response_id: ((total, count), counted.get(response_id, (0, 0))) for response_id, total, count
            in db.session.execute(select(Response.id, Response.five_point_sum, Response.five_point_count))}


#: the half terms of 2025/26 in a cluster made by a test (the demo has its own calendar)
HALF_TERMS = {
    (TermKind.AUTUMN, 1): (date(2025, 9, 1), date(2025, 10, 24)),
    (TermKind.AUTUMN, 2): (date(2025, 11, 3), date(2025, 12, 19)),
    (TermKind.SPRING, 1): (date(2026, 1, 5), date(2026, 2, 13)),
    (TermKind.SPRING, 2): (date(2026, 2, 23), date(2026, 3, 27)),
    (TermKind.SUMMER, 1): (date(2026, 4, 13), date(2026, 5, 22)),
    (TermKind.SUMMER, 2): (date(2026, 6, 1), date(2026, 7, 20)),
}


def add_school_year(session, cluster_id: int, later_by: timedelta = timedelta(0)) -> AcademicYear:
    """The 2025/26 year of HALF_TERMS for a cluster, each half term `later_by` later."""
    year = AcademicYear(cluster_id=cluster_id, start_year=2025)
    for position, kind in enumerate((TermKind.AUTUMN, TermKind.SPRING, TermKind.SUMMER), start=1):
        year.terms.append(Term(kind=kind, position=position, half_terms=[
            HalfTerm(number=n, starts_on=HALF_TERMS[(kind, n)][0] + later_by,
                     ends_on=HALF_TERMS[(kind, n)][1] + later_by) for n in (1, 2)]))
    session.add(year)
    session.flush()
    return year


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
    #: the families' survey on the Skills Day, its sections and questions loaded
    survey: Survey | None = None
    #: Holt's link to it
    survey_token: str = ""
    #: the current year's competitions: English title → id
    competitions: dict[str, int] = field(default_factory=dict)

    def user(self, who: str) -> User:
        """'admin', 'head.holt', 'staff.park'…, or a role name from ROLE_ACCOUNTS."""
        return self.users[ROLE_ACCOUNTS.get(who, who)]

    def school(self, slug: str) -> School:
        return self.schools[slug]

    def activity(self, title_en: str) -> Activity:
        """The current year's demo activity with this English title (the first, for one that repeats
        each term)."""
        return self.activities[title_en]

    def competition(self, title_en: str) -> int:
        """The id of the current year's competition with this English title."""
        return self.competitions[title_en]


#: the demo as the loaders first made it, per database, for later tests to copy in one go: on PostgreSQL
#: each table with its rows as text, on SQLite a copy of the whole database in memory
_demo_rows: dict[str, list[tuple[object, list[tuple]]] | sqlite3.Connection] = {}


#: the demo's files (practice attachments, competition photos) by their folder's function and their name, kept
#: from the first load like its rows
_demo_files: dict[tuple[Callable[[], Path], str], bytes] = {}


def _quoted(name: str) -> str:
    return f'"{name}"'


def without_foreign_key_checks(connection) -> None:
    """For the rest of this PostgreSQL transaction, skip the foreign keys' checks, when the tests' role may
    (a superuser, as .ci/run's is): emptying every table, or copying back the demo's rows as they were
    taken, leaves nothing dangling, and checking each row against its parents was most of the time every
    test spent before and after it (90 ms of 100 to empty the tables, 150 of 240 to copy the demo back)."""
    if connection.exec_driver_sql("SELECT current_setting('is_superuser')").scalar() == "on":
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")


def _load_demo(session, password: str) -> None:
    """The demo, made by its real loaders once per database per test run, then copied.

    Loading it takes seconds (hundreds of survey answers); copying it back takes a few hundredths
    on SQLite (its pages, by SQLite's backup) and a fifth of a second on PostgreSQL (its rows, by
    COPY), and every test of the run sees exactly the same demo.
    """
    engine = session.get_bind()
    key = str(engine.url)
    if key not in _demo_rows:
        # built for the tests' day, whatever day the first test to ask for it has set
        load_all(password, TODAY)
        files = [(attachments.attachment_folder, name)
                 for name in session.scalars(select(PracticeAttachment.stored_name))]
        files += [(photos.photo_folder, f"{name}{suffix}.jpg") for suffix in ("", "-thumb")
                  for name in session.scalars(select(Entry.photo_name).where(Entry.photo_name.is_not(None)))]
        _demo_files.update({(folder, name): (folder() / name).read_bytes() for folder, name in files})
        session.commit()
        if engine.dialect.name == "postgresql":
            # each value as PostgreSQL writes it, for COPY to read back; in key order, so that a row
            # referring to another of its table (a copied activity) follows it
            _demo_rows[key] = [(table, session.connection().exec_driver_sql(
                f'SELECT {", ".join(f"{_quoted(column.name)}::text" for column in table.c)} '
                f'FROM {_quoted(table.name)} ORDER BY {", ".join(map(_quoted, table.primary_key.columns.keys()))}'
            ).all()) for table in db.metadata.sorted_tables]
        else:
            snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            with closing(engine.raw_connection()) as connection:
                connection.driver_connection.backup(snapshot)
            _demo_rows[key] = snapshot
        return
    # a test that deleted a demo file (as `flask demo reset` does) gets it back with its row
    for (folder, name), data in _demo_files.items():
        path = folder() / name
        if not path.exists():
            path.write_bytes(data)
    if engine.dialect.name != "postgresql":
        with closing(engine.raw_connection()) as connection:
            _demo_rows[key].backup(connection.driver_connection)
        return
    with engine.begin() as connection:
        without_foreign_key_checks(connection)
        with connection.connection.driver_connection.cursor() as cursor:
            for table, rows in _demo_rows[key]:
                if rows:
                    columns = ", ".join(_quoted(column.name) for column in table.c)
                    with cursor.copy(f"COPY {_quoted(table.name)} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
        # the ids were given, so move the counters on
        connection.execute(text("SELECT " + ", ".join(
            f"setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT MAX(id) FROM {_quoted(table.name)}))"
            for table, rows in _demo_rows[key] if rows and "id" in table.c)))


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
            _load_demo(session, password)
            cluster = session.scalar(select(Cluster).where(Cluster.slug == "darland"))
            users = session.scalars(select(User)).all()
            schools = session.scalars(select(School)).all()
            # the demo's current year (on the tests' TODAY, the seed's 2025/26) and its Skills Day survey
            year = session.scalar(select(AcademicYear).order_by(AcademicYear.start_year.desc()))
            activities = session.scalars(select(Activity).where(Activity.academic_year_id == year.id)
                                         .order_by(Activity.id.desc())).all()
            survey = session.scalar(select(Survey).join(Survey.activity).where(
                Activity.title_en == SKILLS_DAY, Activity.academic_year_id == year.id).options(
                selectinload(Survey.sections).selectinload(Section.questions)))
            holt = next(school for school in schools if school.slug == "holt")
            token = next(link.token for link in survey.links if link.school_id == holt.id)
            competitions = dict(session.execute(select(Competition.title_en, Competition.id).join(Activity).where(
                Activity.academic_year_id == year.id)).all())
            loaded = DemoCluster(cluster=cluster, authority=cluster.authority, year=year, survey=survey,
                                 survey_token=token, competitions=competitions)
            session.expunge_all()
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

    def survey(self, cluster_id: int, questions: list[dict], audience: str = "families", state: str = "published",
               opens_on: date | None = None, closes_on: date | None = None, school_id: int | None = None,
               anonymous: bool = True, sections: int = 1) -> Survey:
        """A survey with these questions ({"kind": ..., "required": ..., "choices": [...], ...}), spread
        over `sections` pages, with a link per school; open today unless told otherwise."""
        with self.session() as session:
            today = clock.today()
            survey = Survey(cluster_id=cluster_id, title_en="Test survey", title_cy="Arolwg prawf",
                            audience=SurveyAudience(audience), state=SurveyState(state), anonymous=anonymous,
                            opens_on=opens_on or today - timedelta(days=1),
                            closes_on=closes_on or today + timedelta(days=7), school_id=school_id)
            pages = [Section(position=n, title_en=f"Page {n + 1}", title_cy=f"Tudalen {n + 1}")
                     for n in range(sections)]
            survey.sections = pages
            for number, spec in enumerate(questions):
                page = pages[min(spec.get("section", 0), sections - 1)]
                page.questions.append(Question(
                    position=len(page.questions), kind=QuestionKind(spec["kind"]),
                    text_en=spec.get("text_en", f"Question {number + 1}"),
                    text_cy=spec.get("text_cy", f"Cwestiwn {number + 1}"), required=spec.get("required", False),
                    min_value=spec.get("min"), max_value=spec.get("max"), allow_other=spec.get("other", False),
                    choices=[Choice(position=n, label_en=label, label_cy=f"{label} (cy)")
                             for n, label in enumerate(spec.get("choices", []))]))
            session.add(survey)
            session.flush()
            for number, spec in enumerate(questions):
                if "show_if" in spec:  # (index of the earlier question, answer: a choice index, or 1/0)
                    controller = survey.questions[spec["show_if"][0]]
                    answer = spec["show_if"][1]
                    question = survey.questions[number]
                    question.condition_question_id = controller.id
                    question.condition_value = (controller.choices[answer].id if controller.kind.rules.has_choices
                                                else answer)
            schools = session.scalars(select(School).where(School.cluster_id == cluster_id)).all()
            for school in schools if school_id is None else [s for s in schools if s.id == school_id]:
                session.add(SurveyLink(survey=survey, school_id=school.id, token=new_token()))
            session.commit()
            survey = session.scalar(select(Survey).where(Survey.id == survey.id).options(
                selectinload(Survey.sections).selectinload(Section.questions).selectinload(Question.choices),
                selectinload(Survey.links).selectinload(SurveyLink.school)))
            session.expunge_all()
            return survey

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
