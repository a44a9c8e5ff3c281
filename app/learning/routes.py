"""Views of professional learning: the year's list and one activity's figures (leaders, the admin, governors,
the officer), marking an activity, signing up and withdrawing, recording who went, and a person's record."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import allow
from app.auth.models import Role, User
from app.calendar.models import Activity
from app.calendar.services import year_for, years_of
from app.clock import today
from app.clusters.models import Cluster
from app.errors import show_refusal
from app.extensions import db
from app.htmx import redirect_to, render_page
from app.i18n import plain_localized
from app.learning import bp, services
from app.learning.forms import AttendanceForm, MarkForm, SignUpForm
from app.learning.models import FOLLOW_UP_AFTER, LearningActivity, LearningKind, Participant
from app.learning.services import LearningRefused

#: who reads the cluster's professional learning: its leaders, admin and governors, and the officer
READERS = (Role.ADMIN, Role.LEADER, Role.GOVERNOR, Role.OFFICER)
#: who signs up (themselves, or their school's staff) and withdraws
SIGNERS = (Role.ADMIN, Role.LEADER, Role.STAFF)


def _activity(activity_id: int) -> Activity:
    """A calendar activity of the reader's cluster, or a 404."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.cluster_id != current_user.cluster_id:
        abort(404)
    return activity


def _learning(learning_id: int) -> LearningActivity:
    """Professional learning of the person's own cluster, or a 404 (the officer: of their authority)."""
    learning = services.learning_of(learning_id)
    if learning is None:
        abort(404)
    if current_user.role == Role.OFFICER:
        if not services.can_read_cluster(current_user, learning.cluster_id):
            abort(404)
    elif learning.cluster_id != current_user.cluster_id:
        abort(404)
    return learning


def _cluster_to_read() -> Cluster:
    """The reader's cluster; for the officer, the cluster of their authority chosen in the address."""
    if current_user.role != Role.OFFICER:
        return current_user.cluster
    clusters = sorted(current_user.authority.clusters, key=lambda cluster: cluster.name_en)
    chosen = request.args.get("cluster")
    cluster = next((cluster for cluster in clusters if cluster.slug == chosen), clusters[0] if clusters else None)
    if cluster is None:
        abort(404)
    return cluster


@bp.route("/")
@allow(*READERS)
def index():
    """The cluster's professional learning this year: each activity with how many signed up and went."""
    cluster = _cluster_to_read()
    year = year_for(years_of(cluster), today())
    clusters = (sorted(current_user.authority.clusters, key=lambda c: c.name_en)
                if current_user.role == Role.OFFICER else [])
    return render_template("learning/index.html", cluster=cluster, year=year, clusters=clusters,
                           activities=services.activities_of_year(cluster.id, year), today=today())


@bp.route("/activities/<int:learning_id>")
@allow(*READERS)
def activity(learning_id: int):
    """One activity per school: who went (names to their own head and the admin), its evaluation and follow-up."""
    learning = _learning(learning_id)
    return render_template("learning/activity.html", learning=learning, today=today(),
                           cluster=db.session.get(Cluster, learning.cluster_id),
                           follow_up_weeks=FOLLOW_UP_AFTER.days // 7,
                           figures=services.figures_of(current_user, learning),
                           may_record=current_user.role in services.ORGANISERS and current_user.role != Role.OFFICER)


@bp.route("/activities/<int:activity_id>/mark", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.LEADER)
def mark(activity_id: int):
    """Mark a calendar activity as professional learning, or change its kind and hours."""
    activity = _activity(activity_id)
    learning = services.learning_of(activity.id)
    form = MarkForm(obj=learning)
    if request.method == "GET" and learning is not None:
        form.kind.data = learning.kind.value
    if form.validate_on_submit():
        services.mark(current_user, activity, LearningKind(form.kind.data), form.hours.data)
        flash(_("Saved: this activity counts as professional learning."), "success")
        return redirect_to(_activity_page(activity))
    return render_page("learning/mark.html", "learning/_mark_form.html", status=422 if form.is_submitted() else 200,
                       activity=activity, learning=learning, form=form)


def _activity_page(activity: Activity) -> str:
    """The activity's page in the calendar, where the professional learning panel is."""
    return url_for("calendar.activity", cluster=db.session.get(Cluster, activity.cluster_id).slug,
                   activity_id=activity.id)


def _session_label(session) -> str:
    """A session with places as a choice reads: its day, and its time if it has one."""
    when = format_date(session.held_on, "EEEE d MMMM")
    if session.starts_at:
        when += f", {session.starts_at:%H:%M}"
    return when


def sign_up_form(learning: LearningActivity, viewer: User, formdata=None) -> SignUpForm:
    """The sign-up form for this person: whom they may sign up, and the sessions with places."""
    signed_up = {participant.person_id for participant in learning.participants}
    people = [(person, f"{person.name} – {plain_localized(person.school, 'name')}")
              for person in services.people_to_sign_up(viewer, learning.cluster_id) if person.id not in signed_up]
    sessions = [(session, _session_label(session)) for session in services.staff_sessions(learning.activity_id)]
    return SignUpForm(formdata, people=people, sessions=sessions)


