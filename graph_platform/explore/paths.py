"""Paths between two nodes: the shortest, or the k shortest (Neo4j's SHORTEST k), through what
the caller may see, optionally only through some relationship types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph_platform.errors import InvalidArguments
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import EdgeView, NodeView

MAX_HOPS = 6
MAX_K = 10


@dataclass(frozen=True)
class Path:
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]

    @property
    def length(self) -> int:
        return len(self.edges)


async def paths(
    reader: GraphReader,
    start: str,
    end: str,
    max_hops: int = 4,
    rel_types: Sequence[str] | None = None,
    k: int = 1,
) -> list[Path]:
    """Up to `k` shortest paths from `start` to `end`, at most `max_hops` long, shortest first."""
    if start == end:
        raise InvalidArguments("from and to must be two different nodes")
    if not 1 <= max_hops <= MAX_HOPS:
        raise InvalidArguments(f"maxHops must be between 1 and {MAX_HOPS}")
    if not 1 <= k <= MAX_K:
        raise InvalidArguments(f"k must be between 1 and {MAX_K}")
    query = reader.registry.filled("explore.paths", k=str(k), max_hops=str(max_hops))
    rows = await reader.rows(
        query, **{"from": start, "to": end}, rel_types=list(rel_types) if rel_types else None
    )
    return [
        Path(
            tuple(NodeView.from_map(node) for node in row["nodes"]),
            tuple(EdgeView.from_map(edge) for edge in row["edges"]),
        )
        for row in rows
    ]
