"""The platform's GraphWriter with its node and edge statements timed apart, for the benchmark.

`write` does what `GraphWriter.write` does — resolve claims, then the generated per-type UNWIND
statements, all in one managed transaction — and adds up the time of the node phase (claim
resolution plus node upserts) and of the edge phase. Session, commit and retries are shared
between the two in proportion to their time. `by_statement` keeps the seconds of each statement
(claims, each node type, each edge type) to show where the time goes. Keep it in step with
`GraphWriter.write`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime

import neo4j

from graph_platform.model import Model
from graph_platform.store.writer import GraphBatch, GraphWriter, WriteCounts

CLAIMS = "(claims)"


class TimedWriter(GraphWriter):
    def __init__(
        self, driver: neo4j.Driver, model: Model, database: str, timeout: float | None = None
    ) -> None:
        super().__init__(driver, model, database, timeout)
        self.node_seconds = 0.0
        self.edge_seconds = 0.0
        self.by_statement: defaultdict[str, float] = defaultdict(float)
        self._names = {
            **{text: name for name, text in self._node_cypher.items()},
            **{text: label for label, text in self._edge_cypher.items()},
        }

    def write(self, batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
        phases = [0.0, 0.0]
        spent: defaultdict[str, float] = defaultdict(float)

        @neo4j.unit_of_work(metadata={"query": f"writer.{label}"}, timeout=self.timeout)
        def work(tx: neo4j.ManagedTransaction) -> WriteCounts:
            phases[0] = phases[1] = 0.0
            spent.clear()
            counts = WriteCounts(
                nodes_written=len(batch.nodes), relationships_written=len(batch.edges)
            )
            began = time.perf_counter()
            statements = self.statements(batch, self.resolve_claims(tx, batch))
            phases[0] += time.perf_counter() - began
            spent[CLAIMS] += time.perf_counter() - began
            for cypher, rows in statements:
                began = time.perf_counter()
                summary = tx.run(cypher, rows=rows, loaded_at=loaded_at).consume()
                seconds = time.perf_counter() - began
                phases[int(bool(rows) and "target" in rows[0])] += seconds
                spent[self._names.get(cypher, "?")] += seconds
                c = summary.counters
                counts.add(WriteCounts(c.nodes_created, c.relationships_created, c.properties_set))
            return counts

        began = time.perf_counter()
        with self.driver.session(database=self.database) as session:
            counts = session.execute_write(work)
        rest = time.perf_counter() - began - sum(phases)
        inside = sum(phases) or 1.0
        self.node_seconds += phases[0] + rest * phases[0] / inside
        self.edge_seconds += phases[1] + rest * phases[1] / inside
        for name, seconds in spent.items():
            self.by_statement[name] += seconds
        self.by_statement["(session+commit)"] += rest
        return counts
