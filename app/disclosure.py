"""Disclosure control: which figures about a group of people may be shown, so that nobody can be
picked out, from one table or by adding and subtracting several.

The rule, as statistical offices apply it to tables of counts (the ONS's and the Welsh
Government's guidance on disclosure control: primary and secondary cell suppression), taking
the survey as the unit that is protected:

1. **Primary suppression.** A group of 1 to THRESHOLD − 1 people (SUPPRESSION_THRESHOLD, 5 by
   default) shows no figures at all: not its count, not its answers, not its mean. A survey
   with so few responses in all reads "fewer than 5"; a school, one of a set, reads "hidden"
   (2.). A group of nobody is not hidden: it shows 0.
2. **Secondary suppression.** A survey's schools are published together with the survey's
   total, so one hidden school could be worked out as the total minus the others. Where a
   school is hidden, the next smallest schools are hidden too, until the hidden schools are at
   least two and hold at least THRESHOLD responses between them. The total minus the schools
   shown is then a pool of two or more schools and at least THRESHOLD people, never one school.
   Every hidden school reads "hidden", whether it is small or hidden beside one that is: to say
   which would tell a reader that the other holds THRESHOLD or more, and the pool's total would
   then narrow the small one down. Every figure of a hidden school is hidden in every view of
   the survey (its count and response rate, its answers, its mean, the summary file's column,
   its own filtered page), and in the responses file its rows are labelled as the pool, never
   by school.
3. **Breakdowns inside a survey.** Answers per question are shown for the whole survey, the
   two languages and each school shown, never for a school and a language together. The two
   languages are one more set with the survey's total: if one is hidden, so is the other. In
   the responses file, the language of each row is shown only when no school (or the pool) has
   between 1 and THRESHOLD − 1 responses in a language; otherwise the column is left empty,
   and the file says why.
4. **Every other figure adds up whole survey figures.** The leadership summary, the
   authority's view, the half-termly pack and the annual report count a survey in the period
   in which it opened, and a survey with fewer than THRESHOLD responses in all is counted
   nowhere until it has them. A school's figure for a period is shown only when the school is
   shown in every survey counted there; totals are sums of survey totals. So whatever the
   summary shows can already be read from the surveys' own pages, and nothing it shows, for
   any period or cluster, lets anyone subtract back a figure a survey hides.

Figures change as responses arrive; a comparison with a copy downloaded earlier is outside what
this protects, as it is for any live table.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from flask import current_app
from flask_babel import gettext as _

#: a group's name in a set: a school's id, a language's code
Key = TypeVar("Key", int, str)


def threshold() -> int:
    """Groups smaller than this (and larger than none) show no figures."""
    return current_app.config["SUPPRESSION_THRESHOLD"]


class Hidden(Enum):
    """Why a figure is not shown."""

    #: a group on its own (a survey's total) with between 1 and THRESHOLD − 1 people
    FEW = "few"
    #: one of a set published with its total: small itself, or hidden beside one that is
    IN_SET = "in_set"


def too_few(size: int) -> Hidden | None:
    """Primary suppression of a group on its own: FEW for 1 to THRESHOLD − 1 people."""
    return Hidden.FEW if 0 < size < threshold() else None


def protect(sizes: Mapping[Key, int]) -> set[Key]:
    """The groups of a set published beside its total that must be hidden.

    Groups of 1 to THRESHOLD − 1 are hidden; then, while the hidden groups are fewer than two
    or hold fewer than THRESHOLD people between them, the smallest group still shown (and not
    empty) is hidden too. Of two groups of one size, the lower key goes first: every page that
    publishes the same set must hide the same groups, whatever order it lists them in.
    """
    limit = threshold()
    hidden = {key for key, size in sizes.items() if 0 < size < limit}
    if not hidden:
        return set()
    pooled = sum(sizes[key] for key in hidden)
    for size, key in sorted((size, key) for key, size in sizes.items() if size >= limit):
        if len(hidden) >= 2 and pooled >= limit:
            break
        hidden.add(key)
        pooled += size
    return hidden


@dataclass(frozen=True)
class Figure:
    """A number about a group, or nothing when it must not be shown (and why)."""

    value: float | int | None
    hidden: Hidden | None = None

    @classmethod
    def of_group(cls, value, size: int) -> "Figure":
        """A figure about one group on its own, hidden when the group is too small."""
        return cls(value, too_few(size))

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None

    @property
    def few(self) -> bool:
        """Hidden because the group, on its own, is too small."""
        return self.hidden == Hidden.FEW

    @property
    def shown(self):
        """The value, or None when it must not be shown."""
        return None if self.hidden else self.value


def hidden_text(hidden: Hidden) -> str:
    """What a hidden figure reads in a table or a file: 'fewer than 5' for a group on its own,
    'hidden' for one of a set."""
    if hidden == Hidden.FEW:
        return _("fewer than %(num)d", num=threshold())
    return _("hidden")


def hidden_note() -> str:
    """The sentence that explains hidden figures, under a table or in a file."""
    return _("“Hidden”: a school with fewer than %(num)d responses shows no figures, so that nobody can be "
             "picked out, and the next smallest school is hidden beside it, so that its figures cannot be "
             "worked out from the total.", num=threshold())
