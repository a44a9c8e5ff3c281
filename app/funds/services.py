"""Staff time and funds: who reads and records what, sharing a fund between the schools, spending against a
school's share (decided under the fund's lock, so that entries made at once never pass the share), and the
cluster table with its warnings. Each service that changes something takes the person acting and records
the change in the audit log."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.audit.services import pending_changes, record_event
from app.auth.models import Role, User
from app.calendar.models import AcademicYear
from app.calendar.services import year_for, years_of
from app.clusters.models import Cluster, School
from app.database import all_or_nothing, lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.funds.amounts import days_text, money_text, split
from app.funds.models import Allocation, Category, Fund, FundShare, Spending

#: the fields of a fund whose changes the audit log keeps
FUND_FIELDS = ("name_en", "name_cy", "source", "amount_pence", "release_half_days", "purpose_en", "purpose_cy",
               "conditions_en", "conditions_cy", "starts_on", "ends_on", "allocation", "academic_year_id")
SPENDING_FIELDS = ("school_id", "category", "spent_on", "amount_pence", "half_days", "note")
#: a school is "far" from its share when the part of its allocation it has used is more than this many
#: percentage points from the part of the grant's time that has passed
FAR = 25
#: who records funds and spending: the cluster's leaders (for their own school) and its admin (any)
MANAGERS = (Role.LEADER, Role.ADMIN)
#: who reads the whole cluster's table
TABLE_READERS = (Role.LEADER, Role.ADMIN, Role.GOVERNOR, Role.OFFICER)
FOR_MANAGERS = _l("A leader of the cluster or its admin records its funds and shares them out.")


class FundRefused(Refused):
    """Something this person may not do with a fund, or a figure that cannot be."""


# --- who may do what ---------------------------------------------------------------------------

def readable_by(user) -> Select:
    """A query of the funds this person may read: their cluster's, or for the officer their authority's."""
    query = select(Fund)
    if not getattr(user, "is_authenticated", False):
        return query.where(False)
    if user.role == Role.OFFICER:
        return query.where(Fund.cluster_id.in_(select(Cluster.id).where(Cluster.authority_id == user.authority_id)))
    return query.where(Fund.cluster_id == user.cluster_id)


def can_read(user, fund: Fund) -> bool:
    """Whether this person may read the fund at all (its page shows them what their role allows)."""
    if user.role == Role.OFFICER:
        return fund.cluster.authority_id == user.authority_id
    return fund.cluster_id == user.cluster_id


def can_read_table(user, fund: Fund) -> bool:
    """The cluster table of every school is for leaders, the admin, governors and the officer."""
    return user.role in TABLE_READERS and can_read(user, fund)


def can_manage(user, fund: Fund | None = None) -> bool:
    """The cluster's leaders and admin record funds and change how they are shared."""
    return (getattr(user, "is_authenticated", False) and user.role in MANAGERS
            and (fund is None or fund.cluster_id == user.cluster_id))


def schools_for_spending(user, fund: Fund) -> list[School]:
    """The schools this person records spending for: a leader their own, the admin any of the cluster."""
    if not can_manage(user, fund):
        return []
    schools = sorted(fund.cluster.schools, key=lambda school: school.name_en)
    return schools if user.role == Role.ADMIN else [school for school in schools if school.id == user.school_id]


# --- sharing a fund out ------------------------------------------------------------------------

def allocate(fund: Fund, schools: list[School], fixed: dict[int, tuple[int | None, int | None]]) \
        -> dict[int, tuple[int | None, int | None]]:
    """Each school's (pence, half days) of the fund: equal, by roll, or as `fixed` gives them (whose sums must
    be the fund's figures where it has them). Largest remainders make the shares add up to the penny."""
    if fund.allocation == Allocation.FIXED:
        given = [fixed.get(school.id, (None, None)) for school in schools]
        money, time = sum(pence or 0 for pence, _days in given), sum(days or 0 for _pence, days in given)
        if fund.has_money and money != fund.amount_pence:
            raise FundRefused(_l("The schools' amounts come to %(sum)s, not the fund's %(total)s.",
                                 sum=money_text(money), total=money_text(fund.amount_pence)), field="shares")
        if fund.has_days and time != fund.release_half_days:
            raise FundRefused(_l("The schools' release days come to %(sum)s, not the fund's %(total)s.",
                                 sum=days_text(time), total=days_text(fund.release_half_days)), field="shares")
        return {school.id: (pence if fund.has_money else None, days if fund.has_days else None)
                for school, (pence, days) in zip(schools, given, strict=True)}
    weights = [1] * len(schools) if fund.allocation == Allocation.EQUAL else [school.roll for school in schools]
    if not sum(weights):
        raise FundRefused(_l("No school has pupils on roll recorded: share it equally or by fixed amounts."),
                          field="allocation")
    money = split(fund.amount_pence, weights) if fund.has_money else [None] * len(schools)
    time = split(fund.release_half_days, weights) if fund.has_days else [None] * len(schools)
    return {school.id: (pence, half_days) for school, pence, half_days in zip(schools, money, time, strict=True)}


