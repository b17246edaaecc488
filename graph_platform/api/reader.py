"""`GraphReader`: the API's questions to the graph, each answered by one named query."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from graph_platform.api.attribution import AttributionPath
from graph_platform.api.node import EntityNode
from graph_platform.errors import InvalidArguments
from graph_platform.store.queries import QueryRegistry


@dataclass(frozen=True)
class GraphReader:
    """Read-only access for the API: named queries, routed to readers, retried if transient."""

    driver: neo4j.AsyncDriver
    database: str
    registry: QueryRegistry

    async def _first_node(self, query: str, column: str, /, **params: object) -> EntityNode | None:
        records = await self.registry.read_async(self.driver, self.database, query, **params)
        return EntityNode.from_node(records[0][column]) if records else None

    async def account(
        self, id: str | None = None, platform: str | None = None, handle: str | None = None
    ) -> EntityNode | None:
        """The account with `id`, or the one on `platform` with `handle` (case-insensitive)."""
        if id is not None and platform is None and handle is None:
            return await self.account_by_id(id)
        if id is None and platform and handle:
            return await self.account_by_handle(platform, handle)
        raise InvalidArguments("account: give either `id`, or both `platform` and `handle`")

    async def account_by_id(self, account_id: str) -> EntityNode | None:
        return await self._first_node("account.by_id", "account", id=account_id)

    async def account_by_handle(self, platform: str, handle: str) -> EntityNode | None:
        """The most recently seen account holding `handle` on `platform`, ignoring case and @."""
        return await self._first_node(
            "account.by_handle", "account", platform=platform, handle=handle
        )

    async def entity(self, entity_id: str) -> EntityNode | None:
        return await self._first_node("entity.by_id", "entity", id=entity_id)

    async def operation(self, operation_id: str) -> EntityNode | None:
        return await self._first_node("operation.by_id", "operation", id=operation_id)

    async def attribution(self, account_id: str) -> list[AttributionPath]:
        """Who is behind the account: ranked paths, best first (empty if none or no account)."""
        records = await self.registry.read_async(
            self.driver, self.database, "attribution.for_account", account_id=account_id
        )
        return [AttributionPath.from_record(record) for record in records]

    async def ping(self) -> None:
        """Raise unless the database answers a query; not retried, so failures show at once."""
        async with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            records = await self.registry.run_async(session, "health.ping")
        if [record["ok"] for record in records] != [1]:
            raise ConnectionError(f"unexpected health answer: {records!r}")
