"""How long survey answers are kept: responses until some months after the survey closes,
unfinished answers a few days."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from app.clock import today
from app.extensions import db
from app.retention import retention_task
from app.surveys.models import Draft, Response, Survey, SurveyState


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


def responses_expire_before() -> date:
    """The closing day before which a survey's responses are deleted: SURVEY_RETENTION_MONTHS ago."""
    return _months_before(today(), current_app.config["SURVEY_RETENTION_MONTHS"])


@retention_task
def delete_expired_responses() -> str:
    """Delete the responses of surveys that closed longer ago than SURVEY_RETENTION_MONTHS."""
    months = current_app.config["SURVEY_RETENTION_MONTHS"]
    cutoff = responses_expire_before()
    expired = select(Survey.id).where(Survey.state != SurveyState.DRAFT, Survey.closes_on < cutoff)
    emptied = list(db.session.scalars(select(Response.survey_id).distinct().where(Response.survey_id.in_(expired))))
    surveys = len(emptied)
    deleted = db.session.execute(delete(Response).where(Response.survey_id.in_(emptied))).rowcount
    # counts kept of these surveys (the summary's) are of responses that are gone now
    db.session.execute(update(Survey).where(Survey.id.in_(emptied)).values(window_revision=Survey.window_revision + 1))
    db.session.commit()
    return (f"Survey responses: deleted {deleted} from {surveys} survey(s) that closed before {cutoff} "
            f"({months} months ago).")


@retention_task
def delete_old_drafts() -> str:
    """Delete answers in progress untouched for DRAFT_RETENTION_DAYS days."""
    days = current_app.config["DRAFT_RETENTION_DAYS"]
    cutoff = today() - timedelta(days=days)
    deleted = db.session.execute(delete(Draft).where(Draft.touched_on < cutoff)).rowcount
    db.session.commit()
    return f"Unfinished survey answers: deleted {deleted} untouched since before {cutoff} ({days} days)."
