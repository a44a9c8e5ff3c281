"""The calendar pages: the year at a glance, this half term, coming up, activities, feeds, years."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from app import clock
from app.auth.access import LEADERSHIP, allow, public
from app.auth.models import Role
from app.calendar import bp, feeds
from app.calendar.forms import (
    ActivityForm,
    ApprovalForm,
    CalendarFilterForm,
    HalfTermDatesForm,
    StatusForm,
    year_groups_text,
)
from app.calendar.models import (
    AcademicYear,
    Activity,
    ActivityStatus,
    Approval,
    Audience,
    Strand,
    Term,
    TermKind,
)
from app.calendar.panels import panels_for
from app.calendar.services import (
    AlreadyDecided,
    CalendarFilters,
    CalendarRuleBroken,
    activities_query,
    add_next_year,
    can_edit,
    copy_to_next_year,
    decide_proposal,
    half_term_for,
    in_half_term,
    is_member,
    kept_years_of,
    leads_calendar,
    save_activity,
    save_half_term_dates,
    seen_as,
    set_status,
    visibility_clause,
    year_for,
    years_of,
)
from app.clusters.models import Cluster, School
from app.errors import show_refusal
from app.extensions import db
from app.fragments import HEADERS, kept, rendered_once
from app.htmx import is_htmx_request, redirect_to, render_page
from app.i18n import current_language, localized, localized_column

#: how far ahead "coming up" looks
COMING_UP_DAYS = 56


#: a cluster by its slug: built once, as every calendar page asks it first
_CLUSTER_BY_SLUG = select(Cluster).where(Cluster.slug == bindparam("slug"))


def _cluster(slug: str) -> Cluster:
    cluster = db.session.scalar(_CLUSTER_BY_SLUG, {"slug": slug})
    if cluster is None:
        abort(404)
    return cluster


def _schools(cluster: Cluster) -> list[School]:
    """The cluster's schools in the reader's order."""
    return db.session.scalars(select(School).where(School.cluster_id == cluster.id)
                              .order_by(localized_column(School, "name"))).all()


def _schools_to_filter_by(cluster: Cluster) -> list[School]:
    """`_schools` for the filters every visitor's page has: read once per calendar version (a school's
    change renews it) and language, and kept detached, so read only: never given to a form that saves."""
    def read() -> list[School]:
        schools = _schools(cluster)
        for school in schools:
            db.session.expunge(school)
        return schools
    return kept(("calendar-schools", cluster.id, cluster.calendar_version, current_language()), read)


def _filters(cluster: Cluster, years: list[AcademicYear]):
    """The filter form from the query string, and the filters it asks for (unknown values ignored)."""
    schools = _schools_to_filter_by(cluster)
    form = CalendarFilterForm(request.args, years=years, schools=schools,
                              member=is_member(current_user, cluster))
    audiences = {choice.value for choice in form.audience.choices}
    filters = CalendarFilters(
        term=TermKind._value2member_map_.get(form.term.data or ""),
        strand=Strand.from_slug(form.strand.data or ""),
        school_id=form.school.data if any(school.id == form.school.data for school in schools) else None,
        audience=Audience(form.audience.data) if form.audience.data in audiences - {""} else None,
    )
    return form, filters


def _activity(cluster: Cluster, activity_id: int) -> Activity:
    """The activity if the visitor may see it, else 404 (a private one is not admitted to exist)."""
    activity = db.session.scalar(select(Activity).where(
        Activity.id == activity_id, visibility_clause(current_user, cluster)))
    if activity is None:
        abort(404)
    return activity


@bp.route("/")
@public
def index():
    """Send people to their own cluster's calendar, visitors to the only (or first) cluster's."""
    if current_user.is_authenticated and current_user.cluster is not None:
        return redirect(url_for("calendar.year", cluster=current_user.cluster.slug))
    cluster = db.session.scalar(select(Cluster).order_by(Cluster.id).limit(1))
    if cluster is None:
        abort(404)
    return redirect(url_for("calendar.year", cluster=cluster.slug))


@bp.route("/<cluster>/")
@public
def year(cluster: str):
    """The year at a glance: terms across, strands down (a list by term on a phone)."""
    cluster = _cluster(cluster)
    years = kept_years_of(cluster)
    form, filters = _filters(cluster, years)
    chosen = next((y for y in years if y.id == form.year.data), None) or year_for(years, clock.today())
    if chosen is not None:
        form.year.data = chosen.id
    # the grid, and the filters drawn with the year and filters it shows (unknown values fall back to
    # these), are the same for everyone with the same view of the same version of the calendar
    view = (cluster.id, cluster.calendar_version, cluster.slug, chosen.id if chosen else None, filters,
            current_language(), seen_as(current_user, cluster))
    results = rendered_once(("calendar-year", *view), lambda: _year_grid(cluster, chosen, filters))
    filter_form = rendered_once(("calendar-year-filters", *view),
                                lambda: render_template("calendar/_filters.html", form=form, view="year"))
    return render_page("calendar/year.html", "calendar/_kept_results.html", cluster=cluster, chosen=chosen,
                       results=results, filter_form=filter_form, view="year", **_views_page_context(cluster))


def _year_grid(cluster: Cluster, chosen: AcademicYear | None, filters: CalendarFilters) -> str:
    """The year's activities, terms across and strands down, as this person may see them."""
    activities = []
    if chosen is not None:
        activities = db.session.scalars(activities_query(current_user, cluster, filters)
                                        .where(Activity.academic_year_id == chosen.id)).all()
    terms = [term for term in (chosen.terms if chosen else []) if filters.term in (None, term.kind)]
    strands = [strand for strand in Strand if filters.strand in (None, strand)]
    grid = {(term.id, strand): [a for a in activities if a.term_id == term.id and a.strand == strand]
            for term in terms for strand in strands}
    return render_template("calendar/_year_results.html", cluster=cluster, chosen=chosen, terms=terms,
                           strands=strands, grid=grid, total=len(activities))


