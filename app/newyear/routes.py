"""The page where leaders start the next academic year, step by step."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import LEADERSHIP, allow
from app.calendar.models import AcademicYear
from app.calendar.services import CalendarRuleBroken
from app.extensions import db
from app.htmx import redirect_to
from app.newyear import bp
from app.newyear.services import STEPS, plan, take

#: what a step says it did, by step
DONE_MESSAGES = {
    "calendar": lambda n: ngettext("%(num)d activity copied into the calendar.",
                                   "%(num)d activities copied into the calendar.", n),
    "competitions": lambda n: ngettext("%(num)d competition copied as a draft.",
                                       "%(num)d competitions copied as drafts.", n),
    "surveys": lambda n: ngettext("%(num)d survey copied as a draft.", "%(num)d surveys copied as drafts.", n),
    "shares": lambda n: ngettext("%(num)d session with places copied as a draft.",
                                 "%(num)d sessions with places copied as drafts.", n),
    "actions": lambda n: ngettext("%(num)d open action carried into the new year.",
                                  "%(num)d open actions carried into the new year.", n),
}


def _year(start_year: int) -> AcademicYear:
    """The signed-in person's cluster's year starting in `start_year`, else 404."""
    year = db.session.scalar(select(AcademicYear).where(AcademicYear.cluster_id == current_user.cluster_id,
                                                        AcademicYear.start_year == start_year))
    if year is None:
        abort(404)
    return year


@bp.route("/<int:start_year>", methods=["GET", "POST"])
@allow(*LEADERSHIP)
def next_year(start_year: int):
    """Start the year after `start_year`: each step shown before it is taken, and safe to take twice."""
    year = _year(start_year)
    if request.method == "POST":
        chosen = request.form.get("step", "")
        keys = list(STEPS) if chosen == "all" else [chosen]
        if not set(keys) <= set(STEPS):
            abort(400)
        try:
            done = take(current_user, current_user.cluster, year, keys)
        except CalendarRuleBroken as broken:  # the next year would run past the calendar's last day
            flash(broken.message, "error")
            return render_template("newyear/plan.html", plan=plan(current_user.cluster, year)), 422
        for key in keys:
            if key in done:
                flash(DONE_MESSAGES[key](done[key]), "success")
            else:
                flash(_("%(step)s: copy the calendar first.", step=plan(current_user.cluster, year).step(key).title),
                      "error")
        return redirect_to(url_for("newyear.next_year", start_year=start_year))
    return render_template("newyear/plan.html", plan=plan(current_user.cluster, year))
