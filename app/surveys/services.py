"""Building and running surveys: templates, links per school, the lifecycle, editing questions.

Once a survey has responses, a change that would make the answers already given wrong or
meaningless is refused with the reason (ChangeRefused); rewording, reordering and adding
optional questions stay possible.
"""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import clock
from app.audit.services import pending_changes, record_event
from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.calendar.models import Activity
from app.clusters.models import Cluster, School
from app.database import lock_for_write, locked
from app.errors import Refused
from app.extensions import db
from app.surveys.models import (
    Choice,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyAudience,
    SurveyLink,
    SurveyState,
)
from app.surveys.template_data import TEMPLATES
from app.tokens import new_token

#: how long a survey made from a template stays open unless the leader says otherwise
DEFAULT_OPEN_DAYS = 28
SURVEY_FIELDS = ("title_en", "title_cy", "intro_en", "intro_cy", "audience", "all_schools", "anonymous",
                 "opens_on", "closes_on", "activity_id", "state")


class ChangeRefused(Refused):
    """A change the survey cannot take."""


LOCKED_BY_RESPONSES = _l("People have already answered this survey, so this would make their answers wrong. "
                         "You can still reword questions and choices, reorder them, and add optional questions.")


def can_run(user: User, survey: Survey) -> bool:
    """Leaders and admins run the cluster's surveys; staff run their own school's."""
    if not user.is_authenticated or user.cluster_id != survey.cluster_id:
        return False
    if user.role in (Role.ADMIN, Role.LEADER):
        return True
    return user.role == Role.STAFF and survey.school is not None and can_change_school_records(user, survey.school)


def can_read_results(user: User, survey: Survey) -> bool:
    """Those who run it, the cluster's governors (read-only), and the authority's officers."""
    if can_run(user, survey):
        return True
    if user.role == Role.GOVERNOR:
        return user.cluster_id == survey.cluster_id
    if user.role == Role.OFFICER:
        cluster = db.session.get(Cluster, survey.cluster_id)
        return cluster is not None and cluster.authority_id == user.authority_id
    return False


def surveys_for(user: User) -> list[Survey]:
    """The surveys a person may open: their cluster's (staff: cluster ones and their school's)."""
    query = select(Survey).options(selectinload(Survey.school)).order_by(Survey.opens_on.desc(), Survey.id.desc())
    if user.role == Role.OFFICER:
        query = query.join(Cluster, Cluster.id == Survey.cluster_id).where(Cluster.authority_id == user.authority_id)
    else:
        query = query.where(Survey.cluster_id == user.cluster_id)
        if user.role == Role.STAFF:
            query = query.where((Survey.school_id.is_(None)) | (Survey.school_id == user.school_id))
    return db.session.scalars(query).all()


def covered_schools(survey: Survey) -> list[School]:
    """The schools a survey asks: its own school, the whole cluster, or those chosen."""
    if survey.school_id is not None:
        return [survey.school]
    if survey.all_schools:
        return db.session.scalars(select(School).where(School.cluster_id == survey.cluster_id)
                                  .order_by(School.name_en)).all()
    return list(survey.schools)


def covers(survey: Survey, school: School) -> bool:
    """Whether the survey asks this school (as covered_schools would say, without reading them all)."""
    if survey.school_id is not None:
        return school.id == survey.school_id
    if survey.all_schools:
        return school.cluster_id == survey.cluster_id
    return school in survey.schools


def _add_missing_links(survey: Survey) -> list[School]:
    """Add (without committing) a link for each covered school that has none; the schools covered."""
    schools = covered_schools(survey)
    have = {link.school_id for link in survey.links}
    for school in schools:
        if school.id not in have:
            db.session.add(SurveyLink(survey=survey, school_id=school.id, token=new_token()))
    return schools


