"""Views of competitions: the list, setting one up, entering and withdrawing, the entries and their
export, photos, judging, confirming places, publishing, certificates and the public results."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, select

from app.auth.access import allow, in_own_cluster, public
from app.calendar.models import Activity, school_year_of
from app.clock import today
from app.clusters.models import Cluster
from app.competitions import bp, photos, services
from app.competitions.forms import (
    NO_PLACE,
    CompetitionForm,
    EntryForm,
    PublishForm,
    places_form,
    score_form,
)
from app.competitions.models import MOST_CATEGORIES, MOST_CRITERIA, Category, Competition, Entry, Place
from app.competitions.services import (
    ENTRANTS,
    ORGANISERS,
    CompetitionRefused,
    can_change_entry,
    can_organise,
    in_cluster,
    photo_is_public,
    sees_entry,
)
from app.errors import show_refusal
from app.exports import download
from app.extensions import db
from app.forms import year_group_label
from app.fragments import rendered_once
from app.htmx import is_htmx_request, redirect_to
from app.i18n import current_language, plain_localized
from app.uploads import UploadRefused


def _competition(competition_id: int) -> Competition:
    """The competition if it belongs to the person's cluster (a draft: if they organise it), else 404."""
    competition = in_own_cluster(Competition, competition_id)
    if competition.draft and not can_organise(current_user, competition):
        abort(404)
    return competition


def _entry(entry_id: int) -> Entry:
    """An entry the person may see (their school's, or as organiser or judge), else 404."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or not in_cluster(current_user, entry.competition) or not sees_entry(current_user, entry):
        abort(404)
    return entry


def _organised(competition_id: int) -> Competition:
    competition = _competition(competition_id)
    if not can_organise(current_user, competition):
        abort(403)
    return competition


@bp.route("/")
@allow(*ENTRANTS)
def index():
    """The cluster's competitions: open for entries, being judged, with results."""
    competitions = services.competitions_of(current_user.cluster_id, with_drafts=current_user.role in ORGANISERS)
    return render_template("competitions/index.html", years=services.by_what_can_be_done(competitions, today()),
                           today=today(),
                           organiser=current_user.role in ORGANISERS)


# -- setting up --------------------------------------------------------------------------------------

def _activities() -> list[Activity]:
    """The cluster's activities a competition may belong to: competitions first, then by date."""
    activities = db.session.scalars(select(Activity).where(Activity.cluster_id == current_user.cluster_id)
                                    .order_by(Activity.starts_on, Activity.id)).all()
    return sorted(activities, key=lambda activity: activity.kind != "competition")


@bp.route("/new", methods=["GET", "POST"])
@allow(*ORGANISERS)
def new():
    """Set up a competition for an activity of the calendar."""
    activity_id = request.args.get("activity_id", type=int)
    return _competition_form(None, {"activity_id": activity_id} if activity_id else {})


@bp.route("/<int:competition_id>/edit", methods=["GET", "POST"])
@allow(*ORGANISERS)
def edit(competition_id: int):
    """Change a competition's details, categories, rubric or judges."""
    return _competition_form(_organised(competition_id), {})


def _competition_form(competition: Competition | None, defaults: dict):
    activities = _activities()
    people = services.possible_judges(current_user.cluster_id)
    form = CompetitionForm(obj=competition, activities=activities, people=people,
                           data=defaults if competition is None else None)
    if competition is not None and not form.is_submitted():
        form.entry_kind.data, form.photo_rule.data = competition.entry_kind.value, competition.photo_rule.value
        form.judges.data = [judge.id for judge in competition.judges]
        form.fill_rows(competition)
    if form.validate_on_submit():
        try:
            saved = services.save_competition(current_user, competition, form.competition_data(),
                                              form.rows("category", MOST_CATEGORIES),
                                              form.rows("criterion", MOST_CRITERIA), form.judges.data)
        except CompetitionRefused as refused:
            show_refusal(form, refused)
        else:
            flash(_("The competition is saved."), "success")
            return redirect_to(url_for("competitions.competition", competition_id=saved.id))
    status = 422 if form.is_submitted() else 200
    return render_template("competitions/form.html", form=form, competition=competition,
                           categories=range(1, MOST_CATEGORIES + 1), criteria=range(1, MOST_CRITERIA + 1)), status


