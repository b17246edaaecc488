"""Batched, idempotent upserts: UNWIND … MERGE of a batch's nodes, then one per edge type.

Ids are deterministic (derived from a loader's declared keys), so writing the same batch twice
changes no count. Merge rules, the same for nodes and edges:
- `sources` is the union of the Source ids that asserted the record, and `origins` says for each
  where it first did: "<source id> @ <file>#<row>" (row or object number; NER: the post id);
- `first_seen` / `last_seen` widen to the earliest / latest time the data shows;
- `loaded_at` is set when the record is first written and never changed;
- other properties: a node asserted by one source shows that source's newest non-null values;
  once several sources assert it, each keeps its own values as claims and the node shows the
  chosen one (see claims.py for the rule); nulls never erase a stored value;
- edge `confidence` is the highest any source gave.
The node Cypher is reviewed data (`queries/writer/`), its labels per-row parameters taken from
the validated ontology; edge upserts are generated per type, interpolating only ontology labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, LiteralString, Self, overload

import neo4j

from graph_platform.model import EdgeType, Model, NodeType, PropertyType
from graph_platform.store.claims import Claim, choose, merge_claims, native, reliability_rank
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.recent import RecentWrites

if TYPE_CHECKING:
    from graph_platform.settings import Settings

#: Properties the writer manages itself on every node; never claims, never compared.
MANAGED_PROPERTIES = frozenset(
    {"id", "sources", "origins", "first_seen", "last_seen", "loaded_at", "_claims"}
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


_MERGE_SEEN: LiteralString = """
SET {v}.sources = reduce(acc = coalesce({v}.sources, []), s IN row.sources |
        CASE WHEN s IN acc THEN acc ELSE acc + s END),
    {v}.first_seen = CASE WHEN row.first_seen IS NULL
        OR ({v}.first_seen IS NOT NULL AND {v}.first_seen <= datetime(row.first_seen))
        THEN {v}.first_seen ELSE datetime(row.first_seen) END,
    {v}.last_seen = CASE WHEN row.last_seen IS NULL
        OR ({v}.last_seen IS NOT NULL AND {v}.last_seen >= datetime(row.last_seen))
        THEN {v}.last_seen ELSE datetime(row.last_seen) END
