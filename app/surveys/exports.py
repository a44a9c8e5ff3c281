"""Survey results as files: the responses (CSV, XLSX) and the summary (CSV), suppressed as on screen.

In the responses file, a school with fewer responses than the threshold is not named (its
rows say "schools with fewer than 5 responses"), nor is a language used by too few; a survey
with fewer responses than that in all has no responses file.
"""

import csv
import io
from collections import defaultdict

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.i18n import plain_localized
from app.surveys.models import Answer, Question, Response, Survey
from app.surveys.results import Figure, question_result, response_counts, threshold

#: headers in one language, or both ("Cwestiwn / Question")
HEADER_LANGUAGES = ("en", "cy", "both")


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
        if question.kind.has_choices:
            if answer.choice_id is None:
                words.append(f"{_('Other')}: {answer.text or ''}")
            else:
                words.append(plain_localized(labels[answer.choice_id], "label"))
        elif question.kind.is_text:
            words.append(answer.text or "")
        elif question.kind.is_scale or question.kind.value == "yes_no":
            words.append(str(labels.get(answer.number, answer.number)))
        else:
            words.append(str(answer.number))
    return "; ".join(words)


def response_rows(survey: Survey, header_language: str = "en") -> list[list[str]]:
    """The responses as rows: a header, then one row per response and one column per question."""
    counts = response_counts(survey)
    total = sum(counts.values())
    if total < threshold():
        raise TooFewToExport
    questions = survey.questions
    small = _("Schools with fewer than %(num)d responses", num=threshold())
    languages = defaultdict(int)
    responses = db.session.scalars(select(Response).where(Response.survey_id == survey.id).order_by(Response.id)).all()
    for response in responses:
        languages[response.language] += 1
    answers = defaultdict(list)
    for answer in db.session.scalars(select(Answer).join(Response).where(Response.survey_id == survey.id)
                                     .order_by(Answer.id)):
        answers[(answer.response_id, answer.question_id)].append(answer)
    schools = {link.school_id: link.school for link in survey.links}
    header = [_header(lambda lang, text=text: _in(lang, text), header_language) for text in COLUMN_HEADINGS]
    if not survey.anonymous:
        header.append(_header(lambda lang: _in(lang, NAME_HEADING), header_language))
    header += [_header(lambda lang, q=q: getattr(q, f"text_{lang}") or q.text_en or q.text_cy, header_language)
               for q in questions]
    rows = [header]
    for number, response in enumerate(responses, start=1):
        school = schools.get(response.school_id)
        row = [str(number),
               small if counts[response.school_id] < threshold() or school is None
               else plain_localized(school, "name"),
               response.language if languages[response.language] >= threshold() else "",
               response.submitted_on.isoformat()]
        if not survey.anonymous:
            row.append(_respondent_name(response))
        row += [_answer_words(q, answers.get((response.id, q.id), [])) for q in questions]
        rows.append(row)
    return rows


def _respondent_name(response: Response) -> str:
    from app.auth.models import User
    person = db.session.get(User, response.respondent_id) if response.respondent_id else None
    return person.name if person else ""


def summary_rows(survey: Survey, schools) -> list[list[str]]:
    """Per question and answer: the count and share overall, and the count in each school."""
    counts = response_counts(survey)
    total = sum(counts.values())
    fewer = _("fewer than %(num)d", num=threshold())
    header = [_("Question"), _("Answer"), _("Count"), _("Percentage")] + [plain_localized(s, "name") for s in schools]
    rows = [header]
    for question in survey.questions:
        if question.kind.is_text:
            continue
        overall = question_result(survey, question, total)
        per_school = {s.id: question_result(survey, question, counts.get(s.id, 0), school_id=s.id) for s in schools}
        for index, option in enumerate(overall.options):
            label = _("Other") if option.value is None and question.kind.has_choices else (
                plain_localized(option.label, "label") if question.kind.has_choices else str(option.label))
            rows.append([plain_localized(question, "text"), label, _shown(option.count, fewer),
                         _shown(option.percent, fewer)]
                        + [_shown(per_school[s.id].options[index].count, fewer) for s in schools])
        if overall.mean is not None:
            rows.append([plain_localized(question, "text"), _("Mean"), _shown(overall.mean, fewer), ""]
                        + [_shown(per_school[s.id].mean, fewer) for s in schools])
    return rows


def _shown(figure: Figure, fewer: str) -> str:
    return fewer if figure.suppressed else ("" if figure.value is None else str(figure.value))


def as_csv(rows: list[list[str]]) -> bytes:
    """CSV with a byte-order mark, so that Excel opens Welsh letters (ŵ, ŷ) correctly."""
    out = io.StringIO()
    csv.writer(out).writerows(_defused(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(rows: list[list[str]], title: str) -> bytes:
    """An Excel workbook with one sheet of the rows."""
    # imported here: openpyxl costs every gunicorn worker 8 MiB, and few requests are a download
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Survey")
    for row in rows:
        sheet.append(_defused(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _defused(row: list[str]) -> list[str]:
    """Free text that a spreadsheet would run as a formula ("=HYPERLINK(...)") is kept as text."""
    return ["'" + cell if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r")
            and not cell.lstrip("-").replace(".", "", 1).isdigit() else cell
            for cell in row]

