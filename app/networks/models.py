"""Networks: named groups of people from the cluster's schools (Curriculum Leaders, a professional
learning community, the authority's network for an Area of Learning) with their members. A network's
meetings and the actions agreed at them are leadership meetings that name the network
(app/summaries/models.py), so they share one set of forms, pages and services."""

from datetime import datetime

from sqlalchemy import ForeignKey, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import String, Text

from app.auth.models import User
from app.calendar.models import Strand
from app.clock import utcnow
from app.clusters.models import Cluster
from app.extensions import db
from app.models_base import UTCDateTime, enum_column
from app.practice.models import AreaOfLearning


class Network(db.Model):
    """A named group that meets, agrees actions and shares practice, convened by one cluster."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the cluster that convenes it, whose people read it
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_cy: Mapped[str] = mapped_column(String(200), default="")
    purpose_en: Mapped[str] = mapped_column(Text, default="")
    purpose_cy: Mapped[str] = mapped_column(Text, default="")
    #: the Area of Learning and Experience it is about, if one
    area: Mapped[AreaOfLearning | None] = mapped_column(enum_column(AreaOfLearning, length=30))
    strand: Mapped[Strand] = mapped_column(enum_column(Strand))
    #: members may come from any school of the authority, and the authority's officer reads it
    authority_wide: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cluster: Mapped[Cluster] = relationship()
    members: Mapped[list["NetworkMember"]] = relationship(back_populates="network", cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        """Its name for the audit log, in whichever language it has."""
        return self.name_en or self.name_cy

    @property
    def people(self) -> list[User]:
        """Its members, convenors first, then by name."""
        return [member.user for member in sorted(self.members, key=lambda m: (not m.convenor, m.user.name))]

    @property
    def convenors(self) -> list[User]:
        return [member.user for member in self.members if member.convenor]


class NetworkMember(db.Model):
    """A person's place in a network; a convenor plans its meetings and records what they agree."""

    __tablename__ = "network_members"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    convenor: Mapped[bool] = mapped_column(default=False, server_default=false())

    network: Mapped[Network] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")
