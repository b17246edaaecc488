"""`ScopeReader`: a scope's nodes and relationships read from Neo4j in pages, as a stream.

Each page is one read transaction through a named query under `queries/export/` (retried on
transient errors, routed to readers) and holds at most `page_size` nodes with their outgoing
relationships, so memory stays flat however large the scope. Nodes come in id order, each
followed by its relationships to other nodes of the scope. Pages are separate transactions:
an export taken while a load runs may see some of the load's writes and not others.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph_platform.errors import GraphPlatformError, NotFound
from graph_platform.export.records import (
    EDGE_PROVENANCE,
    NODE_PROVENANCE,
    Claim,
    ExportEdge,
    ExportItem,
    ExportNode,
    Provenance,
    Visibility,
    plain,
)
from graph_platform.export.scope import (
    CanonicalScope,
    NeighbourhoodScope,
    OperationScope,
    Scope,
    WholeGraph,
)
from graph_platform.model import Model
from graph_platform.store.claims import Claim as StoredClaim
from graph_platform.store.claims import choose, reliability_rank
from graph_platform.store.queries import QueryRegistry

#: Relationships a page of nodes should bring, about, and the nodes of a first page, before the
#: reader knows how many relationships the scope's nodes have (see `ScopeReader._paged`).
EDGES_PER_PAGE = 4000
FIRST_PAGE = 100


@dataclass
class ScopeReader:
    """Reads scopes for one caller (`visibility`); formats say which extra edge data they need.

    `incoming`: edge types (ontology names) a format carries on their target node, read with it.
    `target_keys`: target node properties a format needs with each edge (a STIX object's type
    depends on an Organisation's `kind`).
    """

    driver: neo4j.Driver
    registry: QueryRegistry
    model: Model
    database: str = "neo4j"
    page_size: int = 2000
    visibility: Visibility = field(default_factory=Visibility)
    incoming: tuple[str, ...] = ()
    target_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._edge_names = {e.label: e.name for e in self.model.edge_types.values()}

    def items(self, scope: Scope) -> Iterator[ExportItem]:
        """The scope's nodes in id order, each followed by its relationships in the scope."""
        if isinstance(scope, WholeGraph):
            yield from self._paged("export.whole")
        elif isinstance(scope, OperationScope):
            if not self._read("operation.by_id", id=scope.id):
                raise NotFound(f"no influence operation with id {scope.id!r}")
            yield from self._paged("export.operation", id=scope.id)
        else:
            yield from self._listed(self.members(scope))

    def members(self, scope: NeighbourhoodScope | CanonicalScope) -> list[str]:
        """The sorted node ids of a scope small enough to list; NotFound if it names nothing."""
        visible = self.visibility.param()
        if isinstance(scope, CanonicalScope):
            rows = self._read("export.canonical_members", id=scope.id, scope=visible)
            if not rows:
                raise NotFound(f"{scope.id!r} is neither a canonical entity nor resolved to one")
            return list(rows[0]["members"])
        rows = self._read(
            "export.neighbourhood_members", ids=list(scope.ids), depth=scope.depth, scope=visible
        )
        members: list[str] = rows[0]["members"]
        missing = sorted(set(scope.ids) - set(members))
        if missing:
            raise NotFound(f"no node with id {', '.join(map(repr, missing))}")
        return members

    def sources(self) -> dict[str, dict[str, Any]]:
        """Properties of every Source the caller may see, by id (provenance for the formats)."""
        rows = self._read("export.sources", scope=self.visibility.param())
        return {row["id"]: {k: plain(v) for k, v in row["props"].items()} for row in rows}

    def _read(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        return self.registry.read(self.driver, self.database, name, **params)

    def _common(self) -> dict[str, Any]:
        edges = [self.model.edge(name) for name in self.incoming]
        return {
            "scope": self.visibility.param(),
            "incoming": [edge.label for edge in edges],
            # Only nodes that can be such an edge's target expand their incoming edges (a
            # hashtag's thousands of TAGGED edges are never read for nothing).
            "incoming_targets": sorted({target for edge in edges for target in edge.targets}),
            "target_keys": list(self.target_keys),
        }

    def _paged(self, query: str, /, **params: Any) -> Iterator[ExportItem]:
        """Pages of at most `page_size` nodes, fewer where nodes have many relationships: each
        page is sized so that it brings about `EDGES_PER_PAGE` relationships, judged by the
        last one (accounts with their posts, next to posts with a few links), which bounds a
        page's memory and time as well as its node count."""
        after, size = "", min(self.page_size, FIRST_PAGE)
        while True:
            rows = self._read(query, after=after, page=size, **params, **self._common())
            edges = 0
            for row in rows:
                edges += len(row["edges"]) + len(row["incoming"])
                yield from self._row_items(row)
            if len(rows) < size:
                return
            after = rows[-1]["id"]
            per_node = max(edges / len(rows), 1.0)
            size = max(1, min(self.page_size, int(EDGES_PER_PAGE / per_node)))

    def _listed(self, members: Sequence[str]) -> Iterator[ExportItem]:
        for start in range(0, len(members), self.page_size):
            page = list(members[start : start + self.page_size])
            rows = self._read("export.members", ids=page, members=list(members), **self._common())
            for row in rows:
                yield from self._row_items(row)

    def _row_items(self, row: neo4j.Record) -> Iterator[ExportItem]:
        node = self._node(row["node"])
        node.incoming = [self._edge(edge, node, outgoing=False) for edge in row["incoming"]]
        yield node
        for edge in row["edges"]:
            yield self._edge(edge, node, outgoing=True)

    def node_type(self, labels: Sequence[str]) -> str:
        """The concrete ontology type among a node's labels."""
        for label in labels:
            node_type = self.model.node_types.get(label)
            if node_type is not None and not node_type.abstract:
                return label
        raise GraphPlatformError(f"a node labelled {sorted(labels)} has no concrete ontology type")

    def _node(self, view: Mapping[str, Any]) -> ExportNode:
        """A node from its node_view: all its values when every source asserting it is visible,
        else each value chosen among the visible sources' claims (the writer's rule)."""
        props = {str(key): plain(value) for key, value in view["properties"]}
        claims = [StoredClaim.decode(text) for text in view.get("claims") or ()]
        if not view["complete"] and claims:
            ranks = {str(s): reliability_rank(grade) for s, grade in view.get("grades") or ()}
            for prop in dict.fromkeys(claim.prop for claim in claims):
                props.setdefault(prop, plain(choose(claims, prop, ranks)))
        return ExportNode(
            str(view["id"]),
            self.node_type(view["labels"]),
            {k: v for k, v in props.items() if k not in NODE_PROVENANCE},
            Provenance.of(view, props),
            [Claim(c.source, c.prop, c.value) for c in claims],
        )

    def _edge(self, row: Mapping[str, Any], node: ExportNode, *, outgoing: bool) -> ExportEdge:
        view = row["edge"]
        props = {str(key): plain(value) for key, value in view["properties"]}
        other_id = view["target"] if outgoing else view["source"]
        other = (str(other_id), self.node_type(row["labels"]))
        (source, source_type), (target, target_type) = (
            ((node.id, node.type), other) if outgoing else (other, (node.id, node.type))
        )
        return ExportEdge(
            self._edge_names[view["type"]],
            source,
            target,
            source_type,
            target_type,
            {k: v for k, v in props.items() if k not in EDGE_PROVENANCE},
            Provenance.of(view, props),
            props.get("confidence"),
            dict(zip(self.target_keys, map(plain, row["values"]), strict=False)),
        )
