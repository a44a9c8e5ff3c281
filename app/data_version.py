"""The data's version: a token made new, in the same transaction, by every commit that changed anything
a kept leadership summary could show, so that a page kept under the old token is never shown again.

The summary counts ten tables and more (entries, places, bookings, practice, actions, funds, the
calendar, staff accounts…), and a new table counts from the day it is added, so the rule is the other
way round: every write changes the version except writes to the tables in `UNCOUNTED`, which no summary
reads, or reads in a way its key already holds (survey responses, counted on every page). Both the ORM's
flushes and statements run through the session (`update(...)`, `insert(...)`) are seen; the app writes no
other way, but for `flask demo large`'s COPY of responses and answers, which the version leaves alone.

The token is written just before the commit, not at the first flush: on PostgreSQL the one row is locked
from that moment to the commit, so writers queue on it only for the commit itself, and no writer holding
the row waits for another lock (no deadlock). One token for the whole database, not one per cluster:
which cluster a write concerns would have to be worked out for every kind of row, and a wrong answer
would keep a stale page; a write in one cluster costs the others one fresh page each.
"""

from sqlalchemy import String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.extensions import db
from app.tokens import new_token

#: the version's one row
NAME = "summary"
#: tables whose writes leave the version alone: the sign-ins' last seen, the audit log and the outbox (each
#: written beside the change it records), survey drafts, responses and answers (the summary reads responses
#: afresh for its key: app/summaries/survey_figures.py), family meeting bookings and survey links (made on
#: a GET), a provider identity's last use, and the version itself
UNCOUNTED = frozenset({"data_versions", "sign_ins", "audit_events", "outbox_messages", "survey_drafts",
                       "survey_responses", "survey_answers", "meeting_bookings", "survey_links", "user_identities"})
_CHANGED = "clwstwr_data_changed"


class DataVersion(db.Model):
    """A version of the data, by name; one row, `summary`."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def data_version() -> str | None:
    """The data's version as this transaction sees it; None on a database never written since it was made
    (nothing may be kept under it: `None` cannot tell two databases apart)."""
    return db.session.scalar(select(DataVersion.token).where(DataVersion.name == NAME))


def renew_data_version(session: Session) -> None:
    """Give the data a new version in the session's transaction."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    upsert = dialect.insert(DataVersion).values(name=NAME, token=new_token())
    session.execute(upsert.on_conflict_do_update(index_elements=[DataVersion.name],
                                                 set_={"token": upsert.excluded.token}))


def _counted(table_name: str) -> bool:
    return table_name not in UNCOUNTED


@event.listens_for(Session, "before_flush")
def _note_flushed_changes(session: Session, _context, _instances) -> None:
    """Note that the transaction changes counted data: a row added, deleted, or with a value changed."""
    if session.info.get(_CHANGED):
        return
    changed = (*session.new, *session.deleted, *(row for row in session.dirty if session.is_modified(row)))
    if any(_counted(row.__table__.name) for row in changed):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_changes(state) -> None:
    """Note an INSERT, UPDATE or DELETE run through the session on a counted table."""
    if (state.is_insert or state.is_update or state.is_delete) and _counted(state.statement.table.name):
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _renew_before_commit(session: Session) -> None:
    """Write the new version last, as the transaction commits (see above); a savepoint's commit leaves it
    to the transaction's."""
    if session.in_nested_transaction():
        return
    session.flush()  # commit flushes after this hook: what is pending must be noted first
    if session.info.pop(_CHANGED, False):
        renew_data_version(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes_not_stored(session: Session, transaction) -> None:
    """Nothing noted outlives its transaction: a rollback stored none of it. (A savepoint rolled back keeps
    the note: what the transaction changed before it is still to be committed.)"""
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
