"""Demo data for the leadership summaries: the Cluster Leadership Group's meetings of the half terms
just gone (on the Monday of each one's last week), with the actions they agreed: some done, one
dropped, the rest open, one of them overdue."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.demo_dates import DemoDates, Half
from app.calendar.models import AcademicYear, HalfTerm, Strand, Term, TermKind
from app.clusters.models import Cluster
from app.extensions import db
from app.summaries.models import Action, ActionStatus, LeadershipMeeting

#: half terms the group has met about, the latest last
MEETINGS_KEPT = 4
#: (term, half) → what the group noted, in English and Welsh
NOTES = {
    (TermKind.AUTUMN, 1): (
        "Reviewed Autumn 1. Transition days are booked for June. Family survey response rates are low at "
        "Darland High and Holt: heads will send the link again through the school apps.",
        "Adolygu Hydref 1. Mae'r diwrnodau pontio wedi'u harchebu ar gyfer mis Mehefin. Mae cyfraddau ymateb "
        "arolwg y teuluoedd yn isel yn Uwchradd Darland a Holt: bydd y penaethiaid yn anfon y ddolen eto drwy "
        "apiau'r ysgolion."),
    (TermKind.AUTUMN, 2): (
        "Reviewed Autumn 2. The Christmas trees went well in every school. The minibus was used most by Park "
        "and Darland High: fair shares stay as they are for spring.",
        "Adolygu Hydref 2. Aeth y coed Nadolig yn dda ym mhob ysgol. Park ac Uwchradd Darland ddefnyddiodd y "
        "bws mini fwyaf: bydd y cyfranddaliadau teg yn aros fel y maen nhw ar gyfer y gwanwyn."),
    (TermKind.SPRING, 1): (
        "Reviewed Spring 1. The maths workshops were full; a second day is planned. Staff asked for more "
        "time to plan together before the eisteddfodau.",
        "Adolygu Gwanwyn 1. Roedd y gweithdai mathemateg yn llawn; mae ail ddiwrnod wedi'i gynllunio. Gofynnodd "
        "y staff am fwy o amser i gynllunio gyda'i gilydd cyn yr eisteddfodau."),
    (TermKind.SPRING, 2): (
        "Reviewed Spring 2. Every school took part in the eisteddfodau. Pupils' wellbeing answers are up at "
        "four schools; Holt and St Peter's will share what worked.",
        "Adolygu Gwanwyn 2. Cymerodd pob ysgol ran yn yr eisteddfodau. Mae atebion llesiant y disgyblion wedi "
        "codi mewn pedair ysgol; bydd Holt a Sant Pedr yn rhannu'r hyn a weithiodd."),
    (TermKind.SUMMER, 1): (
        "Reviewed Summer 1. The expressive arts sessions had a waiting list. Taster days for Year 6 are "
        "confirmed; families will be told this half term.",
        "Adolygu Haf 1. Roedd rhestr aros ar gyfer y sesiynau celfyddydau mynegiannol. Mae'r diwrnodau blasu i "
        "Flwyddyn 6 wedi'u cadarnhau; bydd teuluoedd yn cael gwybod yr hanner tymor hwn."),
    (TermKind.SUMMER, 2): (
        "Reviewed Summer 2 and the year. The annual report is drafted. Next year's calendar will keep the "
        "Skills Day and add a second network meeting.",
        "Adolygu Haf 2 a'r flwyddyn. Mae'r adroddiad blynyddol wedi'i ddrafftio. Bydd calendr y flwyddyn nesaf "
        "yn cadw'r Diwrnod Sgiliau ac yn ychwanegu ail gyfarfod rhwydwaith."),
}
#: (English, Welsh, owner school slug or None, strand, weeks after the meeting it is due, its fate,
#:  the note of what became of it); each meeting agrees the next two
ACTIONS = (
    ("Send the family survey link again through the school apps",
     "Anfon dolen arolwg y teuluoedd eto drwy apiau'r ysgolion", "holt", Strand.WELLBEING, 3, ActionStatus.DONE,
     "Sent again; 14 more responses."),
    ("Agree the dates of the Year 6 transition days with Darland High",
     "Cytuno ar ddyddiadau diwrnodau pontio Blwyddyn 6 gyda Darland", "darland-high", Strand.CURRICULUM, 6,
     ActionStatus.OPEN, ""),
    ("Plan a shared INSET day on reading for pleasure",
     "Cynllunio diwrnod HMS ar y cyd ar ddarllen er pleser", None, Strand.TEACHING_LEARNING, 12,
     ActionStatus.OPEN, ""),
    ("Buy a second set of eisteddfod staging", "Prynu ail set o lwyfan eisteddfod", None, Strand.CURRICULUM, 4,
     ActionStatus.DROPPED, "Darland High's staging can be borrowed instead."),
    ("Review the minibus fair shares at the next meeting",
     "Adolygu cyfranddaliadau teg y bws mini yn y cyfarfod nesaf", "park", Strand.LEADERSHIP, 7,
     ActionStatus.OPEN, ""),
    ("Run a pupil voice survey on wellbeing in every primary",
     "Cynnal arolwg llais y disgybl ar lesiant ym mhob ysgol gynradd", "all-saints", Strand.WELLBEING, 10,
     ActionStatus.OPEN, ""),
)


DONE_NOTE = "Done by the day agreed."


def _meeting_day(half: Half):
    """The Monday of the half term's last week."""
    return half.ends_on - timedelta(days=half.ends_on.weekday())


def load(dates: DemoDates) -> None:
    """Record the group's meetings of the recent half terms and the actions they agreed."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = {school.slug: school for school in cluster.schools}
    halves = {(half.term.academic_year.start_year, half.term.kind, half.number): half
              for half in db.session.scalars(select(HalfTerm).join(HalfTerm.term).join(Term.academic_year)
                                             .where(AcademicYear.cluster_id == cluster.id))}
    leaders = db.session.scalars(select(User).where(User.cluster_id == cluster.id, User.role == Role.LEADER)
                                 .order_by(User.name)).all()
    met = [half for half in dates.halves if _meeting_day(half) < dates.today][-MEETINGS_KEPT:]
    actions = []
    for number, half in enumerate(met):
        notes_en, notes_cy = NOTES[(half.term, half.number)]
        meeting = LeadershipMeeting(cluster_id=cluster.id, held_on=_meeting_day(half), half_term=halves[half.key],
                                    notes_en=notes_en, notes_cy=notes_cy, attendees=list(leaders))
        db.session.add(meeting)
        for text_en, text_cy, owner, strand, weeks, fate, update in (ACTIONS[(2 * number) % len(ACTIONS)],
                                                                     ACTIONS[(2 * number + 1) % len(ACTIONS)]):
            actions.append(Action(meeting=meeting, cluster_id=cluster.id, text_en=text_en, text_cy=text_cy,
                                  owner_school=schools[owner] if owner else None, strand=strand,
                                  due_on=meeting.held_on + timedelta(weeks=weeks), status=fate, update_note=update))
    # of the open actions whose day has gone, the latest is overdue; the others were done in time
    past_due = sorted((action for action in actions if action.status == ActionStatus.OPEN
                       and action.due_on < dates.today), key=lambda action: action.due_on)
    for action in past_due[:-1]:
        action.status, action.update_note = ActionStatus.DONE, DONE_NOTE
    db.session.add_all(actions)
    db.session.commit()
