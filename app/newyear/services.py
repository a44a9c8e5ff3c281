"""The steps of starting the next academic year, each shown (what it will do, what is done already)
before it is taken, and each safe to take twice: what was copied is never copied again.

The calendar comes first: competitions and shared places belong to activities, and are copied onto
the activities' copies; a survey about an activity is about its copy next year. Every copy lands a
whole number of weeks on (first day to first day of the two years), on the same weekday.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.bookings.places import services as places
from app.bookings.resources.services import resources_of
from app.calendar.models import AcademicYear
from app.calendar.services import (
    ONE_YEAR_ON,
    activities_to_copy,
    copies_of_activities,
    copy_to_next_year,
    following_year,
    moved_by,
)
from app.clusters.models import Cluster
from app.competitions import services as competitions
from app.extensions import db
from app.i18n import plain_localized
from app.summaries import meeting_services
from app.surveys import services as surveys

STEPS = ("calendar", "competitions", "surveys", "shares", "actions")
TITLES = {
    "calendar": _l("Copy the calendar"),
    "competitions": _l("Copy the competitions, as drafts"),
    "surveys": _l("Copy the surveys, as drafts"),
    "shares": _l("Copy the shared places on events, as drafts"),
    "actions": _l("Carry the open actions forward"),
}


@dataclass
class Step:
    """One step: what it would copy (or carry) and what is there already."""

    key: str
    #: (name, when) of each thing the step would take, still to do
    to_do: list[tuple[str, str]] = field(default_factory=list)
    #: how many it has taken already
    done: int = 0
    #: the calendar must be copied first
    waits_for_calendar: bool = False

    @property
    def title(self):
        return TITLES[self.key]


@dataclass
class Plan:
    year: AcademicYear
    following: AcademicYear | None
    steps: list[Step]
    #: the shared minibus and rooms, whose fair shares run on each half term as they are
    resources: list = field(default_factory=list)

    def step(self, key: str) -> Step:
        return next(step for step in self.steps if step.key == key)


def _when(day: date | None) -> str:
    return format_date(day, "d MMM y") if day else ""


def plan(cluster: Cluster, year: AcademicYear) -> Plan:
    """What each step would do now, for `year` into the next."""
    following = following_year(year)
    copies = copies_of_activities(following)
    shift = moved_by(year, following) if following else ONE_YEAR_ON
    originals = activities_to_copy(year)
    waits = following is None or not copies

    def moved(day: date) -> str:
        try:
            return _when(day + shift)
        except OverflowError:  # a date saved before dates were bounded, near year 9999: no date to show
            return ""

    calendar = Step("calendar", [(plain_localized(a, "title"), _when(a.starts_on)) for a in originals
                                 if a.id not in copies], done=len(copies))
    found = competitions.of_activities(a.id for a in originals)
    copied = competitions.copied_already(c.id for c in found)
    competitions_step = Step("competitions", [(plain_localized(c, "title"), moved(c.opens_on)) for c in found
                                              if c.id not in copied], len(copied), waits)
    found = surveys.opened_between(cluster.id, year.starts_on, year.ends_on)
    copied = surveys.copied_already(s.id for s in found)
    surveys_step = Step("surveys", [(plain_localized(s, "title"), moved(s.opens_on)) for s in found
                                    if s.id not in copied], len(copied), waits)
    found = places.sessions_of_activities(a.id for a in originals)
    copied = places.copied_already(s.id for s in found)
    shares_step = Step("shares", [(plain_localized(s.activity, "title"), moved(s.held_on)) for s in found
                                  if s.id not in copied], len(copied), waits)
    carried = meeting_services.open_actions(cluster.id, due_by=year.ends_on)
    actions_step = Step("actions", [(plain_localized(a, "text"), _when(a.due_on)) for a in carried],
                        waits_for_calendar=following is None)
    return Plan(year, following, [calendar, competitions_step, surveys_step, shares_step, actions_step],
                resources_of(cluster.id))


def take(actor: User, cluster: Cluster, year: AcademicYear, keys: list[str]) -> dict[str, int]:
    """Take the steps `keys`, in the order of STEPS: {step: how many it copied or carried}. A step that
    waits for the calendar is left out until the calendar is copied."""
    cluster_id, year_id = cluster.id, year.id
    done = {}
    for key in (key for key in STEPS if key in keys):
        year = db.session.get(AcademicYear, year_id)
        if key == "calendar":
            done[key] = copy_to_next_year(actor, db.session.get(Cluster, cluster_id), year)[1]
            continue
        following = following_year(year)
        copies = copies_of_activities(following)
        if following is None or (key != "actions" and not copies):
            continue
        shift = moved_by(year, following)
        if key == "competitions":
            done[key] = competitions.copy_forward(actor, cluster_id, copies, shift)
        elif key == "surveys":
            done[key] = surveys.copy_forward(actor, cluster_id, year.starts_on, year.ends_on, copies, shift)
        elif key == "shares":
            done[key] = places.copy_forward(actor, cluster_id, copies, shift)
        else:
            done[key] = meeting_services.carry_into_year(actor, cluster_id, year.ends_on,
                                                         following.half_terms[0].ends_on)
    return done
