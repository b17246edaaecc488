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
All merge rules are reviewed Cypher side by side in `queries/writer/`: the node upsert (labels
are per-row parameters taken from the validated ontology) and the edge upsert, a template the
query registry fills with each relationship type of the ontology. The records the writer takes
are in records.py.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any, Protocol, overload

import neo4j

from graph_platform.model import EdgeType, Model, NodeType, PropertyType
from graph_platform.store.claims import Claim, choose, merge_claims, native, reliability_rank
from graph_platform.store.queries import NamedQuery, QueryRegistry
from graph_platform.store.recent import RecentWrites
from graph_platform.store.records import (
    MANAGED_PROPERTIES,
    EdgeRecord,
    GraphBatch,
    NodeRecord,
    WriteCounts,
)


class WriteObserver(Protocol):
    """Told how long the writer's statements and phases took (the ingest benchmark times them)."""

    def statement(self, name: str, seconds: float) -> None:
        """A statement ran (`name`: its query name) in `seconds`, results consumed."""

    def phase(self, name: str, seconds: float) -> None:
        """A phase of `write` ended: "nodes" or "edges" (commits included), or "select"."""


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


class GraphWriter:
    """Writes GraphBatches in managed transactions: the nodes in `node_transactions` concurrent
    parts, each one UNWIND upsert for nodes of any type (labels set per row, Neo4j 5.26 dynamic
    labels), then the edges in one transaction with a statement per relationship type.

    Edges keep a statement per type (the `writer.upsert_edges` template filled per type): MERGE
    of a relationship whose type is a parameter cannot use the per-type degree of its end nodes,
    and became 2-3 times slower around hub nodes (platforms, sources, operations) in the ingest
    benchmark.

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
        queries: QueryRegistry,
        database: str,
        timeout: float | None = None,
        recent_limit: int = 100_000,
        node_transactions: int = 2,
        observer: WriteObserver | None = None,
    ) -> None:
        self.driver = driver
        self.model = model
        self.database = database
        self.timeout = timeout
        self.queries = queries
        self.observer = observer
        self._labels = {
            t.name: [label for label in t.labels if label != "Entity"]
            for t in model.concrete_nodes()
        }
        self._edge_upserts = {
            t.label: queries.filled("writer.upsert_edges", rel_type=t.label)
            for t in model.concrete_edges()
        }
        self._node_temporal = {t.name: _temporal_keys(t) for t in model.concrete_nodes()}
        self._edge_temporal = {t.label: _temporal_keys(t) for t in model.concrete_edges()}
        self.recent = RecentWrites(recent_limit)
        self.node_transactions = max(1, node_transactions)

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
        self, tx: neo4j.ManagedTransaction, query: str | NamedQuery, **params: Any
    ) -> tuple[list[neo4j.Record], neo4j.SummaryCounters]:
        """Run one writer statement: the one place the writer sends Cypher."""
        began = time.perf_counter()
        result = tx.run(self.queries.text(query), self.queries.parameters(query, params))
        records = list(result)
        counters = result.consume().counters
        if self.observer is not None:
            name = query if isinstance(query, str) else query.name
            self.observer.statement(name, time.perf_counter() - began)
        return records, counters

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

    def write_query(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        """Run the named write query `name` in one managed transaction; its records."""

        def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return self.queries.run(tx, name, **params)

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        """Write one batch and count changes: its nodes first, in `node_transactions` concurrent
        transactions, then its edges in one; each transaction is retried on transient errors.

        A batch is not atomic: if a later transaction fails, nodes already committed stay (with
        their sources and origins) and writing the batch again completes it, changing nothing
        that was written: the loader's checkpoint only moves after `write` returns.
        """
        began = time.perf_counter()
        unwritten = self.recent.select(batch.nodes.values(), batch.edges.values())
        counts = WriteCounts(nodes_written=len(batch.nodes), relationships_written=len(batch.edges))
        selected = time.perf_counter()
        if unwritten.nodes:
            counts.add(self._write_nodes(batch, unwritten.nodes, loaded_at, label))
        nodes_done = time.perf_counter()
        if unwritten.edges:
            counts.add(self._write_edges(unwritten.edges, loaded_at, label))
        edges_done = time.perf_counter()
        self.recent.remember(unwritten)
        if self.observer is not None:
            self.observer.phase("nodes", nodes_done - selected)
            self.observer.phase("edges", edges_done - nodes_done)
            self.observer.phase("select", selected - began + time.perf_counter() - edges_done)
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
                upsert = self._edge_upserts[edge_label]
                _, c = self._run(tx, upsert, rows=rows, loaded_at=loaded_at)
                counts.add(WriteCounts(0, c.relationships_created, c.properties_set))
            return counts

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)
