"""`ApiContext`: what every GraphQL resolver gets, built per request from the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from graph_platform.api.reader import GraphReader
from graph_platform.store.queries import QueryRegistry


@dataclass(frozen=True)
class ApiContext:
    """The driver, database and query registry, and the reader built from them."""

    driver: neo4j.AsyncDriver
    database: str
    registry: QueryRegistry
    #: Who the request says it is (the X-Analyst header); there is no authentication yet.
    analyst: str | None = None

    @property
    def reader(self) -> GraphReader:
        return GraphReader(self.driver, self.database, self.registry)
