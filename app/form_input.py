"""Form input as the app reads it: without the control characters nobody types.

A browser filling in a form never sends NUL or the other C0 control characters; a script or
a mangled paste can. PostgreSQL refuses NUL in text (the request would end in a 500) and
SQLite would keep it, along with escape codes that no page should show again. So every form
value and field name loses them on the way in, before any form or view reads them, rather
than each field remembering to. Tab, new line and carriage return stay: people type those.
Found by the fuzzing tests (tests/test_fuzz_forms.py).
"""

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

#: C0 control characters and DEL, except tab, line feed and carriage return
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def without_control_characters(text: str) -> str:
    """The text with every character of CONTROL_CHARACTERS removed."""
    return text.translate(CONTROL_CHARACTERS)


class WithoutControlCharacters(ImmutableMultiDict):
    """The submitted form (and query string) with control characters taken out of names and values;
    uploaded files keep their bytes."""

    def __init__(self, mapping=None):
        def clean(text):
            return without_control_characters(text) if isinstance(text, str) else text
        super().__init__([(clean(name), clean(value)) for name, value in MultiDict(mapping).items(multi=True)])


class CleanFormRequest(Request):
    """Flask's request, whose form and query string are read without control characters: Werkzeug builds
    them with the request's `parameter_storage_class`, which is there to be replaced."""

    parameter_storage_class = WithoutControlCharacters
