"""Surveys and feedback: pupils, families and staff tell the cluster what works."""

from types import SimpleNamespace

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from app.audit.labels import VALUE_NAMERS  # noqa: E402
from app.forms import EARLIEST_DAY, LATEST_DAY  # noqa: E402
from app.i18n import plain_localized  # noqa: E402
from app.surveys import answer_routes, panels, retention, routes  # noqa: E402,F401
from app.surveys.answering import is_shown  # noqa: E402
from app.surveys.models import QuestionKind  # noqa: E402
from app.surveys.presenting import answered_day, condition_answer_label, option_words  # noqa: E402
from app.surveys.register import say  # noqa: E402
from app.surveys.template_data import TEMPLATES  # noqa: E402

# Globals rather than a context processor, so that imported macros see them too.
bp.add_app_template_global(is_shown, "is_shown")
bp.add_app_template_global(condition_answer_label, "condition_answer_label")
bp.add_app_template_global(option_words, "option_words")
bp.add_app_template_filter(answered_day, "answered_day")
# the bounds of the date picker, as the date kind's reader holds them
bp.add_app_template_global(EARLIEST_DAY.isoformat(), "earliest_day")
bp.add_app_template_global(LATEST_DAY.isoformat(), "latest_day")
bp.add_app_template_global(list(QuestionKind), "question_kinds")
# the app's words in the register of the survey being answered: "ti" to pupils in Welsh
bp.add_app_template_global(say, "say")
# a template is a plain dict; `localized` reads attributes
bp.add_app_template_global(lambda template: SimpleNamespace(**template), "template_text")
# the audit log names the template a survey was made from
VALUE_NAMERS["template"] = lambda key: (plain_localized(SimpleNamespace(**TEMPLATES[key]), "label")
                                        if key in TEMPLATES else key)