def save_fund(actor: User, fund: Fund | None, data: dict, fixed: dict[int, tuple[int | None, int | None]]) -> Fund:
    """Record a fund of the actor's cluster, or change one, and share it between the cluster's schools."""
    creating = fund is None
    if not can_manage(actor, fund):
        raise FundRefused(FOR_MANAGERS)
    if data["amount_pence"] is None and data["release_half_days"] is None:
        raise FundRefused(_l("Give the fund's money, its release days, or both."), field="amount")
    if creating:
        fund = Fund(cluster_id=actor.cluster_id, created_by_id=actor.id)
        db.session.add(fund)
    else:
        # under the lock spending takes: no entry is checked against a share as it changes
        fund_id = fund.id
        lock_for_write()
        fund = locked(Fund, fund_id)
    for name in FUND_FIELDS:
        setattr(fund, name, data[name])
    changes = pending_changes(fund, FUND_FIELDS)
    schools = db.session.scalars(select(School).where(School.cluster_id == fund.cluster_id)
                                 .order_by(School.name_en)).all()
    with all_or_nothing():
        shares = allocate(fund, schools, fixed)
    held = {share.school_id: share for share in fund.shares}
    before = _shares_text(fund.shares)
    for school in schools:
        if school.id not in held:
            held[school.id] = FundShare(school_id=school.id, school=school)
            fund.shares.append(held[school.id])
        held[school.id].amount_pence, held[school.id].half_days = shares[school.id]
    if not creating and _shares_text(fund.shares) != before:
        changes["shares"] = [before, _shares_text(fund.shares)]
    db.session.flush()
    record_event(actor, "created" if creating else "updated", fund, fund.label, fund.cluster_id,
                 {} if creating else changes)
    db.session.commit()
    return fund


def _shares_text(shares: list[FundShare]) -> str:
    """Each school's share in a line, for the audit log."""
    return "; ".join(f"{share.school.name_en}: " + " · ".join(
        text for text in (money_text(share.amount_pence) if share.amount_pence is not None else "",
                          days_text(share.half_days) if share.half_days is not None else "") if text)
        for share in sorted(shares, key=lambda share: share.school.name_en))


# --- spending ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SpendingData:
    """An entry as typed: the school, what for, the day, and its money and/or release time."""

    school_id: int
    category: Category
    spent_on: date
    amount_pence: int | None
    half_days: int | None
    note: str


def _used(fund_id: int, school_id: int, leaving_out: int | None = None) -> tuple[int, int]:
    """(pence, half days) a school has used of a fund, leaving out one entry (the one being corrected)."""
    query = select(func.coalesce(func.sum(Spending.amount_pence), 0), func.coalesce(func.sum(Spending.half_days), 0)) \
        .where(Spending.fund_id == fund_id, Spending.school_id == school_id)
    if leaving_out is not None:
        query = query.where(Spending.id != leaving_out)
    pence, half_days = db.session.execute(query).one()
    return int(pence), int(half_days)


def _check_within_share(fund: Fund, data: SpendingData, leaving_out: int | None = None) -> None:
    """Refuse an entry that would take the school past its share of the fund's money or release days: the
    fund is a fixed sum, and one school's overspending is another's loss. Where the share has no figure
    (a days-only budget's cost, say) there is nothing to pass."""
    if data.amount_pence is None and data.half_days is None:
        raise FundRefused(_l("Give the amount spent, the release days used, or both."), field="amount")
    share = next((each for each in fund.shares if each.school_id == data.school_id), None)
    if share is None:
        raise FundRefused(_l("Choose one of the schools in the list"), field="school")
    pence, half_days = _used(fund.id, data.school_id, leaving_out)
    if data.amount_pence is not None and share.amount_pence is not None \
            and pence + data.amount_pence > share.amount_pence:
        raise FundRefused(_l("That is more than the school has left of this fund: %(left)s. A leader can change "
                             "how the fund is shared.", left=money_text(max(share.amount_pence - pence, 0))),
                          field="amount")
    if data.half_days is not None and share.half_days is not None and half_days + data.half_days > share.half_days:
        raise FundRefused(_l("That is more release time than the school has left of this fund: %(left)s.",
                             left=days_text(max(share.half_days - half_days, 0))), field="days")