@bp.route("/activities/<int:learning_id>/sign-up", methods=["GET", "POST"])
@allow(*SIGNERS)
def sign_up(learning_id: int):
    """Sign up for professional learning, or sign up a member of your school's staff."""
    learning = _learning(learning_id)
    form = sign_up_form(learning, current_user, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        person = db.session.get(User, form.person.data)
        if person is None or not services.acts_for(current_user, person, learning.cluster_id):
            form.person.errors.append(_("Choose someone from the list"))
        else:
            try:
                participant = services.sign_up(current_user, learning, person, form.session.data)
            except LearningRefused as refusal:
                show_refusal(form, refusal, "session" if form.session.choices else "person")
            else:
                flash(_("%(name)s is on the waiting list for a place.", name=person.name)
                      if participant.on_waiting_list else _("%(name)s is signed up.", name=person.name), "success")
                return redirect_to(_activity_page(learning.activity))
    return render_page("learning/sign_up.html", "learning/_sign_up_form.html",
                       status=422 if request.method == "POST" else 200, learning=learning, form=form)


@bp.route("/participants/<int:participant_id>/withdraw", methods=["POST"])
@allow(*SIGNERS)
def withdraw(participant_id: int):
    """Take someone off before the day (their place on the session goes back)."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.learning.cluster_id != current_user.cluster_id:
        abort(404)
    if not services.acts_for(current_user, participant.person, participant.learning.cluster_id):
        abort(404)
    activity = participant.learning.activity
    services.withdraw(current_user, participant)
    flash(_("Taken off the list."), "success")
    return redirect_to(_activity_page(activity))


def _schools_to_record(learning: LearningActivity):
    """The schools whose attendance this person records: every school for the admin, a leader's own."""
    if current_user.role == Role.ADMIN:
        return sorted(db.session.get(Cluster, learning.cluster_id).schools, key=lambda s: s.name_en)
    return [current_user.school] if current_user.school else []


@bp.route("/activities/<int:learning_id>/attendance", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.LEADER)
def attendance(learning_id: int):
    """Record who of a school's people went; those who went are sent the evaluation."""
    learning = _learning(learning_id)
    schools = _schools_to_record(learning)
    form = AttendanceForm(request.form if request.method == "POST" else None)
    form.school.choices = [(school.id, plain_localized(school, "name")) for school in schools]
    chosen = form.school.data if request.method == "POST" else request.args.get("school", type=int)
    school = next((school for school in schools if school.id == chosen), None) if chosen else \
        (schools[0] if schools else None)
    if school is None:  # another school's people: a leader records only their own school's
        abort(404)
    people = [p for p in learning.participants if p.school_id == school.id]
    form.school.data = school.id
    form.went.choices = [(p.id, p.person.name) for p in sorted(people, key=lambda p: p.person.name)]
    if request.method == "GET":
        form.went.data = [p.id for p in people if p.attended]
    if request.method == "POST" and form.validate_on_submit():
        services.record_attendance(current_user, learning, school,
                                   {p.id for p in people if p.id in set(form.went.data or [])})
        flash(_("Saved who went. Those who went are sent the evaluation."), "success")
        return redirect_to(url_for("learning.attendance", learning_id=learning.activity_id, school=school.id))
    return render_page("learning/attendance.html", "learning/_attendance_form.html",
                       status=422 if request.method == "POST" else 200, learning=learning, form=form,
                       school=school, schools=schools, has_taken_place=learning.has_taken_place(today()))


def _record_page(person: User):
    """A person's record of this academic year."""
    year = year_for(years_of(person.cluster), today()) if person.cluster else None
    return render_template("learning/record.html", record=services.record_of(person, year),
                           own=person.id == current_user.id)


@bp.route("/record")
@allow(Role.LEADER, Role.STAFF)
def my_record():
    """Your record of cluster professional learning this year: printable for your passport."""
    return _record_page(current_user)


@bp.route("/people/<int:person_id>/record")
@allow(Role.ADMIN, Role.LEADER, Role.STAFF)
def record(person_id: int):
    """A person's record of cluster professional learning: for them, their head and the admin only."""
    person = db.session.get(User, person_id)
    if person is None or not services.can_read_record(current_user, person):
        abort(404)
    return _record_page(person)


@bp.route("/people")
@allow(Role.ADMIN, Role.LEADER)
def people():
    """The staff whose records this head (their school's) or the admin (every school) may open."""
    query = select(User).where(User.cluster_id == current_user.cluster_id, User.role.in_(services.LEARNERS),
                               User.school_id.is_not(None)).order_by(User.name)
    if current_user.role == Role.LEADER:
        query = query.where(User.school_id == current_user.school_id)
    return render_template("learning/people.html", people=db.session.scalars(query).all())
