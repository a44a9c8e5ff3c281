"""The demo's practice library: pieces from each of the six schools, in both languages, at every reach
(drafts, the cluster, the authority, a few public), several from the calendar's workshops; each
school's leads, with a few not named yet; and visits to see practice: one made earlier this year, with
what both sides learned, and one request waiting for an answer."""

import io
from datetime import date, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.auth.models import Role, User
from app.calendar.demo_dates import DemoDates, halves_of
from app.calendar.models import AcademicYear, Activity, ActivityStatus, Strand, school_year_of
from app.calendar.services import add_dated_activity
from app.clock import utc_moment
from app.clusters.models import Cluster, School
from app.extensions import db
from app.practice import attachments
from app.practice.models import AreaOfLearning as A
from app.practice.models import (
    PracticeArea,
    PracticeAttachment,
    PracticeItem,
    PracticeSkill,
    PracticeVisit,
    PracticeVisitNote,
    Reach,
    Responsibility,
    SchoolLead,
    VisitKind,
    VisitStatus,
)
from app.practice.models import Skill as S
from app.practice.services import reindex
from app.practice.visits import calendar_visit

T, C, W, L = Strand.TEACHING_LEARNING, Strand.CURRICULUM, Strand.WELLBEING, Strand.LEADERSHIP
D, CL, AU = Reach.DRAFT, Reach.CLUSTER, Reach.AUTHORITY

