"""Views of the networks: the list, a network's page, starting and changing one, its members, joining and
leaving, planning a meeting in the calendar, and a meeting's notes and actions (the leadership meetings'
forms and templates)."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import SIGNED_IN, allow
from app.auth.models import Role, User
from app.calendar.services import CalendarRuleBroken
from app.clock import today
from app.errors import show_refusal
from app.extensions import db
from app.htmx import redirect_to, render_page
from app.i18n import plain_localized
from app.networks import bp, services
from app.networks.forms import MemberForm, NetworkForm, PlanMeetingForm
from app.networks.models import Network
from app.networks.services import NetworkRefused, PlannedMeeting
from app.summaries.forms import ActionForm, ActionProgressForm, NotesForm
from app.summaries.meeting_services import add_action, carried_forward, save_meeting, update_action
from app.summaries.models import Action, ActionStatus, LeadershipMeeting

#: who starts networks and chooses their members: the cluster's leaders and its admin
MANAGERS = (Role.LEADER, Role.ADMIN)
#: who may plan meetings and write notes and actions: those, and the networks' convenors (staff too)
CONVENORS = (Role.LEADER, Role.ADMIN, Role.STAFF)
#: who may join or leave a network themselves: people who work in a school
JOINERS = (Role.STAFF, Role.LEADER)


def _readable(network_id: int) -> Network:
    """The network, if this person may read it; otherwise a 404 that gives nothing away."""
    network = db.session.get(Network, network_id)
    if network is None or not services.can_read(current_user, network):
        abort(404)
    return network


def _meeting(network: Network, meeting_id: int) -> LeadershipMeeting:
    """The network's meeting with this id (not another group's), or a 404."""
    meeting = db.session.get(LeadershipMeeting, meeting_id)
    if meeting is None or meeting.network_id != network.id:
        abort(404)
    return meeting


def _managed(network_id: int) -> Network:
    """The network, if this person may read it and manage it (a 403 that says why if only the first)."""
    network = _readable(network_id)
    if not services.can_shape(current_user, network):
        raise NetworkRefused(services.FOR_MANAGERS)
    return network


def _convened(network_id: int) -> Network:
    """The network, if this person may read it and convenes it (a 403 that says why if only the first)."""
    network = _readable(network_id)
    if not services.can_convene(current_user, network):
        raise NetworkRefused(services.FOR_CONVENORS)
    return network


@bp.route("/")
@allow(*SIGNED_IN)
def index():
    """The networks this person reads: their cluster's, and the authority-wide ones for the officer."""
    return render_template("networks/index.html", networks=services.networks_of(current_user),
                           may_start=services.can_shape(current_user))


def _network_form_page(form: NetworkForm, network: Network | None):
    return render_template("networks/form.html", form=form, network=network), 422 if form.is_submitted() else 200


@bp.route("/new", methods=["GET", "POST"])
@allow(*MANAGERS)
def new():
    """Start a network of the cluster: its name, purpose, strand and who may belong."""
    form = NetworkForm()
    if form.validate_on_submit():
        network = services.save(current_user, None, form.data_for_service())
        flash(_("The network is saved. Add its members."), "success")
        return redirect_to(url_for("networks.members", network_id=network.id))
    return _network_form_page(form, None)


@bp.route("/<int:network_id>")
@allow(*SIGNED_IN)
def show(network_id: int):
    """A network: its purpose, members, upcoming and past meetings, open actions and practice."""
    network = _readable(network_id)
    return render_template("networks/network.html", network=network,
                           page=services.page_of(current_user, network, today()), today=today(),
                           may_manage=services.can_shape(current_user, network),
                           may_convene=services.can_convene(current_user, network),
                           may_join=services.can_join(current_user, network),
                           is_member=services.membership(current_user, network) is not None,
                           member=False)


@bp.route("/<int:network_id>/edit", methods=["GET", "POST"])
@allow(*MANAGERS)
def edit(network_id: int):
    """Change a network's name, purpose, strand or who may belong."""
    network = _managed(network_id)
    form = NetworkForm(obj=network)
    if request.method == "GET":
        form.strand.data = network.strand.value
        form.area.data = network.area.value if network.area else ""
    if form.validate_on_submit():
        services.save(current_user, network, form.data_for_service())
        flash(_("Saved."), "success")
        return redirect_to(url_for("networks.show", network_id=network.id))
    return _network_form_page(form, network)


def _member_form(network: Network, formdata=None) -> MemberForm:
    people = db.session.scalars(services.eligible_people(network).order_by(User.name)).all()
    return MemberForm(formdata, people=[(person, f"{person.name} – {plain_localized(person.school, 'name')}")
                                        for person in people])


def _members_page(network: Network, form: MemberForm, status: int = 200):
    return render_page("networks/members.html", "networks/_members.html", status=status, network=network,
                       form=form)


@bp.route("/<int:network_id>/members", methods=["GET", "POST"])
@allow(*MANAGERS)
def members(network_id: int):
    """Choose a network's members and convenors from the staff of its schools."""
    network = _managed(network_id)
    form = _member_form(network, request.form if request.method == "POST" else None)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _members_page(network, form, 422)
        try:
            services.add_member(current_user, network, form.person.data, form.convenor.data)
        except NetworkRefused as refused:
            show_refusal(form, refused, "person")
            return _members_page(network, form, 422)
        flash(_("The members are saved."), "success")
        return redirect_to(url_for("networks.members", network_id=network.id), swap_into="network-members")
    return _members_page(network, form)


