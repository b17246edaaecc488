"""`ApiContext`: what every GraphQL resolver gets, built per request from the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j

from graph_platform.access.principal import OPERATOR, Principal
from graph_platform.api.loaders import Loaders
from graph_platform.api.narrowing import Needs
from graph_platform.api.prefetch import RelationshipPrefetch
from graph_platform.explore.reader import GraphReader
from graph_platform.model import Model
from graph_platform.store.queries import QueryRegistry


@dataclass
class ApiContext:
    """The caller's reader (with their scope), the request's DataLoaders, the ontology."""

    reader: GraphReader
    model: Model
    #: Who asks (authenticated); decisions are recorded under their name.
    principal: Principal = OPERATOR
    #: Starts the relationship pages selected under a node looked up by id (prefetch.py).
    prefetch: RelationshipPrefetch | None = None
    #: What each selection needs read (narrowing.py); made from `model` when not given.
    needs: Needs | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.reader)
        if self.needs is None:
            self.needs = Needs(self.model)

    @property
    def driver(self) -> neo4j.AsyncDriver:
        return self.reader.driver

    @property
    def database(self) -> str:
        return self.reader.database

    @property
    def registry(self) -> QueryRegistry:
        return self.reader.registry
