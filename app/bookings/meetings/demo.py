"""Demo data: Darland High's Year 6 → 7 parent/carer transition meetings, open for booking, a few taken.

They fall on the day of the current year's "Parent/carer transition meetings" in the calendar while
that is still to come, otherwise on a weekday three weeks from today, so there is always a free time
to book in the demo.
"""

import secrets
from datetime import date, time, timedelta

from sqlalchemy import select

from app.auth.models import Role, User
from app.bookings.meetings.models import MeetingBooking, MeetingSet, MeetingSetState, MeetingSlot
from app.calendar.demo_dates import DemoDates
from app.calendar.models import Activity
from app.clusters.models import Cluster, School
from app.extensions import db

TITLE_EN = "Parent/carer transition meetings: Year 6 to Year 7"
TITLE_CY = "Cyfarfodydd pontio i rieni a gofalwyr: Blwyddyn 6 i Flwyddyn 7"
NOTES_EN = ("A quarter of an hour with a member of our Year 7 team to talk about your child's move to Darland "
            "High in September: how they learn best, friendships, and anything that worries you or them.\n"
            "Come to the main reception; you will be shown to the room.")
NOTES_CY = ("Chwarter awr gydag aelod o'n tîm Blwyddyn 7 i sôn am symud eich plentyn i Ysgol Uwchradd Darland ym "
            "mis Medi: sut mae'n dysgu orau, ffrindiau, ac unrhyw beth sy'n eich poeni chi neu'r plentyn.\n"
            "Dewch i'r brif dderbynfa; byddwn yn eich tywys i'r ystafell.")
#: (staff name, room in English, room in Welsh): two meetings run side by side
#: (who, their role in English and Welsh, the room in English and Welsh)
ROOMS = (("Mr Rhys Morgan", "Head of Year 7", "Pennaeth Blwyddyn 7", "Room 12", "Ystafell 12"),
         ("Mrs Sian Pritchard", "Transition Lead", "Arweinydd Pontio", "The library", "Y llyfrgell"))
FIRST, LENGTH, COUNT = time(16, 0), 15, 12
#: (slot number in the first room, parent, child, year, e-mail, phone, language)
FAMILIES = (
    (0, "Gareth Lloyd", "Elin L.", 6, "gareth.lloyd@example.org", "", "cy"),
    (1, "Sarah Jones", "Tomos J.", 6, "", "07700 900123", "en"),
    (4, "Aled Evans", "Megan E.", 6, "aled.evans@example.org", "07700 900456", "cy"),
    (7, "Rachel Thomas", "Cai T.", 6, "rachel.thomas@example.net", "", "en"),
    (12, "Nia Williams", "Osian W.", 6, "", "07700 900789", "cy"),
)


def meeting_day(activity: Activity | None, today: date) -> date:
    """The calendar's day for the meetings if it is still ahead, else a weekday about three weeks on."""
    if activity is not None and activity.starts_on is not None and activity.starts_on > today:
        return activity.starts_on
    day = today + timedelta(days=21)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def load(dates: DemoDates) -> None:
    """Add Darland High's transition meetings, published, with five families booked."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    school = db.session.scalar(select(School).where(School.cluster_id == cluster.id, School.slug == "darland-high"))
    organiser = db.session.scalar(select(User).where(User.school_id == school.id, User.role == Role.STAFF))
    activities = db.session.scalars(select(Activity).where(Activity.cluster_id == cluster.id,
                                                           Activity.title_en == "Parent/carer transition meetings")
                                    .order_by(Activity.starts_on.desc().nulls_last())).all()
    activity = activities[0] if activities else None
    day = meeting_day(activity, dates.today)
    meeting_set = MeetingSet(cluster_id=cluster.id, school_id=school.id, activity=activity,
                             title_en=TITLE_EN, title_cy=TITLE_CY, notes_en=NOTES_EN, notes_cy=NOTES_CY,
                             state=MeetingSetState.PUBLISHED, token=secrets.token_urlsafe(16),
                             created_by_id=organiser.id if organiser else None)
    for staff_name, role_en, role_cy, room_en, room_cy in ROOMS:
        for number in range(COUNT):
            start = (FIRST.hour * 60 + FIRST.minute) + number * LENGTH
            meeting_set.slots.append(MeetingSlot(starts_on=day, starts_at=time(start // 60, start % 60),
                                                 length_minutes=LENGTH, location_en=room_en, location_cy=room_cy,
                                                 staff_name=staff_name, staff_role_en=role_en,
                                                 staff_role_cy=role_cy))
    db.session.add(meeting_set)
    db.session.flush()
    slots = meeting_set.slots  # the first room's twelve, then the library's
    for number, parent, child, year, email, phone, language in FAMILIES:
        db.session.add(MeetingBooking(slot_id=slots[number].id, parent_name=parent, child_name=child, year_group=year,
                                      email=email, phone=phone, language=language, secret=secrets.token_urlsafe(16),
                                      submission_token=secrets.token_urlsafe(16)))
    db.session.commit()
