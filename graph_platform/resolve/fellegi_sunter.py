"""Fellegi–Sunter scoring: m and u per comparison level, learned without labels.

u (how often a level happens between two random records) is counted on random pairs, as Splink
does. m (how often it happens between two records of one entity) and the prior (the share of all
comparable pairs that match) are learned by expectation maximisation over the candidate pairs,
treating every pair blocking left out as a non-match. A level's weight is log2(m/u); a pair's
match weight is the prior's log-odds plus its level weights, and its probability follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: Floor for m and u, so an unseen level gets a large but finite weight.
_FLOOR = 1e-9


@dataclass(frozen=True)
class MatchModel:
    """Learned parameters: `m[c, l]`, `u[c, l]` for comparison c, level l (last used: else).

    Rows are padded to the longest comparison; `sizes[c]` is comparison c's level count.
    """

    names: tuple[str, ...]
    level_names: tuple[tuple[str, ...], ...]
    m: NDArray[np.float64]
    u: NDArray[np.float64]
    prior: float
    iterations: int
    converged: bool

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(names) for names in self.level_names)

    def weight_table(self) -> NDArray[np.float64]:
        """log2(m/u) per comparison and level, plus a last column of zeros for NULL (-1)."""
        table = np.zeros((len(self.names), self.m.shape[1] + 1))
        for c, size in enumerate(self.sizes):
            table[c, :size] = np.log2(self.m[c, :size] / self.u[c, :size])
        return table

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1.0 - self.prior)))


def level_shares(
    levels: NDArray[np.int8],
    sizes: tuple[int, ...],
    weights: NDArray[np.float64],
    prior_m: NDArray[np.float64],
    prior_strength: float,
) -> NDArray[np.float64]:
    """Per comparison, the weighted share of non-null pairs at each level, smoothed towards
    `prior_m` as if `prior_strength` pairs had been seen at it (a Dirichlet prior): with few
    pairs m stays near the prior, with many the data decides."""
    shares = np.zeros((len(sizes), max(sizes)))
    for c, size in enumerate(sizes):
        column = levels[:, c]
        valid = column >= 0
        seen = np.bincount(column[valid], weights=weights[valid], minlength=size)[:size]
        counts = seen.astype(np.float64) + prior_strength * prior_m[c, :size]
        counts = np.maximum(counts, 0.0) + _FLOOR * max(counts.sum(), 1.0)
        shares[c, :size] = counts / counts.sum()
    return shares


def estimate_u(levels: NDArray[np.int8], sizes: tuple[int, ...]) -> NDArray[np.float64]:
    """u from the level matrix of random pairs (nearly all non-matches), with a half-count
    floor so that a level never seen among random pairs is rare, not impossible."""
    u = np.zeros((len(sizes), max(sizes)))
    for c, size in enumerate(sizes):
        column = levels[:, c]
        counts = np.bincount(column[column >= 0], minlength=size)[:size].astype(np.float64)
        counts = counts + 0.5
        u[c, :size] = counts / counts.sum()
    return u


def _initial_m(sizes: tuple[int, ...]) -> NDArray[np.float64]:
    """Closer levels start likelier among matches: weights 4^-level, normalised."""
    m = np.zeros((len(sizes), max(sizes)))
    for c, size in enumerate(sizes):
        start = 4.0 ** -np.arange(size)
        m[c, :size] = start / start.sum()
    return m


def _log_ratio_table(m: NDArray[np.float64], u: NDArray[np.float64]) -> NDArray[np.float64]:
    table = np.zeros((m.shape[0], m.shape[1] + 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(np.maximum(m, _FLOOR) / np.maximum(u, _FLOOR))
    table[:, :-1] = np.where(u > 0, ratio, 0.0)
    return table


def pair_log_odds(levels: NDArray[np.int8], table: NDArray[np.float64]) -> NDArray[np.float64]:
    """Sum over comparisons of `table[c, level]`; level -1 (NULL) reads the last column."""
    total = np.zeros(len(levels))
    for c in range(levels.shape[1]):
        total += table[c, levels[:, c]]
    return total


def train(
    levels: NDArray[np.int8],
    u: NDArray[np.float64],
    names: tuple[str, ...],
    level_names: tuple[tuple[str, ...], ...],
    total_pairs: int,
    initial_prior: float,
    max_iterations: int = 50,
    tolerance: float = 1e-5,
    prior_strength: float = 10.0,
    fixed_m: NDArray[np.float64] | None = None,
    fixed_prior: bool = False,
    extra_bits: NDArray[np.float64] | None = None,
    prior_bounds: tuple[float, float] = (1e-12, 0.5),
) -> MatchModel:
    """EM for m and the prior over the candidate pairs' levels, u held fixed.

    Pairs outside the candidates are taken as non-matches, so the prior is the expected number
    of matches among candidates divided by all comparable pairs. Rows of `fixed_m` that are not
    NaN are settings' reviewed m and stay as given; with `fixed_prior` the prior does too.
    `extra_bits` are per-pair weights on top of the levels' (term-frequency adjustments), so
    the expectation step sees each pair's weight as scoring will. A learned prior stays within
    `prior_bounds` at every step, so it cannot collapse.
    """
    low, high = prior_bounds
    sizes = tuple(len(n) for n in level_names)
    start = _initial_m(sizes)
    keep = np.zeros(len(sizes), dtype=bool)
    if fixed_m is not None:
        keep = np.asarray(~np.isnan(fixed_m).any(axis=1), dtype=bool)
        start[keep] = fixed_m[keep]
    m = start
    prior = initial_prior if fixed_prior else min(max(initial_prior, low), high)
    iterations, converged = 0, False
    offset = 0.0 if extra_bits is None else extra_bits * np.log(2.0)
    while iterations < max_iterations:
        iterations += 1
        log_odds = np.log(prior / (1 - prior)) + pair_log_odds(levels, _log_ratio_table(m, u))
        log_odds = log_odds + offset
        posterior = 1.0 / (1.0 + np.exp(-np.clip(log_odds, -700, 700)))
        new_m = level_shares(levels, sizes, posterior, start, prior_strength)
        new_m[keep] = start[keep]
        new_prior = float(min(max(posterior.sum() / max(total_pairs, 1), low), high))
        if fixed_prior:
            new_prior = prior
        change = max(float(np.abs(new_m - m).max()), abs(new_prior - prior) / prior)
        m, prior = new_m, new_prior
        if change < tolerance:
            converged = True
            break
    return MatchModel(names, level_names, m, u, prior, iterations, converged)


def probability(match_weight: NDArray[np.float64]) -> NDArray[np.float64]:
    """Match probability of a match weight in bits (log2 odds)."""
    return 1.0 / (1.0 + np.exp2(-np.clip(match_weight, -1000, 1000)))


def match_weight_of(probability_value: float) -> float:
    """The match weight in bits that a probability corresponds to."""
    return float(np.log2(probability_value / (1.0 - probability_value)))
