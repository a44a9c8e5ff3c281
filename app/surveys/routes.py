"""Building, running and sharing surveys (signed in): the list, the builder, links and QR slips."""

from datetime import timedelta

from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import SIGNED_IN, allow, in_own_cluster, public
from app.auth.models import Role
from app.calendar.models import Activity
from app.calendar.services import activities_by_term, activity_label
from app.clock import today
from app.clusters.models import School
from app.errors import show_refusal
from app.exports import download
from app.extensions import db
from app.htmx import is_htmx_request, redirect_to, render_page
from app.i18n import current_language, localized_column, plain_localized
from app.links import public_url
from app.qr import qr_svg
from app.surveys import bp
from app.surveys.answering import read_section
from app.surveys.exports import HEADER_LANGUAGES, TooFewToExport, response_rows, summary_rows
from app.surveys.forms import QuestionForm, SectionForm, SurveySettingsForm, YouSaidForm
from app.surveys.models import Choice, Question, QuestionKind, Section, Survey, SurveyStateError
from app.surveys.presenting import option_words
from app.surveys.results import LANGUAGES, Disclosure, earlier_survey, question_result, school_rows
from app.surveys.services import (
    DEFAULT_OPEN_DAYS,
    ChangeRefused,
    add_section,
    ask_quick_feedback,
    can_read_results,
    can_run,
    change_state,
    create_from_template,
    delete_choice,
    delete_question,
    delete_section,
    ensure_links,
    has_responses,
    move,
    save_question,
    save_settings,
    save_you_said_text,
    surveys_for,
    template_choices,
)

BUILDERS = (Role.ADMIN, Role.LEADER, Role.STAFF)


def _survey(survey_id: int) -> Survey:
    """The survey if the person may build it; 404 for another cluster's, 403 for a school's not theirs."""
    survey = in_own_cluster(Survey, survey_id)
    if not can_run(current_user, survey):
        abort(403)
    return survey


def _in_survey(survey: Survey, model, item_id: int):
    """A section, question or choice of this survey, or 404."""
    item = db.session.get(model, item_id)
    section = {Section: lambda: item, Question: lambda: item.section,
               Choice: lambda: item.question.section}[model]() if item else None
    if item is None or section.survey_id != survey.id:
        abort(404)
    return item


def _schools() -> list[School]:
    return db.session.scalars(select(School).where(School.cluster_id == current_user.cluster_id)
                              .order_by(localized_column(School, "name"))).all()


@bp.route("/surveys/")
@allow(*SIGNED_IN)
def index():
    """The surveys a person may see, newest first, with where each stands."""
    return render_template("surveys/index.html", surveys=surveys_for(current_user), can_run=can_run)


@bp.route("/surveys/new", methods=["GET", "POST"])
@allow(*BUILDERS)
def new():
    """Start a survey from a ready-made template in one click, or from a blank page."""
    activities = activities_by_term(current_user.cluster_id)
    if request.method == "POST":
        key = request.form.get("template", "")
        if key not in dict(template_choices()):
            abort(400)
        activity_id = request.form.get("activity_id", type=int)
        if activity_id not in {activity.id for _term, items in activities for activity in items}:
            activity_id = None
        survey = create_from_template(current_user, key, activity_id)
        flash(_("The survey is ready as a draft: check it, then publish it."), "success")
        return redirect_to(url_for("surveys.build", survey_id=survey.id))
    return render_template("surveys/new.html", templates=template_choices(), activities=activities,
                           activity_label=activity_label)


@bp.route("/surveys/new/blank", methods=["GET", "POST"])
@allow(*BUILDERS)
def new_blank():
    """Start a survey with your own questions."""
    return _settings_form(Survey())