@bp.route("/<cluster>/half-term")
@public
def half_term(cluster: str):
    """This half term's activities (or the next one's in a holiday), in date order."""
    cluster = _cluster(cluster)
    years = years_of(cluster)
    form, filters = _filters(cluster, years)
    halves = [half for year in years for half in year.half_terms]
    chosen_id = request.args.get("half_term", type=int)
    half = next((h for h in halves if h.id == chosen_id), None)
    relation = "chosen"
    if half is None:
        half, relation = half_term_for(years, clock.today())
    activities = []
    if half is not None:
        activities = db.session.scalars(in_half_term(activities_query(current_user, cluster, filters),
                                                     half)).all()
    position = halves.index(half) if half is not None else 0
    return render_page("calendar/half_term.html", "calendar/_list_results.html", cluster=cluster, form=form,
                       half=half, relation=relation, activities=activities,
                       previous=halves[position - 1] if half is not None and position > 0 else None,
                       following=halves[position + 1] if half is not None and position + 1 < len(halves)
                       else None, view="half_term", **_views_page_context(cluster))


@bp.route("/<cluster>/coming-up")
@public
def coming_up(cluster: str):
    """Dated activities from today for the next eight weeks."""
    cluster = _cluster(cluster)
    years = years_of(cluster)
    form, filters = _filters(cluster, years)
    today = clock.today()
    horizon = today + timedelta(days=COMING_UP_DAYS)
    activities = db.session.scalars(activities_query(current_user, cluster, filters).where(
        Activity.starts_on <= horizon,
        (Activity.ends_on >= today) | (Activity.starts_on >= today))).all()
    return render_page("calendar/coming_up.html", "calendar/_list_results.html", cluster=cluster, form=form,
                       activities=activities, today=today, horizon=horizon, view="coming_up",
                       **_views_page_context(cluster))


def _page_context(cluster: Cluster) -> dict:
    """What every calendar page shows around its content: feeds and what the person may do."""
    member = is_member(current_user, cluster)
    return {"member": member, "manager": leads_calendar(current_user, cluster),
            "feeds": _feeds(cluster, feeds.key_for(current_user) if member else None)}


#: the filters the views' tabs carry from one view to the next
_SHARED_FILTERS = ("strand", "school", "audience")


