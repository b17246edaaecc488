"""Clustering does not chain, and analyst decisions always hold (reject / confirm)."""

from __future__ import annotations

import numpy as np
import pytest
from febrl_support import febrl_settings, scored

from graph_platform.resolve.clustering import (
    EVERY_PAIR,
    MergePrior,
    components,
    correlation_clusters,
)
from graph_platform.resolve.engine import cluster
from graph_platform.resolve.resolution import Decision


def _arrays(edges: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    left = np.array([a for a, _, _ in edges], dtype=np.int64)
    right = np.array([b for _, b, _ in edges], dtype=np.int64)
    return left, right, np.array([w for _, _, w in edges])


#: Counting the prior once per merge: its match weight less the threshold's (prior -9.2 bits,
#: threshold 0.9 at +3.2 bits), and the partition prior's factor.
ONCE = MergePrior(-12.4, partition=True)


def test_one_bad_link_does_not_chain_unrelated_records() -> None:
    # A~B and B~C clear the threshold, but A and C are strongly different.
    left, right, evidence = _arrays([(0, 1, 24.0), (1, 2, 21.0), (0, 2, -30.0)])
    labels = components(3, left[evidence + ONCE.bias > 0], right[evidence + ONCE.bias > 0])
    assert labels.tolist() == [0, 0, 0]  # one component through B ...
    clusters = correlation_clusters(labels, left, right, evidence, ONCE)
    assert sorted(map(sorted, clusters)) == [[0, 1]]  # ... but C is not pulled in


def test_mutually_supported_group_merges_whole() -> None:
    # A~B, B~C strong and A~C mildly negative: the group's summed evidence is positive.
    left, right, evidence = _arrays([(0, 1, 24.0), (1, 2, 21.0), (0, 2, -3.0), (3, 4, 17.0)])
    labels = components(5, left[evidence + ONCE.bias > 0], right[evidence + ONCE.bias > 0])
    clusters = correlation_clusters(labels, left, right, evidence, ONCE)
    assert sorted(map(sorted, clusters)) == [[0, 1, 2], [3, 4]]


def test_unlike_names_of_one_entity_do_not_keep_a_match_out() -> None:
    """The prior counts once per merge, not once per pair: C, clearing the threshold with B,
    joins {A, B} when A~C has no evidence either way (an actor's unlike aliases, "Sofacy" ~
    "Fancy Bear": the names level's `else`, about -0.3 bits). Weighing A~C at its match weight
    (the prior, -12.4 bits under the threshold) would keep C out; real evidence against still
    does."""
    pairs = [(0, 1, 24.0), (1, 2, 13.0)]
    for against, joined in ((-0.3, True), (-2.0, False), (-30.0, False)):
        left, right, evidence = _arrays([*pairs, (0, 2, against)])
        labels = components(3, left[:2], right[:2])
        clusters = correlation_clusters(labels, left, right, evidence, ONCE)
        assert (sorted(map(sorted, clusters)) == [[0, 1, 2]]) is joined, (against, clusters)


def test_merge_needs_the_prior_once_with_the_partition_priors_factor() -> None:
    assert ONCE.bits(1, 1) == pytest.approx(-12.4)  # two records: their pair decides
    assert ONCE.bits(2, 1) == pytest.approx(-12.4 + 1.0)  # 2! / (1! 0!) = 2
    assert MergePrior(0.0, partition=True).bits(5, 5) == pytest.approx(np.log2(630.0))
    assert EVERY_PAIR.bits(5, 5) == 0.0  # the prior is in every pair's weight


def test_every_pair_keeps_the_prior_in_each_pair() -> None:
    # The same three records weighed by match weight less the threshold's: A~C, no evidence
    # either way, weighs the prior against the merge and keeps C out.
    left, right, weight = _arrays([(0, 1, 11.6), (1, 2, 0.6), (0, 2, -12.7)])
    labels = components(3, left[:2], right[:2])
    assert sorted(map(sorted, correlation_clusters(labels, left, right, weight))) == [[0, 1]]


def test_refinement_moves_a_record_greedy_merging_put_wrong() -> None:
    # 2~3 a little the strongest: GAEC pairs 2 with 3 first, then joins {0, 1} for the 2~0 and 2~1
    # evidence; moving 3 out alone gains, so refinement does.
    edges = [(0, 1, 13.1), (0, 2, 13.1), (1, 2, 13.1), (2, 3, 13.3), (0, 3, -4.0), (1, 3, -4.0)]
    left, right, evidence = _arrays(edges)
    labels = components(4, left[:4], right[:4])
    clusters = correlation_clusters(labels, left, right, evidence, ONCE)
    assert sorted(map(sorted, clusters)) == [[0, 1, 2]]


def test_a_component_not_scored_completely_counts_the_prior_in_every_pair() -> None:
    # Two clusters of 6 (pairs inside +20 bits) joined by one strong pair (+13) and three weak
    # objections (-2); their 32 other pairs are not scored (a component too big to score whole).
    # Once per merge, the partition factor of 6 and 6 (+11.4 bits) outweighs what is seen.
    inside = [(a + k, b + k, 20.0) for k in (0, 6) for a in range(6) for b in range(a + 1, 6)]
    edges = [*inside, (0, 6, 13.0), (1, 7, -2.0), (2, 8, -2.0), (3, 9, -2.0)]
    left, right, evidence = _arrays(edges)
    labels = components(12, left, right)
    assert sorted(map(len, correlation_clusters(labels, left, right, evidence, ONCE))) == [12]
    per_pair = np.ones(12, dtype=bool)
    weight = evidence + ONCE.bias  # the prior in every pair, as the engine gives them
    clusters = correlation_clusters(labels, left, right, weight, ONCE, per_pair)
    assert sorted(map(sorted, clusters)) == [list(range(6)), list(range(6, 12))]


def test_cannot_link_beats_any_evidence() -> None:
    left, right, evidence = _arrays([(0, 1, 40.0), (1, 2, 40.0), (0, 2, -np.inf)])
    labels = components(3, left[:2], right[:2])
    clusters = correlation_clusters(labels, left, right, evidence, ONCE)
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
