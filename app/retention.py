"""Personal data kept no longer than it is needed: each module registers what expires and how
to delete it, and `flask retention run` (daily, from cron) deletes it and says what it did."""

from collections.abc import Callable

#: each returns one line saying what it deleted
_tasks: list[Callable[[], str]] = []


def retention_task(task: Callable[[], str]) -> Callable[[], str]:
    """Register a deletion of expired personal data (used as a decorator)."""
    _tasks.append(task)
    return task


def run_all() -> list[str]:
    """Run every registered deletion; one report line each."""
    return [task() for task in _tasks]