"""


class _IsoTexts:
    """ISO text of datetimes, memoised over one batch: the records made from one data row share
    its time as their seen-range (formatting took ~1.6 µs a value, a lookup ~0.5 µs)."""

    def __init__(self) -> None:
        self._texts: dict[tuple[datetime, timedelta | None], str] = {}

    @overload
    def __call__(self, value: datetime) -> str: ...
    @overload
    def __call__(self, value: None) -> None: ...
    def __call__(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        # Equal instants in different offsets are equal datetimes but different texts.
        key = (value, value.utcoffset())
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = value.isoformat()
        return text


def _temporal_keys(record_type: NodeType | EdgeType) -> tuple[str, ...]:
    """The single-valued date and datetime properties of a node or edge type that loaders set
    (not the seen-range and load time, which the writer manages)."""
    return tuple(
        p.name
        for p in record_type.properties.values()
        if p.type in (PropertyType.DATE, PropertyType.DATETIME)
        and not p.multiple
        and p.name not in MANAGED_PROPERTIES
    )


def _on_wire(
    props: dict[str, Any], temporal_keys: tuple[str, ...], iso: _IsoTexts
) -> dict[str, Any]:
    """`props` split for sending: zoned datetimes and dates of the type's temporal properties
    travel as ISO text in `temporal` (`[key, text, "datetime" | "date"]`), which the statement
    turns back into temporal values; every other value is sent as it is.

    The driver packs each datetime object in Python at ~70 µs; as text a batch of 3,000 nodes
    went from 0.9 s to 0.1 s on the wire in the ingest benchmark. Only the keys the ontology
    types as dates are looked at (a loop testing every value's type was ~5 µs a record).
    """
    temporal: list[list[str]] = []
    for key in temporal_keys:
        value = props.get(key)
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                temporal.append([key, iso(value), "datetime"])
        elif isinstance(value, date):
            temporal.append([key, value.isoformat(), "date"])
    if not temporal:
        return {"props": props, "temporal": temporal}
    moved = {key for key, _, _ in temporal}
    return {"props": {k: v for k, v in props.items() if k not in moved}, "temporal": temporal}


def _origins(record: NodeRecord | EdgeRecord) -> list[str | None]:
    """Per source of the record (same order), "<source id> @ <where>", or None if unknown."""
    return [
        f"{source} @ {record.origins[source]}" if source in record.origins else None
        for source in record.sources
    ]


#: Cypher option of the writer's statements: keep a cached plan when the statistics change.
#: A load changes them fast (each statement would be replanned every 10 s early in a load, and
#: after every wipe in the benchmark: ~0.4 s for the node upsert), while these plans are
#: index seeks and MERGEs that no statistic changes. A schema change still clears the cache.
REPLAN_SKIP: LiteralString = "CYPHER replan=skip"


def _edge_upsert(label: str) -> LiteralString:
    """The upsert of one relationship type; `label` comes from the validated ontology."""
    return (
        f"{REPLAN_SKIP}\n"
        "UNWIND $rows AS row\n"
        "MATCH (s:Entity {id: row.source}) MATCH (t:Entity {id: row.target})\n"
        f"MERGE (s)-[r:`{label}`]->(t)\n"
        "ON CREATE SET r.loaded_at = $loaded_at\n"
        "SET r.origins = coalesce(r.origins, []) + [i IN range(0, size(row.sources) - 1)\n"
        "        WHERE NOT row.sources[i] IN coalesce(r.sources, [])\n"
        "          AND row.origins[i] IS NOT NULL | row.origins[i]]\n"
        "SET r += row.props, r.confidence = CASE WHEN r.confidence IS NULL\n"
        "    OR row.confidence > r.confidence THEN row.confidence ELSE r.confidence END\n"
        "FOREACH (t IN row.temporal |\n"
        "  SET r[t[0]] = CASE t[2] WHEN 'date' THEN date(t[1]) ELSE datetime(t[1]) END)\n"
        + _MERGE_SEEN.format(v="r")
    )


class GraphWriter:
    """Writes GraphBatches in managed transactions: the nodes in `node_transactions` concurrent
    parts, each one UNWIND upsert for nodes of any type (labels set per row, Neo4j 5.26 dynamic
    labels), then the edges in one transaction with a statement per relationship type.

    Edges keep a statement per type, generated from the ontology: MERGE of a relationship whose
    type is a parameter cannot use the per-type degree of its end nodes, and became 2-3 times
    slower around hub nodes (platforms, sources, operations) in the ingest benchmark.

    The node upsert leaves a node's properties alone when another source asserts it too and
    returns such contested nodes; their chosen values and claims are written by a second, small
    statement (`writer.apply_claims`). Records this writer has already written with the same
    values, sources and seen-range within the last `recent_limit` writes are skipped: writing them
    again could change nothing (see recent.py for why, and its one assumption).
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        model: Model,
        database: str,
        timeout: float | None = None,
        queries: QueryRegistry | None = None,
        recent_limit: int = 100_000,
        node_transactions: int = 2,
    ) -> None:
        self.driver = driver
        self.model = model
        self.database = database
        self.timeout = timeout
        if queries is None:
            from graph_platform.settings import get_settings

            queries = QueryRegistry.load(get_settings().queries_dir)
        self.queries = queries
        self._labels = {
            t.name: [label for label in t.labels if label != "Entity"]
            for t in model.concrete_nodes()
        }
        self._edge_cypher = {t.label: _edge_upsert(t.label) for t in model.concrete_edges()}
        self._node_temporal = {t.name: _temporal_keys(t) for t in model.concrete_nodes()}
        self._edge_temporal = {t.label: _temporal_keys(t) for t in model.concrete_edges()}
        self.recent = RecentWrites(recent_limit)
        self.node_transactions = max(1, node_transactions)

    @classmethod
    def for_settings(cls, driver: neo4j.Driver, settings: Settings, model: Model) -> Self:
        """A writer as `settings` configure it: database, timeout, queries, node transactions."""
        return cls(
            driver,
            model,
            settings.neo4j_database,
            timeout=settings.query_timeout,
            queries=QueryRegistry.load(settings.queries_dir),
            node_transactions=settings.node_transactions,
        )

    def _node_rows(self, nodes: list[NodeRecord]) -> list[dict[str, Any]]:
        iso = _IsoTexts()
        return [
            {
                "id": node.id,
                "labels": self._labels[node.type],
                **_on_wire(node.props, self._node_temporal[node.type], iso),
                "sources": node.sources,
                "origins": _origins(node),
                "multi": len(node.claims) > 1,
                "first_seen": iso(node.first_seen),
                "last_seen": iso(node.last_seen),
            }
            for node in nodes
        ]

    def _edge_rows(self, edges: list[EdgeRecord]) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        iso = _IsoTexts()
        for edge in edges:
            rows[edge.label].append(
                {
                    "source": edge.source_id,
                    "target": edge.target_id,
                    **_on_wire(edge.props, self._edge_temporal[edge.label], iso),
                    "sources": edge.sources,
                    "origins": _origins(edge),
                    "confidence": edge.confidence,
                    "first_seen": iso(edge.first_seen),
                    "last_seen": iso(edge.last_seen),
                }
            )
        return rows

    def _run(
        self, tx: neo4j.ManagedTransaction, name: str, **params: Any
    ) -> tuple[list[neo4j.Record], neo4j.SummaryCounters]:
        """Run a writer statement: a named query, or `edge:LABEL` for a generated edge upsert.

        The one place the writer sends Cypher (the benchmark times it by name).
        """
        if name.startswith("edge:"):
            result = tx.run(self._edge_cypher[name.removeprefix("edge:")], params)
        else:
            result = tx.run(self.queries.get(name).text, self.queries.parameters(name, params))
        records = list(result)
        return records, result.consume().counters

    def _resolve(
        self,
        tx: neo4j.ManagedTransaction,
        batch: GraphBatch,
        contested: list[neo4j.Record],
    ) -> list[dict[str, Any]]:
        """Rows of `writer.apply_claims`: chosen values and encoded claims of contested nodes."""
        merged: dict[str, list[Claim]] = {}
        for record in contested:
            node = batch.nodes[record["id"]]
            existing: list[Claim] = []
            if record["claims"] is not None:
                existing = [Claim.decode(text) for text in record["claims"]]
            else:
                props = {k: v for k, v in record["props"].items() if k not in MANAGED_PROPERTIES}
                existing = [
                    Claim(s, k, v) for s in record["sources"] or [] for k, v in props.items()
                ]
            merged[node.id] = merge_claims(existing, node.claims)
        ranks = self._ranks(tx, batch, {c.source for cs in merged.values() for c in cs})
        rows = []
        for node_id, claims in merged.items():
            node = batch.nodes[node_id]
            types = self.model.node(node.type).properties
            chosen = {p: native(choose(claims, p, ranks), types[p].type) for p in node.props}
            rows.append({"id": node_id, "props": chosen, "claims": [c.encode() for c in claims]})
        return rows

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

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` are nodes in the graph now."""
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        with self.driver.session(database=self.database) as session:
            records = self.queries.run(session, "writer.existing_ids", ids=wanted)
        return {record["id"] for record in records}

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        """Write one batch and count changes: its nodes first, in `node_transactions` concurrent
        transactions, then its edges in one; each transaction is retried on transient errors.

        A batch is not atomic: if a later transaction fails, nodes already committed stay (with
        their sources and origins) and writing the batch again completes it, changing nothing
        that was written: the loader's checkpoint only moves after `write` returns.
        """
        unwritten = self.recent.select(batch.nodes.values(), batch.edges.values())
        counts = WriteCounts(nodes_written=len(batch.nodes), relationships_written=len(batch.edges))
        if unwritten.nodes:
            counts.add(self._write_nodes(batch, unwritten.nodes, loaded_at, label))
        if unwritten.edges:
            counts.add(self._write_edges(unwritten.edges, loaded_at, label))
        self.recent.remember(unwritten)
        return counts

    def _write_nodes(
        self, batch: GraphBatch, nodes: list[NodeRecord], loaded_at: datetime, label: str
    ) -> WriteCounts:
        """Upsert `nodes` split into concurrent transactions.

        Nodes of a batch have distinct ids, so the parts lock distinct index entries and nodes
        (a deadlock would need two lock ids to collide; the driver retries it as transient), and
        the server works on them with all its cores. This thread builds the parts' rows one
        after the other and starts each part's transaction as soon as its rows are ready, so the
        server begins on the first part while the next is being built (building all parts in
        their own threads at once made them share this process's one interpreter lock, and left
        the server idle while they were built).
        """
        parts = [nodes[i :: self.node_transactions] for i in range(self.node_transactions)]
        parts = [part for part in parts if part]
        counts = WriteCounts()
        if len(parts) == 1:
            counts.add(self._node_transaction(batch, self._node_rows(parts[0]), loaded_at, label))
            return counts
        with ThreadPoolExecutor(len(parts), thread_name_prefix="node-writer") as pool:
            running = [
                pool.submit(self._node_transaction, batch, self._node_rows(part), loaded_at, label)
                for part in parts
            ]
            for part in running:
                counts.add(part.result())
        return counts

    def _node_transaction(
        self, batch: GraphBatch, rows: list[dict[str, Any]], loaded_at: datetime, label: str
    ) -> WriteCounts:
        @neo4j.unit_of_work(metadata={"query": f"writer.{label}.nodes"}, timeout=self.timeout)
        def work(tx: neo4j.ManagedTransaction) -> WriteCounts:
            contested, c = self._run(tx, "writer.upsert_nodes", rows=rows, loaded_at=loaded_at)
            counts = WriteCounts(c.nodes_created, 0, c.properties_set)
            if contested:
                claim_rows = self._resolve(tx, batch, contested)
                _, c = self._run(tx, "writer.apply_claims", rows=claim_rows)
                counts.add(WriteCounts(0, 0, c.properties_set))
            return counts

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _write_edges(self, edges: list[EdgeRecord], loaded_at: datetime, label: str) -> WriteCounts:
        """Upsert `edges` in one transaction, a statement per relationship type."""

        @neo4j.unit_of_work(metadata={"query": f"writer.{label}.edges"}, timeout=self.timeout)
        def work(tx: neo4j.ManagedTransaction) -> WriteCounts:
            counts = WriteCounts()
            for edge_label, rows in sorted(self._edge_rows(edges).items()):
                _, c = self._run(tx, f"edge:{edge_label}", rows=rows, loaded_at=loaded_at)
                counts.add(WriteCounts(0, c.relationships_created, c.properties_set))
            return counts

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)
