"""Batched, idempotent upserts of nodes and edges: one UNWIND … MERGE statement per type.

Ids are deterministic (derived from a loader's declared keys), so writing the same batch twice
changes no count. Merge rules, the same for nodes and edges:
- `sources` is the union of the Source ids that asserted the record;
- `first_seen` / `last_seen` widen to the earliest / latest time the data shows;
- `loaded_at` is set when the record is first written and never changed;
- other properties: a non-null value from the newest write replaces the stored one (per-source
  values are the next step of ingestion); nulls never erase a stored value;
- edge `confidence` is the highest any source gave.
The Cypher is generated here from the validated ontology (labels and property names only).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, LiteralString

import neo4j

from graph_platform.model import Model

_MERGE_SEEN: LiteralString = """
SET {v}.sources = reduce(acc = coalesce({v}.sources, []), s IN row.sources |
        CASE WHEN s IN acc THEN acc ELSE acc + s END),
    {v}.first_seen = CASE WHEN row.first_seen IS NULL
        OR ({v}.first_seen IS NOT NULL AND {v}.first_seen <= row.first_seen)
        THEN {v}.first_seen ELSE row.first_seen END,
    {v}.last_seen = CASE WHEN row.last_seen IS NULL
        OR ({v}.last_seen IS NOT NULL AND {v}.last_seen >= row.last_seen)
        THEN {v}.last_seen ELSE row.last_seen END
"""


@dataclass
class NodeRecord:
    type: str
    id: str
    props: dict[str, Any]
    sources: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None


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

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.label, self.source_id, self.target_id)


def _widen(stored: NodeRecord | EdgeRecord, new: NodeRecord | EdgeRecord) -> None:
    """Fold `new` into `stored` by the merge rules above (used to dedupe inside a batch)."""
    stored.props.update(new.props)
    stored.sources.extend(s for s in new.sources if s not in stored.sources)
    if new.first_seen and (stored.first_seen is None or new.first_seen < stored.first_seen):
        stored.first_seen = new.first_seen
    if new.last_seen and (stored.last_seen is None or new.last_seen > stored.last_seen):
        stored.last_seen = new.last_seen


@dataclass
class GraphBatch:
    """Nodes and edges to write in one transaction, deduplicated by id / (type, ends)."""

    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], EdgeRecord] = field(default_factory=dict)

    def add_node(self, node: NodeRecord) -> None:
        stored = self.nodes.get(node.id)
        if stored is None:
            self.nodes[node.id] = node
        else:
            _widen(stored, node)

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
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0

    def add(self, other: WriteCounts) -> None:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        self.properties_set += other.properties_set


class GraphWriter:
    """Writes GraphBatches with generated per-type UNWIND upserts in managed transactions."""

    def __init__(
        self, driver: neo4j.Driver, model: Model, database: str, timeout: float | None = None
    ) -> None:
        self.driver = driver
        self.model = model
        self.database = database
        self.timeout = timeout
        self._node_cypher = {t.name: self._node_upsert(t.labels) for t in model.concrete_nodes()}
        self._edge_cypher = {t.label: self._edge_upsert(t.label) for t in model.concrete_edges()}

    @staticmethod
    def _node_upsert(labels: tuple[str, ...]) -> LiteralString:
        extra = "".join(f":`{label}`" for label in labels if label != "Entity")
        text = (
            "UNWIND $rows AS row\n"
            "MERGE (n:Entity {id: row.id})\n"
            "ON CREATE SET n.loaded_at = $loaded_at\n"
            f"SET n{extra}, n += row.props\n" + _MERGE_SEEN.format(v="n")
        )
        return text

    @staticmethod
    def _edge_upsert(label: str) -> LiteralString:
        text = (
            "UNWIND $rows AS row\n"
            "MATCH (s:Entity {id: row.source}) MATCH (t:Entity {id: row.target})\n"
            f"MERGE (s)-[r:`{label}`]->(t)\n"
            "ON CREATE SET r.loaded_at = $loaded_at\n"
            "SET r += row.props, r.confidence = CASE WHEN r.confidence IS NULL\n"
            "    OR row.confidence > r.confidence THEN row.confidence ELSE r.confidence END\n"
            + _MERGE_SEEN.format(v="r")
        )
        return text

    def statements(self, batch: GraphBatch) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
        """The (cypher, rows) pairs that write `batch`: nodes first, then edges."""
        nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in batch.nodes.values():
            nodes[node.type].append(
                {
                    "id": node.id,
                    "props": node.props,
                    "sources": node.sources,
                    "first_seen": node.first_seen,
                    "last_seen": node.last_seen,
                }
            )
        edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for edge in batch.edges.values():
            edges[edge.label].append(
                {
                    "source": edge.source_id,
                    "target": edge.target_id,
                    "props": edge.props,
                    "sources": edge.sources,
                    "confidence": edge.confidence,
                    "first_seen": edge.first_seen,
                    "last_seen": edge.last_seen,
                }
            )
        return [(self._node_cypher[t], rows) for t, rows in sorted(nodes.items())] + [
            (self._edge_cypher[label], rows) for label, rows in sorted(edges.items())
        ]

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        """Write one batch in one transaction (retried on transient errors) and count changes."""
        statements = self.statements(batch)

        @neo4j.unit_of_work(metadata={"query": f"writer.{label}"}, timeout=self.timeout)
        def work(tx: neo4j.ManagedTransaction) -> WriteCounts:
            counts = WriteCounts()
            for cypher, rows in statements:
                summary = tx.run(cypher, rows=rows, loaded_at=loaded_at).consume()
                c = summary.counters
                counts.add(WriteCounts(c.nodes_created, c.relationships_created, c.properties_set))
            return counts

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)