def ensure_links(survey: Survey) -> list[SurveyLink]:
    """One link per school the survey covers, made the first time it is needed.

    Two people opening the links at the same moment may both try to make them; the unique
    constraint keeps one, and the other simply reads it.
    """
    schools = _add_missing_links(survey)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    wanted = {school.id for school in schools}
    links = db.session.scalars(select(SurveyLink).where(SurveyLink.survey_id == survey.id)
                               .options(selectinload(SurveyLink.school))).all()
    return sorted((link for link in links if link.school_id in wanted), key=lambda link: link.school.name_en)


def has_responses(survey: Survey) -> bool:
    return db.session.scalar(select(Response.id).where(Response.survey_id == survey.id).limit(1)) is not None


def _refuse_if_answered(survey: Survey) -> None:
    if has_responses(survey):
        raise ChangeRefused(LOCKED_BY_RESPONSES)


def template_choices() -> list[tuple[str, dict]]:
    """The ready-made surveys, in the order they are offered."""
    return list(TEMPLATES.items())


def create_from_template(actor: User, key: str, activity_id: int | None = None) -> Survey:
    """A whole bilingual survey from a template, as a draft open for four weeks from today."""
    survey = _build_from_template(actor, key, activity_id)
    db.session.commit()
    return survey


def _build_from_template(actor: User, key: str, activity_id: int | None) -> Survey:
    """The survey of a template, added to the session and flushed, not committed."""
    template = TEMPLATES[key]
    today = clock.today()
    survey = Survey(cluster_id=actor.cluster_id, title_en=template["title_en"], title_cy=template["title_cy"],
                    intro_en=template["intro_en"], intro_cy=template["intro_cy"],
                    audience=SurveyAudience(template["audience"]), anonymous=True, all_schools=True,
                    opens_on=today, closes_on=today + timedelta(days=DEFAULT_OPEN_DAYS),
                    created_by_id=actor.id, activity_id=activity_id)
    if actor.role == Role.STAFF:
        survey.school_id = actor.school_id
    by_key: dict[str, Question] = {}
    for section_position, section_data in enumerate(template["sections"]):
        section = Section(position=section_position, title_en=section_data["title_en"],
                          title_cy=section_data["title_cy"])
        for position, data in enumerate(section_data["questions"]):
            question = Question(position=position, kind=QuestionKind(data["kind"]), text_en=data["text_en"],
                                text_cy=data["text_cy"], help_en=data["help_en"], help_cy=data["help_cy"],
                                required=data["required"], min_value=data["min"], max_value=data["max"],
                                allow_other=data["allow_other"],
                                choices=[Choice(position=n, label_en=c["label_en"], label_cy=c["label_cy"])
                                         for n, c in enumerate(data["choices"])])
            section.questions.append(question)
            by_key[data["key"]] = question
        survey.sections.append(section)
    db.session.add(survey)
    db.session.flush()
    _link_conditions(template, by_key)
    record_event(actor, "created", survey, survey.title_en, survey.cluster_id, {"template": [None, key]})
    return survey


def _link_conditions(template: dict, by_key: dict[str, Question]) -> None:
    """Turn a template's "show if" (by question key and answer) into ids, now that there are ids."""
    for section_data in template["sections"]:
        for data in section_data["questions"]:
            show_if = data["show_if"]
            if not show_if:
                continue
            controller = by_key[show_if["question"]]
            answer = show_if["answer"]
            value = {"yes": 1, "no": 0}[answer] if isinstance(answer, str) else controller.choices[answer].id
            by_key[data["key"]].condition_question_id = controller.id
            by_key[data["key"]].condition_value = value


