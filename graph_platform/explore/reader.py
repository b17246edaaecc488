"""`GraphReader`: the caller's read access to the graph — named queries with the caller's scope.

Every explore query takes `$scope` and applies it in its Cypher; the reader adds it to each call,
so no read can forget it. Each read is one auto-commit query in read mode (store/async_read.py):
routed to readers on a cluster, after the driver's writes, and retried on transient errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import neo4j

from graph_platform.store.queries import NamedQuery, QueryRegistry
from graph_platform.store.scope import Scope


@dataclass(frozen=True)
class GraphReader:
    driver: neo4j.AsyncDriver
    database: str
    registry: QueryRegistry
    scope: Scope = field(default_factory=Scope.everything)

    async def rows(self, query: str | NamedQuery, /, **params: Any) -> list[neo4j.Record]:
        """The records of a read query, run with the caller's scope."""
        return await self.registry.read_async(
            self.driver, self.database, query, scope=self.scope.param(), **params
        )

    def narrowed(
        self, fields: Iterable[str] | None, edge_fields: Iterable[str] | None
    ) -> GraphReader:
        """This reader, its reads showing at most `fields` of nodes and `edge_fields` of
        relationships (None: no further cut; see Scope.narrowed)."""
        if fields is None and edge_fields is None:
            return self
        return replace(self, scope=self.scope.narrowed(fields, edge_fields))

    async def ping(self) -> None:
        """Raise unless the database answers a query; not retried, so failures show at once."""
        async with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            records = await self.registry.run_async(session, "health.ping")
        if [record["ok"] for record in records] != [1]:
            raise ConnectionError(f"unexpected health answer: {records!r}")
