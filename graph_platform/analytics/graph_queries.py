"""Named queries on one database, the way every analytics part runs them: reads routed to
readers and retried, writes in one managed transaction each (retried on transient errors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j

from graph_platform.store.queries import QueryRegistry


@dataclass(frozen=True)
class GraphQueries:
    driver: neo4j.Driver
    database: str
    registry: QueryRegistry

    def read(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        return self.registry.read(self.driver, self.database, name, **params)

    def write(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return self.registry.run(tx, name, **params)

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)
