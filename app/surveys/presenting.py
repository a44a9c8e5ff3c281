"""Words and pictures for surveys: labels of conditions, QR codes."""

import io

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


def qr_svg(address: str, title: str) -> str:
    """A QR code for an address, as an SVG element to put straight into a page."""
    import segno  # here, not at the top: few pages draw QR codes, and every worker would carry it

    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                        title=title, svgclass="qr", lineclass="qr__modules")
    return out.getvalue().decode()