#: (school, English title, Welsh title, English summary, Welsh summary, strand, areas, skills, steps, reach,
#:  public, featured, other schools)
ITEMS = (
    ("holt", "Outdoor maths trails", "Llwybrau mathemateg awyr agored",
     "Pupils measure, estimate and record on a trail round the school grounds.",
     "Mae disgyblion yn mesur, amcangyfrif a chofnodi ar lwybr o amgylch tir yr ysgol.",
     T, [A.MATHEMATICS], [S.NUMERACY], (1, 3), AU, True, True, ["park"]),
    ("holt", "Reading buddies across the years", "Cyfeillion darllen ar draws y blynyddoedd",
     "Year 6 pupils read with Reception pupils twice a week.",
     "Mae disgyblion Blwyddyn 6 yn darllen gyda disgyblion y Dosbarth Derbyn ddwywaith yr wythnos.",
     T, [A.LANGUAGES], [S.LITERACY], (1, 2), CL, False, False, []),
    ("holt", "A calm start to the day", "Dechrau tawel i'r diwrnod",
     "Ten minutes of breathing and talk before lessons for pupils who need it.",
     "Deg munud o anadlu a sgwrsio cyn y gwersi i ddisgyblion sydd ei angen.",
     W, [A.HEALTH_WELLBEING], [], (1, 3), D, False, False, []),
    ("park", "Planning the curriculum together", "Cynllunio'r cwricwlwm gyda'n gilydd",
     "Teachers from three schools co-constructed curriculum planning maps for Humanities.",
     "Lluniodd athrawon o dair ysgol fapiau cynllunio'r cwricwlwm ar y cyd ar gyfer y Dyniaethau.",
     C, [A.HUMANITIES], [S.LITERACY], (2, 3), AU, False, False, ["holt", "st-peters"]),
    ("park", "Digital leaders", "Arweinwyr digidol",
     "Pupils train their classmates and teachers to use new tablets and software.",
     "Mae disgyblion yn hyfforddi eu cyd-ddisgyblion a'u hathrawon i ddefnyddio llechi a meddalwedd newydd.",
     T, [A.SCIENCE_TECHNOLOGY], [S.DIGITAL], (2, 3), CL, True, False, []),
    ("park", "Family learning in Welsh", "Dysgu teuluol yn Gymraeg",
     "Short after-school sessions where families learn Welsh with their children.",
     "Sesiynau byr ar ôl ysgol lle mae teuluoedd yn dysgu Cymraeg gyda'u plant.",
     W, [A.LANGUAGES], [S.LITERACY], (1, 2), CL, True, False, []),
    ("all-saints", "Mathematics mastery in small steps", "Meistroli mathemateg fesul cam",
     "Lessons built on small steps with objects, pictures and then numbers.",
     "Gwersi wedi'u hadeiladu ar gamau bach gyda gwrthrychau, lluniau ac yna rhifau.",
     T, [A.MATHEMATICS], [S.NUMERACY], (1, 3), AU, False, False, []),
    ("all-saints", "Pupil voice in the school council", "Llais y disgybl yng nghyngor yr ysgol",
     "The school council surveys every class each half term and reports back.",
     "Mae cyngor yr ysgol yn holi pob dosbarth bob hanner tymor ac yn adrodd yn ôl.",
     L, [A.HUMANITIES], [S.LITERACY], (2, 3), CL, False, False, []),
    ("all-saints", "Science through the seasons", "Gwyddoniaeth drwy'r tymhorau",
     "A year-long investigation of the school pond and garden.",
     "Ymchwiliad gydol y flwyddyn i bwll a gardd yr ysgol.",
     C, [A.SCIENCE_TECHNOLOGY], [S.NUMERACY], (1, 3), D, False, False, []),
    ("the-rofft", "Expressive arts with a local artist", "Y celfyddydau mynegiannol gydag artist lleol",
     "A term of weekly workshops with an artist from the village.",
     "Tymor o weithdai wythnosol gydag artist o'r pentref.",
     C, [A.EXPRESSIVE_ARTS], [], (1, 3), CL, True, False, []),
    ("the-rofft", "Peer mentoring at lunchtime", "Mentora cyfoedion amser cinio",
     "Trained Year 5 and 6 mentors help younger pupils at lunchtime.",
     "Mae mentoriaid hyfforddedig Blwyddyn 5 a 6 yn helpu disgyblion iau amser cinio.",
     W, [A.HEALTH_WELLBEING], [], (2, 3), AU, False, False, []),
    ("the-rofft", "Spelling with Game 24 warm-ups", "Sillafu gyda gemau cynhesu Gêm 24",
     "Five-minute number and spelling games at the start of every lesson.",
     "Gemau rhif a sillafu pum munud ar ddechrau pob gwers.",
     T, [A.MATHEMATICS, A.LANGUAGES], [S.NUMERACY, S.LITERACY], (2, 3), CL, False, False, []),
    ("st-peters", "Transition passports", "Pasbortau pontio",
     "Each Year 6 pupil makes a passport about themselves for their new teachers at the high school.",
     "Mae pob disgybl Blwyddyn 6 yn gwneud pasbort amdanyn nhw eu hunain i'w hathrawon newydd yn yr ysgol "
     "uwchradd.", W, [A.HEALTH_WELLBEING, A.LANGUAGES], [S.LITERACY], (3, 3), AU, True, True, ["darland-high"]),
    ("st-peters", "Using data to plan interventions", "Defnyddio data i gynllunio ymyriadau",
     "Half-termly checks of reading and number decide who gets extra help.",
     "Mae gwiriadau hanner tymor o ddarllen a rhif yn penderfynu pwy sy'n cael help ychwanegol.",
     L, [A.LANGUAGES, A.MATHEMATICS], [S.LITERACY, S.NUMERACY], (1, 3), CL, False, False, []),
    ("st-peters", "Forest school for wellbeing", "Ysgol goedwig er lles",
     "A morning a week outdoors for pupils who find the classroom hard.",
     "Bore'r wythnos yn yr awyr agored i ddisgyblion sy'n cael y dosbarth yn anodd.",
     W, [A.HEALTH_WELLBEING, A.SCIENCE_TECHNOLOGY], [], (1, 2), D, False, False, []),
    ("darland-high", "Year 7 check-in days", "Diwrnodau cyswllt Blwyddyn 7",
     "Year 6 pupils spend days at the high school in the summer term before they start.",
     "Mae disgyblion Blwyddyn 6 yn treulio diwrnodau yn yr ysgol uwchradd yn nhymor yr haf cyn dechrau.",
     W, [A.HEALTH_WELLBEING], [], (3, 3), AU, True, False, ["holt", "park", "all-saints", "the-rofft",
                                                           "st-peters"]),
    ("darland-high", "Careers in sport with Wrexham AFC", "Gyrfaoedd ym myd chwaraeon gyda CPD Wrecsam",
     "Pupils meet staff of the football club and learn about jobs in sport.",
     "Mae disgyblion yn cwrdd â staff y clwb pêl-droed ac yn dysgu am swyddi ym myd chwaraeon.",
     C, [A.HEALTH_WELLBEING, A.HUMANITIES], [], (4, 5), CL, True, False, []),
    ("darland-high", "Securing pupil progress in Mathematics", "Sicrhau cynnydd disgyblion mewn Mathemateg",
     "A workshop for Curriculum Leaders on shared progression maps in Mathematics and Numeracy.",
     "Gweithdy i Arweinwyr y Cwricwlwm ar fapiau dilyniant ar y cyd mewn Mathemateg a Rhifedd.",
     C, [A.MATHEMATICS], [S.NUMERACY], (3, 4), AU, False, False, ["holt", "park"]),
    ("darland-high", "Coding club run by sixth formers", "Clwb codio dan ofal y chweched dosbarth",
     "Sixth formers run a weekly coding club for Year 7 and 8.",
     "Mae'r chweched dosbarth yn cynnal clwb codio wythnosol i Flwyddyn 7 ac 8.",
     T, [A.SCIENCE_TECHNOLOGY], [S.DIGITAL], (4, 4), CL, False, False, []),
    ("darland-high", "Observing each other's lessons", "Arsylwi gwersi ein gilydd",
     "Teachers from the primaries and the high school visit each other's classrooms.",
     "Mae athrawon o'r ysgolion cynradd a'r ysgol uwchradd yn ymweld â dosbarthiadau ei gilydd.",
     L, [A.LANGUAGES, A.MATHEMATICS], [], (3, 4), CL, False, False, ["park", "the-rofft"]),
    ("holt", "Eisteddfod practice in every class", "Ymarfer eisteddfod ym mhob dosbarth",
     "Every class prepares a recitation or a song for the cluster Eisteddfod.",
     "Mae pob dosbarth yn paratoi adroddiad neu gân ar gyfer Eisteddfod y clwstwr.",
     C, [A.EXPRESSIVE_ARTS, A.LANGUAGES], [S.LITERACY], (1, 3), CL, True, False, []),
    ("park", "Wellbeing check-ins with the Boxall profile", "Gwirio lles gyda phroffil Boxall",
     "Termly wellbeing checks decide who joins the nurture group.",
     "Mae gwiriadau lles bob tymor yn penderfynu pwy sy'n ymuno â'r grŵp meithrin.",
     W, [A.HEALTH_WELLBEING], [], (1, 3), CL, False, False, []),
    ("all-saints", "Welsh language champions", "Hyrwyddwyr y Gymraeg",
     "Pupil champions lead Welsh games in the yard and reward Welsh spoken outside lessons.",
     "Mae hyrwyddwyr o blith y disgyblion yn arwain gemau Cymraeg ar yr iard ac yn gwobrwyo Cymraeg y tu "
     "allan i'r gwersi.", C, [A.LANGUAGES], [S.LITERACY], (1, 3), AU, True, False, []),
    ("the-rofft", "Schools in Bloom growing area", "Ardal dyfu Ysgolion yn eu Blodau",
     "Pupils plan, plant and sell vegetables from the school garden.",
     "Mae disgyblion yn cynllunio, plannu a gwerthu llysiau o ardd yr ysgol.",
     C, [A.SCIENCE_TECHNOLOGY, A.MATHEMATICS], [S.NUMERACY], (1, 3), CL, False, False, []),
    ("st-peters", "Cluster moderation of writing", "Cymedroli ysgrifennu ar draws y clwstwr",
     "Teachers meet each term to agree what good writing looks like at each step.",
     "Mae athrawon yn cwrdd bob tymor i gytuno sut olwg sydd ar ysgrifennu da ar bob cam.",
     T, [A.LANGUAGES], [S.LITERACY], (1, 4), CL, False, False, ["holt", "all-saints"]),
)

