"""The records loaders, enrichment and resolution hand to the writer, and what writing did.

A `GraphBatch` holds the nodes and edges to write together, deduplicated by id / (type, ends):
records of the same node or edge within a batch are folded by the writer's merge rules (sources
union, first origin per source, seen-range widened; an edge keeps its highest confidence), and
each source's values are kept apart as claims (see claims.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: Properties the writer manages itself on every node; never claims, never compared. An
#: operation's `actor_status` is derived from the graph after a load, not asserted by a source.
MANAGED_PROPERTIES = frozenset(
    {"id", "sources", "origins", "first_seen", "last_seen", "loaded_at", "_claims", "actor_status"}
)


@dataclass
class NodeRecord:
    type: str
    id: str
    props: dict[str, Any]
    sources: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    #: The values each source gave, filled when the record joins a batch.
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Where each source first stated the record (file#row, object id …), by source id.
    origins: dict[str, str] = field(default_factory=dict)


@dataclass
class EdgeRecord:
    label: str
    source_id: str
    target_id: str
    props: dict[str, Any]
    sources: list[str]
    confidence: float
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    #: Where each source first stated the record (file#row, object id …), by source id.
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.label, self.source_id, self.target_id)


def _widen(stored: NodeRecord | EdgeRecord, new: NodeRecord | EdgeRecord) -> None:
    """Fold `new` into `stored` by the merge rules above (used to dedupe inside a batch)."""
    stored.props.update(new.props)
    stored.sources.extend(s for s in new.sources if s not in stored.sources)
    for source, where in new.origins.items():
        stored.origins.setdefault(source, where)
    if new.first_seen and (stored.first_seen is None or new.first_seen < stored.first_seen):
        stored.first_seen = new.first_seen
    if new.last_seen and (stored.last_seen is None or new.last_seen > stored.last_seen):
        stored.last_seen = new.last_seen


@dataclass
class GraphBatch:
    """Nodes and edges to write together, deduplicated by id / (type, ends)."""

    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], EdgeRecord] = field(default_factory=dict)

    def add_node(self, node: NodeRecord) -> None:
        stored = self.nodes.get(node.id)
        if stored is None:
            stored = self.nodes[node.id] = node
            node.claims = {}
        else:
            _widen(stored, node)
        for source in node.sources:
            stored.claims.setdefault(source, {}).update(node.props)

    def add_edge(self, edge: EdgeRecord) -> None:
        stored = self.edges.get(edge.key)
        if stored is None:
            self.edges[edge.key] = edge
        else:
            _widen(stored, edge)
            stored.confidence = max(stored.confidence, edge.confidence)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)


@dataclass
class WriteCounts:
    """What writes did: records written, and of those how many were new (the rest merged)."""

    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    nodes_written: int = 0
    relationships_written: int = 0

    def add(self, other: WriteCounts) -> None:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        self.properties_set += other.properties_set
        self.nodes_written += other.nodes_written
        self.relationships_written += other.relationships_written

    @property
    def nodes_merged(self) -> int:
        return self.nodes_written - self.nodes_created

    @property
    def relationships_merged(self) -> int:
        return self.relationships_written - self.relationships_created
