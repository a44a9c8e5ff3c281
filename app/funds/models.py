"""Staff time and funds: the grants and budgets a cluster holds, each school's share of them, and what
each school spent. Money is whole pence and release time whole half days, both integers: a total is
exactly the sum of its parts, on the page and in every download."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import String, Text

from app.auth.models import User
from app.calendar.models import AcademicYear
from app.clock import utcnow
from app.clusters.models import Cluster, School
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column


class Allocation(LabelledEnum):
    """How a fund is shared between the cluster's schools."""

    EQUAL = "equal", _l("Equally between the schools")
    ROLL = "roll", _l("By the number of pupils on roll")
    FIXED = "fixed", _l("A fixed amount for each school")


class Category(LabelledEnum):
    """What a school spent a fund on."""

    RELEASE = "release", _l("Release time or supply cover")
    RESOURCES = "resources", _l("Resources")
    TRANSPORT = "transport", _l("Transport")
    EVENTS = "events", _l("Events")


class Fund(db.Model):
    """A grant or budget the cluster holds for a year, in money, in release days, or both."""

    __tablename__ = "funds"
    __table_args__ = (
        CheckConstraint("amount_pence IS NULL OR amount_pence >= 0", name="fund_amount_not_negative"),
        CheckConstraint("release_half_days IS NULL OR release_half_days >= 0", name="fund_days_not_negative"),
        CheckConstraint("starts_on <= ends_on", name="fund_starts_before_it_ends"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the cluster that holds it, whose leaders share it out
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    #: the school year it is for, which the summary and the annual report count it in
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id", ondelete="CASCADE"), index=True)
    #: its name in English and in Welsh (one may be empty: the page shows the other)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_cy: Mapped[str] = mapped_column(String(200), default="")
    #: who gives it: the Welsh Government, the local authority, a trust (a proper name, the same in both languages)
    source: Mapped[str] = mapped_column(String(200), default="")
    #: the money in pence; None for a budget of release days alone
    amount_pence: Mapped[int | None]
    #: the release time in half days; None when it is money alone
    release_half_days: Mapped[int | None]
    #: what it is for, in each language
    purpose_en: Mapped[str] = mapped_column(Text, default="")
    purpose_cy: Mapped[str] = mapped_column(Text, default="")
    #: the giver's conditions (what it may be spent on, how it is reported), in each language
    conditions_en: Mapped[str] = mapped_column(Text, default="")
    conditions_cy: Mapped[str] = mapped_column(Text, default="")
    #: from this day the grant's time runs, against which each school's use is measured
    starts_on: Mapped[date]
    #: the day by which it must be spent
    ends_on: Mapped[date]
    #: how its shares were worked out: they are stored, so a roll that changes later moves no money
    allocation: Mapped[Allocation] = mapped_column(enum_column(Allocation))
    #: who recorded it, and when
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cluster: Mapped[Cluster] = relationship()
    academic_year: Mapped[AcademicYear] = relationship()
    shares: Mapped[list["FundShare"]] = relationship(back_populates="fund", cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        """Its name for the audit log, in whichever language it has."""
        return self.name_en or self.name_cy

    @property
    def has_money(self) -> bool:
        return self.amount_pence is not None

    @property
    def has_days(self) -> bool:
        return self.release_half_days is not None


class FundShare(db.Model):
    """One school's allocation of a fund: its money and its release time."""

    __tablename__ = "fund_shares"
    __table_args__ = (
        CheckConstraint("amount_pence IS NULL OR amount_pence >= 0", name="share_amount_not_negative"),
        CheckConstraint("half_days IS NULL OR half_days >= 0", name="share_days_not_negative"),
    )

    #: one share per fund and school
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    #: the school's money in pence (None when the fund has no money figure)
    amount_pence: Mapped[int | None]
    #: the school's release time in half days (None when the fund has no days)
    half_days: Mapped[int | None]

    fund: Mapped[Fund] = relationship(back_populates="shares")
    school: Mapped[School] = relationship(lazy="joined")


class Spending(db.Model):
    """Something a school used a fund for: money, release time, or both, on a day."""

    __tablename__ = "fund_spending"
    __table_args__ = (
        CheckConstraint("amount_pence IS NOT NULL OR half_days IS NOT NULL", name="spending_has_a_figure"),
        CheckConstraint("amount_pence IS NULL OR amount_pence >= 0", name="spending_amount_not_negative"),
        CheckConstraint("half_days IS NULL OR half_days >= 0", name="spending_days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the fund it was spent from
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id", ondelete="CASCADE"), index=True)
    #: the school whose allocation it comes out of
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    #: what it paid for
    category: Mapped[Category] = mapped_column(enum_column(Category))
    #: the day it was spent or the release taken, which places it in a period of the summary
    spent_on: Mapped[date] = mapped_column(index=True)
    #: its cost in pence, where known
    amount_pence: Mapped[int | None]
    #: the release time it used, in half days
    half_days: Mapped[int | None]
    #: a line of what it was, as the school wrote it
    note: Mapped[str] = mapped_column(Text, default="")
    #: who entered it (kept if they leave: the entry stays theirs in the audit log)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: when it was entered
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    fund: Mapped[Fund] = relationship()
    school: Mapped[School] = relationship(lazy="joined")
    entered_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return f"{self.fund.label}: {self.school.name_en} {self.spent_on.isoformat()}"
