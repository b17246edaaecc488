"""Clustering that does not chain: connected components, then correlation clustering inside each.

Links at or above the match threshold first group records into connected components. Inside a
component every pair is scored, and clusters are grown by greedy additive edge contraction
(GAEC, Keuper et al. 2015) — a heuristic for correlation clustering: two clusters merge only
while the summed evidence over *all* pairs between them (match weight minus the threshold's
weight, in bits) is positive. So A~B and B~C with strong evidence that A≁C do not put A and C
together: once {A, B} is formed, C joins only if w(A,C) + w(B,C) > 0. A cannot-link (an
analyst's reject) weighs -inf and is never overridden; a confirm weighs +`MUST_LINK`.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from graph_platform.resolve.blocking import group_pairs

#: The weight of an analyst's confirm: more than any sum of model evidence, less than -inf.
MUST_LINK = 1e9


def components(n: int, left: NDArray[np.int64], right: NDArray[np.int64]) -> NDArray[np.int64]:
    """Connected-component label (its smallest record index) of each of `n` records."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        a, b = parent[left], parent[right]
        if np.array_equal(a, b):
            return parent
        np.minimum.at(parent, np.maximum(a, b), np.minimum(a, b))
        while True:  # pointer jumping: every record points at its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def component_pairs(
    labels: NDArray[np.int64], max_size: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every pair of records inside one component of 2..`max_size` records (i < j)."""
    sizes = np.bincount(labels, minlength=len(labels))
    inside = np.flatnonzero(sizes[labels] >= 2).astype(np.int64)
    (a, b), _ = group_pairs(inside, labels[inside], max_size)
    return np.minimum(a, b), np.maximum(a, b)


def correlation_clusters(
    labels: NDArray[np.int64],
    left: NDArray[np.int64],
    right: NDArray[np.int64],
    weight: NDArray[np.float64],
) -> list[list[int]]:
    """Clusters (of two or more records) from GAEC within each component.

    `weight` is each pair's evidence relative to the threshold (> 0: rather the same). Pairs
    across components are ignored; pairs not given count as 0 (no evidence either way).
    """
    same = labels[left] == labels[right]
    left, right, weight = left[same], right[same], weight[same]
    edges_in = np.bincount(labels[left], minlength=len(labels))
    alone = edges_in[labels[left]] == 1  # most components are one pair: merged if positive
    merged = alone & (weight > 0)
    clusters: list[list[int]] = [
        [a, b] for a, b in zip(left[merged].tolist(), right[merged].tolist(), strict=True)
    ]
    rest = ~alone
    by_component: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for a, b, w in zip(
        left[rest].tolist(), right[rest].tolist(), weight[rest].tolist(), strict=True
    ):
        by_component[int(labels[a])].append((a, b, w))
    for edges in by_component.values():
        clusters.extend(c for c in _contract(edges) if len(c) >= 2)
    return clusters


def _contract(edges: list[tuple[int, int, float]]) -> list[list[int]]:
    """GAEC on one component: repeatedly merge the two clusters with the largest positive sum."""
    adjacency: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, w in edges:
        adjacency[a][b] = adjacency[a].get(b, 0.0) + w
        adjacency[b][a] = adjacency[a][b]
    members: dict[int, list[int]] = {node: [node] for node in adjacency}
    heap = [(-w, a, b) for a in adjacency for b, w in adjacency[a].items() if a < b and w > 0]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or adjacency[a].get(b) != -negative:
            continue  # stale: one side was merged away or the sum changed since
        if len(members[a]) < len(members[b]):
            a, b = b, a
        members[a].extend(members.pop(b))
        for other, w in adjacency.pop(b).items():
            if other == a:
                continue
            del adjacency[other][b]
            total = adjacency[a].get(other, 0.0) + w
            adjacency[a][other] = adjacency[other][a] = total
            if total > 0:
                heapq.heappush(heap, (-total, a, other))
        del adjacency[a][b]
    return list(members.values())
