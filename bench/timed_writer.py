"""The platform's GraphWriter with its node and edge statements timed apart, for the benchmark.

It times the writer's own statements (`GraphWriter._run`) and its claim resolution
(`GraphWriter._resolve`): the node phase is the node upsert, claim resolution and
`writer.apply_claims`; the edge phase is the edge upsert. Session, commit and retries are shared
between the two in proportion to their time. `by_statement` keeps the seconds of each part.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime
from typing import Any

import neo4j

from graph_platform.model import Model
from graph_platform.store.writer import GraphBatch, GraphWriter, WriteCounts

EDGE_PREFIX = "edge:"


class TimedWriter(GraphWriter):
    def __init__(
        self, driver: neo4j.Driver, model: Model, database: str, timeout: float | None = None
    ) -> None:
        super().__init__(driver, model, database, timeout)
        self.node_seconds = 0.0
        self.edge_seconds = 0.0
        self.by_statement: defaultdict[str, float] = defaultdict(float)
        self._spent: defaultdict[str, float] = defaultdict(float)

    def _run(
        self, tx: neo4j.ManagedTransaction, name: str, **params: Any
    ) -> tuple[list[neo4j.Record], neo4j.SummaryCounters]:
        began = time.perf_counter()
        try:
            return super()._run(tx, name, **params)
        finally:
            self._spent[name] += time.perf_counter() - began

    def _resolve(
        self, tx: neo4j.ManagedTransaction, batch: GraphBatch, contested: list[neo4j.Record]
    ) -> list[dict[str, Any]]:
        began = time.perf_counter()
        try:
            return super()._resolve(tx, batch, contested)
        finally:
            self._spent["(claims)"] += time.perf_counter() - began

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        self._spent.clear()
        began = time.perf_counter()
        counts = super().write(batch, loaded_at, label)
        total = time.perf_counter() - began
        # A retried transaction leaves the time of its failed attempts in `rest`.
        edge = sum(s for name, s in self._spent.items() if name.startswith(EDGE_PREFIX))
        node = sum(self._spent.values()) - edge
        rest = total - node - edge
        inside = (node + edge) or 1.0
        self.node_seconds += node + rest * node / inside
        self.edge_seconds += edge + rest * edge / inside
        for name, seconds in self._spent.items():
            self.by_statement[name] += seconds
        self.by_statement["(session+commit+skip)"] += rest
        return counts