@bp.route("/<int:network_id>/members/remove", methods=["POST"])
@allow(*MANAGERS)
def remove_member(network_id: int):
    """Take a member off the network."""
    network = _managed(network_id)
    services.remove_member(current_user, network, request.form.get("person", type=int))
    flash(_("The members are saved."), "success")
    return redirect_to(url_for("networks.members", network_id=network.id), swap_into="network-members")


@bp.route("/<int:network_id>/membership", methods=["POST"])
@allow(*JOINERS)
def membership(network_id: int):
    """Join a network, or leave it."""
    network = _readable(network_id)
    change = request.form.get("change")
    if change not in ("join", "leave"):
        abort(400)
    if change == "join":
        services.join(current_user, network)
    else:
        services.remove_member(current_user, network, current_user.id)
    flash(_("You have joined the network.") if change == "join" else _("You have left the network."), "success")
    return redirect_to(url_for("networks.show", network_id=network.id))


@bp.route("/<int:network_id>/meetings/new", methods=["GET", "POST"])
@allow(*CONVENORS)
def plan_meeting(network_id: int):
    """Plan a meeting of the network: a day in term time, its times and place, into the calendar."""
    network = _convened(network_id)
    form = PlanMeetingForm()
    if form.validate_on_submit():
        plan = PlannedMeeting(day=form.day.data, starts_at=form.starts_at.data, ends_at=form.ends_at.data,
                              place_en=form.place_en.data, place_cy=form.place_cy.data)
        try:
            meeting = services.plan_meeting(current_user, network, plan)
        except CalendarRuleBroken as broken:
            show_refusal(form, broken, "day")
        else:
            flash(_("The meeting is in the calendar."), "success")
            return redirect_to(url_for("networks.meeting", network_id=network.id, network_meeting_id=meeting.id))
    return render_page("networks/plan.html", "networks/_plan_form.html", status=422 if form.is_submitted() else 200,
                       network=network, form=form)


def _action_form(network: Network, formdata=None) -> ActionForm:
    schools = {person.school.id: person.school for person in network.people if person.school}
    return ActionForm(formdata, schools=sorted(schools.values(), key=lambda school: school.name_en),
                      leaders=network.people)


def _meeting_page(network: Network, meeting: LeadershipMeeting, form: ActionForm, status: int = 200):
    return render_page(
        "summaries/meeting.html", "summaries/_agreed.html", status=status, network=network, meeting=meeting,
        carried=carried_forward(meeting), form=form,
        new_action_url=url_for("networks.new_action", network_id=network.id, network_meeting_id=meeting.id),
        progress_url=lambda action: url_for("networks.action_progress", network_id=network.id,
                                            network_action_id=action.id),
        statuses=list(ActionStatus), member=services.can_convene(current_user, network), today=today())


@bp.route("/<int:network_id>/meetings/<int:network_meeting_id>")
@allow(*SIGNED_IN)
def meeting(network_id: int, network_meeting_id: int):
    """A network meeting: the actions carried forward, the notes, and the actions agreed at it."""
    network = _readable(network_id)
    return _meeting_page(network, _meeting(network, network_meeting_id), _action_form(network))


@bp.route("/<int:network_id>/meetings/<int:network_meeting_id>/notes", methods=["GET", "POST"])
@allow(*CONVENORS)
def meeting_notes(network_id: int, network_meeting_id: int):
    """Write who came to a network meeting and its notes, in both languages."""
    network = _convened(network_id)
    meeting = _meeting(network, network_meeting_id)
    form = NotesForm(obj=meeting, leaders=network.people)
    if request.method == "GET":
        form.attendees.data = [person.id for person in meeting.attendees]
    if form.validate_on_submit():
        form.fill(meeting)
        save_meeting(current_user, meeting, form.attendees.data or [], eligible=network.people)
        flash(_("The meeting is saved."), "success")
        return redirect_to(url_for("networks.meeting", network_id=network.id, network_meeting_id=meeting.id))
    return render_page("networks/notes.html", "summaries/_meeting_form.html", form=form, network=network,
                       meeting=meeting, status=422 if form.errors else 200)


@bp.route("/<int:network_id>/meetings/<int:network_meeting_id>/actions", methods=["POST"])
@allow(*CONVENORS)
def new_action(network_id: int, network_meeting_id: int):
    """Agree an action at a network meeting."""
    network = _convened(network_id)
    meeting = _meeting(network, network_meeting_id)
    form = _action_form(network, request.form)
    if not form.validate():
        return _meeting_page(network, meeting, form, 422)
    add_action(current_user, meeting, form.to_action())
    flash(_("The action is added."), "success")
    return redirect_to(url_for("networks.meeting", network_id=network.id, network_meeting_id=meeting.id) + "#agreed",
                       swap_into="agreed-actions")


@bp.route("/<int:network_id>/actions/<int:network_action_id>", methods=["POST"])
@allow(*CONVENORS)
def action_progress(network_id: int, network_action_id: int):
    """Mark a network's action open, done or dropped, with a line of update."""
    network = _convened(network_id)
    action = db.session.scalar(select(Action).join(Action.meeting).where(
        Action.id == network_action_id, LeadershipMeeting.network_id == network.id))
    if action is None:
        abort(404)
    form = ActionProgressForm(request.form)
    if not form.validate():
        abort(422)
    update_action(current_user, action, ActionStatus(form.status.data), form.update_note.data)
    flash(_("The action's progress is saved."), "success")
    return redirect_to(url_for("networks.meeting", network_id=network.id, network_meeting_id=action.meeting_id)
                       + f"#action-{action.id}")
