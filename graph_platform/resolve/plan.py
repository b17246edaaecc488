"""Plans: resolution logic written once for the sync CLI and the async API.

A plan is a generator that yields `(query name, parameters)` and is sent each query's records;
its return value is the answer. `drive` runs one with a sync fetch function, `drive_async` with
an async one, so the same decision or explanation logic runs in a sync write transaction, an
async one, or as routed reads through the driver.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import neo4j

from graph_platform.store.queries import QueryRegistry
from graph_platform.store.scope import Scope

Step = tuple[str, dict[str, Any]]
EVERYTHING = Scope.everything()
T = TypeVar("T")
Plan = Generator[Step, list[neo4j.Record], T]
Fetch = Callable[[str, dict[str, Any]], list[neo4j.Record]]
AsyncFetch = Callable[[str, dict[str, Any]], Awaitable[list[neo4j.Record]]]


def drive(plan: Plan[T], fetch: Fetch) -> T:
    """Run `plan`, answering each query it yields with `fetch(name, params)`."""
    try:
        name, params = next(plan)
        while True:
            name, params = plan.send(fetch(name, params))
    except StopIteration as stop:
        result: T = stop.value
        return result


async def drive_async(plan: Plan[T], fetch: AsyncFetch) -> T:
    """`drive` with an async fetch."""
    try:
        name, params = next(plan)
        while True:
            name, params = plan.send(await fetch(name, params))
    except StopIteration as stop:
        result: T = stop.value
        return result


def scoped(
    registry: QueryRegistry, name: str, params: dict[str, Any], scope: Scope
) -> dict[str, Any]:
    """`params` with the caller's `$scope` added when query `name` takes one: plans need not
    know who asks, the queries that read what a caller may see apply it."""
    return {**params, "scope": scope.param()} if "scope" in registry.get(name).params else params


def in_transaction(
    tx: neo4j.ManagedTransaction,
    registry: QueryRegistry,
    plan: Plan[T],
    scope: Scope = EVERYTHING,
) -> T:
    """Run `plan` inside one sync (write) transaction."""
    return drive(
        plan, lambda name, params: registry.run(tx, name, **scoped(registry, name, params, scope))
    )


async def in_async_transaction(
    tx: neo4j.AsyncManagedTransaction,
    registry: QueryRegistry,
    plan: Plan[T],
    scope: Scope = EVERYTHING,
) -> T:
    """Run `plan` inside one async (write) transaction."""

    async def fetch(name: str, params: dict[str, Any]) -> list[neo4j.Record]:
        return await registry.run_async(tx, name, **scoped(registry, name, params, scope))

    return await drive_async(plan, fetch)