def save_settings(actor: User, survey: Survey, data: dict, schools: list[School]) -> Survey:
    """Create or change a survey's titles, audience, schools, dates and linked activity."""
    is_new = survey.id is None
    audience = SurveyAudience(data["audience"])
    # only adults' surveys may keep names
    anonymous = audience not in (SurveyAudience.STAFF, SurveyAudience.GOVERNORS) or bool(data["anonymous"])
    if not is_new and (audience != survey.audience or anonymous != survey.anonymous) and has_responses(survey):
        raise ChangeRefused(_l("People have already answered this survey: its audience and whether it "
                               "is anonymous cannot change now, or their answers would be counted wrongly."))
    for name in ("title_en", "title_cy", "intro_en", "intro_cy", "opens_on", "closes_on"):
        setattr(survey, name, data[name])
    survey.audience = audience
    survey.anonymous = anonymous
    survey.activity_id = data["activity_id"]
    if actor.role == Role.STAFF:
        survey.school_id = actor.school_id
        survey.all_schools = True
    else:
        survey.all_schools = data["all_schools"]
        survey.schools = [] if survey.all_schools else schools
    if is_new:
        survey.cluster_id = actor.cluster_id
        survey.created_by_id = actor.id
        survey.sections = [Section(position=0, title_en="", title_cy="")]
        db.session.add(survey)
    changes = pending_changes(survey, SURVEY_FIELDS)
    db.session.flush()
    if changes:
        record_event(actor, "created" if is_new else "updated", survey, survey.title_en or survey.title_cy,
                     survey.cluster_id, changes)
    db.session.commit()
    return survey


def change_state(actor: User, survey: Survey, change: str, closes_on: date | None = None) -> None:
    """Publish, close or reopen, as the survey's lifecycle allows (SurveyStateError otherwise).

    Under the write lock, so that of two people pressing Publish at once, the second is told
    it is published already rather than publishing it again.
    """
    survey_id = survey.id
    lock_for_write()
    survey = locked(Survey, survey_id)
    _apply_change(actor, survey, change, closes_on)
    db.session.commit()


def _apply_change(actor: User, survey: Survey, change: str, closes_on: date | None = None) -> None:
    """The state change itself, and its audit event, inside the caller's transaction."""
    before = survey.state
    if change == "publish":
        if not survey.questions:
            raise ChangeRefused(_l("Add at least one question before you publish the survey."))
        survey.publish()
        _add_missing_links(survey)
    elif change == "close":
        survey.close()
    elif change == "reopen":
        survey.reopen(closes_on or clock.today() + timedelta(days=7))
    record_event(actor, change, survey, survey.title_en or survey.title_cy, survey.cluster_id,
                 {"state": [before.value, survey.state.value]})


def _renumber(items) -> None:
    for position, item in enumerate(items):
        item.position = position


def move(actor: User, survey: Survey, items: list, item, direction: int) -> None:
    """Move a section, question or choice one place up (-1) or down (+1) among its siblings.

    The two swap positions; the list itself is left alone, because putting an item into a
    relationship list where another stood counts as removing that one, and removed sections,
    questions and choices are deleted.
    """
    index = items.index(item)
    target = index + direction
    if 0 <= target < len(items):
        _renumber(items)
        items[index].position, items[target].position = target, index
        record_event(actor, "reordered", survey, survey.title_en or survey.title_cy, survey.cluster_id)
        db.session.commit()


def add_section(actor: User, survey: Survey, title_en: str, title_cy: str) -> Section:
    """Add a page at the end of the survey."""
    section = Section(position=len(survey.sections), title_en=title_en, title_cy=title_cy)
    survey.sections.append(section)
    db.session.commit()
    return section


def delete_section(actor: User, survey: Survey, section: Section) -> None:
    """Remove an empty page, or any page of a survey nobody has answered."""
    if section.questions:
        _refuse_if_answered(survey)
    if len(survey.sections) == 1:
        raise ChangeRefused(_l("A survey needs at least one section."))
    survey.sections.remove(section)
    _renumber(survey.sections)
    record_event(actor, "updated", survey, survey.title_en or survey.title_cy, survey.cluster_id,
                 {"section": [section.title_en or section.title_cy, None]})
    db.session.commit()


