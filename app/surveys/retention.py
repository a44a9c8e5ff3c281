"""How long survey answers are kept: responses until some months after the survey closes,
unfinished answers a few days."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from app.clock import today
from app.extensions import db
from app.retention import retention_task
from app.surveys.models import Draft, Response, Survey, SurveyState


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


@retention_task
def delete_expired_responses() -> str:
    """Delete the responses of surveys that closed longer ago than SURVEY_RETENTION_MONTHS."""
    months = current_app.config["SURVEY_RETENTION_MONTHS"]
    cutoff = _months_before(today(), months)
    expired = select(Survey.id).where(Survey.state != SurveyState.DRAFT, Survey.closes_on < cutoff)
    surveys = db.session.scalar(select(func.count(func.distinct(Response.survey_id)))
                                .where(Response.survey_id.in_(expired)))
    deleted = db.session.execute(delete(Response).where(Response.survey_id.in_(expired))).rowcount
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