# -- a competition and entering ----------------------------------------------------------------------

def entry_box(competition: Competition, entry_form: EntryForm | None = None, message: str | None = None) -> dict:
    """What the "your school's entries" box shows this person: their entries and the form."""
    schools = services.schools_to_enter_for(current_user, competition)
    mine = [entry for entry in competition.active_entries() if can_change_entry(current_user, entry)]
    if entry_form is None and schools:
        entry_form = EntryForm(formdata=None, competition=competition)
    return {"competition": competition, "schools": schools, "entries": mine, "form": entry_form,
            "message": message, "open": competition.takes_entries(today()),
            "window_message": None if competition.takes_entries(today()) else services.window_refusal(competition)}


def _competition_context(competition: Competition, **box) -> dict:
    return {"competition": competition, "activity": competition.activity, "today": today(),
            "organiser": can_organise(current_user, competition), "judge": competition.is_judge(current_user),
            "cluster": db.session.get(Cluster, competition.cluster_id), "box": entry_box(competition, **box),
            "year_group_label": year_group_label}


@bp.route("/<int:competition_id>")
@allow(*ENTRANTS)
def competition(competition_id: int):
    """A competition: its rules, categories, window and rubric; your school's entries and the form."""
    competition = _competition(competition_id)
    return render_template("competitions/competition.html", **_competition_context(competition))


def _after_entry(competition: Competition, message: str | None, status: int = 200, **box):
    """After an entry or a change: the box again (htmx), the page with the mistakes (no JavaScript,
    422), or the competition's page with the message."""
    if is_htmx_request():
        db.session.expire_all()
        return render_template("competitions/_entry_box.html", year_group_label=year_group_label,
                               box=entry_box(db.session.get(Competition, competition.id), message=message,
                                             **box)), status
    if status >= 400:
        return render_template("competitions/competition.html", **_competition_context(competition, **box)), status
    flash(message, "success")
    return redirect_to(url_for("competitions.competition", competition_id=competition.id) + "#entries")


def _stored_photo(form: EntryForm) -> tuple[str | None, bool]:
    """Store the uploaded photo (or take the one the form kept from before), and carry it with the
    form so that a refusal of anything else does not lose it: (its name or None, True), or
    (None, False) with the reason on the field when the file is not a photo we take."""
    if form.upload is None:
        form.keep(form.kept)
        return form.kept, True
    try:
        name = photos.store(photos.read_upload(form.upload))
    except UploadRefused as refused:
        show_refusal(form, refused, "photo")
        return None, False
    form.keep(name)
    return name, True


@bp.route("/<int:competition_id>/entries/new", methods=["GET", "POST"])
@allow(*ENTRANTS)
def new_entry(competition_id: int):
    """Enter a pupil, a team or a class for your school (an admin: for any school taking part)."""
    competition = _competition(competition_id)
    if request.method == "GET":
        return redirect(url_for("competitions.competition", competition_id=competition.id))
    schools = services.schools_to_enter_for(current_user, competition)
    if not schools:
        abort(403)
    form = EntryForm(competition=competition)
    valid = form.validate_on_submit()
    # after validating, which would clear a refused photo's message; kept whatever else is refused
    photo_name, stored = _stored_photo(form)
    school_id = request.form.get("school_id", type=int) or schools[0].id
    if school_id not in {school.id for school in schools}:
        form.form_errors.append(_("Choose one of the schools taking part"))
    if not competition.takes_entries(today()):
        form.form_errors.append(services.window_refusal(competition))
    if not valid or form.form_errors or not stored:
        return _after_entry(competition, None, 422, entry_form=form)
    try:
        services.enter(current_user, competition.id, school_id, form.entry_data(), photo_name)
    except CompetitionRefused as refused:
        show_refusal(form, refused)
        return _after_entry(_competition(competition_id), None, 422, entry_form=form)
    return _after_entry(competition,
                        _("The entry is in, with its photo: %(title)s.", title=form.title.data) if photo_name
                        else _("The entry is in: %(title)s.", title=form.title.data))


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@allow(*ENTRANTS)
def edit_entry(entry_id: int):
    """Change an entry, or replace its photo, until entries close."""
    entry = _entry(entry_id)
    if not can_change_entry(current_user, entry) or entry.withdrawn_at is not None:
        abort(403)
    competition = entry.competition
    form = EntryForm(obj=entry, competition=competition, has_photo=bool(entry.photo_name))
    status = 200
    if form.is_submitted():
        status = 422
        valid = form.validate()
        photo_name, stored = _stored_photo(form)  # after validating, which would clear its message
        if not competition.takes_entries(today()):
            form.form_errors.append(services.window_refusal(competition))
        elif valid and stored:
            try:
                services.change_entry(current_user, entry.id, form.entry_data(), photo_name)
            except CompetitionRefused as refused:
                show_refusal(form, refused)
            else:
                flash(_("The entry is saved."), "success")
                return redirect_to(url_for("competitions.competition", competition_id=competition.id) + "#entries")
    return render_template("competitions/entry_form.html", form=form, entry=entry, competition=competition), status


