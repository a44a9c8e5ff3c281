"""The groups a piece of practice can come from, offered by the modules built on practice (networks):
a module registers a provider; practice does not import it."""

from collections.abc import Callable

#: each takes a cluster's id and returns its groups, each with an `id` and `name_en`/`name_cy`
_providers: list[Callable] = []


def practice_source(provider: Callable) -> Callable:
    """Register a provider of the groups a piece of practice can come from (used as a decorator)."""
    _providers.append(provider)
    return provider


def sources_of(cluster_id: int) -> list:
    """The groups of this cluster that every registered module offers."""
    return [group for provider in _providers for group in provider(cluster_id)]
