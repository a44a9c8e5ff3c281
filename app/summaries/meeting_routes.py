"""Views of the Cluster Leadership Group's meetings: the list, recording a meeting, agreeing
actions and marking their progress, and the printable half-termly pack."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import allow, in_own_cluster
from app.auth.models import Role
from app.calendar.services import years_of
from app.clock import today
from app.htmx import redirect_to, render_page
from app.summaries import bp
from app.summaries.forms import ActionForm, ActionProgressForm, MeetingForm
from app.summaries.meeting_services import (
    add_action,
    carried_forward,
    leaders_of,
    meeting_before,
    meetings_of,
    open_actions,
    save_meeting,
    update_action,
)
from app.summaries.models import Action, ActionStatus, LeadershipMeeting
from app.summaries.periods import Period
from app.summaries.services import Scope, build_summary

#: who sits on the group and records what it agrees
MEMBERS = (Role.ADMIN, Role.LEADER)
#: who reads the meetings: the group, and governors
READERS = (Role.ADMIN, Role.LEADER, Role.GOVERNOR)


def _meeting_form(meeting: LeadershipMeeting | None = None) -> MeetingForm:
    cluster = current_user.cluster
    form = MeetingForm(obj=meeting, years=years_of(cluster), leaders=leaders_of(cluster.id))
    if meeting is not None and request.method == "GET":
        form.attendees.data = [person.id for person in meeting.attendees]
    return form


def _group_meeting(meeting_id: int) -> LeadershipMeeting:
    """A meeting of the group itself: a network's meeting (app/networks) is not found here."""
    meeting = in_own_cluster(LeadershipMeeting, meeting_id)
    if meeting.network_id is not None:
        abort(404)
    return meeting


def _action_form(formdata=None) -> ActionForm:
    cluster = current_user.cluster
    return ActionForm(formdata, schools=cluster.schools, leaders=leaders_of(cluster.id))


@bp.route("/summary/meetings/")
@allow(*READERS)
def meetings():
    """The group's meetings, latest first, and the actions still open."""
    cluster_id = current_user.cluster_id
    return render_template("summaries/meetings.html", meetings=meetings_of(cluster_id),
                           open_actions=open_actions(cluster_id),
                           today=today(), member=current_user.role in MEMBERS)


@bp.route("/summary/meetings/new", methods=["GET", "POST"])
@allow(*MEMBERS)
def new_meeting():
    """Record a meeting: its date, the half term it reviewed, who came, and the notes."""
    form = _meeting_form()
    if request.method == "GET":
        form.held_on.data = today()
    if form.validate_on_submit():
        meeting = LeadershipMeeting(cluster_id=current_user.cluster_id, created_by_id=current_user.id)
        form.fill(meeting)
        save_meeting(current_user, meeting, form.attendees.data or [])
        flash(_("The meeting is saved. Add the actions it agreed."), "success")
        return redirect_to(url_for("summaries.meeting", meeting_id=meeting.id))
    return render_page("summaries/meeting_form.html", "summaries/_meeting_form.html", form=form, meeting=None,
                       status=422 if form.errors else 200)


@bp.route("/summary/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@allow(*MEMBERS)
def edit_meeting(meeting_id: int):
    """Change a meeting's date, half term, attendees or notes."""
    meeting = _group_meeting(meeting_id)
    form = _meeting_form(meeting)
    if form.validate_on_submit():
        form.fill(meeting)
        save_meeting(current_user, meeting, form.attendees.data or [])
        flash(_("The meeting is saved."), "success")
        return redirect_to(url_for("summaries.meeting", meeting_id=meeting.id))
    return render_page("summaries/meeting_form.html", "summaries/_meeting_form.html", form=form, meeting=meeting,
                       status=422 if form.errors else 200)


def _meeting_page(meeting: LeadershipMeeting, action_form: ActionForm, status: int = 200):
    return render_page("summaries/meeting.html", "summaries/_agreed.html", status=status, meeting=meeting,
                       carried=carried_forward(meeting), form=action_form,
                       new_action_url=url_for("summaries.new_action", meeting_id=meeting.id),
                       progress_url=lambda action: url_for("summaries.action_progress", action_id=action.id),
                       statuses=list(ActionStatus), member=current_user.role in MEMBERS, today=today())


@bp.route("/summary/meetings/<int:meeting_id>")
@allow(*READERS)
def meeting(meeting_id: int):
    """A meeting: the actions carried forward, the notes, and the actions agreed at it."""
    meeting = _group_meeting(meeting_id)
    return _meeting_page(meeting, _action_form())


@bp.route("/summary/meetings/<int:meeting_id>/actions", methods=["POST"])
@allow(*MEMBERS)
def new_action(meeting_id: int):
    """Agree an action at a meeting."""
    meeting = _group_meeting(meeting_id)
    form = _action_form(request.form)
    if not form.validate():
        return _meeting_page(meeting, form, 422)
    add_action(current_user, meeting, form.to_action())
    flash(_("The action is added."), "success")
    # with htmx, the list and a fresh form replace the old (a redirect to the same page's #agreed would not reload)
    return redirect_to(url_for("summaries.meeting", meeting_id=meeting.id) + "#agreed", swap_into="agreed-actions")


@bp.route("/summary/actions/<int:action_id>", methods=["POST"])
@allow(*MEMBERS)
def action_progress(action_id: int):
    """Mark an action open, done or dropped, with a line of update."""
    action = in_own_cluster(Action, action_id)
    if action.meeting.network_id is not None:
        abort(404)  # a network's action is marked on the network's pages
    form = ActionProgressForm(request.form)
    if not form.validate():
        abort(422)
    update_action(current_user, action, ActionStatus(form.status.data), form.update_note.data)
    back = request.form.get("next", "")
    if not back.startswith("/summary/"):
        back = url_for("summaries.meeting", meeting_id=action.meeting_id)
    flash(_("The action's progress is saved."), "success")
    return redirect_to(back + f"#action-{action.id}")


@bp.route("/summary/meetings/<int:meeting_id>/pack")
@allow(*READERS)
def pack(meeting_id: int):
    """The half-termly pack to print: agenda, the half term's summary, actions due, last decisions."""
    meeting = _group_meeting(meeting_id)
    half = meeting.half_term
    period = Period(half.term.academic_year.start_year, half.term.kind, half.number)
    summary = build_summary(Scope.of_cluster(current_user.cluster), period, today())
    return render_template("summaries/pack.html", meeting=meeting, summary=summary,
                           carried=carried_forward(meeting), before=meeting_before(meeting),
                           due=open_actions(meeting.cluster_id, due_by=half.ends_on), today=today())