@bp.route("/entries/<int:entry_id>/withdraw", methods=["POST"])
@allow(*ENTRANTS)
def withdraw_entry(entry_id: int):
    """Withdraw an entry until entries close; its photo is deleted."""
    entry = _entry(entry_id)
    if not can_change_entry(current_user, entry):
        abort(403)
    competition = entry.competition
    try:
        services.withdraw(current_user, entry.id)
    except CompetitionRefused as refused:
        db.session.rollback()
        if is_htmx_request():
            return _after_entry(_competition(competition.id), None, 422)
        flash(refused.message, "error")
        return redirect_to(url_for("competitions.competition", competition_id=competition.id) + "#entries")
    return _after_entry(competition, _("The entry is withdrawn."))


@bp.route("/<int:competition_id>/entries")
@allow(*ENTRANTS)
def entries(competition_id: int):
    """The entries: your school's, or every school's for leaders and admins."""
    competition = _competition(competition_id)
    listed = services.visible_entries(current_user, competition)
    return render_template("competitions/entries.html", competition=competition, entries=listed,
                           organiser=can_organise(current_user, competition), year_group_label=year_group_label)


#: the columns of the entries file
def _entry_row(entry: Entry) -> list:
    score = entry.final_score
    return [plain_localized(entry.school, "name"), plain_localized(entry.category, "name"), entry.entrant_name,
            year_group_label(entry.year_group) if entry.year_group is not None else "", entry.title,
            entry.description, _("Yes") if entry.photo_name else _("No"), _("Yes") if entry.photo_consent else _("No"),
            f"{score:.1f}" if score is not None else "", entry.place.label if entry.place else "",
            entry.created_at.date().isoformat()]


@bp.route("/<int:competition_id>/entries.csv")
@allow(*ENTRANTS)
def export_entries(competition_id: int):
    """The entries this person may list, as CSV."""
    competition = _competition(competition_id)
    header = [_("School"), _("Category"), _("Name"), _("Year group"), _("Title"), _("Description"), _("Photo"),
              _("Photo consent"), _("Final score"), _("Place"), _("Entered on")]
    rows = [header] + [_entry_row(entry) for entry in services.visible_entries(current_user, competition)]
    return download(rows, "csv", f"competition-{competition.id}-entries")