def _may_spend_for(actor: User, fund: Fund, school_id: int) -> None:
    """Refuse unless the actor records spending of this fund for this school."""
    if not can_manage(actor, fund):
        raise FundRefused(FOR_MANAGERS)
    if school_id not in {school.id for school in schools_for_spending(actor, fund)}:
        raise FundRefused(_l("A leader records spending for their own school; the cluster admin for any school."),
                          field="school")


def record_spending(actor: User, fund_id: int, data: SpendingData) -> Spending:
    """Record what a school used of a fund, under the fund's lock: entries made at the same moment are
    counted one after another, and none takes a school past its share."""
    lock_for_write()
    fund = locked(Fund, fund_id)
    with all_or_nothing():
        _may_spend_for(actor, fund, data.school_id)
        _check_within_share(fund, data)
    spending = Spending(fund_id=fund.id, entered_by_id=actor.id, **vars(data))
    db.session.add(spending)
    db.session.flush()
    record_event(actor, "created", spending, spending.label, fund.cluster_id,
                 {"amount_pence": [None, spending.amount_pence], "half_days": [None, spending.half_days]})
    db.session.commit()
    return spending


def correct_spending(actor: User, spending_id: int, data: SpendingData) -> Spending:
    """Correct an entry, under the fund's lock, within the school's share as a new entry would be."""
    fund_id = db.session.get(Spending, spending_id).fund_id
    lock_for_write()
    fund = locked(Fund, fund_id)
    # the fund's lock covers its entries: every change to them takes it first
    spending = db.session.get(Spending, spending_id, populate_existing=True)
    with all_or_nothing():
        _may_spend_for(actor, fund, spending.school_id)
        _may_spend_for(actor, fund, data.school_id)
        _check_within_share(fund, data, leaving_out=spending.id)
    for name in SPENDING_FIELDS:
        setattr(spending, name, getattr(data, name))
    changes = pending_changes(spending, SPENDING_FIELDS)
    record_event(actor, "updated", spending, spending.label, fund.cluster_id, changes)
    db.session.commit()
    return spending


def delete_spending(actor: User, spending_id: int) -> None:
    """Delete an entry made in error; the audit log keeps what it said."""
    spending = db.session.get(Spending, spending_id)
    _may_spend_for(actor, spending.fund, spending.school_id)
    record_event(actor, "deleted", spending, spending.label, spending.fund.cluster_id,
                 {"amount_pence": [spending.amount_pence, None], "half_days": [spending.half_days, None],
                  "note": [spending.note, None]})
    db.session.delete(spending)
    db.session.commit()


# --- reading -----------------------------------------------------------------------------------

def funds_of(user, cluster_id: int) -> list[Fund]:
    """The funds of a cluster this person reads, the latest ending first."""
    return db.session.scalars(readable_by(user).where(Fund.cluster_id == cluster_id)
                              .order_by(Fund.ends_on.desc(), Fund.name_en, Fund.id)).all()


def entries_of(fund: Fund, school_id: int | None = None) -> list[Spending]:
    """A fund's entries (one school's, if given), the latest first."""
    query = select(Spending).where(Spending.fund_id == fund.id).options(selectinload(Spending.entered_by))
    if school_id is not None:
        query = query.where(Spending.school_id == school_id)
    return db.session.scalars(query.order_by(Spending.spent_on.desc(), Spending.id.desc())).all()


def time_gone(fund: Fund, today: date) -> int:
    """The percentage of the grant's days, from its first to its last, that have passed by today."""
    if today < fund.starts_on:
        return 0
    if today >= fund.ends_on:
        return 100
    return round(100 * ((today - fund.starts_on).days + 1) / ((fund.ends_on - fund.starts_on).days + 1))


