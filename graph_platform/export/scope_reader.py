"""`ScopeReader`: a scope's nodes and relationships read from Neo4j in pages, as a stream.

A page is at most `page_size` nodes in id order, read by one named query under
`queries/export/` (keyset pages on the Entity.id index); their relationships are read apart by
the scope's `*_edges` query in chunks of at most `edge_chunk`, ordered by node, each chunk
starting where the last one ended. So memory holds one page of nodes and one chunk of
relationships, however many relationships a node has (an account with a hundred thousand
posts costs chunks, not memory), and every read is a short transaction of its own (retried on
transient errors, routed to readers), whatever the consumer's pace. Nodes come in id order,
each followed by its relationships to other nodes of the scope. Pages are separate
transactions: an export taken while a load runs may see some of the load's writes and not
others.
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

#: Relationships one read brings at most (a chunk of a page's relationships).
EDGE_CHUNK = 5000


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
    edge_chunk: int = EDGE_CHUNK

    def __post_init__(self) -> None:
        self._edge_names = {e.label: e.name for e in self.model.edge_types.values()}

    def items(self, scope: Scope) -> Iterator[ExportItem]:
        """The scope's nodes in id order, each followed by its relationships in the scope."""
        if isinstance(scope, WholeGraph):
            yield from self._paged("export.whole", "export.whole_edges")
        elif isinstance(scope, OperationScope):
            rows = self._read(
                "export.operation_anchors", id=scope.id, scope=self.visibility.param()
            )
            if not rows:
                raise NotFound(f"no influence operation with id {scope.id!r}")
            anchors = {"id": scope.id, "linked": rows[0]["linked"], "evidence": rows[0]["evidence"]}
            yield from self._paged("export.operation", "export.operation_edges", **anchors)
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

    def _edge_params(self) -> dict[str, Any]:
        edges = [self.model.edge(name) for name in self.incoming]
        return {
            "scope": self.visibility.param(),
            "incoming": [edge.label for edge in edges],
            # Only nodes that can be such an edge's target expand their incoming edges (a
            # hashtag's thousands of TAGGED edges are never read for nothing).
            "incoming_targets": sorted({target for edge in edges for target in edge.targets}),
            "target_keys": list(self.target_keys),
            "chunk": self.edge_chunk,
        }

    def _paged(self, nodes: str, edges: str, /, **params: Any) -> Iterator[ExportItem]:
        """Keyset pages of `nodes` (after the last id of the page before), each with its
        relationships from `edges`."""
        after, scope = "", self.visibility.param()
        while True:
            rows = self._read(nodes, after=after, page=self.page_size, scope=scope, **params)
            yield from self._page(rows, edges, params)
            if len(rows) < self.page_size:
                return
            after = rows[-1]["id"]

    def _listed(self, members: Sequence[str]) -> Iterator[ExportItem]:
        scope = self.visibility.param()
        for start in range(0, len(members), self.page_size):
            ids = list(members[start : start + self.page_size])
            rows = self._read("export.members", ids=ids, scope=scope)
            yield from self._page(rows, "export.members_edges", {"members": list(members)})

    def _page(
        self, rows: Sequence[neo4j.Record], edges: str, params: Mapping[str, Any]
    ) -> Iterator[ExportItem]:
        """A page's nodes, each followed by its relationships. A node's incoming relationships
        of the `incoming` types come first in its rows and are attached to it before it is
        handed out; its outgoing ones follow it."""
        nodes = [self._node(row["node"]) for row in rows]
        position = {node.id: at for at, node in enumerate(nodes)}
        handed = 0  # nodes[:handed] are out
        for row in self._edge_rows(edges, [node.id for node in nodes], params):
            at = position[row["node"]]
            outgoing = row["key"].startswith("1")
            if at < handed - 1 or (at < handed and not outgoing):
                raise GraphPlatformError(f"{edges} returned relationships out of node order")
            while handed < at:
                yield nodes[handed]
                handed += 1
            edge = self._edge(row, nodes[at], outgoing=outgoing)
            if not outgoing:
                nodes[at].incoming.append(edge)
                continue
            if handed == at:
                yield nodes[at]
                handed += 1
            yield edge
        yield from nodes[handed:]

    def _edge_rows(
        self, query: str, ids: list[str], params: Mapping[str, Any]
    ) -> Iterator[neo4j.Record]:
        """The relationships of the page's nodes `ids`, read in chunks: each chunk starts after
        the last (node, key) of the one before, from that node on."""
        at_node = at_edge = ""
        common = self._edge_params()
        while ids:
            rows = self._read(query, ids=ids, at_node=at_node, at_edge=at_edge, **params, **common)
            yield from rows
            if len(rows) < self.edge_chunk:
                return
            at_node, at_edge = rows[-1]["node"], rows[-1]["key"]
            ids = ids[ids.index(at_node) :]

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