@bp.route("/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
@allow(*BUILDERS)
def settings(survey_id: int):
    """Change a survey's titles, audience, schools, dates and activity."""
    return _settings_form(_survey(survey_id))


def _settings_form(survey: Survey):
    schools = _schools()
    activities = activities_by_term(current_user.cluster_id, [survey.activity_id] if survey.activity_id else [])
    # a new survey opens today and runs for the usual time, as one made from a template does
    form = SurveySettingsForm(obj=survey if survey.id else None, schools=schools, activities=activities,
                              **({"school_ids": [s.id for s in survey.schools],
                                  "all_schools": "1" if survey.all_schools else "0",
                                  "audience": survey.audience.value} if survey.id else
                                 {"opens_on": today(), "closes_on": today() + timedelta(days=DEFAULT_OPEN_DAYS)}))
    if form.validate_on_submit():
        chosen = [school for school in schools if school.id in (form.school_ids.data or [])]
        try:
            save_settings(current_user, survey, form.data, chosen)
        except ChangeRefused as refused:
            show_refusal(form, refused)
        else:
            flash(_("The survey is saved."), "success")
            return redirect_to(url_for("surveys.build", survey_id=survey.id))
    status = 422 if form.is_submitted() else 200
    return render_template("surveys/settings.html", form=form, survey=survey,
                           staff=current_user.role == Role.STAFF), status


@bp.route("/surveys/<int:survey_id>")
@allow(*BUILDERS)
def build(survey_id: int):
    """The builder: where the survey stands, its sections and questions, and what to do next."""
    survey = _survey(survey_id)
    return render_page("surveys/build.html", "surveys/_builder.html", survey=survey,
                       answered=has_responses(survey), section_form=SectionForm())


def _back_to_builder(survey: Survey, message: str | None = None, error: str | None = None):
    """After a change in the builder: the builder again (just its list, for htmx)."""
    if is_htmx_request():
        return render_template("surveys/_builder.html", survey=survey, answered=has_responses(survey),
                               section_form=SectionForm(), message=message, error=error), 422 if error else 200
    if error:
        flash(error, "error")
    elif message:
        flash(message, "success")
    return redirect_to(url_for("surveys.build", survey_id=survey.id))


@bp.route("/surveys/<int:survey_id>/state", methods=["POST"])
@allow(*BUILDERS)
def state(survey_id: int):
    """Publish, close or reopen the survey."""
    survey = _survey(survey_id)
    change = request.form.get("change", "")
    if change not in ("publish", "close", "reopen"):
        abort(400)
    try:
        change_state(current_user, survey, change)
    except SurveyStateError:
        abort(409)
    except ChangeRefused as refused:
        return _back_to_builder(survey, error=str(refused.message))
    messages = {"publish": _("The survey is published. Share its links with the schools."),
                "close": _("The survey is closed: it takes no more answers."),
                "reopen": _("The survey is open again for a week.")}
    return _back_to_builder(survey, message=messages[change])


@bp.route("/surveys/<int:survey_id>/sections", methods=["POST"])
@allow(*BUILDERS)
def new_section(survey_id: int):
    """Add a section (a page of questions) at the end."""
    survey = _survey(survey_id)
    form = SectionForm()
    if not form.validate_on_submit():
        return _back_to_builder(survey, error=_("Section titles may have up to 200 characters."))
    add_section(current_user, survey, form.title_en.data, form.title_cy.data)
    return _back_to_builder(survey, message=_("The section is added."))


@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>", methods=["GET", "POST"])
@allow(*BUILDERS)
def edit_section(survey_id: int, section_id: int):
    """Rename a section."""
    survey = _survey(survey_id)
    section = _in_survey(survey, Section, section_id)
    form = SectionForm(obj=section)
    if form.validate_on_submit():
        section.title_en, section.title_cy = form.title_en.data, form.title_cy.data
        db.session.commit()
        return _back_to_builder(survey, message=_("The section is saved."))
    return render_template("surveys/section_form.html", survey=survey, section=section, form=form), \
        422 if form.is_submitted() else 200


#: the parts of a survey the builder moves and removes, by the name in their address
BUILDER_ITEMS = {"sections": Section, "questions": Question, "choices": Choice}


def _builder_item(survey: Survey, kind: str, item_id: int):
    model = BUILDER_ITEMS.get(kind)
    if model is None:
        abort(404)
    return model, _in_survey(survey, model, item_id)


def _after_item_change(survey: Survey, model, question_id: int | None, message=None, error=None):
    """Back where the change was made: a choice's question page, or the builder."""
    if model is Choice:
        if error:
            flash(error, "error")
        return redirect_to(url_for("surveys.edit_question", survey_id=survey.id, question_id=question_id))
    return _back_to_builder(survey, message=message, error=error)


@bp.route("/surveys/<int:survey_id>/<kind>/<int:item_id>/move", methods=["POST"])
@allow(*BUILDERS)
def move_item(survey_id: int, kind: str, item_id: int):
    """Move a section, question or choice up or down (buttons that work with or without JavaScript)."""
    survey = _survey(survey_id)
    model, item = _builder_item(survey, kind, item_id)
    siblings = {Section: lambda: survey.sections, Question: lambda: item.section.questions,
                Choice: lambda: item.question.choices}[model]()
    move(current_user, survey, siblings, item, -1 if request.form.get("direction") == "up" else 1)
    return _after_item_change(survey, model, getattr(item, "question_id", None))


@bp.route("/surveys/<int:survey_id>/<kind>/<int:item_id>/delete", methods=["POST"])
@allow(*BUILDERS)
def delete_item(survey_id: int, kind: str, item_id: int):
    """Remove a section, question or choice, unless answers already depend on it."""
    survey = _survey(survey_id)
    model, item = _builder_item(survey, kind, item_id)
    question_id = getattr(item, "question_id", None)
    try:
        {Section: delete_section, Question: delete_question, Choice: delete_choice}[model](current_user, survey, item)
    except ChangeRefused as refused:
        return _after_item_change(survey, model, question_id, error=str(refused.message))
    return _after_item_change(survey, model, question_id, message=_("Removed."))


def _controllers(survey: Survey, question: Question, section: Section):
    """(question, value, label) for each answer that may decide whether `question` is shown: the
    answers of the one-choice and yes/no questions that come before it."""
    if question.id is None:  # a new question goes at the end of its section
        earlier = [q for each in survey.sections[: survey.sections.index(section) + 1] for q in each.questions]
    else:
        ordered = survey.questions
        earlier = ordered[: ordered.index(question)]
    found = []
    for each in earlier:
        if each.kind.rules.can_control:
            found += [(each, value, option_words(each, label)) for value, label in each.options()]
    return found


@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>/questions/new", methods=["GET", "POST"])
@allow(*BUILDERS)
def new_question(survey_id: int, section_id: int):
    """Add a question at the end of a section."""
    survey = _survey(survey_id)
    section = _in_survey(survey, Section, section_id)
    return _question_form(survey, section, Question())


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@allow(*BUILDERS)
def edit_question(survey_id: int, question_id: int):
    """Change a question's wording, kind, help, bounds, choices and condition."""
    survey = _survey(survey_id)
    question = _in_survey(survey, Question, question_id)
    return _question_form(survey, question.section, question)


def _question_form(survey: Survey, section: Section, question: Question):
    controllers = _controllers(survey, question, section)
    allowed = {f"{q.id}:{value}": (q.id, value) for q, value, _label in controllers}
    current = f"{question.condition_question_id}:{question.condition_value}" if question.condition_question_id else ""
    form = QuestionForm(obj=question if question.id else None, controllers=controllers,
                        **({"kind": question.kind.value, "condition": current} if question.id
                           else {"kind": request.args.get("kind", QuestionKind.SINGLE.value)}))
    if form.validate_on_submit():
        data = {**form.data, "kind": form.kind.data, "condition": allowed.get(form.condition.data),
                "new_choices": form.new_choice_pairs() if QuestionKind(form.kind.data).rules.has_choices else [],
                "choice_labels": {choice.id: (request.form.get(f"choice-{choice.id}-en", "").strip()[:200],
                                              request.form.get(f"choice-{choice.id}-cy", "").strip()[:200])
                                  for choice in question.choices}}
        if form.condition.data and data["condition"] is None:
            form.condition.errors.append(_("Choose one of the answers listed"))
        else:
            try:
                save_question(current_user, survey, section, question, data)
            except ChangeRefused as refused:
                show_refusal(form, refused)
                question = question if question.id else Question()  # nothing half-made on the page
            else:
                flash(_("The question is saved."), "success")
                return redirect_to(url_for("surveys.build", survey_id=survey.id) + f"#question-{question.id}")
    return render_template("surveys/question_form.html", survey=survey, section=section, question=question,
                           form=form, answered=has_responses(survey)), 422 if form.is_submitted() else 200


@bp.route("/surveys/<int:survey_id>/preview/<int:number>", methods=["GET", "POST"])
@allow(*BUILDERS)
def preview(survey_id: int, number: int):
    """The survey as a respondent sees it, in either language; nothing is kept."""
    survey = _survey(survey_id)
    if not 1 <= number <= len(survey.sections):
        abort(404)
    section = survey.sections[number - 1]
    answers, errors = {}, {}
    if request.method == "POST":
        result = read_section(section, request.form, {})
        answers, errors = result.values, result.errors
    return render_template("surveys/preview.html", survey=survey, section=section, number=number,
                           answers=answers, errors=errors), 422 if errors else 200


@bp.route("/surveys/<int:survey_id>/links")
@allow(*BUILDERS)
def links(survey_id: int):
    """Each school's link and QR code, to copy or print."""
    survey = _survey(survey_id)
    return render_template("surveys/links.html", survey=survey, links=_links_with_codes(survey))


@bp.route("/surveys/<int:survey_id>/slips")
@allow(*BUILDERS)
def slips(survey_id: int):
    """Printable bilingual slips, several to an A4 page, for every school (or one)."""
    survey = _survey(survey_id)
    school_id = request.args.get("school", type=int)
    chosen = [item for item in _links_with_codes(survey) if school_id in (None, item[0].school_id)]
    return render_template("surveys/slips.html", survey=survey, links=chosen,
                           copies=max(1, min(request.args.get("copies", 4, type=int), 12)))


def _links_with_codes(survey: Survey):
    """(link, full address, QR code as SVG) for each school the survey asks."""
    result = []
    for link in ensure_links(survey):
        address = public_url("surveys.start", token=link.token)
        result.append((link, address, qr_svg(address, plain_localized(link.school, "name"))))
    return result


def readable_piece(survey_id: int) -> Survey:
    """The survey if the person may read its results (builders, governors, the authority's officers)."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    if not can_read_results(current_user, survey):
        abort(404 if survey.cluster_id != current_user.cluster_id else 403)
    return survey


@bp.route("/surveys/<int:survey_id>/results")
@allow(*SIGNED_IN)
def results(survey_id: int):
    """Responses per school, and each question's answers: counts, shares, means, charts, free text."""
    survey = readable_piece(survey_id)
    disclosure = Disclosure.of(survey)
    school = next((s for s in disclosure.schools if s.id == request.args.get("school", type=int)), None)
    language = request.args.get("language") if request.args.get("language") in LANGUAGES else None
    # answers are shown for a school or for a language, never for both at once: a school's
    # answers in one language could be a handful of families
    language_set_aside = language if school else None
    language = None if school else language
    group = disclosure.scope(school.id if school else None, language)
    search = request.args.get("q", "").strip()[:100]
    return render_page("surveys/results.html", "surveys/_results.html", survey=survey, schools=disclosure.schools,
                       school=school, total=group, school_rows=school_rows(survey, disclosure),
                       languages=None if school else {code: disclosure.language(code) for code in LANGUAGES},
                       questions=[question_result(survey, question, group, school.id if school else None,
                                                  search, language, disclosure) for question in survey.questions],
                       language=language, language_set_aside=language_set_aside,
                       earlier=earlier_survey(survey) if school is None and language is None else None,
                       search=search, manage=can_run(current_user, survey), you_said=YouSaidForm(obj=survey))


@bp.route("/surveys/<int:survey_id>/results/count")
@allow(*SIGNED_IN)
def results_count(survey_id: int):
    """The live count of responses per school (htmx asks for it every few seconds)."""
    survey = readable_piece(survey_id)
    return render_template("surveys/_response_counts.html", survey=survey,
                           school_rows=school_rows(survey, Disclosure.of(survey)))


@bp.route("/surveys/<int:survey_id>/responses.<fmt>")
@allow(*SIGNED_IN)
def export_responses(survey_id: int, fmt: str):
    """Every response, one row each (CSV or XLSX), headers in English, Welsh or both."""
    survey = readable_piece(survey_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    headers = request.args.get("headers", current_language())
    try:
        rows = response_rows(survey, headers if headers in HEADER_LANGUAGES else "en")
    except TooFewToExport:
        flash(_("There are fewer than %(num)d responses, so they cannot be downloaded yet: the answers "
                "could show who gave them.", num=current_app.config["SUPPRESSION_THRESHOLD"]), "error")
        return redirect_to(url_for("surveys.results", survey_id=survey.id))
    return download(rows, fmt, f"survey-{survey.id}-responses", plain_localized(survey, "title"))


@bp.route("/surveys/<int:survey_id>/summary.csv")
@allow(*SIGNED_IN)
def export_summary(survey_id: int):
    """The counts and shares per question, overall and per school, hidden as on screen."""
    survey = readable_piece(survey_id)
    return download(summary_rows(survey), "csv", f"survey-{survey.id}-summary")


@bp.route("/surveys/<int:survey_id>/you-said", methods=["POST"])
@allow(*BUILDERS)
def save_you_said(survey_id: int):
    """Write, change or publish the leaders' answer to a survey's results."""
    survey = _survey(survey_id)
    form = YouSaidForm()
    if form.validate_on_submit():
        save_you_said_text(current_user, survey, form.data)
        flash(_("“You said, we did” is saved.") if not survey.you_said_published
              else _("“You said, we did” is saved and public."), "success")
    else:
        flash(_("Each text may have up to 4,000 characters."), "error")
    return redirect_to(url_for("surveys.results", survey_id=survey.id) + "#you-said")


@bp.route("/you-said/<int:survey_id>")
@public
def you_said(survey_id: int):
    """The public page of a survey: what people said (in headline figures) and what the schools did."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or not survey.you_said_published:
        abort(404)
    total = Disclosure.of(survey).whole
    headline = [question_result(survey, question, total) for question in survey.questions
                if question.kind.rules.points or question.kind.rules.can_control]
    return render_template("surveys/you_said.html", survey=survey, total=total, headline=headline)


@bp.route("/surveys/quick/<int:activity_id>", methods=["POST"])
@allow(Role.ADMIN, Role.LEADER)
def quick_feedback(activity_id: int):
    """Ask how a calendar activity went, in one click from its page."""
    activity = in_own_cluster(Activity, activity_id)
    ask_quick_feedback(current_user, activity)
    flash(_("Quick feedback is open for two weeks. Share the links, or print the slips, from Surveys."), "success")
    return redirect_to(url_for("calendar.activity", cluster=current_user.cluster.slug, activity_id=activity.id)
                       + "#feedback")
