"""Clustering does not chain, and analyst decisions always hold (reject / confirm)."""

from __future__ import annotations

import numpy as np
from febrl_support import febrl_settings, scored

from graph_platform.resolve.clustering import components, correlation_clusters
from graph_platform.resolve.engine import cluster
from graph_platform.resolve.resolution import Decision


def _arrays(edges: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    left = np.array([a for a, _, _ in edges], dtype=np.int64)
    right = np.array([b for _, b, _ in edges], dtype=np.int64)
    return left, right, np.array([w for _, _, w in edges])


def test_one_bad_link_does_not_chain_unrelated_records() -> None:
    # A~B and B~C clear the threshold, but A and C are strongly different.
    left, right, weight = _arrays([(0, 1, 12.0), (1, 2, 9.0), (0, 2, -30.0)])
    labels = components(3, left[weight > 0], right[weight > 0])
    assert labels.tolist() == [0, 0, 0]  # one component through B ...
    clusters = correlation_clusters(labels, left, right, weight)
    assert sorted(map(sorted, clusters)) == [[0, 1]]  # ... but C is not pulled in


def test_mutually_supported_group_merges_whole() -> None:
    # A~B, B~C strong and A~C mildly negative: the group's summed evidence is positive.
    left, right, weight = _arrays([(0, 1, 12.0), (1, 2, 9.0), (0, 2, -3.0), (3, 4, 5.0)])
    labels = components(5, left[weight > 0], right[weight > 0])
    clusters = correlation_clusters(labels, left, right, weight)
    assert sorted(map(sorted, clusters)) == [[0, 1, 2], [3, 4]]


def test_cannot_link_beats_any_evidence() -> None:
    left, right, weight = _arrays([(0, 1, 40.0), (1, 2, 40.0), (0, 2, -np.inf)])
    labels = components(3, left[:2], right[:2])
    clusters = correlation_clusters(labels, left, right, weight)
    assert len(clusters) == 1 and len(clusters[0]) == 2 and 1 in clusters[0]


def test_reject_splits_a_real_cluster_and_confirm_joins_strangers() -> None:
    scoring, before = scored("febrl3")
    settings = febrl_settings()
    big = next(c for c in before.clusters if len(c.members) >= 3)
    a, b = big.members[0], big.members[-1]
    loner = sorted(set(scoring.table.ids) - {m for c in before.clusters for m in c.members})
    x, y = loner[0], loner[1]
    decisions = [Decision(a, b, "reject"), Decision(x, y, "confirm")]
    after = cluster(scoring, settings, decisions)
    member_of = {m: i for i, c in enumerate(after.clusters) for m in c.members}
    assert a in member_of or b in member_of  # the rest of the real cluster holds together ...
    assert member_of.get(a, -1) != member_of.get(b, -2)  # ... but never a with b, not by chaining
    split = [set(c.members) for c in after.clusters if set(c.members) & set(big.members)]
    assert len(split) >= 1 and all(part <= set(big.members) for part in split)
    assert sum(map(len, split)) >= len(big.members) - 1
    assert member_of[x] == member_of[y]
    confirmed = next(
        link for link in after.clusters[member_of[x]].links if {link.left, link.right} == {x, y}
    )
    assert confirmed.probability == 1.0
    assert confirmed.features[0].name == "analyst_confirmed"
    assert all({p.left, p.right} not in ({a, b}, {x, y}) for p in after.review)
    # Decisions touch only their own pairs: every other cluster is unchanged.
    untouched = {c.members for c in before.clusters if a not in c.members}
    assert untouched <= {c.members for c in after.clusters}