def _views_page_context(cluster: Cluster) -> dict:
    """`_page_context` for the three views, with their header (title, tabs keeping the filters asked for,
    what the person may do): the same for everyone of one role and view, so drawn once and kept."""
    context = _page_context(cluster)
    shared = tuple((key, request.args[key]) for key in _SHARED_FILTERS if request.args.get(key))
    key = ("calendar-views-header", cluster.id, cluster.slug, localized(cluster, "name"), current_language(),
           current_user.role if current_user.is_authenticated else None, context["member"], context["manager"],
           request.endpoint, shared)
    context["views_header"] = rendered_once(key, lambda: render_template(
        "calendar/_header.html", cluster=cluster, shared=dict(shared), **context), shelf=HEADERS)
    return context


def _feeds(cluster: Cluster, feed_key: str | None):
    """The calendar's subscription links: a member's carry their own key; everyone else's are the same
    for the cluster's version (its schools) and language, and are kept."""
    def draw() -> str:
        return render_template("calendar/_feeds.html", cluster=cluster, feed_key=feed_key, strands_all=list(Strand))
    if feed_key:
        return Markup(draw())  # noqa: S704  (a rendered template, escaped already)
    return rendered_once(("calendar-feeds", cluster.id, cluster.calendar_version, cluster.slug, current_language()),
                         draw)


@bp.app_template_filter("webcal")
def webcal(address: str) -> str:
    """The same feed address with the webcal scheme, which calendar apps open as a subscription."""
    return "webcal://" + address.split("://", 1)[1]


@bp.app_template_filter("year_groups")
def year_groups_filter(groups: list[int]) -> str:
    """Year groups in words in the reader's language, consecutive ones as a range."""
    return year_groups_text(groups)


@bp.route("/<cluster>/activities/<int:activity_id>")
@public
def activity(cluster: str, activity_id: int):
    """One activity: what, when, where, who for, which strand; and what can be done with it."""
    cluster = _cluster(cluster)
    return _activity_page(cluster, _activity(cluster, activity_id))


def _activity_page(cluster: Cluster, item: Activity, status_form: StatusForm | None = None,
                   approval_form: ApprovalForm | None = None, status: int = 200):
    """The activity page, with the forms as they were sent when one of them had a mistake."""
    status_form = status_form or StatusForm(status=item.status.value, status_note=item.status_note)
    return render_template("calendar/activity.html", cluster=cluster, activity=item, status_form=status_form,
                           approval_form=approval_form or ApprovalForm(), can_edit=can_edit(current_user, item),
                           panels=panels_for(item, current_user), **_page_context(cluster)), status


@bp.route("/<cluster>/activities/new", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.LEADER, Role.STAFF)
def new_activity(cluster: str):
    """Add an activity (leaders, admins), or propose one for your school (staff)."""
    cluster = _cluster(cluster)
    if current_user.cluster_id != cluster.id:
        abort(403)
    return _activity_form(cluster, Activity())