@dataclass(frozen=True)
class Pace:
    """How far a school is from its share: 'behind', 'ahead' or 'over' its allocation, and in what."""

    kind: str
    #: 'money' or 'days'
    what: str
    used: int
    gone: int

    @property
    def text(self) -> str:
        """The warning in words, so that it never rests on colour alone."""
        if self.kind == "over":
            return (_("Over its allocation of money") if self.what == "money"
                    else _("Over its allocation of release days"))
        if self.what == "money":
            message = (_("Far behind: %(used)d%% of its money used, with %(gone)d%% of the grant's time gone")
                       if self.kind == "behind" else
                       _("Far ahead: %(used)d%% of its money used, with %(gone)d%% of the grant's time gone"))
        else:
            message = (_("Far behind: %(used)d%% of its release days used, with %(gone)d%% of the grant's time gone")
                       if self.kind == "behind" else
                       _("Far ahead: %(used)d%% of its release days used, with %(gone)d%% of the grant's time gone"))
        return message % {"used": self.used, "gone": self.gone}


@dataclass
class Line:
    """One school's row of the cluster table (or the total, with school None)."""

    school: School | None
    allocated_pence: int | None
    spent_pence: int
    allocated_half_days: int | None
    used_half_days: int
    paces: list[Pace]

    @property
    def left_pence(self) -> int | None:
        return None if self.allocated_pence is None else self.allocated_pence - self.spent_pence

    @property
    def left_half_days(self) -> int | None:
        return None if self.allocated_half_days is None else self.allocated_half_days - self.used_half_days

    @property
    def money_used_percent(self) -> int | None:
        return _percent(self.spent_pence, self.allocated_pence)

    @property
    def days_used_percent(self) -> int | None:
        return _percent(self.used_half_days, self.allocated_half_days)


def _percent(part: int, whole: int | None) -> int | None:
    return round(100 * part / whole) if whole else None


def _paces(line: Line, gone: int, running: bool) -> list[Pace]:
    """The warnings of a school's row: over its allocation at any time; far behind or ahead of the grant's
    time only while the grant runs, when there is still time to put it right."""
    paces = []
    for what, used, left in (("money", line.money_used_percent, line.left_pence),
                             ("days", line.days_used_percent, line.left_half_days)):
        if used is None:
            continue
        if left is not None and left < 0:
            paces.append(Pace("over", what, used, gone))
        elif running and abs(used - gone) > FAR:
            paces.append(Pace("behind" if used < gone else "ahead", what, used, gone))
    return paces


@dataclass
class FundTable:
    """The cluster table of a fund: a line per school and the total, on the day it was read."""

    fund: Fund
    gone: int
    lines: list[Line]
    total: Line

    @property
    def warned(self) -> list[Line]:
        return [line for line in self.lines if line.paces]


def table_of(fund: Fund, today: date, school_id: int | None = None) -> FundTable:
    """Each school's allocation, use and what is left, the share of the grant's time gone, and warnings;
    in two queries. With `school_id`, that school's line alone (the total is then the school's)."""
    used = {school: (int(pence or 0), int(half_days or 0)) for school, pence, half_days in db.session.execute(
        select(Spending.school_id, func.sum(Spending.amount_pence), func.sum(Spending.half_days))
        .where(Spending.fund_id == fund.id).group_by(Spending.school_id))}
    gone, running = time_gone(fund, today), fund.starts_on <= today <= fund.ends_on
    lines = []
    for share in sorted(fund.shares, key=lambda share: share.school.name_en):
        if school_id is not None and share.school_id != school_id:
            continue
        pence, half_days = used.get(share.school_id, (0, 0))
        line = Line(share.school, share.amount_pence, pence, share.half_days, half_days, [])
        line.paces = _paces(line, gone, running)
        lines.append(line)
    total = Line(None, fund.amount_pence if school_id is None else (lines[0].allocated_pence if lines else None),
                 sum(line.spent_pence for line in lines),
                 fund.release_half_days if school_id is None else (lines[0].allocated_half_days if lines else None),
                 sum(line.used_half_days for line in lines), [])
    return FundTable(fund, gone, lines, total)


def school_view(fund: Fund, school_id: int, today: date) -> tuple[Line | None, list[Spending]]:
    """A school's line of a fund and its entries: what its staff, leaders and governors read."""
    table = table_of(fund, today, school_id)
    return (table.lines[0] if table.lines else None), entries_of(fund, school_id)


def years_and_current(cluster: Cluster, today: date) -> tuple[list[AcademicYear], AcademicYear | None]:
    """The cluster's academic years, and the one that holds today (a new fund's year)."""
    years = years_of(cluster)
    return years, year_for(years, today)