def save_question(actor: User, survey: Survey, section: Section, question: Question, data: dict) -> Question:
    """Create or change a question; once answered, only its wording (and new choices) may change."""
    is_new = question.id is None
    kind = QuestionKind(data["kind"])
    if kind.rules.has_choices and len(question.choices) + len(data["new_choices"]) < 2:
        raise ChangeRefused(_l("A choice question needs at least two choices: add them below."))
    answered = has_responses(survey)
    if answered:
        if is_new and data["required"]:
            raise ChangeRefused(_l("People have already answered this survey, so a new question must be "
                                   "optional: the answers already sent do not have it."))
        if not is_new and (QuestionKind(data["kind"]) != question.kind or data["min_value"] != question.min_value
                           or data["max_value"] != question.max_value
                           or (data["required"] and not question.required)
                           or data["condition"] != _condition_of(question)):
            raise ChangeRefused(LOCKED_BY_RESPONSES)
    for name in ("text_en", "text_cy", "help_en", "help_cy", "required", "min_value", "max_value",
                 "allow_other"):
        setattr(question, name, data[name])
    question.kind = kind
    question.condition_question_id, question.condition_value = data["condition"] or (None, None)
    if is_new:
        question.position = len(section.questions)
        section.questions.append(question)
    for choice in question.choices:
        choice.label_en, choice.label_cy = data["choice_labels"].get(choice.id, (choice.label_en, choice.label_cy))
    for label_en, label_cy in data["new_choices"]:
        question.choices.append(Choice(position=len(question.choices), label_en=label_en, label_cy=label_cy))
    db.session.flush()
    record_event(actor, "updated", survey, survey.title_en or survey.title_cy, survey.cluster_id,
                 {"question": [None if is_new else question.text_en, question.text_en or question.text_cy]})
    db.session.commit()
    return question


def _condition_of(question: Question):
    if question.condition_question_id is None:
        return None
    return (question.condition_question_id, question.condition_value)


def delete_question(actor: User, survey: Survey, question: Question) -> None:
    """Remove a question from a survey nobody has answered."""
    _refuse_if_answered(survey)
    if db.session.scalar(select(func.count(Question.id)).where(Question.condition_question_id == question.id)):
        raise ChangeRefused(_l("Another question is shown only after an answer to this one. "
                               "Change that question first."))
    section = question.section
    section.questions.remove(question)
    _renumber(section.questions)
    record_event(actor, "updated", survey, survey.title_en or survey.title_cy, survey.cluster_id,
                 {"question": [question.text_en or question.text_cy, None]})
    db.session.commit()


def delete_choice(actor: User, survey: Survey, choice: Choice) -> None:
    """Remove a choice from a survey nobody has answered."""
    _refuse_if_answered(survey)
    question = choice.question
    if len(question.choices) <= 2:
        raise ChangeRefused(_l("A choice question needs at least two choices."))
    question.choices.remove(choice)
    _renumber(question.choices)
    db.session.commit()


def save_you_said_text(actor: User, survey: Survey, data: dict) -> None:
    """Keep the leaders' "You said, we did" text, and whether the public may see it."""
    survey.you_said_en, survey.you_said_cy = data["you_said_en"], data["you_said_cy"]
    survey.you_said_published = bool(data["you_said_published"]) and bool(data["you_said_en"] or data["you_said_cy"])
    changes = pending_changes(survey, ("you_said_en", "you_said_cy", "you_said_published"))
    if changes:
        record_event(actor, "updated", survey, survey.title_en or survey.title_cy, survey.cluster_id, changes)
    db.session.commit()


#: how long quick feedback on an activity stays open
QUICK_FEEDBACK_DAYS = 14


def ask_quick_feedback(actor: User, activity: Activity) -> Survey:
    """A three-face "How was it?" survey about an activity, open now for two weeks, for the people it
    was for: families and pupils for a public activity, staff otherwise."""
    activity_id = activity.id
    lock_for_write()
    activity = locked(Activity, activity_id)
    # the activity's page offers this only while no survey about it is open
    existing = db.session.scalar(select(Survey).where(Survey.activity_id == activity_id, Survey.is_open))
    if existing is not None:  # asked a moment ago by someone else
        return existing
    # built and published in this one locked transaction, so a second asker sees it open
    survey = _build_from_template(actor, "quick_feedback", activity.id)
    survey.audience = SurveyAudience.FAMILIES if activity.is_public else SurveyAudience.STAFF
    survey.title_en = f"{survey.title_en}: {activity.title_en or activity.title_cy}"[:200]
    survey.title_cy = f"{survey.title_cy}: {activity.title_cy or activity.title_en}"[:200]
    survey.closes_on = clock.today() + timedelta(days=QUICK_FEEDBACK_DAYS)
    if not activity.all_schools:
        survey.all_schools = False
        survey.schools = list(activity.schools)
    db.session.flush()
    _apply_change(actor, survey, "publish")
    db.session.commit()
    return survey


