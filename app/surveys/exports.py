"""Survey results as files: the responses (CSV, XLSX) and the summary (CSV), hidden as on screen.

The rule is `app.disclosure`'s, through the survey's `Disclosure`. In the responses file the rows
of the schools it hides are labelled together as one pool (two schools or more, and at least
THRESHOLD responses between them, by that rule), never by school; a row's language is given only
when no school, and not the pool, has a handful of responses in a language; and a survey with
fewer responses than THRESHOLD in all has no responses file.
"""

from collections import Counter, defaultdict

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.disclosure import Figure, hidden_note, hidden_text, threshold, too_few
from app.extensions import db
from app.i18n import plain_localized
from app.surveys.kinds import Stored
from app.surveys.models import Answer, Question, Response, Survey
from app.surveys.results import LANGUAGES, Disclosure, question_result

#: headers in one language, or both ("Cwestiwn / Question")
HEADER_LANGUAGES = ("en", "cy", "both")
#: the pool of hidden schools, in the responses file's School column
POOL = "pool"


class TooFewToExport(Exception):
    """Fewer responses than the threshold: the answers could point to the people who gave them."""


def _header(text_for, language: str) -> str:
    if language == "both":
        welsh, english = text_for("cy"), text_for("en")
        return welsh if welsh == english else f"{welsh} / {english}"
    return text_for(language)


#: the first columns of the responses file, written out here so the catalogue has them
COLUMN_HEADINGS = (_l("Response"), _l("School"), _l("Language"), _l("Date sent"))
NAME_HEADING = _l("Name")


def _in(language: str, text) -> str:
    """A lazy string in a given language."""
    with force_locale(language):
        return str(text)


def _answer_words(question: Question, answers: list[Answer]) -> str:
    labels = dict(question.options())
    words = []
    for answer in answers:
        if question.kind.rules.has_choices:
            if answer.choice_id is None:
                words.append(f"{_('Other')}: {answer.text or ''}")
            else:
                words.append(plain_localized(labels[answer.choice_id], "label"))
        elif question.kind.rules.stored is Stored.TEXT:
            words.append(answer.text or "")
        elif question.kind.rules.points:
            words.append(str(labels.get(answer.number, answer.number)))
        else:
            words.append(str(answer.number))
    return "; ".join(words)


def _languages_can_be_shown(disclosure: Disclosure, responses: list[Response]) -> bool:
    """Whether each row may say its language: no school (nor the pool) has 1 to THRESHOLD − 1
    responses in a language, and the survey's own count of each language is shown."""
    if any(disclosure.language(language).suppressed for language in LANGUAGES):
        return False
    per_group = Counter((_group(disclosure, response.school_id), response.language) for response in responses)
    return not any(too_few(count) for count in per_group.values())


def _group(disclosure: Disclosure, school_id: int):
    return POOL if school_id in disclosure.hidden_schools else school_id


def response_rows(survey: Survey, header_language: str = "en") -> list[list[str]]:
    """The responses as rows: a header, then one row per response and one column per question,
    then any note on what is left out."""
    disclosure = Disclosure.of(survey)
    if disclosure.whole.suppressed:
        raise TooFewToExport
    questions = survey.questions
    pool = ngettext("Schools whose figures are hidden (%(num)d school)", "Schools whose figures are hidden "
                    "(%(num)d schools)", len(disclosure.hidden_schools))
    responses = db.session.scalars(select(Response).where(Response.survey_id == survey.id).order_by(Response.id)).all()
    show_language = _languages_can_be_shown(disclosure, responses)
    answers = defaultdict(list)
    for answer in db.session.scalars(select(Answer).join(Response).where(Response.survey_id == survey.id)
                                     .order_by(Answer.id)):
        answers[(answer.response_id, answer.question_id)].append(answer)
    names = {school.id: plain_localized(school, "name") for school in disclosure.schools}
    header = [_header(lambda lang, text=text: _in(lang, text), header_language) for text in COLUMN_HEADINGS]
    names_shown = not survey.anonymous and not survey.names_private
    if names_shown:
        header.append(_header(lambda lang: _in(lang, NAME_HEADING), header_language))
    header += [_header(lambda lang, q=q: getattr(q, f"text_{lang}") or q.text_en or q.text_cy, header_language)
               for q in questions]
    rows = [header]
    for number, response in enumerate(responses, start=1):
        group = _group(disclosure, response.school_id)
        row = [str(number), pool if group == POOL else names[group],
               response.language if show_language else "", response.submitted_on.isoformat()]
        if names_shown:
            row.append(_respondent_name(response))
        row += [_answer_words(q, answers.get((response.id, q.id), [])) for q in questions]
        rows.append(row)
    notes = []
    if disclosure.hidden_schools:
        notes.append(_("Rows of schools whose figures are hidden are labelled together, not by school.")
                     + " " + hidden_note())
    if not show_language:
        notes.append(_("The language of each response is left out: at one school or more, fewer than %(num)d "
                       "people answered in one of the languages, so it could point to them.",
                       num=threshold()))
    if notes:
        rows += [[]] + [[note] for note in notes]
    return rows


def _respondent_name(response: Response) -> str:
    from app.auth.models import User
    person = db.session.get(User, response.respondent_id) if response.respondent_id else None
    return person.name if person else ""


def summary_rows(survey: Survey) -> list[list[str]]:
    """Per question and answer: the count and share overall, and the count in each school."""
    disclosure = Disclosure.of(survey)
    schools = disclosure.schools
    header = [_("Question"), _("Answer"), _("Count"), _("Percentage")] + [plain_localized(s, "name") for s in schools]
    rows = [header]
    for question in survey.questions:
        if question.kind.rules.is_text:
            continue
        overall = question_result(survey, question, disclosure.whole)
        per_school = {s.id: question_result(survey, question, disclosure.school(s.id), school_id=s.id)
                      for s in schools}
        for index, option in enumerate(overall.options):
            label = _("Other") if option.value is None and question.kind.rules.has_choices else (
                plain_localized(option.label, "label") if question.kind.rules.has_choices else str(option.label))
            rows.append([plain_localized(question, "text"), label, _shown(option.count), _shown(option.percent)]
                        + [_shown(per_school[s.id].options[index].count) for s in schools])
        if overall.mean is not None:
            rows.append([plain_localized(question, "text"), _("Mean"), _shown(overall.mean), ""]
                        + [_shown(per_school[s.id].mean) for s in schools])
    if disclosure.hidden_schools or disclosure.whole.suppressed:
        rows += [[], [hidden_note()]]
    return rows


def _shown(figure: Figure) -> str:
    if figure.suppressed:
        return hidden_text(figure.hidden)
    return "" if figure.value is None else str(figure.value)
