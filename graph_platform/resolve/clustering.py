"""Clustering that does not chain: connected components, then correlation clustering inside each.

Links at or above the match threshold first group records into connected components. Inside a
component every pair is scored, and clusters are grown by greedy additive edge contraction
(GAEC, Keuper et al. 2015) — a heuristic for correlation clustering: two clusters merge only
while the summed weight of *all* pairs between them, plus what the merge itself needs (a
`MergePrior`), is positive. So A~B and B~C with strong evidence that A≁C do not put A and C
together: once {A, B} is formed, C joins only if w(A,C) + w(B,C) outweighs the merge's need.
Greedy merges are then refined by moving single records while that gains (`_move_records`).

Where the prior counts (a settings choice, `clustering.prior`):
- `every_pair`: a pair weighs its match weight less the threshold's — its posterior on its
  own, the prior in it — and a merge needs nothing more. Right where a kind's comparisons are
  not independent (an account's handle is compared on and off its platform, so a conflicting
  platform id must outweigh it twice).
- `once_per_merge`: a pair weighs its Bayes factor (the prior aside) and each merge needs the
  prior once, times a Chinese-restaurant (Ewens) partition prior's factor: merging clusters of
  a and b records has prior odds (a+b-1)! / ((a-1)! (b-1)!) times the pairwise prior. Right
  for alias lists, where most pairs of one entity's names look unlike ("Sofacy" ~ "Fancy
  Bear": the names level's `else`, a Bayes factor near 1): counted in every such pair, the
  prior keeps out any record no name evidence can pull in.
The partition factor grows with the clusters' sizes and only the weights of all pairs between
them balance it: in a component too big to score every pair, a few scored pairs would let two
large clusters merge. There the prior counts in every pair (`counted_per_pair`; the engine
decides which components). Two records alone merge exactly when their pair is at or above the
threshold, either way. A cannot-link (an analyst's reject) weighs -inf and is never
overridden; a confirm weighs +`MUST_LINK`.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph_platform.resolve.blocking import group_pairs

#: The weight of an analyst's confirm: more than any sum of model evidence, less than -inf.
MUST_LINK = 1e9
#: Refinement moves a record only for a gain above this (bits), and stops after so many rounds.
MOVE_EPSILON = 1e-6
MAX_MOVE_ROUNDS = 20


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


@dataclass(frozen=True)
class MergePrior:
    """What merging two clusters needs beyond their pairs' summed weights, in bits (negative).

    `bias` is the pairwise prior's match weight less the threshold's; with `partition`, the
    Ewens factor (a+b-1)! / ((a-1)! (b-1)!) for clusters of a and b records is added (0 bits
    for two records alone, 1 for a record joining a pair). The default needs nothing: the
    prior is in every pair's weight (`every_pair`)."""

    bias: float = 0.0
    partition: bool = False

    def bits(self, size_a: int, size_b: int) -> float:
        if not self.partition:
            return self.bias
        ways = math.lgamma(size_a + size_b) - math.lgamma(size_a) - math.lgamma(size_b)
        return self.bias + ways / math.log(2)


EVERY_PAIR = MergePrior()


def correlation_clusters(
    labels: NDArray[np.int64],
    left: NDArray[np.int64],
    right: NDArray[np.int64],
    weight: NDArray[np.float64],
    prior: MergePrior = EVERY_PAIR,
    counted_per_pair: NDArray[np.bool_] | None = None,
) -> list[list[int]]:
    """Clusters (of two or more records) from GAEC within each component.

    `weight` is each pair's weight in bits (±inf for decisions): its match weight less the
    threshold's, or with a `once_per_merge` prior its Bayes factor. Pairs across components
    are ignored; pairs not given count as 0 (no evidence either way). The components of
    `counted_per_pair` records are clustered as `every_pair` whatever `prior` says (their
    pairs' weights must then hold the prior).
    """
    same = labels[left] == labels[right]
    left, right, weight = left[same], right[same], weight[same]
    edges_in = np.bincount(labels[left], minlength=len(labels))
    alone = edges_in[labels[left]] == 1  # most components are one pair: merged if positive
    per_pair = np.zeros(len(labels), bool) if counted_per_pair is None else counted_per_pair
    need = np.where(per_pair[left], EVERY_PAIR.bits(1, 1), prior.bits(1, 1))
    merged = alone & (weight + need > 0)
    clusters: list[list[int]] = [
        [a, b] for a, b in zip(left[merged].tolist(), right[merged].tolist(), strict=True)
    ]
    rest = ~alone
    by_component: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for a, b, w in zip(
        left[rest].tolist(), right[rest].tolist(), weight[rest].tolist(), strict=True
    ):
        by_component[int(labels[a])].append((a, b, w))
    for label, edges in by_component.items():
        counted = EVERY_PAIR if per_pair[label] else prior
        clusters.extend(c for c in _contract(edges, counted) if len(c) >= 2)
    return clusters


