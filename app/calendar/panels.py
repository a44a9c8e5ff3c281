"""What other modules add to an activity's page: "give feedback", and later "book places" or
"enter the competition". A module registers a provider; the calendar does not import it."""

from collections.abc import Callable

#: each takes (activity, viewer) and returns (template, context) to include, or None
_providers: list[Callable] = []


def activity_panel(provider: Callable) -> Callable:
    """Register a provider of a panel on activity pages (used as a decorator)."""
    _providers.append(provider)
    return provider


def panels_for(activity, viewer) -> list[tuple[str, dict]]:
    """The panels every registered module has for this activity and this visitor."""
    return [panel for panel in (provider(activity, viewer) for provider in _providers) if panel]
