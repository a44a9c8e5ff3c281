"""Staff time and funds: the grants and budgets a cluster holds, how each is shared between the schools
(equally, by roll, or fixed), what each school used of it, and the cluster table that warns when a school
is far behind or ahead of its share."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("funds", __name__)

from app.audit.labels import ENTITY_LABELS, FIELD_LABELS  # noqa: E402
from app.funds import routes  # noqa: E402,F401
from app.funds.amounts import days_text, money_text  # noqa: E402

# '£1,250.50' and '2½ days' in the reader's language, or '–' where there is no figure
bp.add_app_template_filter(money_text, "fund_money")
bp.add_app_template_filter(days_text, "fund_days")

ENTITY_LABELS.update({"funds": _l("Fund"), "fund_spending": _l("Spending from a fund")})
FIELD_LABELS.update({"source": _l("Who gives it"), "amount_pence": _l("Amount in pence"),
                     "release_half_days": _l("Release time in half days"), "half_days": _l("Release time in half days"),
                     "conditions_en": _l("Conditions, in English"), "conditions_cy": _l("Conditions, in Welsh"),
                     "allocation": _l("How it is shared between the schools"), "spent_on": _l("Day"),
                     "category": _l("What it was for"), "academic_year_id": _l("Academic year"),
                     "shares": _l("Each school's share"), "note": _l("Note")})