#: pieces that came from the calendar's workshops and meetings: title → the start of those activities' titles
FROM_ACTIVITIES = {
    "Securing pupil progress in Mathematics": "Securing pupil progress workshop – Language, Literacy",
    "Planning the curriculum together": "Securing pupil progress workshop – Humanities",
    "Expressive arts with a local artist": "Securing pupil progress workshop – Expressive Arts",
    "Science through the seasons": "Securing pupil progress workshop – Science and Technology",
    "Mathematics mastery in small steps": "Maths problem-solving workshops",
    "Cluster moderation of writing": "Curriculum leaders' planning meeting",
    "Eisteddfod practice in every class": "Cluster Eisteddfodau",
    "Year 7 check-in days": "Extended transition and taster days",
}

PRACTICE_EN = ("We tried it first with one class, then with the whole school. Staff planned it together in a "
               "staff meeting and shared the resources in the cluster's folder.")
PRACTICE_CY = ("Fe wnaethon ni roi cynnig arni gydag un dosbarth yn gyntaf, yna gyda'r ysgol gyfan. Cynlluniodd y "
               "staff gyda'i gilydd mewn cyfarfod staff a rhannu'r adnoddau yn ffolder y clwstwr.")
IMPACT_EN = ("Pupils' engagement rose in the pupil-voice survey, and teachers saw better work in books. We "
             "kept the survey results and samples of work as evidence.")