# -- a new year ---------------------------------------------------------------------------------------

def opened_between(cluster_id: int, first: date, last: date) -> list[Survey]:
    """The cluster's own surveys (not a school's, not drafts) that opened from `first` to `last`; not those
    whose names are private, which professional learning makes for one activity's attendees (and makes
    again when next year's activity is marked)."""
    return db.session.scalars(select(Survey).where(
        Survey.cluster_id == cluster_id, Survey.school_id.is_(None), Survey.state != SurveyState.DRAFT,
        Survey.names_private.is_(False), Survey.opens_on.between(first, last)
    ).order_by(Survey.opens_on, Survey.id)).all()


def copied_already(survey_ids) -> set[int]:
    """Which of these surveys have a copy."""
    return set(db.session.scalars(select(Survey.copied_from_id).where(Survey.copied_from_id.in_(list(survey_ids)))))


def copy_forward(actor: User, cluster_id: int, first: date, last: date, copies: dict[int, int],
                 moved_by: timedelta) -> int:
    """Copy the cluster's surveys that opened from `first` to `last` as drafts, their dates moved on
    and their activity the copy of theirs in `copies` ({activity: its copy}) where there is one: the
    same questions, in both languages, so that next year's answers can be set beside this year's.
    One copied before is not copied again, however many leaders ask at once."""
    lock_for_write()
    locked(Cluster, cluster_id)  # on PostgreSQL the lock that makes a second copy wait
    found = opened_between(cluster_id, first, last)
    already = copied_already(survey.id for survey in found)
    originals = [survey for survey in found if survey.id not in already]
    for original in originals:
        copy = Survey(cluster_id=cluster_id, audience=original.audience, all_schools=original.all_schools,
                      anonymous=original.anonymous, schools=list(original.schools),
                      opens_on=original.opens_on + moved_by, closes_on=original.closes_on + moved_by,
                      activity_id=copies.get(original.activity_id), copied_from_id=original.id,
                      created_by_id=actor.id, **{name: getattr(original, name) for name in
                                                 ("title_en", "title_cy", "intro_en", "intro_cy")})
        _copy_questions(original, copy)
        record_event(actor, "copied", copy, copy.title_en or copy.title_cy, cluster_id,
                     {"from": [original.id, copy.id]})
    db.session.commit()
    return len(originals)


def _copy_questions(original: Survey, copy: Survey) -> None:
    """The sections, questions and choices of `original` into `copy` (added and flushed), "show if"
    conditions included."""
    questions, choices = {}, {}
    for section in original.sections:
        new_section = Section(position=section.position, title_en=section.title_en, title_cy=section.title_cy)
        for question in section.questions:
            new_question = Question(
                position=question.position, kind=question.kind, text_en=question.text_en, text_cy=question.text_cy,
                help_en=question.help_en, help_cy=question.help_cy, required=question.required,
                min_value=question.min_value, max_value=question.max_value, allow_other=question.allow_other,
                choices=[Choice(position=c.position, label_en=c.label_en, label_cy=c.label_cy)
                         for c in question.choices])
            questions[question.id] = new_question
            choices.update({old.id: new for old, new in zip(question.choices, new_question.choices, strict=True)})
            new_section.questions.append(new_question)
        copy.sections.append(new_section)
    db.session.add(copy)
    db.session.flush()
    for question in original.questions:
        if question.condition_question_id in questions:
            controller = question.condition_question
            questions[question.id].condition_question_id = questions[controller.id].id
            copied_value = question.condition_value
            questions[question.id].condition_value = (choices.get(copied_value) if controller.kind.rules.has_choices
                                                      else copied_value)
