"""The review side of entity resolution: the queue of borderline pairs, "why are these the
same?", canonical entities with their members, and analysts' decisions.

Questions are plans (see plan.py): `Review` runs them for the CLI with the sync driver and
`AsyncReview` for the API with the async one, reads routed to readers and each decision in one
write transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j

from graph_platform.errors import DecisionError
from graph_platform.resolve.decision import Decider, DecisionOutcome
from graph_platform.resolve.explanation import (
    CanonicalView,
    ReviewItem,
    ReviewPage,
    WhySame,
    canonical_of,
    decisions_on,
    decode_cursor,
    encode_cursor,
    link_of,
    strongest_path,
)
from graph_platform.resolve.plan import (
    EVERYTHING,
    Plan,
    T,
    drive,
    drive_async,
    in_async_transaction,
    in_transaction,
    scoped,
)
from graph_platform.resolve.resolution import KINDS
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.scope import Scope

#: Most review items one page may ask for.
MAX_PAGE = 500


def queue_plan(kind: str, first: int = 20, after: str | None = None) -> Plan[ReviewPage]:
    """A page of undecided borderline pairs of `kind`, most likely match first."""
    if kind not in KINDS:
        raise DecisionError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    if not 1 <= first <= MAX_PAGE:
        raise DecisionError(f"first must be between 1 and {MAX_PAGE}")
    try:
        confidence, left, right = decode_cursor(after)
    except ValueError as error:
        raise DecisionError(str(error)) from None
    rows = yield (
        "resolve.review_queue",
        {
            "kind": kind,
            "after_confidence": confidence,
            "after_left": left,
            "after_right": right,
            "limit": first + 1,
        },
    )
    items = tuple(
        ReviewItem(
            row["left"],
            row["right"],
            link_of(row["left"]["id"], row["right"]["id"], row["link"]),
            row["left_canonical"],
            row["right_canonical"],
        )
        for row in rows[:first]
    )
    cursor = encode_cursor(items[-1].link) if items else None
    return ReviewPage(items, cursor, len(rows) > first)


def canonical_plan(id: str) -> Plan[CanonicalView | None]:
    """The canonical entity `id`, or the one record `id` resolves to; None if neither."""
    rows = yield ("resolve.canonical", {"id": id})
    return canonical_of(rows[0]) if rows else None


def why_plan(left: str, right: str) -> Plan[WhySame | None]:
    """Why `left` and `right` are (or are not) one entity; None if either record is missing."""
    rows = yield ("resolve.pair", {"left": left, "right": right})
    if not rows:
        return None
    row = rows[0]
    direct = None
    if row["link"] is not None:
        ends = sorted((left, right))
        direct = link_of(ends[0], ends[1], row["link"])
    shared = row["left_canonical"]
    shared = shared if shared is not None and shared == row["right_canonical"] else None
    path: tuple[Any, ...] = ()
    if direct is None and shared is not None:
        view = yield from canonical_plan(shared)
        path = strongest_path(left, right, view.links) if view else ()
    probability = direct.probability if direct else None
    if path:
        probability = 1.0
        for link in path:
            probability *= link.probability
    return WhySame(
        row["left"],
        row["right"],
        shared,
        probability,
        direct,
        path,
        tuple(decisions_on(left, right, row["decisions"])),
    )


ACTIONS = {"confirm": 2, "reject": 2, "split": 1, "unmerge": 1}


def check_decision(action: str, ids: Sequence[str]) -> None:
    """Raise DecisionError unless `action` is a decision and `ids` are as many as it takes."""
    if action not in ACTIONS:
        raise DecisionError(f"unknown decision {action!r}: one of {', '.join(ACTIONS)}")
    if len(ids) != ACTIONS[action]:
        raise DecisionError(f"{action} takes {ACTIONS[action]} id(s), got {len(ids)}")


def decision_plan(decider: Decider, action: str, ids: Sequence[str]) -> Plan[DecisionOutcome]:
    """The plan of `action` on `ids`, after checking that they fit it."""
    check_decision(action, ids)
    if action == "confirm":
        return decider.confirm(ids[0], ids[1])
    if action == "reject":
        return decider.reject(ids[0], ids[1])
    if action == "split":
        return decider.split(ids[0])
    return decider.unmerge(ids[0])


def decider(
    action: str, ids: Sequence[str], analyst: str, reason: str, at: datetime | None = None
) -> Decider:
    """Who decides what, and when (default: now); checked before anything touches the graph."""
    check_decision(action, ids)
    return Decider(analyst, reason, at or datetime.now(UTC))


@dataclass(frozen=True)
class Review:
    """Review queue, explanations and decisions through the sync driver (for the CLI)."""

    driver: neo4j.Driver
    database: str
    registry: QueryRegistry
    scope: Scope = EVERYTHING

    def _read(self, plan: Plan[T]) -> T:
        def fetch(name: str, params: dict[str, Any]) -> list[neo4j.Record]:
            found = scoped(self.registry, name, params, self.scope)
            return self.registry.read(self.driver, self.database, name, **found)

        return drive(plan, fetch)

    def queue(self, kind: str, first: int = 20, after: str | None = None) -> ReviewPage:
        return self._read(queue_plan(kind, first, after))

    def canonical(self, id: str) -> CanonicalView | None:
        return self._read(canonical_plan(id))

    def why_same(self, left: str, right: str) -> WhySame | None:
        return self._read(why_plan(left, right))

    def decide(
        self,
        action: str,
        ids: Sequence[str],
        analyst: str,
        reason: str,
        at: datetime | None = None,
    ) -> DecisionOutcome:
        """Apply one decision in one write transaction: confirm/reject take two record ids,
        split one record id, unmerge a canonical (or member) id."""
        who = decider(action, ids, analyst, reason, at)

        def work(tx: neo4j.ManagedTransaction) -> DecisionOutcome:
            # A fresh plan per attempt: a transient error makes the driver retry `work`.
            return in_transaction(tx, self.registry, decision_plan(who, action, ids), self.scope)

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)


@dataclass(frozen=True)
class AsyncReview:
    """`Review` through the asyncio driver (for the API): the same plans, the same answers."""

    driver: neo4j.AsyncDriver
    database: str
    registry: QueryRegistry
    scope: Scope = EVERYTHING

    async def _read(self, plan: Plan[T]) -> T:
        async def fetch(name: str, params: dict[str, Any]) -> list[neo4j.Record]:
            found = scoped(self.registry, name, params, self.scope)
            return await self.registry.read_async(self.driver, self.database, name, **found)

        return await drive_async(plan, fetch)

    async def queue(self, kind: str, first: int = 20, after: str | None = None) -> ReviewPage:
        return await self._read(queue_plan(kind, first, after))

    async def canonical(self, id: str) -> CanonicalView | None:
        return await self._read(canonical_plan(id))

    async def why_same(self, left: str, right: str) -> WhySame | None:
        return await self._read(why_plan(left, right))

    async def decide(
        self,
        action: str,
        ids: Sequence[str],
        analyst: str,
        reason: str,
        at: datetime | None = None,
    ) -> DecisionOutcome:
        """`Review.decide` in one async write transaction."""
        who = decider(action, ids, analyst, reason, at)

        async def work(tx: neo4j.AsyncManagedTransaction) -> DecisionOutcome:
            plan = decision_plan(who, action, ids)
            return await in_async_transaction(tx, self.registry, plan, self.scope)

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)