@bp.route("/<cluster>/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.LEADER, Role.STAFF)
def edit_activity(cluster: str, activity_id: int):
    """Change an activity; staff only their own school's proposals until they are decided."""
    cluster = _cluster(cluster)
    item = _activity(cluster, activity_id)
    if not can_edit(current_user, item):
        abort(403)
    return _activity_form(cluster, item)


def _activity_form(cluster: Cluster, item: Activity):
    terms = db.session.scalars(select(Term).join(Term.academic_year)
                               .where(AcademicYear.cluster_id == cluster.id)
                               .options(selectinload(Term.half_terms), selectinload(Term.academic_year))
                               .order_by(AcademicYear.start_year, Term.position)).all()
    schools = _schools(cluster)
    if item.id is None:
        form = ActivityForm(terms=terms, schools=schools)
        if not form.is_submitted():
            _default_to_current_term(form, terms)
    else:
        form = ActivityForm(obj=item, terms=terms, schools=schools, year_groups=item.year_groups,
                            school_ids=[school.id for school in item.schools],
                            all_schools="1" if item.all_schools else "0", strand=item.strand.value,
                            kind=item.kind.value)
    if form.validate_on_submit():
        chosen = [school for school in schools if school.id in (form.school_ids.data or [])]
        try:
            save_activity(current_user, item, form.data, chosen)
        except CalendarRuleBroken as broken:
            show_refusal(form, broken)
        else:
            flash(_("Your proposal is saved: a leader will approve it.") if item.approval == Approval.PROPOSED
                  else _("The activity is saved."), "success")
            return redirect_to(url_for("calendar.activity", cluster=cluster.slug, activity_id=item.id))
    status = 422 if form.is_submitted() else 200
    return render_page("calendar/activity_form.html", "calendar/_activity_form.html", status,
                       cluster=cluster, form=form, activity=item)


def _default_to_current_term(form: ActivityForm, terms: list[Term]) -> None:
    today = clock.today()
    current = next((t for t in terms if t.half_terms and t.starts_on <= today <= t.ends_on), None)
    upcoming = next((t for t in terms if t.half_terms and t.starts_on > today), None)
    chosen = current or upcoming or (terms[-1] if terms else None)
    if chosen is not None:
        form.term_id.data = chosen.id


@bp.route("/<cluster>/activities/<int:activity_id>/status", methods=["POST"])
@allow(*LEADERSHIP)
def activity_status(cluster: str, activity_id: int):
    """Mark an activity done, cancelled or planned, with a note."""
    cluster = _cluster(cluster)
    item = _activity(cluster, activity_id)
    if not leads_calendar(current_user, cluster):
        abort(403)
    form = StatusForm()
    if form.validate_on_submit():
        set_status(current_user, item, ActivityStatus(form.status.data), form.status_note.data)
        if is_htmx_request():
            return render_template("calendar/_status.html", cluster=cluster, activity=item,
                                   status_form=form, saved=True, manager=True)
        flash(_("The status is saved."), "success")
        return redirect_to(url_for("calendar.activity", cluster=cluster.slug, activity_id=item.id))
    if is_htmx_request():
        return render_template("calendar/_status.html", cluster=cluster, activity=item,
                               status_form=form, manager=True), 422
    return _activity_page(cluster, item, status_form=form, status=422)


@bp.route("/<cluster>/activities/<int:activity_id>/approval", methods=["POST"])
@allow(*LEADERSHIP)
def activity_approval(cluster: str, activity_id: int):
    """Approve a proposal into the calendar, or decline it with a reason."""
    cluster = _cluster(cluster)
    item = _activity(cluster, activity_id)
    if not leads_calendar(current_user, cluster):
        abort(403)
    form = ApprovalForm()
    if form.validate_on_submit():
        try:
            item = decide_proposal(current_user, item.id, approve=bool(form.approve.data),
                                   note=form.approval_note.data)
        except AlreadyDecided:
            abort(409)  # another leader decided a moment ago
        flash(_("The activity is approved and in the calendar.") if item.approval == Approval.APPROVED
              else _("The proposal is declined."), "success")
        return redirect_to(url_for("calendar.proposals", cluster=cluster.slug))
    if item.approval != Approval.PROPOSED:
        abort(409)
    return _activity_page(cluster, item, approval_form=form, status=422)


@bp.route("/<cluster>/proposals")
@allow(Role.ADMIN, Role.LEADER, Role.STAFF)
def proposals(cluster: str):
    """Activities staff have proposed: waiting for a leader, or declined."""
    cluster = _cluster(cluster)
    if current_user.cluster_id != cluster.id:
        abort(403)
    items = db.session.scalars(activities_query(current_user, cluster).where(
        Activity.approval != Approval.APPROVED)).all()
    return render_template("calendar/proposals.html", cluster=cluster, activities=items,
                           approval_form=ApprovalForm(), **_page_context(cluster))


@bp.route("/<cluster>/years")
@allow(*LEADERSHIP)
def years(cluster: str):
    """The cluster's academic years with their half-term dates."""
    cluster = _cluster(cluster)
    if not leads_calendar(current_user, cluster):
        abort(403)
    return render_template("calendar/years.html", cluster=cluster, years=years_of(cluster))


@bp.route("/<cluster>/years/<int:year_id>/dates", methods=["GET", "POST"])
@allow(*LEADERSHIP)
def year_dates(cluster: str, year_id: int):
    """Set the first and last day of each half term of a year."""
    cluster = _cluster(cluster)
    chosen = _year(cluster, year_id)
    form = HalfTermDatesForm.for_year(chosen)
    if form.validate_on_submit():
        try:
            save_half_term_dates(current_user, chosen, form.dates(chosen))
        except CalendarRuleBroken as broken:
            show_refusal(form, broken)
        else:
            flash(_("The dates of %(year)s are saved.", year=chosen.label), "success")
            return redirect_to(url_for("calendar.years", cluster=cluster.slug))
    status = 422 if form.is_submitted() else 200
    return render_template("calendar/year_dates.html", cluster=cluster, year=chosen, form=form), status


@bp.route("/<cluster>/years/<int:year_id>/copy", methods=["POST"])
@allow(*LEADERSHIP)
def copy_year(cluster: str, year_id: int):
    """Copy a year's activities into the next year, adding that year if it is not there yet."""
    cluster = _cluster(cluster)
    chosen = _year(cluster, year_id)
    try:
        following, copied = copy_to_next_year(current_user, cluster, chosen)
    except CalendarRuleBroken as broken:
        return _years_refused(cluster, broken)
    flash(ngettext("%(num)d activity copied into %(year)s as planned. Check the dates of the new year.",
                   "%(num)d activities copied into %(year)s as planned. Check the dates of the new year.",
                   copied, year=following.label), "success")
    return redirect_to(url_for("calendar.year_dates", cluster=cluster.slug, year_id=following.id))


@bp.route("/<cluster>/years/<int:year_id>/next", methods=["POST"])
@allow(*LEADERSHIP)
def add_year(cluster: str, year_id: int):
    """Add the year after this one, with its half terms a year on, to adjust."""
    cluster = _cluster(cluster)
    try:
        following = add_next_year(current_user, cluster, _year(cluster, year_id))
    except CalendarRuleBroken as broken:
        return _years_refused(cluster, broken)
    flash(_("%(year)s is added. Check its half-term dates.", year=following.label), "success")
    return redirect_to(url_for("calendar.year_dates", cluster=cluster.slug, year_id=following.id))


def _years_refused(cluster: Cluster, broken: CalendarRuleBroken):
    """The years page again, saying why the next year cannot be made (422: nothing was changed)."""
    flash(broken.message, "error")
    return render_template("calendar/years.html", cluster=cluster, years=years_of(cluster)), 422


def _year(cluster: Cluster, year_id: int) -> AcademicYear:
    if not leads_calendar(current_user, cluster):
        abort(403)
    chosen = db.session.get(AcademicYear, year_id)
    if chosen is None or chosen.cluster_id != cluster.id:
        abort(404)
    return chosen


@bp.route("/<cluster>/feed.ics")
@public
def cluster_feed(cluster: str):
    """iCalendar feed of the whole cluster (staff activities too with a personal key)."""
    cluster = _cluster(cluster)
    return feeds.respond(cluster, CalendarFilters())


@bp.route("/<cluster>/schools/<school>/feed.ics")
@public
def school_feed(cluster: str, school: str):
    """iCalendar feed of the activities one school takes part in."""
    cluster = _cluster(cluster)
    found = db.session.scalar(select(School).where(School.cluster_id == cluster.id, School.slug == school))
    if found is None:
        abort(404)
    return feeds.respond(cluster, CalendarFilters(school_id=found.id), school=found)


@bp.route("/<cluster>/strands/<strand>/feed.ics")
@public
def strand_feed(cluster: str, strand: str):
    """iCalendar feed of one strand of the policy."""
    cluster = _cluster(cluster)
    chosen = Strand.from_slug(strand)
    if chosen is None:
        abort(404)
    return feeds.respond(cluster, CalendarFilters(strand=chosen))


@bp.route("/<cluster>/activities/<int:activity_id>/event.ics")
@public
def activity_event(cluster: str, activity_id: int):
    """One activity as an .ics file: the 'add to calendar' link."""
    cluster = _cluster(cluster)
    return feeds.single(cluster, _activity(cluster, activity_id))
