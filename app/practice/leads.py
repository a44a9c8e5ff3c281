"""Who leads what: the person each school names for each Area of Learning and Experience and each role
the cluster asks for. Each school's staff keep their own school's current; the cluster reads them all,
and the authority's officer reads every cluster of the authority (the letter's "AoLE leader's database")."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.audit.services import record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.clusters.models import Cluster, School
from app.database import lock_for_write, locked
from app.extensions import db
from app.i18n import plain_localized
from app.practice.models import Responsibility, SchoolLead


@dataclass
class SchoolLeads:
    """One school's leads, by responsibility, with those it has not named."""

    school: School
    leads: dict[Responsibility, SchoolLead]

    @property
    def missing(self) -> list[Responsibility]:
        """The responsibilities nobody is named for yet."""
        return [responsibility for responsibility in Responsibility if responsibility not in self.leads]


def schools_seen_by(viewer: User, cluster_id: int | None = None) -> list[School]:
    """The schools whose leads this person reads: their cluster's, or (the officer) the authority's,
    narrowed to one cluster when asked."""
    query = select(School).join(Cluster).order_by(Cluster.name_en, School.name_en)
    if viewer.role == Role.OFFICER:
        query = query.where(Cluster.authority_id == viewer.authority_id)
        if cluster_id:
            query = query.where(School.cluster_id == cluster_id)
    else:
        query = query.where(School.cluster_id == viewer.cluster_id)
    return db.session.scalars(query).all()


def leads_of(schools: list[School]) -> list[SchoolLeads]:
    """Each school's leads, in the order the schools are given."""
    rows = db.session.scalars(select(SchoolLead).where(SchoolLead.school_id.in_([s.id for s in schools]))).all()
    by_school: dict[int, dict[Responsibility, SchoolLead]] = {school.id: {} for school in schools}
    for lead in rows:
        by_school[lead.school_id][lead.responsibility] = lead
    return [SchoolLeads(school, by_school[school.id]) for school in schools]


def may_change(actor: User, school: School) -> bool:
    """A school's own staff and leaders, and the cluster admin, keep its leads current."""
    return actor.role in (Role.STAFF, Role.LEADER, Role.ADMIN) and can_change_school_records(actor, school)


def save_school_leads(actor: User, school: School, named: dict[Responsibility, tuple[str, str]]) -> None:
    """Replace a school's leads with those named ({responsibility: (name, e-mail)}; a blank name clears one)."""
    school_id = school.id
    # two colleagues saving at once: the second reads what the first wrote, never adding a second lead
    lock_for_write()
    school = locked(School, school_id)
    existing = {lead.responsibility: lead for lead in db.session.scalars(
        select(SchoolLead).where(SchoolLead.school_id == school.id))}
    changes = {}
    for responsibility in Responsibility:
        name, email = named.get(responsibility, ("", ""))
        lead = existing.get(responsibility)
        if lead is not None and (lead.person_name, lead.email) == (name, email):
            continue
        changes[responsibility.value] = [lead.person_name if lead else None, name or None]
        if not name:
            if lead is not None:
                db.session.execute(delete(SchoolLead).where(SchoolLead.id == lead.id))
        elif lead is None:
            db.session.add(SchoolLead(school_id=school.id, responsibility=responsibility, person_name=name,
                                      email=email))
        else:
            lead.person_name, lead.email = name, email
    if changes:
        # the audit log names each responsibility (its labels: app/practice/__init__.py)
        record_event(actor, "leads_updated", school, plain_localized(school, "name"), school.cluster_id, changes)
    db.session.commit()


def rows_for_export(all_leads: list[SchoolLeads], responsibility: Responsibility | None = None) -> list[list[str]]:
    """The leads as spreadsheet rows: cluster, school, responsibility, name, e-mail (a blank name: nobody yet)."""
    rows = [[_("Cluster"), _("School"), _("Responsibility"), _("Name"), _("Email address")]]
    for school_leads in all_leads:
        school = school_leads.school
        for kind in ([responsibility] if responsibility else list(Responsibility)):
            lead = school_leads.leads.get(kind)
            rows.append([plain_localized(school.cluster, "name"), plain_localized(school, "name"), str(kind.label),
                         lead.person_name if lead else "", lead.email if lead else ""])
    return rows

