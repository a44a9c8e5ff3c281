"""Demo data for the leadership summaries: the Cluster Leadership Group's meetings of autumn
2025, with the actions they agreed; some done, one dropped, some still open."""

from datetime import date

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.models import AcademicYear, HalfTerm, Strand, Term, TermKind
from app.clusters.models import Cluster, School
from app.extensions import db
from app.summaries.models import Action, ActionStatus, LeadershipMeeting

#: (day, half term reviewed, English notes, Welsh notes)
MEETINGS = (
    (date(2025, 10, 20), (TermKind.AUTUMN, 1),
     "Reviewed Autumn 1. Transition days are booked for June. Family survey response rates are low at "
     "Darland High and Holt: heads will send the link again through the school apps.",
     "Adolygu Hydref 1. Mae'r diwrnodau pontio wedi'u harchebu ar gyfer mis Mehefin. Mae cyfraddau ymateb "
     "arolwg y teuluoedd yn isel yn Uwchradd Darland a Holt: bydd y penaethiaid yn anfon y ddolen eto drwy "
     "apiau'r ysgolion."),
    (date(2025, 12, 15), (TermKind.AUTUMN, 2),
     "Reviewed Autumn 2. The Christmas trees went well in every school. The minibus was used most by Park "
     "and Darland High: fair shares stay as they are for spring.",
     "Adolygu Hydref 2. Aeth y coed Nadolig yn dda ym mhob ysgol. Park ac Uwchradd Darland ddefnyddiodd y "
     "bws mini fwyaf: bydd y cyfranddaliadau teg yn aros fel y maen nhw ar gyfer y gwanwyn."),
)
#: meeting index → (English, Welsh, owner school slug or None, strand, due, status, update)
ACTIONS = (
    (0, "Send the family survey link again through the school apps",
     "Anfon dolen arolwg y teuluoedd eto drwy apiau'r ysgolion", "holt", Strand.WELLBEING,
     date(2025, 11, 14), ActionStatus.DONE, "Sent on 3 November; 14 more responses."),
    (0, "Agree the dates of the Year 6 transition days with Darland High",
     "Cytuno ar ddyddiadau diwrnodau pontio Blwyddyn 6 gyda Darland", "darland-high", Strand.CURRICULUM,
     date(2025, 12, 12), ActionStatus.OPEN, ""),
    (0, "Plan a shared INSET day on reading for pleasure",
     "Cynllunio diwrnod HMS ar y cyd ar ddarllen er pleser", None, Strand.TEACHING_LEARNING,
     date(2026, 2, 13), ActionStatus.OPEN, ""),
    (1, "Review the minibus fair shares at the spring meeting",
     "Adolygu cyfranddaliadau teg y bws mini yng nghyfarfod y gwanwyn", "park", Strand.LEADERSHIP,
     date(2026, 2, 27), ActionStatus.OPEN, ""),
    (1, "Run a pupil voice survey on wellbeing in every primary",
     "Cynnal arolwg llais y disgybl ar lesiant ym mhob ysgol gynradd", "all-saints", Strand.WELLBEING,
     date(2026, 3, 27), ActionStatus.OPEN, ""),
    (1, "Buy a second set of eisteddfod staging",
     "Prynu ail set o lwyfan eisteddfod", None, Strand.CURRICULUM,
     date(2026, 1, 30), ActionStatus.DROPPED, "Darland High's staging can be borrowed instead."),
)


def load(password: str) -> None:
    """Record the group's two autumn meetings and the actions they agreed."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = {school.slug: school for school in cluster.schools}
    halves = {(half.term.kind, half.number): half for half in db.session.scalars(
        select(HalfTerm).join(HalfTerm.term).join(Term.academic_year)
        .where(AcademicYear.cluster_id == cluster.id, AcademicYear.start_year == 2025))}
    leaders = db.session.scalars(select(User).where(User.cluster_id == cluster.id, User.role == Role.LEADER)
                                 .order_by(User.name)).all()
    meetings = []
    for day, half, notes_en, notes_cy in MEETINGS:
        meeting = LeadershipMeeting(cluster_id=cluster.id, held_on=day, half_term=halves[half],
                                    notes_en=notes_en, notes_cy=notes_cy, attendees=list(leaders))
        db.session.add(meeting)
        meetings.append(meeting)
    for index, text_en, text_cy, owner, strand, due_on, status, update in ACTIONS:
        school: School | None = schools[owner] if owner else None
        db.session.add(Action(meeting=meetings[index], cluster_id=cluster.id, text_en=text_en, text_cy=text_cy,
                              owner_school=school, strand=strand, due_on=due_on, status=status,
                              update_note=update))
    db.session.commit()
