"""Answering a survey, with no account: start, one page per section, review, send, thank you.

Every address after the start carries the draft's token, so a reload, the Back button or a
change of language finds the answers given so far.
"""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.access import private_page, public
from app.database import locks_its_own_writes
from app.errors import render_error
from app.extensions import limiter
from app.htmx import redirect_to, render_next, render_page
from app.i18n import current_language, other_language
from app.ratelimits import anonymous_address_key, own_answers_key, own_answers_limit, public_form_limit
from app.surveys import bp
from app.surveys.answering import (
    SurveyNotOpen,
    already_sent,
    draft_for,
    first_incomplete_section,
    is_shown,
    link_for,
    read_section,
    save_section,
    start_draft,
    submit,
)
from app.surveys.models import SurveyAudience, SurveyPhase
from app.surveys.register import for_pupils
from app.surveys.services import covers

#: the element the pages of the answering swap with htmx
MAIN = "survey-main"
#: in the browser's session: {link token: the token of the answers it began there}, so that going
#: back to the start page and pressing Start carries on with them
DRAFTS_KEPT = "survey_drafts"
limit_public_posts = limiter.limit(public_form_limit, key_func=anonymous_address_key, methods=["POST"])
#: one family's own answers in progress: a tighter limit of their own, shared with nobody
limit_own_answers = limiter.limit(own_answers_limit, key_func=own_answers_key, methods=["POST"])


def _link(token: str):
    link = link_for(token)
    if link is None or link.survey.phase == SurveyPhase.DRAFT or not covers(link.survey, link.school):
        abort(404)
    for_pupils(link.survey.audience == SurveyAudience.PUPILS)
    return link


def _needs_sign_in(survey) -> bool:
    return not survey.anonymous and not current_user.is_authenticated


def _not_for_this_person(link):
    """For a named survey, the page refusing a link of another school than the person's own, if so:
    their answers are counted for their own school, never one they chose from a link."""
    if link.survey.anonymous or current_user.school_id in (None, link.school_id):
        return None
    return render_error(403, (_l("This link is for another school"),
                              _l("Your answers count for your own school: use the link your school gave you.")))


def _closed_page(link):
    return render_template("surveys/answer/not_open.html", link=link, survey=link.survey,
                           phase=link.survey.phase), 200


@bp.route("/s/<token>", methods=["GET", "POST"])
@public
@locks_its_own_writes
@private_page
@limit_public_posts
def start(token: str):
    """The start page of a school's link; the Start button begins a draft."""
    link = _link(token)
    survey = link.survey
    if survey.phase != SurveyPhase.OPEN:
        return _closed_page(link)
    if _needs_sign_in(survey):
        return redirect(url_for("auth.sign_in", next=request.path))
    refused = _not_for_this_person(link)
    if refused:
        return refused
    kept = _kept_draft(link)
    if request.method == "POST":
        if kept is not None:  # Start again from the start page: carry on with the answers given
            incomplete = first_incomplete_section(survey, kept.answers or {})
            return _next_page(link, kept, survey.sections.index(incomplete) + 1 if incomplete else None)
        draft = start_draft(link, respondent_id=None if survey.anonymous else current_user.id)
        session.setdefault(DRAFTS_KEPT, {})[token] = draft.token
        session.modified = True
        return _next_page(link, draft, 1)
    return render_page("surveys/answer/start.html", "surveys/answer/_start.html", link=link, survey=survey,
                       kept=kept)


def _kept_draft(link):
    """The answers this browser began on this link and has not sent, if they are still kept."""
    draft_token = session.get(DRAFTS_KEPT, {}).get(link.token)
    draft = draft_for(link, draft_token) if draft_token else None
    # a named survey's answers belong to the person who began them
    if draft is not None and draft.respondent_id not in (None, getattr(current_user, "id", None)):
        return None
    return draft


def _answering(token: str, draft_token: str):
    """The link and draft of the answering in progress, or the page to show instead."""
    link = _link(token)
    if link.survey.phase != SurveyPhase.OPEN:
        return link, None, _closed_page(link)
    if _needs_sign_in(link.survey):
        return link, None, redirect(url_for("auth.sign_in", next=request.path))
    draft = draft_for(link, draft_token)
    # a named survey's answers in progress belong to the account that began them, and nobody else
    if draft is not None and not link.survey.anonymous and draft.respondent_id != current_user.id:
        abort(404)
    if draft is None:
        if already_sent(draft_token):
            return link, None, redirect(url_for("surveys.thanks", token=token))
        flash(_("Those answers are no longer here: unfinished answers are kept for a few days. "
                "Please start again."), "info")
        return link, None, redirect(url_for("surveys.start", token=token))
    return link, draft, None


