"""Form pieces every module reuses."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation


class OneLanguageRequired:
    """On an `_en` field: the English or the Welsh text must be given (the other may follow).

    Content falls back to the other language when one is missing, so one is enough to save;
    the editor sees a 'translation missing' marker until both are there.
    """

    def __init__(self, message=None):
        self.message = message or _l("Enter this in English, in Welsh, or both")

    def __call__(self, form, field):
        welsh_name = field.name[: -len("_en")] + "_cy"
        welsh = form[welsh_name].data if welsh_name in form else ""
        if not (field.data or "").strip() and not (welsh or "").strip():
            raise StopValidation(self.message)


def strip_whitespace(value):
    """Filter that trims text fields; WTForms leaves the spaces people paste."""
    return value.strip() if isinstance(value, str) else value