IMPACT_CY = ("Cododd ymgysylltiad disgyblion yn arolwg llais y disgybl, a gwelodd athrawon waith gwell yn y "
             "llyfrau. Rydyn ni wedi cadw canlyniadau'r arolwg a samplau o waith fel tystiolaeth.")


#: the piece the demo's files are attached to: a worksheet in each language and a map
ATTACHED_TO = "Outdoor maths trails"
#: (file name, the words on its page)
WORKSHEETS = (("Maths trail worksheet.pdf", "Maths trail: measure, estimate, record"),
              ("Taflen llwybr mathemateg.pdf", "Llwybr mathemateg: mesur, amcangyfrif, cofnodi"))
MAP_NAME = "Map y llwybr – trail map.png"


def demo_pdf(text: str) -> bytes:
    """A small, valid one-page PDF saying `text` (ASCII), with its cross-reference table worked out."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _trail_map() -> bytes:
    """A simple picture of a trail round the school grounds, as a PNG."""
    image = Image.new("RGB", (640, 420), (200, 230, 190))
    draw = ImageDraw.Draw(image)
    draw.line([(60, 360), (200, 120), (380, 300), (580, 80)], fill=(150, 90, 40), width=12)
    for x, y in ((60, 360), (200, 120), (380, 300), (580, 80)):
        draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=(30, 90, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _attach_files(item: PracticeItem) -> None:
    """The worksheet (a PDF in each language) and a map of the trail, checked and kept as uploads are."""
    for name, data in [*((name, demo_pdf(text)) for name, text in WORKSHEETS), (MAP_NAME, _trail_map())]:
        checked = attachments.check(data)
        item.attachments.append(PracticeAttachment(
            kind=checked.kind, original_name=attachments.clean_name(name, checked.extension),
            stored_name=attachments.keep(checked.data), content_type=checked.content_type,
            size_bytes=len(checked.data), uploaded_by_id=item.created_by_id))


#: each school's leads: (responsibility, name); a few are left for the school to name (leaders see the gaps)
LEADS = {
    "holt": ("Owain Jones", "Dafydd Lloyd", "Catrin Hughes"),
    "park": ("Helen Davies", "Lowri Thomas", "Gwen Pugh"),
    "all-saints": ("Siân Roberts", "Ffion Evans", "Mari Jenkins"),
    "the-rofft": ("Gareth Hughes", "Tom Parry", "Elin Rowlands"),
    "st-peters": ("Rhian Edwards", "Emma Price", "Huw Bevan"),
    "darland-high": ("Mark Williams", "Rhys Morgan", "Sian Pritchard"),
}
#: responsibilities a school has not named yet in the demo
NOT_YET = {"holt": {Responsibility.DATA}, "park": {Responsibility.DIGITAL, Responsibility.HUMANITIES},
           "st-peters": {Responsibility.EXPRESSIVE_ARTS}, "darland-high": {Responsibility.WELSH_LANGUAGE}}


def load(dates: DemoDates) -> None:
    """Add the practice library to the demo cluster, as its staff would have written it this year."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    schools = {school.slug: school for school in db.session.scalars(select(School).where(
        School.cluster_id == cluster.id))}
    staff = {person.school_id: person for person in db.session.scalars(select(User).where(
        User.cluster_id == cluster.id, User.role == Role.STAFF))}
    year = school_year_of(dates.today)

    def this_years_activities(title_start: str) -> list[Activity]:
        return db.session.scalars(select(Activity).join(AcademicYear, AcademicYear.id == Activity.academic_year_id)
                                  .where(Activity.cluster_id == cluster.id, AcademicYear.start_year == year,
                                         Activity.title_en.startswith(title_start, autoescape=True))).all()
    for (slug, title_en, title_cy, summary_en, summary_cy, strand, areas, skills, (first, last), reach,
         public, featured, others) in ITEMS:
        school = schools[slug]
        contact = staff.get(school.id)
        item = PracticeItem(
            cluster_id=cluster.id, school=school, title_en=title_en, title_cy=title_cy, summary_en=summary_en,
            summary_cy=summary_cy, practice_en=PRACTICE_EN, practice_cy=PRACTICE_CY, impact_en=IMPACT_EN,
            impact_cy=IMPACT_CY, contact=contact, created_by_id=contact.id if contact else None, strand=strand,
            youngest_step=first, oldest_step=last, school_year=year, reach=reach, public=public, featured=featured,
            published_on=None if reach == D else dates.today,
            officer_note_en="A good place to start for any school new to this." if featured else "",
            officer_note_cy="Man cychwyn da i unrhyw ysgol sy'n newydd i hyn." if featured else "",
            other_schools=[schools[other] for other in others],
            area_rows=[PracticeArea(area=area) for area in areas],
            skill_rows=[PracticeSkill(skill=skill) for skill in skills],
            activities=this_years_activities(FROM_ACTIVITIES[title_en]) if title_en in FROM_ACTIVITIES else [])
        db.session.add(item)
        if title_en == ATTACHED_TO:
            _attach_files(item)
        db.session.flush()
        reindex(item)
    for slug, people in LEADS.items():
        for number, responsibility in enumerate(Responsibility):
            if responsibility not in NOT_YET.get(slug, ()):
                name = people[number % len(people)]
                email = f"{name.split()[-1].lower()}.{slug}@darland.example"
                db.session.add(SchoolLead(school_id=schools[slug].id, responsibility=responsibility,
                                          person_name=name, email=email))
    db.session.commit()
    load_visits(dates, cluster)