@bp.route("/s/<token>/<draft_token>/<int:number>", methods=["GET", "POST"])
@public
@locks_its_own_writes
@private_page
@limit_public_posts
@limit_own_answers
def answer(token: str, draft_token: str, number: int):
    """One section of questions; Next checks and keeps the answers, Back keeps them unchecked."""
    link, draft, instead = _answering(token, draft_token)
    if instead is not None:
        return instead
    sections = link.survey.sections
    if not 1 <= number <= len(sections):
        abort(404)
    section = sections[number - 1]
    answers = draft.answers or {}
    errors = {}
    if request.method == "POST":
        going_back = request.form.get("go") == "back"
        switching = request.form.get("go") == "language"
        autosave = request.args.get("autosave") == "1"
        result = read_section(section, request.form, answers, check=not (going_back or switching or autosave))
        answers = {**answers, **result.values}
        if switching:  # the language switch is a button of this form: keep the page's answers first
            save_section(draft, section, result.values)
            here = url_for("surveys.answer", token=token, draft_token=draft_token, number=number)
            return redirect_to(url_for("main.switch_language", language=other_language(), next=here))
        if autosave:  # htmx, after a change that may show or hide a later question here
            save_section(draft, section, result.values)
            return render_template("surveys/answer/_conditional.html", section=section,
                                   answers=draft.answers, link=link, draft=draft, number=number)
        if result.errors:
            errors = result.errors
            answers = {**(draft.answers or {}), **result.values, **result.typed}
        else:
            save_section(draft, section, result.values)
            if going_back and number == 1:
                return redirect_to(url_for("surveys.start", token=token), swap_into=MAIN)
            return _next_page(link, draft, number - 1 if going_back else number + 1 if number < len(sections)
                              else None)
    return render_page("surveys/answer/section.html", "surveys/answer/_section.html", 422 if errors else 200,
                       **_section_context(link, draft, number, answers, errors))


def _section_context(link, draft, number: int, answers: dict, errors: dict) -> dict:
    return {"link": link, "survey": link.survey, "draft": draft, "section": link.survey.sections[number - 1],
            "number": number, "answers": answers, "errors": errors, "switch_form": "section-form"}


def _review_context(link, draft) -> dict:
    answers = draft.answers or {}
    return {"link": link, "survey": link.survey, "draft": draft, "answers": answers, "is_shown": is_shown,
            "incomplete": first_incomplete_section(link.survey, answers)}


def _next_page(link, draft, number: int | None):
    """Section `number` (None: the review page) after a step that succeeded: with htmx, in this same
    answer, so that a phone waits for one round trip per step rather than two."""
    if number is None:
        return render_next(url_for("surveys.review", token=link.token, draft_token=draft.token),
                           "surveys/answer/review.html", "surveys/answer/_review.html", **_review_context(link, draft))
    return render_next(url_for("surveys.answer", token=link.token, draft_token=draft.token, number=number),
                       "surveys/answer/section.html", "surveys/answer/_section.html",
                       **_section_context(link, draft, number, draft.answers or {}, {}))


@bp.route("/s/<token>/<draft_token>/review", methods=["GET", "POST"])
@public
@locks_its_own_writes
@private_page
@limit_public_posts
@limit_own_answers
def review(token: str, draft_token: str):
    """Every answer on one page to check, with a way back to each section; then Send."""
    link, draft, instead = _answering(token, draft_token)
    if instead is not None:
        return instead
    context = _review_context(link, draft)
    if request.method == "POST":
        if context["incomplete"] is not None:
            flash(_("Some questions on this page still need an answer."), "error")
            return redirect_to(url_for("surveys.answer", token=token, draft_token=draft_token,
                                       number=link.survey.sections.index(context["incomplete"]) + 1), swap_into=MAIN)
        survey = link.survey
        try:
            submit(link, draft, current_language())
        except SurveyNotOpen:
            return _closed_page(link)
        return render_next(url_for("surveys.thanks", token=token), "surveys/answer/thanks.html",
                           "surveys/answer/_thanks.html", link=link, survey=survey)
    return render_page("surveys/answer/review.html", "surveys/answer/_review.html", **context)


@bp.route("/s/<token>/thanks")
@public
@private_page
def thanks(token: str):
    """Thank you: the answers are in."""
    link = _link(token)
    return render_page("surveys/answer/thanks.html", "surveys/answer/_thanks.html", link=link,
                       survey=link.survey)
