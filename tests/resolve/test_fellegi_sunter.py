"""EM recovers m and the prior from unlabelled level patterns drawn from a known model."""

from __future__ import annotations

import numpy as np
import pytest

from graph_platform.resolve.fellegi_sunter import estimate_u, probability, train

# Three comparisons; levels (exact, close, else). True parameters of the generating model.
TRUE_M = np.array([[0.85, 0.10, 0.05], [0.70, 0.20, 0.10], [0.90, 0.06, 0.04]])
TRUE_U = np.array([[0.01, 0.04, 0.95], [0.002, 0.018, 0.98], [0.05, 0.15, 0.80]])
NAMES = ("name", "dob", "city")
LEVELS = (("exact", "close", "else"),) * 3


def _draw(rng: np.random.Generator, table: np.ndarray, count: int) -> np.ndarray:
    return np.stack([rng.choice(3, size=count, p=row) for row in table], axis=1).astype(np.int8)


def test_em_recovers_m_and_prior_from_candidates() -> None:
    rng = np.random.default_rng(5)
    matches, total = 2_000, 1_000_000  # all comparable pairs; the prior is 0.002
    # Candidates: every match plus the non-matches that agree exactly on at least one field
    # (as blocking on exact fields would give); the rest count as non-matches.
    non = _draw(rng, TRUE_U, total - matches)
    blocked = non[(non == 0).any(axis=1)]
    candidates = np.concatenate([_draw(rng, TRUE_M, matches), blocked])
    u = estimate_u(_draw(rng, TRUE_U, 300_000), (3, 3, 3))
    model = train(candidates, u, NAMES, LEVELS, total, initial_prior=1e-3)
    assert model.converged
    assert model.iterations < 50
    assert model.prior == pytest.approx(matches / total, rel=0.1)
    assert np.abs(model.u - TRUE_U).max() < 0.01
    # m of the blocking-free "else" rows is pulled by the pairs blocking left out; still close.
    assert np.abs(model.m - TRUE_M).max() < 0.05
    weights = model.weight_table()
    assert (weights[:, 0] > 3).all() and (weights[:, 2] < 0).all()  # exact for, else against
    assert weights[:, 3].tolist() == [0.0, 0.0, 0.0]  # NULL carries no evidence


def test_tiny_input_stays_near_the_prior_m() -> None:
    levels = np.array([[0, 0, 0], [2, 2, 2]], dtype=np.int8)
    u = estimate_u(np.full((1000, 3), 2, dtype=np.int8), (3, 3, 3))
    model = train(levels, u, NAMES, LEVELS, total_pairs=3, initial_prior=0.3)
    assert (model.m[:, 0] > model.m[:, 2]).all()  # two pairs cannot teach "else is a match"


def test_probability_of_match_weight() -> None:
    assert probability(np.array([0.0, 10.0, -10.0])).tolist() == pytest.approx(
        [0.5, 1024 / 1025, 1 / 1025]
    )