@bp.route("/entries/<int:entry_id>/photo/<size>")
@public
def photo(entry_id: int, size: str):
    """An entry's photo or thumbnail: for the people who may see the entry, or anyone once it is placed
    in published results with consent. Everything else is a 404, so ids give nothing away."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.withdrawn_at is not None:
        abort(404)
    allowed = photo_is_public(entry) or (in_cluster(current_user, entry.competition)
                                         and sees_entry(current_user, entry))
    path = photos.path_of(entry.photo_name, size) if allowed else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=0, conditional=True)
    # a pupil's photo stays out of shared caches unless it is public; a public one is checked with us on
    # every view (a 304 while nothing changed), so that once consent is withdrawn no cache shows it again
    response.headers["Cache-Control"] = "public, no-cache" if photo_is_public(entry) else "private, no-store"
    return response


# -- judging -----------------------------------------------------------------------------------------

def _judge_of(competition: Competition, or_organiser: bool = False) -> None:
    """Only the named judges score; organisers may look at the judging screen without scoring."""
    if not (competition.is_judge(current_user) or (or_organiser and can_organise(current_user, competition))):
        abort(403)


def _category(competition: Competition, category_id: int | None) -> Category:
    categories = competition.categories
    if not categories:
        abort(404)
    if category_id is None:
        return categories[0]
    category = next((category for category in categories if category.id == category_id), None)
    if category is None:
        abort(404)
    return category


def _judging_context(competition: Competition, category: Category, forms: dict | None = None) -> dict:
    entries = services.entries_of_category(competition, category.id)
    score_forms = {}
    for entry in entries:
        scores, comment = services.judge_scores(entry, current_user.id)
        score_forms[entry.id] = score_form(competition, entry, scores=scores, comment=comment)
    score_forms.update(forms or {})
    return {"competition": competition, "category": category, "entries": entries, "forms": score_forms,
            "can_judge": competition.can_judge(today()) and competition.is_judge(current_user),
            "judging_open": competition.can_judge(today()), "year_group_label": year_group_label,
            "counts": {c.id: len(competition.entries_in(c.id)) for c in competition.categories}}


@bp.route("/<int:competition_id>/judging")
@allow(*ENTRANTS)
def judging(competition_id: int):
    """A judge's screen: one category's entries with photos, a score per criterion and a comment."""
    competition = _competition(competition_id)
    _judge_of(competition, or_organiser=True)
    category = _category(competition, request.args.get("category", type=int))
    return render_template("competitions/judging.html", **_judging_context(competition, category))


@bp.route("/entries/<int:entry_id>/scores", methods=["POST"])
@allow(*ENTRANTS)
def save_scores(entry_id: int):
    """Save a judge's scores of one entry: htmx on every change (a small status back), or the form."""
    entry = _entry(entry_id)
    competition = entry.competition
    if not competition.is_judge(current_user):
        abort(404)  # there is no scoring form for anyone but the judges
    form = score_form(competition, entry, formdata=request.form)
    problem = None
    if not form.validate():
        problem = next(iter(error for field in form for error in field.errors), _("Check the scores."))
    else:
        try:
            services.save_scores(current_user, entry.id, {criterion.id: field.data
                                                          for criterion, field in form.criterion_fields},
                                 form.comment_text.data)
        except CompetitionRefused as refused:
            problem = refused.message
            show_refusal(form, refused)
    if is_htmx_request():
        entry = db.session.get(Entry, entry_id, populate_existing=True)
        scores, _comment = services.judge_scores(entry, current_user.id)
        return render_template("competitions/_score_status.html", problem=problem, entry=entry,
                               total=sum(scores.values()), competition=entry.competition), 422 if problem else 200
    if problem:
        category = _category(competition, entry.category_id)
        return render_template("competitions/judging.html",
                               **_judging_context(_competition(competition.id), category, {entry.id: form})), 422
    flash(_("Scores saved for %(title)s.", title=entry.title), "success")
    return redirect_to(url_for("competitions.judging", competition_id=competition.id, category=entry.category_id)
                       + f"#entry-{entry.id}")


# -- places, publishing, certificates ----------------------------------------------------------------

@bp.route("/<int:competition_id>/places", methods=["GET", "POST"])
@allow(*ORGANISERS)
def places(competition_id: int):
    """Confirm the places in each category, suggested from the judges' scores; publish the results."""
    competition = _organised(competition_id)
    lines = services.ranking(competition)
    form = places_form(lines, formdata=request.form if request.method == "POST" else None)
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            chosen = {line.entry.id: (None if form[f"entry_{line.entry.id}"].data == NO_PLACE
                                      else Place(form[f"entry_{line.entry.id}"].data))
                      for _category, ranked in lines for line in ranked}
            try:
                count = services.confirm_places(current_user, competition.id, chosen, form.reason.data)
            except CompetitionRefused as refused:
                show_refusal(form, refused)
            else:
                flash(ngettext("%(num)d place is confirmed.", "%(num)d places are confirmed.", count), "success")
                return redirect_to(url_for("competitions.places", competition_id=competition.id))
    competition = _organised(competition_id)
    return render_template("competitions/places.html", competition=competition, form=form,
                           publish_form=PublishForm(formdata=None), today=today(),
                           cluster=db.session.get(Cluster, competition.cluster_id)), status


