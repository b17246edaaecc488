"""Neighbourhoods for link charts: from some nodes, hop by hop up to three hops, with a cap per
node and hop (a hashtag with 100,000 posts answers a sample and its true count) and a cap on
the whole answer, through the relationships and nodes the caller may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from graph_platform.errors import InvalidArguments
from graph_platform.explore.page import Window
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import EdgeView, NodeView

MAX_DEPTH = 3
MAX_LIMIT = 10_000
MAX_PER_NODE = 1_000
Direction = Literal["out", "in", "both"]


@dataclass(frozen=True)
class Cap:
    """A node whose neighbours were capped: `shown` of `total` (the chart's "+N more")."""

    id: str
    shown: int
    total: int


@dataclass
class Subgraph:
    nodes: dict[str, NodeView] = field(default_factory=dict)
    edges: dict[str, EdgeView] = field(default_factory=dict)
    caps: list[Cap] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class Expansion:
    """How to expand: relationship types (None: all), direction, filters and caps."""

    depth: int = 1
    rel_types: Sequence[str] | None = None
    direction: Direction = "both"
    window: Window = field(default_factory=Window)
    limit_per_node: int = 25
    limit: int = 2_000

    def __post_init__(self) -> None:
        if not 1 <= self.depth <= MAX_DEPTH:
            raise InvalidArguments(f"depth must be between 1 and {MAX_DEPTH}")
        if not 1 <= self.limit_per_node <= MAX_PER_NODE:
            raise InvalidArguments(f"limitPerNode must be between 1 and {MAX_PER_NODE}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidArguments(f"limit must be between 1 and {MAX_LIMIT}")


async def neighbourhood(reader: GraphReader, ids: Sequence[str], expansion: Expansion) -> Subgraph:
    """The nodes within `expansion.depth` hops of `ids` and the relationships between them
    that the expansion met, capped per node and in all (`truncated` when the cap cut it)."""
    if not ids:
        raise InvalidArguments("ids must name at least one node")
    if len(ids) > MAX_PER_NODE:
        raise InvalidArguments(f"at most {MAX_PER_NODE} ids at once")
    graph = Subgraph()
    frontier = sorted(set(ids))
    for _ in range(expansion.depth):
        if not frontier or graph.truncated:
            break
        frontier = await _hop(reader, graph, frontier, expansion)
    return graph


async def _hop(
    reader: GraphReader, graph: Subgraph, frontier: list[str], expansion: Expansion
) -> list[str]:
    rows = await reader.rows(
        "explore.neighbourhood_hop",
        frontier=frontier,
        rel_types=list(expansion.rel_types) if expansion.rel_types else None,
        direction=expansion.direction,
        limit_per_node=expansion.limit_per_node,
        **expansion.window.params(),
    )
    reached: list[str] = []
    for row in rows:
        graph.nodes.setdefault(str(row["id"]), NodeView.from_map(row["node"]))
        sample, total = row["sample"], int(row["total"])
        if total > len(sample):
            graph.caps.append(Cap(str(row["id"]), len(sample), total))
        for item in sample:
            node = NodeView.from_map(item["node"])
            if node.id not in graph.nodes:
                if len(graph.nodes) >= expansion.limit:
                    graph.truncated = True
                    return reached
                graph.nodes[node.id] = node
                reached.append(node.id)
            edge = EdgeView.from_map(item["edge"])
            graph.edges[edge.id] = edge
    return reached
