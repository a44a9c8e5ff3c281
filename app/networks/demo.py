"""The demo's networks: Curriculum Leaders planning the "securing pupil progress" workshops, the Darland
Learning Community Network of the heads, and a wellbeing PLC of the School Partnership Programme open to
the whole authority. Curriculum Leaders met a few weeks ago (notes, two actions) and meet again in a few
weeks, both in the calendar; three pieces of practice came from the networks."""

from datetime import date, time, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.calendar.demo_dates import DemoDates
from app.calendar.models import Activity, ActivityStatus, Strand
from app.clusters.models import Cluster
from app.extensions import db
from app.networks.models import Network, NetworkMember
from app.networks.services import PlannedMeeting, plan_meeting
from app.practice.models import AreaOfLearning, PracticeItem
from app.summaries.models import Action, ActionStatus

#: (English name, Welsh name, English purpose, Welsh purpose, strand, area, authority-wide,
#:  members by e-mail local part (convenors marked with *), the English titles of its practice)
NETWORKS = (
    ("Curriculum Leaders", "Arweinwyr y Cwricwlwm",
     "The curriculum leaders of the six schools plan the \u201csecuring pupil progress\u201d workshops for each "
     "Area of Learning and Experience, and share progression maps.",
     "Mae arweinwyr cwricwlwm y chwe ysgol yn cynllunio\u2019r gweithdai \u201csicrhau cynnydd disgyblion\u201d ar "
     "gyfer pob Maes Dysgu a Phrofiad, ac yn rhannu mapiau dilyniant.",
     Strand.CURRICULUM, None, False,
     ("*head.darland-high", "*staff.holt", "staff.park", "staff.all-saints", "staff.the-rofft", "staff.st-peters",
      "staff.darland-high"),
     ("Securing pupil progress in Mathematics",)),
    ("Darland Learning Community Network", "Rhwydwaith Cymuned Ddysgu Darland",
     "The heads and teachers of the cluster share expertise, resources and professional learning, and moderate "
     "pupils\u2019 work together.",
     "Mae penaethiaid ac athrawon y clwstwr yn rhannu arbenigedd, adnoddau a dysgu proffesiynol, ac yn "
     "cymedroli gwaith disgyblion gyda\u2019i gilydd.",
     Strand.TEACHING_LEARNING, None, False,
     ("*head.st-peters", "head.holt", "head.park", "head.all-saints", "head.the-rofft", "head.darland-high"),
     ("Cluster moderation of writing",)),
    ("Wellbeing PLC (School Partnership Programme)", "CDP Lles (Rhaglen Partneriaeth Ysgolion)",
     "A professional learning community of the School Partnership Programme on pupils\u2019 wellbeing, open to "
     "every school of the authority.",
     "Cymuned ddysgu broffesiynol y Rhaglen Partneriaeth Ysgolion ar les disgyblion, yn agored i bob ysgol yn "
     "yr awdurdod.",
     Strand.WELLBEING, AreaOfLearning.HEALTH_WELLBEING, True,
     ("*staff.park", "staff.the-rofft", "head.all-saints", "staff.st-peters"),
     ("Wellbeing check-ins with the Boxall profile", "A calm start to the day")),
)

NOTES_EN = ("Reviewed the Mathematics workshop: every school brought a progression map. Humanities and "
            "Languages are next; Darland High will host. Schools asked for the maps in one shared folder.")
NOTES_CY = ("Adolygu\u2019r gweithdy Mathemateg: daeth pob ysgol \u00e2 map dilyniant. Y Dyniaethau ac "
            "Ieithoedd sydd nesaf; bydd Uwchradd Darland yn cynnal. Gofynnodd yr ysgolion am y mapiau mewn un "
            "ffolder a rennir.")
#: (English, Welsh, owner's school slug, weeks after the meeting it is due)
ACTIONS = (
    ("Put every school's Mathematics progression map in the shared folder",
     "Rhoi map dilyniant Mathemateg pob ysgol yn y ffolder a rennir", "holt", 2),
    ("Plan the Humanities workshop on securing pupil progress",
     "Cynllunio\u2019r gweithdy Dyniaethau ar sicrhau cynnydd disgyblion", "darland-high", 6),
)


def _term_days(dates: DemoDates) -> list[date]:
    """The school days (Monday to Friday) of the current year's half terms."""
    return [half.starts_on + timedelta(days=number)
            for half in dates.halves if half.start_year == dates.current_year
            for number in range((half.ends_on - half.starts_on).days + 1)
            if (half.starts_on + timedelta(days=number)).weekday() < 5]


def meeting_days(dates: DemoDates) -> tuple[date, date]:
    """The day Curriculum Leaders met (a Wednesday about four weeks ago, in term time, or the year's first
    school day) and the day they meet next (a Wednesday two weeks on or later, or the last school day)."""
    days = _term_days(dates)
    before = [day for day in days if day <= dates.today - timedelta(weeks=4)]
    past = next((day for day in reversed(before) if day.weekday() == 2), before[-1] if before else days[0])
    after = [day for day in days if day >= dates.today + timedelta(weeks=2)]
    upcoming = next((day for day in after if day.weekday() == 2), after[0] if after else days[-1])
    return past, upcoming


def load(dates: DemoDates) -> None:
    """Add the three networks, their members, the meetings of Curriculum Leaders and their practice."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    people = {person.email.split("@")[0]: person for person in db.session.scalars(
        select(User).where(User.cluster_id == cluster.id))}
    schools = {school.slug: school for school in cluster.schools}
    networks = []
    for (name_en, name_cy, purpose_en, purpose_cy, strand, area, authority_wide, members,
         titles) in NETWORKS:
        network = Network(cluster_id=cluster.id, name_en=name_en, name_cy=name_cy, purpose_en=purpose_en,
                          purpose_cy=purpose_cy, strand=strand, area=area, authority_wide=authority_wide,
                          created_by_id=people["admin"].id,
                          members=[NetworkMember(user=people[key.lstrip("*")], convenor=key.startswith("*"))
                                   for key in members])
        db.session.add(network)
        db.session.flush()
        for item in db.session.scalars(select(PracticeItem).where(PracticeItem.title_en.in_(titles))):
            item.network_id = network.id
        networks.append(network)
    db.session.commit()

    curriculum_leaders = networks[0]
    convenor = people["head.darland-high"]
    past, upcoming = meeting_days(dates)
    place = ("Darland High School, the library", "Ysgol Uwchradd Darland, y llyfrgell")
    met = plan_meeting(convenor, curriculum_leaders, PlannedMeeting(past, time(15, 45), time(17, 0), *place))
    plan_meeting(convenor, curriculum_leaders, PlannedMeeting(upcoming, time(15, 45), time(17, 0), *place))
    met.notes_en, met.notes_cy = NOTES_EN, NOTES_CY
    met.attendees = [member.user for member in curriculum_leaders.members][:5]
    db.session.get(Activity, met.activity_id).status = ActivityStatus.DONE
    for text_en, text_cy, slug, weeks in ACTIONS:
        db.session.add(Action(meeting=met, cluster_id=cluster.id, text_en=text_en, text_cy=text_cy,
                              owner_school=schools[slug], strand=Strand.CURRICULUM,
                              due_on=past + timedelta(weeks=weeks), status=ActionStatus.OPEN))
    db.session.commit()