@bp.route("/<int:competition_id>/ready", methods=["POST"])
@allow(*ORGANISERS)
def make_ready(competition_id: int):
    """Make a draft competition ready: schools see it and enter in its window."""
    competition = _organised(competition_id)
    try:
        services.make_ready(current_user, competition.id)
    except CompetitionRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The competition is ready: schools see it, and enter between its opening and closing days."),
              "success")
    return redirect_to(url_for("competitions.competition", competition_id=competition.id))


@bp.route("/<int:competition_id>/publish", methods=["POST"])
@allow(*ORGANISERS)
def publish(competition_id: int):
    """Publish the results on the public page, or take them down to correct them."""
    competition = _organised(competition_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Use the buttons on the page."), "error")
        return redirect_to(url_for("competitions.places", competition_id=competition.id))
    try:
        services.set_published(current_user, competition.id, form.state.data == "published")
    except CompetitionRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect_to(url_for("competitions.places", competition_id=competition.id))
    flash(_("The results are published.") if form.state.data == "published" else _("The results are taken down."),
          "success")
    return redirect_to(url_for("competitions.places", competition_id=competition.id))


@bp.route("/entries/<int:entry_id>/certificate")
@allow(*ENTRANTS)
def certificate(entry_id: int):
    """A printable A4 certificate, in Welsh and English, for a placed entry."""
    entry = _entry(entry_id)
    competition = entry.competition
    if entry.place is None or not (competition.is_published or can_organise(current_user, competition)):
        abort(404)
    def place_in(language: str) -> str:
        with force_locale(language):
            return str(entry.place.label)

    return render_template("competitions/certificate.html", entry=entry, competition=competition, place_in=place_in,
                           cluster=db.session.get(Cluster, competition.cluster_id))


# -- public results ----------------------------------------------------------------------------------

def _public_cluster(slug: str) -> Cluster:
    cluster = db.session.scalar(select(Cluster).where(Cluster.slug == slug))
    if cluster is None:
        abort(404)
    return cluster


def _kept(cluster: Cluster, page: str, render, *shown) -> Markup:
    """A piece of a public results page, the same for every visitor: kept per version of the cluster's
    results and of its calendar (which holds the years), the academic year of today, the language and
    what the page shows (`shown`). Whoever is signed in, the page around it is drawn for them."""
    return rendered_once((page, cluster.id, cluster.slug, cluster.results_version, cluster.calendar_version,
                          school_year_of(today()), current_language(), *shown), render)


@bp.route("/results/<cluster>")
@public
def cluster_results(cluster: str):
    """The cluster's published results this year and the school points table, for everyone."""
    found = _public_cluster(cluster)

    def render() -> str:
        year, competitions, table = services.year_results(found.id)
        return render_template("competitions/_cluster_results.html", cluster=found, year=year, table=table,
                               competitions=competitions)

    return render_template("competitions/cluster_results.html", cluster=found,
                           kept=_kept(found, "cluster-results", render))


#: a published competition with its cluster, by the cluster's slug and the competition's id: built once, as
#: every visit of a (kept) results page asks it
_PUBLISHED_WITH_CLUSTER = (services.published_query(Cluster.slug == bindparam("slug"),
                                                    Competition.id == bindparam("competition_id"))
                           .join(Cluster, Cluster.id == Activity.cluster_id).add_columns(Cluster))


@bp.route("/results/<cluster>/<int:competition_id>")
@public
def results(cluster: str, competition_id: int):
    """A competition's published results: places per category, first names and initials, schools, and
    photos where consent was confirmed."""
    # the cluster and its published competition in one query: a kept page needs no other
    row = db.session.execute(_PUBLISHED_WITH_CLUSTER, {"slug": cluster, "competition_id": competition_id}).first()
    if row is None:
        abort(404)
    competition, found = row

    def render() -> str:
        year, _competitions, table = services.year_results(found.id)
        return render_template("competitions/_results.html", categories=services.placed(competition), year=year,
                               table=table, photo_is_public=photo_is_public)

    return render_template("competitions/results.html", cluster=found, competition=competition,
                           kept=_kept(found, "competition-results", render, competition.id))

