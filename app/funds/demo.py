"""The demo's funds: a release-time grant of the current academic year shared by roll, in money and days,
used unevenly (The Rofft far behind its share, Park far ahead, the others near the grant's time gone),
and a budget of supply-cover days alone shared equally. The grant's days are set about today, so that half
its time has gone whatever day the demo is built on, and the warnings always have something to say."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.calendar.demo_dates import DemoDates
from app.calendar.models import AcademicYear
from app.clusters.models import Cluster
from app.extensions import db
from app.funds.amounts import split
from app.funds.models import Allocation, Category, Fund, FundShare, Spending

#: the part of its share each school has used of the grant, against about half its time gone
USED_PERCENT = {"the-rofft": 8, "park": 92, "all-saints": 45, "holt": 55, "st-peters": 50, "darland-high": 40}
#: what each school used the grant for besides release time, and the note it wrote
OTHERS = ((Category.RESOURCES, "Books for the reading project"),
          (Category.EVENTS, "Hall hire for the cluster showcase"), (Category.TRANSPORT, "Coach to the Eisteddfod"))
RELEASE_NOTES = ("Supply cover for the moderation day", "Release for the Curriculum Leaders’ planning")

def _fund(cluster: Cluster, year: AcademicYear, allocation: Allocation, starts_on, ends_on, **fields) -> Fund:
    """A fund of the cluster shared between its schools as `allocation` says."""
    schools = sorted(cluster.schools, key=lambda school: school.name_en)
    weights = [school.roll for school in schools] if allocation == Allocation.ROLL else [1] * len(schools)
    fund = Fund(cluster=cluster, academic_year=year, allocation=allocation, starts_on=starts_on, ends_on=ends_on,
                **fields)
    money = split(fund.amount_pence, weights) if fund.amount_pence is not None else [None] * len(schools)
    days = split(fund.release_half_days, weights) if fund.release_half_days is not None else [None] * len(schools)
    fund.shares = [FundShare(school=school, amount_pence=pence, half_days=half_days)
                   for school, pence, half_days in zip(schools, money, days, strict=True)]
    db.session.add(fund)
    return fund


def load(dates: DemoDates) -> None:
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
    year = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == cluster.id,
                                                        AcademicYear.start_year == dates.current_year))
    today, first, last = dates.today, year.starts_on, year.ends_on
    # half the grant's time gone on any day: its days run as far before today as after it
    half = max(min(today - first, last - today), timedelta(days=42))
    grant = _fund(cluster, year, Allocation.ROLL, today - half, today + half,
                  name_en="Cluster release-time grant", name_cy="Grant amser rhyddhau’r clwstwr",
                  source="Llywodraeth Cymru – Welsh Government", amount_pence=18_000_00, release_half_days=120,
                  purpose_en="Release time for practitioners to meet colleagues from the other schools, and the "
                             "resources and events of the cluster’s professional learning.",
                  purpose_cy="Amser rhyddhau i ymarferwyr gyfarfod â chydweithwyr o’r ysgolion eraill, ac "
                             "adnoddau a digwyddiadau dysgu proffesiynol y clwstwr.",
                  conditions_en="Each school’s share is by its roll. Spend it by the last day; report its use in "
                                "the annual report.",
                  conditions_cy="Mae cyfran pob ysgol yn ôl nifer ei disgyblion. Gwariwch hi erbyn y diwrnod "
                                "olaf; adroddwch ar ei defnydd yn yr adroddiad blynyddol.")
    heads = {user.school_id: user for user in db.session.scalars(
        select(User).where(User.email.like("head.%"), User.cluster_id == cluster.id))}
    gone_days = max((today - grant.starts_on).days, 1)
    for share in grant.shares:
        used = USED_PERCENT.get(share.school.slug, 50)
        pence, half_days = share.amount_pence * used // 100, share.half_days * used // 100
        # release on the first and last entries, with something else between them
        other = OTHERS[share.school_id % len(OTHERS)]
        release = iter(split(half_days, [1, 1]))
        for number, (category, part_pence) in enumerate(zip((Category.RELEASE, other[0], Category.RELEASE),
                                                            split(pence, [1, 1, 1]), strict=True)):
            day = max(first, grant.starts_on + timedelta(days=gone_days * (number + 1) // 4))
            db.session.add(Spending(fund=grant, school=share.school, category=category, spent_on=min(day, today),
                                    amount_pence=part_pence,
                                    half_days=(next(release) or None) if category == Category.RELEASE else None,
                                    note=RELEASE_NOTES[number // 2] if category == Category.RELEASE else other[1],
                                    entered_by=heads.get(share.school_id)))
    cover = _fund(cluster, year, Allocation.EQUAL, first, last,
                  name_en="Supply cover days for moderation", name_cy="Diwrnodau cyflenwi ar gyfer cymedroli",
                  source="Darland Learning Community", release_half_days=48,
                  purpose_en="Days of supply cover so that teachers can moderate pupils’ work together.",
                  purpose_cy="Diwrnodau cyflenwi fel y gall athrawon gymedroli gwaith disgyblion gyda’i gilydd.")
    for share in cover.shares[::2]:
        db.session.add(Spending(fund=cover, school=share.school, category=Category.RELEASE,
                                spent_on=max(first, today - timedelta(days=14)), half_days=3,
                                note="Moderation of writing", entered_by=heads.get(share.school_id)))
    db.session.commit()
