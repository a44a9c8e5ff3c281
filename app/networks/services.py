"""Networks: who reads and runs them, their members, and their meetings in the calendar. Each service
takes the person acting, checks what they may do, and records the change in the audit log. A network's
meetings and actions are the leadership meetings' (app/summaries/meeting_services.py)."""

from dataclasses import dataclass
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from app.audit.services import pending_changes, record_event
from app.auth.models import Role, User
from app.calendar.models import Activity, ActivityKind
from app.calendar.services import add_dated_activity
from app.clusters.models import Cluster, School
from app.database import lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.networks.models import Network, NetworkMember
from app.practice import services as practice
from app.practice.models import PracticeItem
from app.practice.sources import practice_source
from app.summaries.meeting_services import meetings_of, open_actions
from app.summaries.models import Action, LeadershipMeeting

#: the fields whose changes the audit log keeps
NETWORK_FIELDS = ("name_en", "name_cy", "purpose_en", "purpose_cy", "area", "strand", "authority_wide")
#: the people who can be members: those who work in a school
MEMBER_ROLES = (Role.STAFF, Role.LEADER)
#: why someone who reads a network may not change it, or may not plan its meetings
FOR_MANAGERS = _l("A leader of the cluster or its admin changes a network and chooses its members.")
FOR_CONVENORS = _l("Its convenors, the cluster's leaders and its admin plan a network's meetings and write "
                   "their notes and actions.")


class NetworkRefused(Refused):
    """Something this person may not do to this network."""


# --- who may do what ---------------------------------------------------------------------------

def _authority_of(cluster_id):
    return select(Cluster.authority_id).where(Cluster.id == cluster_id).scalar_subquery()


def readable_by(user) -> Select:
    """A query of the networks this person may read: their cluster's, those they belong to, and for the
    officer the authority-wide networks of the authority's clusters. Visitors: none."""
    query = select(Network)
    if not getattr(user, "is_authenticated", False):
        return query.where(False)
    if user.role == Role.OFFICER:
        authority_clusters = select(Cluster.id).where(Cluster.authority_id == user.authority_id)
        return query.where(Network.authority_wide, Network.cluster_id.in_(authority_clusters))
    belongs = select(NetworkMember.network_id).where(NetworkMember.user_id == user.id)
    return query.where(or_(Network.cluster_id == user.cluster_id, Network.id.in_(belongs)))


def can_read(user, network: Network) -> bool:
    """Whether this person may read the network, its members, meetings, notes and actions."""
    return db.session.scalar(readable_by(user).where(Network.id == network.id).with_only_columns(
        Network.id)) is not None


def can_shape(user, network: Network | None = None) -> bool:
    """The convening cluster's leaders and admin create and change networks and choose their members."""
    return (getattr(user, "is_authenticated", False) and user.role in (Role.LEADER, Role.ADMIN)
            and (network is None or user.cluster_id == network.cluster_id))


def membership(user, network: Network) -> NetworkMember | None:
    return next((member for member in network.members if member.user_id == user.id), None)


def can_convene(user, network: Network) -> bool:
    """Its convenors, and the cluster's leaders and admin, plan its meetings and write notes and actions."""
    if can_shape(user, network):
        return True
    member = membership(user, network) if getattr(user, "is_authenticated", False) else None
    return member is not None and member.convenor


def eligible_people(network: Network) -> Select:
    """A query of who may be a member: active staff and leaders of the cluster's schools, or of every
    school of the authority when the network is authority-wide."""
    schools = select(School.id).where(School.cluster_id == network.cluster_id)
    if network.authority_wide:
        schools = select(School.id).join(Cluster).where(Cluster.authority_id == _authority_of(network.cluster_id))
    return select(User).where(User.active, User.role.in_(MEMBER_ROLES), User.school_id.in_(schools))


def can_join(user, network: Network) -> bool:
    """Staff and leaders who could be members join a network they can read themselves."""
    return (getattr(user, "is_authenticated", False) and user.role in MEMBER_ROLES and can_read(user, network)
            and membership(user, network) is None
            and db.session.scalar(eligible_people(network).where(User.id == user.id)) is not None)


# --- reading -----------------------------------------------------------------------------------

def networks_of(user) -> list[Network]:
    """The networks this person reads, by name in their language."""
    return db.session.scalars(readable_by(user).order_by(Network.name_en, Network.name_cy, Network.id)).all()


@practice_source
def of_cluster(cluster_id: int) -> list[Network]:
    """The networks a cluster convenes: the choices of a piece of practice's network."""
    return db.session.scalars(select(Network).where(Network.cluster_id == cluster_id)
                              .order_by(Network.name_en, Network.id)).all()


@dataclass(frozen=True)
class NetworkPage:
    """What the network's page shows."""

    upcoming: list[LeadershipMeeting]
    past: list[LeadershipMeeting]
    open_actions: list[Action]
    practice: list[PracticeItem]


def page_of(user, network: Network, today: date) -> NetworkPage:
    """The network's meetings (upcoming soonest first, then past latest first), its open actions, and the
    practice from it this person may read."""
    meetings = meetings_of(network.cluster_id, network.id)
    practice_items = db.session.scalars(practice.visible_to(user).where(PracticeItem.network_id == network.id)
                                        .order_by(PracticeItem.title_en)).all()
    return NetworkPage(upcoming=sorted((m for m in meetings if m.held_on >= today), key=lambda m: m.held_on),
                       past=[m for m in meetings if m.held_on < today],
                       open_actions=open_actions(network.cluster_id, network_id=network.id),
                       practice=practice_items)


