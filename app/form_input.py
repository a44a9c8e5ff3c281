"""Form input as the app reads it: without the control characters nobody types.

A browser filling in a form never sends NUL or the other C0 control characters; a script or
a mangled paste can. PostgreSQL refuses NUL in text (the request would end in a 500) and
SQLite would keep it, along with escape codes that no page should show again. So every form
value and field name loses them on the way in, before any form or view reads them, rather
than each field remembering to. Tab, new line and carriage return stay: people type those.
Found by the fuzzing tests (tests/test_fuzz_forms.py).
"""

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

#: C0 control characters and DEL, except tab, line feed and carriage return
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def without_control_characters(text: str) -> str:
    """The text with every character of CONTROL_CHARACTERS removed."""
    return text.translate(CONTROL_CHARACTERS)


class CleanFormRequest(Request):
    """Flask's request, with control characters taken out of the submitted form."""

    def _load_form_data(self) -> None:
        already_loaded = "form" in self.__dict__
        super()._load_form_data()
        if already_loaded:
            return
        form = self.__dict__["form"]
        cleaned = [(without_control_characters(name), without_control_characters(value))
                   for name, value in form.items(multi=True)]
        if cleaned != list(form.items(multi=True)):
            # werkzeug keeps the parsed form in the instance dict, as its cached property does
            self.__dict__["form"] = ImmutableMultiDict(cleaned)
