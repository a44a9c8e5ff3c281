"""The practice library: search and filters, a piece of practice, writing one, and sharing it."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import SIGNED_IN, allow, public
from app.auth.models import Role, User
from app.calendar.models import Strand
from app.calendar.services import activities_by_term
from app.clusters.models import Cluster, School
from app.errors import show_refusal
from app.extensions import db
from app.htmx import redirect_to, render_page
from app.practice import attachments, bp, services, visits
from app.practice.forms import AttachmentForm, PracticeForm, SearchForm, SignpostForm
from app.practice.models import AreaOfLearning, PracticeItem, Skill
from app.practice.services import Filters, PracticeRefused
from app.practice.sources import sources_of

WRITERS = (Role.STAFF, Role.LEADER, Role.ADMIN)


def readable_piece(item_id: int) -> PracticeItem:
    """The piece, if this person (or visitor) may read it; otherwise a 404 that gives nothing away."""
    item = db.session.get(PracticeItem, item_id)
    if item is None or not services.can_read(current_user, item):
        abort(404)
    return item


def _schools_to_filter_by() -> list[School]:
    if not current_user.is_authenticated:
        return []
    query = select(School).join(Cluster).order_by(School.name_en)
    if current_user.role == Role.OFFICER:
        return db.session.scalars(query.where(Cluster.authority_id == current_user.authority_id)).all()
    return db.session.scalars(query.where(School.cluster_id == current_user.cluster_id)).all()


def _choice(enum, value):
    return enum(value) if value else None


@bp.route("/")
@public
def index():
    """The library: the pieces this person may read, found by words in either language and by filters."""
    form = SearchForm(request.args, schools=_schools_to_filter_by(), years=services.school_years_of(current_user))
    offered = form.offered
    filters = Filters(words=(form.q.data or "")[:200], area=_choice(AreaOfLearning, offered("area")),
                      skill=_choice(Skill, offered("skill")), strand=_choice(Strand, offered("strand")),
                      step=offered("step"), school_id=offered("school"), school_year=offered("year"))
    items = services.search(current_user, filters)
    searched = any(value for name, value in request.args.items() if name != "lang")
    return render_page("practice/index.html", "practice/_results.html", form=form, items=items, searched=searched,
                       may_write=services.can_write(current_user))


@bp.route("/<int:item_id>")
@public
def item(item_id: int):
    """One piece of practice: what was done, its impact, who to ask, and what may be done with it."""
    piece = readable_piece(item_id)
    return item_page(piece)


def item_page(piece: PracticeItem, signpost_form: SignpostForm | None = None,
               attachment_form: AttachmentForm | None = None, status: int = 200):
    """The piece's page with the forms this person may use (a refused one as it was typed)."""
    signed_in = current_user.is_authenticated
    may_signpost = signed_in and services.can_signpost(current_user, piece)
    activities = services.activities_seen_by(current_user, piece)
    may_edit = signed_in and services.can_edit(current_user, piece)
    return render_template(
        "practice/item.html", item=piece, activities=activities,
        evaluations=services.evaluations_seen_by(current_user, activities),
        may_edit=may_edit, file_size=attachments.size_label,
        attachment_form=(attachment_form or AttachmentForm()) if may_edit else None,
        may_publish=signed_in and services.can_publish(current_user, piece),
        may_share=signed_in and services.can_share_with_authority(current_user, piece),
        may_ask_visit=visits.may_ask(current_user, piece),
        # what visitors learned is for colleagues: never for families and visitors to the site
        visit_notes=visits.notes_of_item(piece) if signed_in else [],
        signpost_form=(signpost_form or SignpostForm(obj=piece)) if may_signpost else None), status


def _form(obj=None) -> PracticeForm:
    cluster_id = obj.cluster_id if obj else current_user.cluster_id
    schools = [obj.school] if obj else services.schools_to_write_for(current_user)
    cluster_schools = db.session.scalars(select(School).where(School.cluster_id == cluster_id)
                                         .order_by(School.name_en)).all()
    people = db.session.scalars(select(User).where(User.cluster_id == cluster_id, User.active,
                                                   User.role.in_((Role.STAFF, Role.LEADER, Role.ADMIN)))
                                .order_by(User.name)).all()
    activities = activities_by_term(cluster_id, [activity.id for activity in obj.activities] if obj else [])
    form = PracticeForm(obj=obj, schools=schools, cluster_schools=cluster_schools, people=people,
                        activities=activities, networks=sources_of(cluster_id))
    if obj is not None:
        form.school_id.data = obj.school_id  # a piece stays with the school it comes from
    if obj is not None and request.method == "GET":
        form.areas.data = [area.value for area in obj.areas]
        form.skills.data = [skill.value for skill in obj.skills]
        form.other_school_ids.data = [school.id for school in obj.other_schools]
        form.activity_ids.data = [activity.id for activity in obj.activities]
        form.strand.data = obj.strand.value
    return form


@bp.route("/new", methods=["GET", "POST"])
@allow(*WRITERS)
def new():
    """Write a piece of practice for your school: it starts as a draft your school's staff can see."""
    form = _form()
    if form.validate_on_submit():
        try:
            piece = services.save(current_user, None, form.data_for_service())
        except PracticeRefused as refused:
            show_refusal(form, refused)
        else:
            flash(_("Saved as a draft. A leader of your school can publish it to the cluster."), "success")
            return redirect_to(url_for("practice.item", item_id=piece.id))
    return render_template("practice/form.html", form=form, item=None), 422 if form.is_submitted() else 200


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@allow(*WRITERS)
def edit(item_id: int):
    """Change a piece of practice of your school."""
    piece = readable_piece(item_id)
    if not services.can_edit(current_user, piece):
        abort(403)
    form = _form(piece)
    if form.validate_on_submit():
        try:
            services.save(current_user, piece, form.data_for_service())
        except PracticeRefused as refused:
            show_refusal(form, refused)
        else:
            flash(_("Saved."), "success")
            return redirect_to(url_for("practice.item", item_id=piece.id))
    return render_template("practice/form.html", form=form, item=piece), 422 if form.is_submitted() else 200


@bp.route("/<int:item_id>/reach", methods=["POST"])
@allow(*SIGNED_IN)
def change_reach(item_id: int):
    """Publish to the cluster, take back to a draft, share with the authority or not, make public or not."""
    piece = readable_piece(item_id)
    change = request.form.get("change")
    actions = {
        "publish": lambda: services.publish(current_user, piece),
        "unpublish": lambda: services.unpublish(current_user, piece),
        "share": lambda: services.share_with_authority(current_user, piece, True),
        "unshare": lambda: services.share_with_authority(current_user, piece, False),
        "public": lambda: services.make_public(current_user, piece, True),
        "private": lambda: services.make_public(current_user, piece, False),
    }
    if change not in actions:
        abort(400)
    actions[change]()  # a refusal is answered by the app's handler: a 403 that says why
    flash(_("Saved."), "success")
    return redirect_to(url_for("practice.item", item_id=piece.id))


@bp.route("/<int:item_id>/signpost", methods=["POST"])
@allow(Role.OFFICER)
def signpost(item_id: int):
    """The officer features a piece for every cluster of the authority, with a note."""
    piece = readable_piece(item_id)
    form = SignpostForm()
    if not form.validate_on_submit():
        return item_page(piece, form, status=422)  # the note as typed, with what is wrong with it
    services.signpost(current_user, piece, form.featured.data, form.officer_note_en.data, form.officer_note_cy.data)
    flash(_("Saved."), "success")
    return redirect_to(url_for("practice.item", item_id=piece.id))

