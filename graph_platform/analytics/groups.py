"""Groups of coordinated accounts: connected components and Leiden communities, with statistics.

Communities come from `leidenalg` (the maintained implementation of Traag et al.'s Leiden
algorithm, on python-igraph) on the weighted edge graph, with a fixed seed and the vertices in
id order, so the same edges always give the same groups. A group is *coordinated* when it has
at least `min_group_size` members and its edge density reaches `min_density`.

A community is first trimmed to its core: a member tied to fewer than `min_density` of the
other members (and to fewer than two) leaves it, repeatedly, and becomes a group of its own.
Coordinated groups are near-cliques (γ-quasi-cliques); what chance ties build are paths, stars
and accounts hanging off a group by one or two ties, which the trimming takes apart (on the
tuning configuration every false positive at a loose co-sharing test was one of these).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import igraph
import leidenalg

from graph_platform.analytics.network import CoordinationEdge


@dataclass(frozen=True)
class GroupStats:
    """One group: its members (sorted) and what describes it."""

    id: str
    members: tuple[str, ...]
    component: int  # index of the connected component it lies in
    edges: int
    density: float
    total_weight: int
    #: Share of the members' messages in the input that are co-shared inside the group.
    post_share: float
    first_ms: int | None
    last_ms: int | None
    top_objects: tuple[str, ...]
    coordinated: bool

    @property
    def size(self) -> int:
        return len(self.members)


def group_id(members: Sequence[str]) -> str:
    """A group's id, derived from its sorted members (the same members, the same id)."""
    digest = hashlib.sha256("\x1f".join(sorted(members)).encode()).hexdigest()
    return f"group-{digest[:16]}"


def find_groups(
    edges: Sequence[CoordinationEdge],
    messages: dict[str, int],
    min_group_size: int = 3,
    min_density: float = 0.5,
    resolution: float = 1.0,
    seed: int = 1,
) -> list[GroupStats]:
    """Leiden communities of `edges` (weighted) with their statistics, largest first;
    `messages` gives each account's message count in the input (for `post_share`)."""
    names = sorted({a for e in edges for a in (e.source, e.target)})
    if not names:
        return []
    index = {name: i for i, name in enumerate(names)}
    ordered = sorted(edges, key=lambda e: (e.source, e.target))
    graph = igraph.Graph(n=len(names), edges=[(index[e.source], index[e.target]) for e in ordered])
    graph.es["weight"] = [e.weight for e in ordered]
    component_of = graph.connected_components().membership
    partition = leidenalg.find_partition(
        graph,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        resolution_parameter=resolution,
        seed=seed,
    )
    by_member: dict[str, list[CoordinationEdge]] = {}
    for edge in ordered:
        by_member.setdefault(edge.source, []).append(edge)
    neighbours = [set(graph.neighbors(v)) for v in range(len(names))]
    groups = []
    for community in _trimmed(partition, neighbours, min_density):
        members = tuple(sorted(names[v] for v in community))
        inside = set(members)
        group_edges = [e for m in members for e in by_member.get(m, []) if e.target in inside]
        groups.append(
            _stats(members, group_edges, component_of[community[0]], messages, min_group_size,
                   min_density)
        )  # fmt: skip
    groups.sort(key=lambda g: (-g.size, g.id))
    return groups


def _trimmed(
    communities: Sequence[Sequence[int]], neighbours: list[set[int]], min_density: float
) -> list[list[int]]:
    """Each community's core (members tied to at least `min_density` of the others, and to
    two, until none is left to remove) and each removed member on its own, in order."""
    result: list[list[int]] = []
    for community in communities:
        core = set(community)
        removed: list[int] = []
        while len(core) > 1:
            needed = max(min(2, len(core) - 1), math.ceil(min_density * (len(core) - 1)))
            weak = sorted(v for v in core if len(neighbours[v] & core) < needed)
            if not weak:
                break
            core -= set(weak)
            removed += weak
        if len(core) == 1:
            removed += sorted(core)
            core = set()
        if core:
            result.append(sorted(core))
        result += [[v] for v in sorted(removed)]
    return result


def _stats(
    members: tuple[str, ...],
    edges: list[CoordinationEdge],
    component: int,
    messages: dict[str, int],
    min_group_size: int,
    min_density: float,
) -> GroupStats:
    size = len(members)
    possible = size * (size - 1) / 2
    density = len(edges) / possible if possible else 0.0
    times = [t for e in edges for item in e.evidence for t in (item.source_time_ms,
             item.target_time_ms)]  # fmt: skip
    objects = Counter(
        f"{item.kind}:{item.object}" for e in edges for item in e.evidence if item.object
    )
    co_shared = Counter[str]()
    for e in edges:
        co_shared[e.source] = max(co_shared[e.source], e.source_weight)
        co_shared[e.target] = max(co_shared[e.target], e.target_weight)
    total = sum(messages.get(m, 0) for m in members)
    return GroupStats(
        id=group_id(members),
        members=members,
        component=component,
        edges=len(edges),
        density=round(density, 4),
        total_weight=sum(e.weight for e in edges),
        post_share=round(min(sum(co_shared.values()) / total, 1.0), 4) if total else 0.0,
        first_ms=min(times) if times else None,
        last_ms=max(times) if times else None,
        top_objects=tuple(name for name, _ in objects.most_common(5)),
        coordinated=size >= min_group_size and density >= min_density,
    )
