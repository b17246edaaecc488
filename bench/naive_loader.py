"""The baseline of the ingest benchmark: every node and edge of every row in its own MERGE.

Rows are read and mapped by the same `Mapping` as the real loader, so both write the very same
records; only the writing differs. For each row, each node is
`MERGE (n:Entity {id: $id}) SET n:Label, n += $props` and each edge
`MATCH (a:Entity {id: $source}) MATCH (b:Entity {id: $target}) MERGE (a)-[r:TYPE]->(b)
SET r += $props`, with the writer-managed values (`sources`, `first_seen`, `last_seen`,
`confidence`) folded into `$props`. Two ways to commit:
- `statement`: each MERGE is an auto-commit transaction (`session.run`), the classic naive loader;
- `row`: one managed transaction per row holding that row's statements.
Its statements carry the platform writer's `CYPHER replan=skip` (queries/writer/*.cypher), so it
spends no time on replanning that the platform's loader saves. Node and edge statements are
timed apart; a row transaction's commit is shared between them in proportion to their time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import neo4j

from graph_platform.errors import ValueProblem
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import BadRow
from graph_platform.model import Model
from graph_platform.store.records import EdgeRecord, GraphBatch, NodeRecord

#: The platform writer's statements keep their cached plans the same way (queries/writer/).
REPLAN_SKIP = "CYPHER replan=skip"

Mode = Literal["statement", "row"]


@dataclass
class NaiveSummary:
    """What the naive loader did and how long its node and edge statements took."""

    rows: int = 0
    skipped: int = 0
    node_records: int = 0
    edge_records: int = 0
    node_seconds: float = 0.0
    edge_seconds: float = 0.0
    seconds: float = 0.0


def _node_props(node: NodeRecord) -> dict[str, Any]:
    extra = {"sources": node.sources, "first_seen": node.first_seen, "last_seen": node.last_seen}
    return {**node.props, **{k: v for k, v in extra.items() if v is not None}}


def _edge_props(edge: EdgeRecord) -> dict[str, Any]:
    extra = {
        "sources": edge.sources,
        "confidence": edge.confidence,
        "first_seen": edge.first_seen,
        "last_seen": edge.last_seen,
    }
    return {**edge.props, **{k: v for k, v in extra.items() if v is not None}}


class NaiveLoader:
    """Loads files record by record (see the module docstring for the two commit modes)."""

    def __init__(
        self, mapping: Mapping, driver: neo4j.Driver, model: Model, database: str, mode: Mode
    ) -> None:
        self.mapping = mapping
        self.driver = driver
        self.database = database
        self.mode = mode
        self._node_cypher: dict[str, str] = {}
        for node_type in model.concrete_nodes():
            labels = "".join(f":`{label}`" for label in node_type.labels if label != "Entity")
            self._node_cypher[node_type.name] = (
                f"{REPLAN_SKIP} MERGE (n:Entity {{id: $id}}) SET n{labels}, n += $props"
            )
        self._edge_cypher = {
            edge_type.label: (
                f"{REPLAN_SKIP} MATCH (a:Entity {{id: $source}}) MATCH (b:Entity {{id: $target}}) "
                f"MERGE (a)-[r:`{edge_type.label}`]->(b) SET r += $props"
            )
            for edge_type in model.concrete_edges()
        }

    def _statements(self, batch: GraphBatch) -> list[tuple[bool, str, dict[str, Any]]]:
        """(is_edge, cypher, parameters) for each record of one row, nodes first."""
        nodes = [
            (False, self._node_cypher[n.type], {"id": n.id, "props": _node_props(n)})
            for n in batch.nodes.values()
        ]
        edges = [
            (
                True,
                self._edge_cypher[e.label],
                {"source": e.source_id, "target": e.target_id, "props": _edge_props(e)},
            )
            for e in batch.edges.values()
        ]
        return nodes + edges

    def load(self, files: Iterable[Path]) -> NaiveSummary:
        summary = NaiveSummary()
        started = time.perf_counter()
        with self.driver.session(database=self.database) as session:
            for path in files:
                for row in self.mapping.reader.rows(path):
                    summary.rows += 1
                    staged = GraphBatch()
                    if isinstance(row, BadRow):
                        summary.skipped += 1
                        continue
                    try:
                        self.mapping.map_row(row, staged)
                    except ValueProblem:
                        summary.skipped += 1
                        continue
                    summary.node_records += len(staged.nodes)
                    summary.edge_records += len(staged.edges)
                    statements = self._statements(staged)
                    if self.mode == "statement":
                        self._auto_commit(session, statements, summary)
                    else:
                        self._row_transaction(session, statements, summary)
        summary.seconds = time.perf_counter() - started
        return summary

    @staticmethod
    def _auto_commit(
        session: neo4j.Session,
        statements: list[tuple[bool, str, dict[str, Any]]],
        summary: NaiveSummary,
    ) -> None:
        for is_edge, cypher, parameters in statements:
            began = time.perf_counter()
            session.run(cypher, parameters).consume()
            if is_edge:
                summary.edge_seconds += time.perf_counter() - began
            else:
                summary.node_seconds += time.perf_counter() - began

    @staticmethod
    def _row_transaction(
        session: neo4j.Session,
        statements: list[tuple[bool, str, dict[str, Any]]],
        summary: NaiveSummary,
    ) -> None:
        phases = [0.0, 0.0]

        def work(tx: neo4j.ManagedTransaction) -> None:
            phases[0] = phases[1] = 0.0
            for is_edge, cypher, parameters in statements:
                began = time.perf_counter()
                tx.run(cypher, parameters).consume()
                phases[int(is_edge)] += time.perf_counter() - began

        began = time.perf_counter()
        session.execute_write(work)
        commit = time.perf_counter() - began - sum(phases)
        inside = sum(phases) or 1.0
        summary.node_seconds += phases[0] + commit * phases[0] / inside
        summary.edge_seconds += phases[1] + commit * phases[1] / inside