def a_school_day_before(dates: DemoDates) -> date:
    """A Tuesday in term time about three weeks before the demo's day: in its current year once that
    year has run that long (in its first weeks, the last Tuesday of the year before)."""
    target = dates.today - timedelta(weeks=3)
    first = halves_of(dates.current_year)[0].starts_on
    first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    if target < first and first_tuesday < dates.today:
        return first_tuesday
    half = [half for half in dates.halves if half.starts_on <= target][-1]
    day = min(target, half.ends_on)
    day -= timedelta(days=(day.weekday() - 1) % 7)  # back to a Tuesday
    return day if day >= half.starts_on else half.starts_on + timedelta(days=(1 - half.starts_on.weekday()) % 7)


def load_visits(dates: DemoDates, cluster: Cluster) -> None:
    """Holt's member of staff saw Park's digital leaders earlier this year (in the calendar, with both
    sides' notes); The Rofft's asks to observe Holt's outdoor maths trails, not answered yet."""
    people = {person.email.split("@")[0]: person for person in db.session.scalars(
        select(User).where(User.cluster_id == cluster.id))}
    items = {item.title_en: item for item in db.session.scalars(select(PracticeItem).where(
        PracticeItem.cluster_id == cluster.id))}
    visitor, host = people["staff.holt"], people["staff.park"]
    visit_on = a_school_day_before(dates)
    made = PracticeVisit(
        item=items["Digital leaders"], visitor_id=visitor.id, visitor=visitor, visitor_school=visitor.school,
        kind=VisitKind.OBSERVE, message="How the digital leaders teach a class of Year 3 to use the new tablets.",
        wanted_dates="A Tuesday morning this half term", status=VisitStatus.ACCEPTED,
        visit_on=visit_on, starts_at=time(9, 30), answered_by_id=host.id,
        created_at=utc_moment(visit_on - timedelta(days=14), time(16)),
        answered_at=utc_moment(visit_on - timedelta(days=12), time(12)),
        answer_note="Croeso! Dewch i'r dderbynfa erbyn 9:15. / Welcome! Come to reception by 9:15.")
    db.session.add(made)
    made.activity = add_dated_activity(host, calendar_visit(made))
    made.activity.status = ActivityStatus.DONE
    db.session.flush()
    db.session.add_all([
        PracticeVisitNote(visit_id=made.id, author_id=visitor.id, text=(
            "Pupils explained each step more patiently than we do. We are starting digital leaders in Year 5 "
            "after half term, with two pupils per class.")),
        PracticeVisitNote(visit_id=made.id, author_id=host.id, text=(
            "Roedd cwestiynau'r ymwelydd wedi helpu ein harweinwyr digidol i egluro pam, nid dim ond sut. "
            "Byddwn ni'n rhannu ein cardiau hyfforddi gyda Holt.")),
    ])
    db.session.add(PracticeVisit(
        item=items["Outdoor maths trails"], visitor_id=people["staff.the-rofft"].id,
        visitor_school_id=people["staff.the-rofft"].school_id, kind=VisitKind.VISIT,
        message="We would like to walk the trail with a class and see how pupils record their measurements.",
        wanted_dates="Any Tuesday or Thursday after half term"))
    db.session.commit()