# --- changing ----------------------------------------------------------------------------------

def save(actor: User, network: Network | None, data: dict) -> Network:
    """Create a network of the actor's cluster (they become its first convenor if they work in a school),
    or change one."""
    creating = network is None
    if creating:
        if not can_shape(actor):
            raise NetworkRefused(_l("A leader or the cluster admin starts a network."))
        network = Network(cluster_id=actor.cluster_id, created_by_id=actor.id)
        db.session.add(network)
    elif not can_shape(actor, network):
        raise NetworkRefused(FOR_MANAGERS)
    for name in NETWORK_FIELDS:
        setattr(network, name, data[name])
    changes = pending_changes(network, NETWORK_FIELDS)
    if creating and actor.role in MEMBER_ROLES:
        network.members.append(NetworkMember(user_id=actor.id, convenor=True))
    db.session.flush()
    record_event(actor, "created" if creating else "updated", network, network.label, network.cluster_id,
                 {} if creating else changes)
    db.session.commit()
    return network


def _change_members(actor: User, network: Network, change) -> None:
    """Change the members under the network's lock: two people changing them at once both count."""
    network_id = network.id
    lock_for_write()
    change(locked(Network, network_id))
    db.session.commit()


def add_member(actor: User, network: Network, person_id: int | None, convenor: bool) -> None:
    """Add a person (from those eligible) as a member or a convenor; an existing member's role changes."""
    if not can_shape(actor, network):
        raise NetworkRefused(FOR_MANAGERS)
    person = db.session.scalar(eligible_people(network).where(User.id == person_id)) if person_id else None
    if person is None:
        raise NetworkRefused(_l("Choose someone from the list"))

    def change(locked_network: Network):
        member = membership(person, locked_network)
        if member is None:
            locked_network.members.append(NetworkMember(user_id=person.id, user=person, convenor=convenor))
            record_event(actor, "member_added", locked_network, locked_network.label, locked_network.cluster_id,
                         {"member": [None, person.name], "convenor": [None, convenor]})
        elif member.convenor != convenor:
            member.convenor = convenor
            record_event(actor, "updated", locked_network, locked_network.label, locked_network.cluster_id,
                         {"convenor": [not convenor, convenor], "member": [person.name, person.name]})
    _change_members(actor, network, change)


def remove_member(actor: User, network: Network, person_id: int | None) -> None:
    """Take a person off the network: a leader or the admin may take anyone off; members leave themselves."""
    if not (can_shape(actor, network) or person_id == actor.id):
        raise NetworkRefused(FOR_MANAGERS)

    def change(locked_network: Network):
        member = next((each for each in locked_network.members if each.user_id == person_id), None)
        if member is not None:
            record_event(actor, "member_removed", locked_network, locked_network.label, locked_network.cluster_id,
                         {"member": [member.user.name, None]})
            locked_network.members.remove(member)
    _change_members(actor, network, change)


def join(actor: User, network: Network) -> None:
    """A member of staff (or a leader) joins a network they could belong to."""
    if not can_join(actor, network):
        raise NetworkRefused(_l("You cannot join this network: it is for the staff of its schools."))

    def change(locked_network: Network):
        if membership(actor, locked_network) is None:
            locked_network.members.append(NetworkMember(user_id=actor.id, user=actor, convenor=False))
            record_event(actor, "member_added", locked_network, locked_network.label, locked_network.cluster_id,
                         {"member": [None, actor.name]})
    _change_members(actor, network, change)


@dataclass(frozen=True)
class PlannedMeeting:
    """A network meeting as planned: its day, times and place."""

    day: date
    starts_at: time | None
    ends_at: time | None
    place_en: str
    place_cy: str


def plan_meeting(actor: User, network: Network, plan: PlannedMeeting) -> LeadershipMeeting:
    """Put a meeting of the network into the calendar (in the half term that holds its day; a holiday is
    refused with CalendarRuleBroken) and open its page for notes and actions."""
    if not can_convene(actor, network):
        raise NetworkRefused(FOR_CONVENORS)
    host = next((person.school for person in network.convenors
                 if person.school and person.school.cluster_id == network.cluster_id), None)
    activity = Activity(cluster_id=network.cluster_id, kind=ActivityKind.MEETING, strand=network.strand,
                        title_en=network.name_en or network.name_cy, title_cy=network.name_cy or network.name_en,
                        description_en=network.purpose_en, description_cy=network.purpose_cy,
                        location_en=plan.place_en or plan.place_cy, location_cy=plan.place_cy or plan.place_en,
                        starts_on=plan.day, starts_at=plan.starts_at, ends_at=plan.ends_at, for_staff=True,
                        host_school=host)
    add_dated_activity(actor, activity)
    meeting = LeadershipMeeting(cluster_id=network.cluster_id, network_id=network.id, held_on=plan.day,
                                half_term_id=activity.half_term_id, activity_id=activity.id, created_by_id=actor.id)
    db.session.add(meeting)
    db.session.flush()
    record_event(actor, "created", meeting, f"{network.label}: {meeting.label}", network.cluster_id)
    db.session.commit()
    return meeting


def readable_meeting(user, network: Network, meeting_id: int) -> LeadershipMeeting | None:
    """The network's meeting with this id, or None (another group's meeting is not this network's)."""
    meeting = db.session.get(LeadershipMeeting, meeting_id)
    return meeting if meeting is not None and meeting.network_id == network.id else None

