"""Words for surveys: the labels of conditions, answers and days."""

from datetime import date

from flask_babel import format_date

from app.i18n import plain_localized
from app.surveys.models import Question


def condition_answer_label(question: Question) -> str:
    """The answer, in words, that makes a conditional question appear."""
    controller = question.condition_question
    if controller is None:
        return ""
    label = dict(controller.options()).get(question.condition_value)
    return "" if label is None else option_words(controller, label)


def option_words(question: Question, label) -> str:
    """A point's or choice's label in the reader's language: a choice has its own two languages."""
    return plain_localized(label, "label") if question.kind.rules.has_choices else str(label)


def answered_day(value: str) -> str:
    """A date question's answer (kept as 2027-03-21) as the reader writes a day."""
    return format_date(date.fromisoformat(value), "d MMMM y")
