"""COORDINATED_WITH edges read back from the graph as CoordinationEdges (for groups after an
incremental run, and for suggestions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j
import neo4j.time

from graph_platform.analytics.network import CoordinationEdge, EvidenceItem
from graph_platform.store.queries import QueryRegistry


def _ms(value: Any) -> int:
    if isinstance(value, neo4j.time.DateTime):
        value = value.to_native()
    assert isinstance(value, datetime)
    return round(value.timestamp() * 1000)


def to_edge(row: Any) -> CoordinationEdge:
    """One `coordination.edges` row as a CoordinationEdge."""
    items = tuple(
        EvidenceItem(kind, obj or None, sp, tp, _ms(st), _ms(tt))
        for kind, obj, sp, tp, st, tt in zip(
            row["kinds"] or [],
            row["objects"] or [],
            row["source_posts"] or [],
            row["target_posts"] or [],
            row["source_times"] or [],
            row["target_times"] or [],
            strict=True,
        )
    )
    return CoordinationEdge(
        row["source"],
        row["target"],
        int(row["weight"]),
        int(row["source_weight"]),
        int(row["target_weight"]),
        items,
    )


def read_edges(
    registry: QueryRegistry, driver: neo4j.Driver, database: str, page: int = 10_000
) -> list[CoordinationEdge]:
    """Every COORDINATED_WITH edge in the graph, in (source, target) order."""
    edges: list[CoordinationEdge] = []
    after = ("", "")
    while True:
        rows = registry.read(
            driver,
            database,
            "coordination.edges",
            after_source=after[0],
            after_target=after[1],
            limit=page,
        )
        edges.extend(to_edge(row) for row in rows)
        if len(rows) < page:
            return edges
        after = (rows[-1]["source"], rows[-1]["target"])