def _summed(edges: list[tuple[int, int, float]]) -> dict[int, dict[int, float]]:
    """Each record's neighbours and the summed weight of its pairs with each."""
    adjacency: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, w in edges:
        adjacency[a][b] = adjacency[a].get(b, 0.0) + w
        adjacency[b][a] = adjacency[a][b]
    return adjacency


def _contract(edges: list[tuple[int, int, float]], prior: MergePrior) -> list[list[int]]:
    """GAEC on one component: repeatedly merge the two clusters whose merge gains the most."""
    adjacency = _summed(edges)
    members: dict[int, list[int]] = {node: [node] for node in adjacency}

    def gain(a: int, b: int) -> float:
        return adjacency[a][b] + prior.bits(len(members[a]), len(members[b]))

    heap = [(-gain(a, b), a, b) for a in adjacency for b in adjacency[a] if a < b]
    heap = [entry for entry in heap if entry[0] < 0]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or gain(a, b) != -negative:
            continue  # stale: one side was merged away, or the sum or a size changed since
        if len(members[a]) < len(members[b]):
            a, b = b, a
        members[a].extend(members.pop(b))
        for other, w in adjacency.pop(b).items():
            if other == a:
                continue
            del adjacency[other][b]
            adjacency[a][other] = adjacency[other][a] = adjacency[a].get(other, 0.0) + w
        del adjacency[a][b]
        for other in adjacency[a]:  # the merged cluster's size changed every gain it has
            if (after := gain(a, other)) > 0:
                heapq.heappush(heap, (-after, a, other))
    return _move_records(list(members.values()), edges, prior)


def _move_records(
    clusters: list[list[int]], edges: list[tuple[int, int, float]], prior: MergePrior
) -> list[list[int]]:
    """Greedy merging cannot undo a merge: with near-equal gains it may pair B with C first and
    then take in A, whose evidence with B outweighs its objection to C. So, as in Kernighan–Lin
    refinement, each record then moves — out alone, or into another cluster of its component —
    while a move gains more than `MOVE_EPSILON` bits (the same sums and merge prior)."""
    neighbours = _summed(edges)
    cluster_of = {node: k for k, members in enumerate(clusters) for node in members}
    sizes = [len(members) for members in clusters]
    for _ in range(MAX_MOVE_ROUNDS):
        moved = False
        for node in sorted(cluster_of):
            home = cluster_of[node]
            towards: dict[int, float] = defaultdict(float)
            for other, w in neighbours[node].items():
                towards[cluster_of[other]] += w
            leave = -(towards[home] + prior.bits(sizes[home] - 1, 1)) if sizes[home] > 1 else 0.0
            best, target = MOVE_EPSILON, -1
            if sizes[home] > 1 and leave > best:
                best, target = leave, len(sizes)
            for k, w in towards.items():
                if k != home and (gained := leave + w + prior.bits(sizes[k], 1)) > best:
                    best, target = gained, k
            if target < 0:
                continue
            if target == len(sizes):
                sizes.append(0)
            sizes[home] -= 1
            sizes[target] += 1
            cluster_of[node] = target
            moved = True
        if not moved:
            break
    grouped: dict[int, list[int]] = defaultdict(list)
    for node, k in cluster_of.items():
        grouped[k].append(node)
    return list(grouped.values())
