"""Welsh as a school writes it to each reader: a pupil is "ti", a family or a member of staff "chi".

A pupil survey's own questions say "ti", so the app's words on the pages where pupils answer must
too, or one page would speak to a child in two registers. English has one form for both. Each
sentence of those pages that speaks to the reader has a second entry in the catalogue, in the
context "pupils", whose Welsh says "ti"; `say` picks it while a pupil survey is being answered
(`for_pupils`), and the usual entry otherwise.
"""

from flask import g
from flask_babel import gettext
from flask_babel import lazy_pgettext as _p

#: the sentences of the answering pages that address the reader, with their pupils' form
PUPIL_FORMS = {
    "Anonymous: we do not ask your name, and we do not keep your internet address or the time you answer.": _p(
        "pupils", "Anonymous: we do not ask your name, and we do not keep your internet address or the time you "
                  "answer."),
    "Your name is kept with your answers.": _p("pupils", "Your name is kept with your answers."),
    "You have begun answering on this device: your answers so far are kept.": _p(
        "pupils", "You have begun answering on this device: your answers so far are kept."),
    "Check your answers": _p("pupils", "Check your answers"),
    "Change your answers in this section": _p("pupils", "Change your answers in this section"),
    "Nothing is sent until you press Send. You can change any answer first.": _p(
        "pupils", "Nothing is sent until you press Send. You can change any answer first."),
    "Your answers have been sent.": _p("pupils", "Your answers have been sent."),
    "The schools will look at everyone's answers together and tell you what they are doing about them.": _p(
        "pupils", "The schools will look at everyone's answers together and tell you what they are doing about "
                  "them."),
    "This survey has closed, so it is not taking answers any more. Thank you for your interest.": _p(
        "pupils", "This survey has closed, so it is not taking answers any more. Thank you for your interest."),
    "Answer this only if your answer to “%(question)s” was “%(answer)s”.": _p(
        "pupils", "Answer this only if your answer to “%(question)s” was “%(answer)s”."),
    "Answer “%(question)s”": _p("pupils", "Answer “%(question)s”"),
    "Choose one of the answers": _p("pupils", "Choose one of the answers"),
    "Choose from the answers given": _p("pupils", "Choose from the answers given"),
    "Enter a whole number from %(low)d to %(high)d": _p("pupils", "Enter a whole number from %(low)d to %(high)d"),
    "Enter a whole number of %(low)d or more": _p("pupils", "Enter a whole number of %(low)d or more"),
    "Enter a whole number of %(high)d or less": _p("pupils", "Enter a whole number of %(high)d or less"),
    "Enter a whole number, like 12": _p("pupils", "Enter a whole number, like 12"),
    "Enter a date, like %(example)s": _p("pupils", "Enter a date, like %(example)s"),
    "Enter a date from %(first)s to %(last)s": _p("pupils", "Enter a date from %(first)s to %(last)s"),
    "Tell us what 'other' is": _p("pupils", "Tell us what 'other' is"),
    "Use %(max)d characters or fewer": _p("pupils", "Use %(max)d characters or fewer"),
    "You wrote an answer under “Other” but chose another: choose “Other”, or clear what you wrote": _p(
        "pupils", "You wrote an answer under “Other” but chose another: choose “Other”, or clear what you wrote"),
    "Other, please say": _p("pupils", "Other, please say"),
}


def for_pupils(is_pupils: bool) -> None:
    """Say the answering pages of this request to a pupil (True) or to a family or staff (False)."""
    g.pupil_register = is_pupils


def say(text: str, **values) -> str:
    """`text` in the reader's language, in the register of the survey being answered."""
    if g.get("pupil_register") and text in PUPIL_FORMS:
        form = str(PUPIL_FORMS[text])
        return form % values if values else form
    return gettext(text, **values)
