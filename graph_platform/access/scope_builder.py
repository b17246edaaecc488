"""A caller's scope: the Sources their clearance lets them see, and for partners the node types,
relationship types and fields the ontology marks shareable. Every read applies it in its Cypher.

The Sources' markings are read from the graph at most every few seconds (`ttl`): a source loaded
or re-marked is seen by the next refresh. A caller cleared RED with a role that sees every type
(admin, analyst) is unrestricted.
"""

from __future__ import annotations

import neo4j

from graph_platform.access.marking import cleared
from graph_platform.access.principal import Principal
from graph_platform.access.ttl_cache import TtlValue
from graph_platform.model import Model
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.scope import Scope


class ScopeBuilder:
    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        queries: QueryRegistry,
        database: str,
        model: Model,
        unmarked: str,
        ttl: float = 5.0,
    ) -> None:
        self.model = model
        self.unmarked = unmarked

        async def markings() -> dict[str, str | None]:
            rows = await queries.read_async(driver, database, "access.source_markings")
            return {str(row["id"]): row["marking"] for row in rows}

        self._markings = TtlValue(markings, ttl)

    async def visible_sources(self, clearance: str) -> frozenset[str]:
        markings = await self._markings.get()
        return frozenset(s for s, m in markings.items() if cleared(clearance, m, self.unmarked))

    async def scope(self, principal: Principal) -> Scope:
        sources = (
            None
            if principal.clearance == "RED"
            else await self.visible_sources(principal.clearance)
        )
        if not principal.is_partner:
            return Scope(sources=sources)
        return Scope(
            sources=sources,
            labels=self.model.shareable_labels(),
            rel_types=self.model.shareable_rel_types(),
            fields=self.model.shareable_fields(),
        )

    def refresh(self) -> None:
        """Read the markings again on the next request (after a load, in tests)."""
        self._markings.forget()
