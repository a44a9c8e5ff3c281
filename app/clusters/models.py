"""An authority holds clusters; a cluster is one secondary school and its partner primaries."""

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models_base import LabelledEnum, UTCDateTime, enum_column
from app.tokens import new_token


class Authority(db.Model):
    """A local authority, such as Wrexham County Borough Council."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short name used in URLs and on the command line
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_cy: Mapped[str] = mapped_column(String(200), default="")

    clusters: Mapped[list["Cluster"]] = relationship(back_populates="authority",
                                                     order_by="Cluster.name_en")


class Cluster(db.Model):
    """A group of schools that work together under one collaboration policy."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    #: short name used in URLs and on the command line
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_cy: Mapped[str] = mapped_column(String(200), default="")
    #: a new random value whenever the cluster's calendar changes (app/calendar/models.py): pages drawn
    #: from the calendar are kept per version (app/fragments.py) and never shown for another
    calendar_version: Mapped[str] = mapped_column(String(32), default=new_token, server_default="")
    #: the same for the public competition results and their school points table
    #: (app/competitions/models.py)
    results_version: Mapped[str] = mapped_column(String(32), default=new_token, server_default="")

    authority: Mapped[Authority] = relationship(back_populates="clusters")
    schools: Mapped[list["School"]] = relationship(back_populates="cluster", order_by="School.name_en")


def renew_versions(session: Session, version: str, cluster_ids: Iterable[int | None]) -> None:
    """Give each of these clusters a new value of its `version` column (calendar_version,
    results_version) in the session's transaction, so that no page kept for the old one is shown again."""
    for cluster_id in set(cluster_ids) - {None}:
        cluster = session.get(Cluster, cluster_id)
        if cluster is not None:
            setattr(cluster, version, new_token())


class SchoolPhase(LabelledEnum):
    PRIMARY = "primary", _l("Primary")
    SECONDARY = "secondary", _l("Secondary")
    SPECIAL = "special", _l("Special")
    ALL_AGE = "all_age", _l("All-age")

    @property
    def year_groups(self) -> range:
        """The year groups a school of this phase teaches (-1 nursery, 0 reception, 1–13)."""
        return {SchoolPhase.PRIMARY: range(-1, 7), SchoolPhase.SECONDARY: range(7, 14)}.get(self, range(-1, 14))


class School(db.Model):
    """One school of a cluster."""

    __tablename__ = "schools"
    __table_args__ = (
        UniqueConstraint("cluster_id", "slug", name="uq_schools_cluster_slug"),
        CheckConstraint("roll >= 0", name="roll_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    #: short name used in e-mail addresses of the demo and on the command line
    slug: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_cy: Mapped[str] = mapped_column(String(200), default="")
    phase: Mapped[SchoolPhase] = mapped_column(enum_column(SchoolPhase))
    #: number of pupils on roll, the base for response and participation rates
    roll: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cluster: Mapped[Cluster] = relationship(back_populates="schools")
