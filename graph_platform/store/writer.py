"""Batched, idempotent upserts of nodes and edges: one UNWIND … MERGE statement per type.

Ids are deterministic (derived from a loader's declared keys), so writing the same batch twice
changes no count. Merge rules, the same for nodes and edges:
- `sources` is the union of the Source ids that asserted the record;
- `first_seen` / `last_seen` widen to the earliest / latest time the data shows;
- `loaded_at` is set when the record is first written and never changed;
- other properties: a node asserted by one source shows that source's newest non-null values;
  once several sources assert it, each keeps its own values as claims and the node shows the
  chosen one (see claims.py for the rule); nulls never erase a stored value;
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
from graph_platform.store.claims import Claim, choose, merge_claims, native, reliability_rank
from graph_platform.store.queries import QueryRegistry

#: Properties the writer manages itself; never claims.
_MANAGED = frozenset({"id", "sources", "first_seen", "last_seen", "loaded_at", "_claims"})

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
    #: The values each source gave, filled when the record joins a batch.
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)


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


class GraphWriter:
    """Writes GraphBatches with generated per-type UNWIND upserts in managed transactions."""

    def __init__(
        self,
        driver: neo4j.Driver,
        model: Model,
        database: str,
        timeout: float | None = None,
        queries: QueryRegistry | None = None,
    ) -> None:
        self.driver = driver
        self.model = model
        self.database = database
        self.timeout = timeout
        if queries is None:
            from graph_platform.settings import get_settings

            queries = QueryRegistry.load(get_settings().queries_dir)
        self.queries = queries
        self._node_cypher = {t.name: self._node_upsert(t.labels) for t in model.concrete_nodes()}
        self._edge_cypher = {t.label: self._edge_upsert(t.label) for t in model.concrete_edges()}

    @staticmethod
    def _node_upsert(labels: tuple[str, ...]) -> LiteralString:
        extra = "".join(f":`{label}`" for label in labels if label != "Entity")
        text = (
            "UNWIND $rows AS row\n"
            "MERGE (n:Entity {id: row.id})\n"
            "ON CREATE SET n.loaded_at = $loaded_at\n"
            f"SET n{extra}, n += row.props, n._claims = coalesce(row.claims, n._claims)\n"
            + _MERGE_SEEN.format(v="n")
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

    def statements(
        self, batch: GraphBatch, resolved: dict[str, tuple[dict[str, Any], list[str]]] | None = None
    ) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
        """The (cypher, rows) pairs that write `batch`: nodes first, then edges.

        `resolved` gives, for contested nodes, the chosen values and the encoded claims.
        """
        resolved = resolved or {}
        nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in batch.nodes.values():
            props, claims = resolved.get(node.id, (node.props, None))
            nodes[node.type].append(
                {
                    "id": node.id,
                    "props": props,
                    "claims": claims,
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

    def resolve_claims(
        self, tx: neo4j.ManagedTransaction, batch: GraphBatch
    ) -> dict[str, tuple[dict[str, Any], list[str]]]:
        """Chosen values and claims of the batch's nodes that several sources assert."""
        asked = [{"id": n.id, "sources": n.sources} for n in batch.nodes.values() if n.props]
        stored = {r["id"]: r for r in self.queries.run(tx, "writer.contested_nodes", rows=asked)}
        contested = [
            n for n in batch.nodes.values() if n.props and (n.id in stored or len(n.claims) > 1)
        ]
        if not contested:
            return {}
        merged: dict[str, list[Claim]] = {}
        for node in contested:
            record = stored.get(node.id)
            existing: list[Claim] = []
            if record is not None and record["claims"] is not None:
                existing = [Claim.decode(text) for text in record["claims"]]
            elif record is not None:
                props = {k: v for k, v in record["props"].items() if k not in _MANAGED}
                existing = [
                    Claim(s, k, v) for s in record["sources"] or [] for k, v in props.items()
                ]
            merged[node.id] = merge_claims(existing, node.claims)
        ranks = self._ranks(tx, batch, {c.source for cs in merged.values() for c in cs})
        resolved = {}
        for node in contested:
            types = self.model.node(node.type).properties
            claims = merged[node.id]
            chosen = {p: native(choose(claims, p, ranks), types[p].type) for p in node.props}
            resolved[node.id] = (chosen, [claim.encode() for claim in claims])
        return resolved

    def _ranks(
        self, tx: neo4j.ManagedTransaction, batch: GraphBatch, sources: set[str]
    ) -> dict[str, int]:
        grades = {
            n.id: n.props.get("reliability")
            for n in batch.nodes.values()
            if n.type == "Source" and n.id in sources
        }
        missing = sorted(sources - set(grades))
        if missing:
            for record in self.queries.run(tx, "writer.source_reliability", ids=missing):
                grades[record["id"]] = record["reliability"]
        return {source: reliability_rank(grade) for source, grade in grades.items()}

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        """Write one batch in one transaction (retried on transient errors) and count changes."""

        @neo4j.unit_of_work(metadata={"query": f"writer.{label}"}, timeout=self.timeout)
        def work(tx: neo4j.ManagedTransaction) -> WriteCounts:
            counts = WriteCounts(
                nodes_written=len(batch.nodes), relationships_written=len(batch.edges)
            )
            for cypher, rows in self.statements(batch, self.resolve_claims(tx, batch)):
                summary = tx.run(cypher, rows=rows, loaded_at=loaded_at).consume()
                c = summary.counters
                counts.add(WriteCounts(c.nodes_created, c.relationships_created, c.properties_set))
            return counts

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)
