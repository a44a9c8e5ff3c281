"""Words for surveys: the labels of conditions."""

from app.i18n import plain_localized
from app.surveys.models import SCALE_POINTS, Question, QuestionKind


def condition_answer_label(question: Question) -> str:
    """The answer, in words, that makes a conditional question appear."""
    controller = question.condition_question
    if controller is None:
        return ""
    if controller.kind == QuestionKind.YES_NO:
        return str(dict(SCALE_POINTS[QuestionKind.YES_NO])[question.condition_value])
    choice = next((c for c in controller.choices if c.id == question.condition_value), None)
    return plain_localized(choice, "label") if choice else ""
