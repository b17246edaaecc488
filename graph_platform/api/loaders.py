"""Per-request DataLoaders: every node a request needs by id (sources of edges, `node(id)`, …)
and every page of one relationship field, each batched into one query per event-loop turn, so
a page of N accounts with their posts costs a constant number of round trips, not N."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from graph_platform.explore.lookup import MAX_IDS, nodes_by_id
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.relationship_page import (
    EMPTY,
    PageArgs,
    RelationshipPage,
    relationship_pages,
)
from graph_platform.explore.view import NodeView
from graph_platform.model import RelationshipField


class Loaders:
    """The DataLoaders of one request (a cache per request: never shared between callers)."""

    def __init__(self, reader: GraphReader) -> None:
        self.reader = reader
        self._nodes_with: dict[frozenset[str] | None, DataLoader[str, NodeView | None]] = {}
        #: Nodes with every property the caller may see.
        self.nodes = self.nodes_with(None)
        self._pages: dict[tuple[str, PageArgs], DataLoader[str, RelationshipPage]] = {}

    def nodes_with(self, fields: frozenset[str] | None) -> DataLoader[str, NodeView | None]:
        """The loader of nodes read with these properties only (None: every property)."""
        loader = self._nodes_with.get(fields)
        if loader is None:
            reader = self.reader.narrowed(fields, None)

            async def load(ids: Sequence[str]) -> list[NodeView | None]:
                found = await nodes_by_id(reader, ids)
                return [found.get(node_id) for node_id in ids]

            loader = self._nodes_with[fields] = DataLoader(load_fn=load, max_batch_size=MAX_IDS)
        return loader

    async def sources(self, ids: Sequence[str]) -> list[NodeView]:
        """The Source nodes with these ids, by id (a hidden or missing one is left out)."""
        loaded = await self.nodes.load_many(sorted(ids))
        return [node for node in loaded if node is not None]

    def relationship(
        self, field: RelationshipField, args: PageArgs
    ) -> DataLoader[str, RelationshipPage]:
        """The loader of `field`'s pages as `args` asks for them, keyed by parent id."""
        key = (field.key, args)
        loader = self._pages.get(key)
        if loader is None:

            async def load(parent_ids: Sequence[str]) -> list[RelationshipPage]:
                pages = await relationship_pages(self.reader, field, args, parent_ids)
                return [pages.get(parent_id, EMPTY) for parent_id in parent_ids]

            loader = self._pages[key] = DataLoader(load_fn=load, max_batch_size=MAX_IDS)
        return loader
