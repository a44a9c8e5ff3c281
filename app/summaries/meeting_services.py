"""Leadership meetings and their actions: recording them, and what the next meeting's agenda
carries forward. A network's meetings (app/networks) are leadership meetings that name the network:
each query here keeps to one group, the Cluster Leadership Group (`network_id` None) or one network."""

from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import selectinload

from app.audit.services import record_event
from app.auth.models import Role, User
from app.clusters.models import Cluster
from app.database import lock_for_write, locked
from app.extensions import db
from app.summaries.models import Action, ActionStatus, LeadershipMeeting


def of_group(network_id: int | None) -> ColumnElement[bool]:
    """The meetings of one group: the Cluster Leadership Group's (None), or one network's."""
    if network_id is None:
        return LeadershipMeeting.network_id.is_(None)
    return LeadershipMeeting.network_id == network_id


def meetings_of(cluster_id: int, network_id: int | None = None) -> list[LeadershipMeeting]:
    """The meetings of the cluster's leadership group (or of one of its networks), latest first."""
    return db.session.scalars(select(LeadershipMeeting)
                              .where(LeadershipMeeting.cluster_id == cluster_id, of_group(network_id))
                              .options(selectinload(LeadershipMeeting.half_term))
                              .order_by(LeadershipMeeting.held_on.desc(), LeadershipMeeting.id.desc())).all()


def leaders_of(cluster_id: int) -> list[User]:
    """The people who sit on the group: the cluster's active leaders and admins."""
    return db.session.scalars(select(User).where(User.cluster_id == cluster_id, User.active,
                                                 User.role.in_((Role.LEADER, Role.ADMIN)))
                              .order_by(User.name)).all()


def save_meeting(actor: User, meeting: LeadershipMeeting, attendee_ids: list[int],
                 eligible: list[User] | None = None) -> LeadershipMeeting:
    """Create or change a meeting with the people who came (of those `eligible`: by default the group's
    leaders), and record it in the audit log."""
    action = "created" if meeting.id is None else "updated"
    chosen = set(attendee_ids)
    eligible = leaders_of(meeting.cluster_id) if eligible is None else eligible
    meeting.attendees = [person for person in eligible if person.id in chosen]
    db.session.add(meeting)
    db.session.flush()
    record_event(actor, action, meeting, meeting.label, meeting.cluster_id)
    db.session.commit()
    return meeting


def add_action(actor: User, meeting: LeadershipMeeting, action: Action) -> Action:
    """Record an action agreed at `meeting`."""
    action.meeting = meeting
    action.cluster_id = meeting.cluster_id
    db.session.add(action)
    db.session.flush()
    record_event(actor, "created", action, action.label, meeting.cluster_id)
    db.session.commit()
    return action


def update_action(actor: User, action: Action, status: ActionStatus, note: str) -> Action:
    """Mark how an action stands, keeping the old status in the audit log."""
    changes = {}
    if action.status != status:
        changes["status"] = [action.status.value, status.value]
    if action.update_note != note:
        changes["update_note"] = [action.update_note, note]
    action.status, action.update_note = status, note
    if changes:
        record_event(actor, "updated", action, action.label, action.cluster_id, changes)
    db.session.commit()
    return action


def carried_forward(meeting: LeadershipMeeting) -> list[Action]:
    """Actions agreed at earlier meetings that are still open: the agenda's first item."""
    return db.session.scalars(
        select(Action).join(Action.meeting)
        .where(Action.cluster_id == meeting.cluster_id, Action.status == ActionStatus.OPEN,
               of_group(meeting.network_id), LeadershipMeeting.held_on < meeting.held_on)
        .order_by(Action.due_on, Action.id)).all()


def meeting_before(meeting: LeadershipMeeting) -> LeadershipMeeting | None:
    """The group's last meeting before this one, whose decisions the pack repeats."""
    return db.session.scalar(select(LeadershipMeeting)
                             .where(LeadershipMeeting.cluster_id == meeting.cluster_id, of_group(meeting.network_id),
                                    LeadershipMeeting.held_on < meeting.held_on)
                             .order_by(LeadershipMeeting.held_on.desc()).limit(1))


def _open(cluster_id: int, due_by: date | None):
    query = select(Action).where(Action.cluster_id == cluster_id, Action.status == ActionStatus.OPEN)
    return query if due_by is None else query.where(Action.due_on <= due_by)


def open_actions(cluster_id: int, due_by: date | None = None, network_id: int | None = None) -> list[Action]:
    """The open actions of the cluster's leadership group, or of one of its networks (only those due on or
    before `due_by`, if given), soonest first."""
    query = _open(cluster_id, due_by).join(Action.meeting).where(of_group(network_id))
    return db.session.scalars(query.order_by(Action.due_on, Action.id)).all()


def carry_into_year(actor: User, cluster_id: int, due_by: date, new_due_on: date) -> int:
    """Carry the actions still open and due by the end of a year (`due_by`) into the next: each is due
    on `new_due_on` (the end of its first half term), for the group to pick up at its first meeting; the
    networks' open actions move on with the group's. Run again, it finds none left to carry."""
    lock_for_write()
    locked(Cluster, cluster_id)
    carried = db.session.scalars(_open(cluster_id, due_by).order_by(Action.due_on, Action.id)).all()
    for action in carried:
        record_event(actor, "updated", action, action.label, cluster_id,
                     {"due_on": [action.due_on.isoformat(), new_due_on.isoformat()]})
        action.due_on = new_due_on
    db.session.commit()
    return len(carried)
