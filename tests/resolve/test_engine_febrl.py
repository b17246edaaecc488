"""The engine on FEBRL3 (dedupe) and FEBRL4 (link): accuracy, blocking and learned prior.

Nothing is tuned on the labels here: the settings file fixes the model's shape and thresholds;
m, u and the prior are learned without labels.
"""

from __future__ import annotations

import numpy as np
import pytest
from febrl_support import cluster_pairs, dataset, febrl_settings, precision_recall, scored


@pytest.mark.parametrize(("name", "true_pairs"), [("febrl3", 6538), ("febrl4", 5000)])
def test_pairwise_and_clustered_accuracy(name: str, true_pairs: int) -> None:
    _, truth = dataset(name)
    assert len(truth) == true_pairs
    scoring, resolution = scored(name)
    scores, ids = scoring.scores, scoring.table.ids
    strong = scores.probability >= 0.5
    predicted = {
        frozenset((ids[a], ids[b]))
        for a, b in zip(scores.left[strong].tolist(), scores.right[strong].tolist(), strict=True)
    }
    precision, recall = precision_recall(predicted, truth)
    assert precision >= 0.999
    assert recall >= 0.995
    precision, recall = precision_recall(cluster_pairs(resolution), truth)
    assert precision >= 0.999
    assert recall >= 0.995
    assert resolution.stats["merges"] == len(resolution.clusters) > 1000


@pytest.mark.parametrize("name", ["febrl3", "febrl4"])
def test_blocking_keeps_true_pairs_and_cuts_candidates(name: str) -> None:
    _, truth = dataset(name)
    scoring, _ = scored(name)
    table, candidates = scoring.table, scoring.candidates
    index = {record_id: i for i, record_id in enumerate(table.ids)}
    left = np.array([index[min(p)] for p in truth])
    right = np.array([index[max(p)] for p in truth])
    assert candidates.contains(left, right, len(table)).mean() >= 0.995
    assert len(candidates) * 1000 <= table.total_pairs()


@pytest.mark.parametrize("name", ["febrl3", "febrl4"])
def test_learned_prior_is_near_the_true_share_of_matching_pairs(name: str) -> None:
    _, truth = dataset(name)
    scoring, _ = scored(name)
    true_prior = len(truth) / scoring.table.total_pairs()
    assert scoring.model.converged
    assert abs(scoring.model.prior - true_prior) / true_prior < 0.1


def test_links_explain_themselves_with_weights_that_add_up() -> None:
    _, resolution = scored("febrl3")
    settings = febrl_settings()
    names = {c.name for c in settings.comparisons}
    link = max((link for c in resolution.clusters for link in c.links), key=lambda p: p.probability)
    assert {f.name for f in link.features} == names | {"prior"}
    bits = sum(f.weight for f in link.features)
    assert link.probability == pytest.approx(1 / (1 + 2.0**-bits), abs=1e-3)
    exact = [f for f in link.features if f.level == "exact"]
    assert exact and all(f.weight > 0 for f in exact)
    assert resolution.review == sorted(resolution.review, key=lambda p: -p.probability)
    assert all(p.probability >= 0.1 for p in resolution.review)
