"""The platform's GraphWriter with its node and edge phases timed apart, for the benchmark.

The node phase (`GraphWriter._write_nodes`: its concurrent transactions, each with the node
upsert, claim resolution and `writer.apply_claims`, and their commits) and the edge phase
(`_write_edges`: the edge upserts and their commit) are timed by the wall clock. What `write`
does around them (choosing the records to send, remembering them) is shared between the two in
proportion to their time. `by_statement` keeps the seconds of each statement (summed over the
node transactions, which overlap) and of the phases.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from datetime import datetime
from typing import Any

import neo4j

from graph_platform.store.writer import (
    EdgeRecord,
    GraphBatch,
    GraphWriter,
    NodeRecord,
    WriteCounts,
)


class TimedWriter(GraphWriter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node_seconds = 0.0
        self.edge_seconds = 0.0
        self.by_statement: defaultdict[str, float] = defaultdict(float)
        self._lock = threading.Lock()
        self._phase = {"nodes": 0.0, "edges": 0.0}

    def _run(
        self, tx: neo4j.ManagedTransaction, name: str, **params: Any
    ) -> tuple[list[neo4j.Record], neo4j.SummaryCounters]:
        began = time.perf_counter()
        try:
            return super()._run(tx, name, **params)
        finally:
            with self._lock:
                self.by_statement[name] += time.perf_counter() - began

    def _write_nodes(
        self, batch: GraphBatch, nodes: list[NodeRecord], loaded_at: datetime, label: str
    ) -> WriteCounts:
        began = time.perf_counter()
        try:
            return super()._write_nodes(batch, nodes, loaded_at, label)
        finally:
            self._phase["nodes"] += time.perf_counter() - began

    def _write_edges(self, edges: list[EdgeRecord], loaded_at: datetime, label: str) -> WriteCounts:
        began = time.perf_counter()
        try:
            return super()._write_edges(edges, loaded_at, label)
        finally:
            self._phase["edges"] += time.perf_counter() - began

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        self._phase = {"nodes": 0.0, "edges": 0.0}
        began = time.perf_counter()
        counts = super().write(batch, loaded_at, label)
        total = time.perf_counter() - began
        node, edge = self._phase["nodes"], self._phase["edges"]
        rest = total - node - edge
        inside = (node + edge) or 1.0
        self.node_seconds += node + rest * node / inside
        self.edge_seconds += edge + rest * edge / inside
        self.by_statement["(node phase)"] += node
        self.by_statement["(edge phase)"] += edge
        self.by_statement["(select+remember)"] += rest
        return counts
