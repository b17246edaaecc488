"""Scoring pairs: train the Fellegi–Sunter model on a table's candidates, then weigh pairs.

Term-frequency adjustment: for a comparison marked `term_frequency`, an exact agreement on a
value weighs log2(m / f), f being that value's share of the field, instead of log2(m / u) — an
agreement on a rare surname says more than one on "smith" (as in Splink).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph_platform.resolve.blocking import Pairs, random_pairs
from graph_platform.resolve.comparison import Comparator, compare
from graph_platform.resolve.fellegi_sunter import MatchModel, estimate_u, train
from graph_platform.resolve.prior import PriorEstimate, estimate_prior, prior_bounds
from graph_platform.resolve.resolution import Feature
from graph_platform.resolve.resolution_settings import ComparisonSpec, ResolutionSettings
from graph_platform.resolve.table import RecordTable, value_combinations

#: Pairs compared per vectorised batch: bounds memory, and sets how often progress is told.
CHUNK = 500_000
#: Entities counted as carrying a value besides the known ones (`other_carriers` mode): sharing
#: a value no other entity is known to carry is rare between two entities, not impossible (a
#: source can be wrong, an alias new), so it is strong but finite evidence.
UNIQUE_EPSILON = 0.02


@dataclass(frozen=True)
class Scores:
    """Scored pairs: levels (pairs × comparisons), per-comparison weights in bits, and totals."""

    left: NDArray[np.int64]
    right: NDArray[np.int64]
    levels: NDArray[np.int8]
    weights: NDArray[np.float32]
    match_weight: NDArray[np.float64]
    probability: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.left)

    def extend(self, other: Scores) -> Scores:
        return Scores(
            *(np.concatenate((a, b)) for a, b in zip(self.astuple(), other.astuple(), strict=True))
        )

    def astuple(self) -> tuple[NDArray[np.generic], ...]:
        return (
            self.left,
            self.right,
            self.levels,
            self.weights,
            self.match_weight,
            self.probability,
        )


def level_names(settings: ResolutionSettings) -> tuple[tuple[str, ...], ...]:
    """Each comparison's level names, `else` last."""
    return tuple((*(lv.name for lv in c.levels), "else") for c in settings.comparisons)


def fixed_parameters(
    settings: ResolutionSettings,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """m and u that the settings fix (levels, then `else` = the remainder); NaN rows where not."""
    names = level_names(settings)
    m = np.full((len(names), max(len(n) for n in names)), np.nan)
    u = m.copy()
    for c, spec in enumerate(settings.comparisons):
        for row, what, fixed in ((m, "m", spec.fixed_m), (u, "u", spec.fixed_u)):
            if fixed:
                given = [float(getattr(level, what)) for level in spec.levels]
                row[c] = 0.0
                row[c, : len(given) + 1] = [*given, 1.0 - sum(given)]
    return m, u


def fit(
    table: RecordTable,
    settings: ResolutionSettings,
    levels: NDArray[np.int8],
    comparators: dict[str, Comparator],
    pairs: Pairs,
) -> tuple[MatchModel, PriorEstimate]:
    """u from random pairs, then m (and the prior, unless fixed or estimated from rules: see
    `prior.py`) by EM over the candidates' `levels`; m and u the settings fix (small inputs, or
    rules known better than any sample shows) stay fixed. Returns the model and how its prior
    was estimated."""
    training = settings.training
    names = level_names(settings)
    fixed_m, fixed_u = fixed_parameters(settings)
    learned = [c for c, spec in enumerate(settings.comparisons) if not spec.fixed_u]
    u = np.nan_to_num(fixed_u, nan=0.0)
    if learned:
        sample = random_pairs(table, training.u_pairs, training.seed)
        sampled = estimate_u(compare(table, settings, sample, comparators), tuple(map(len, names)))
        u[learned] = sampled[learned]
    total = table.total_pairs()
    estimate = estimate_prior(table, settings)
    low, high = prior_bounds(table, settings)
    fixed = estimate is not None and estimate.method == "fixed"
    if estimate is not None and estimate.method == "rules":
        low = estimate.prior  # EM may find more matches than the rules show, never fewer
    model = train(
        levels,
        u,
        tuple(c.name for c in settings.comparisons),
        names,
        total,
        initial_prior=estimate.prior if estimate else len(table) / max(total, 1),
        max_iterations=training.max_iterations,
        tolerance=training.tolerance,
        prior_strength=training.prior_strength,
        fixed_m=fixed_m,
        fixed_prior=fixed,
        extra_bits=term_frequency_bits(table, settings, u, pairs, levels)
        + value_pairs_bits(table, settings, u, pairs, levels).sum(axis=1),
        prior_bounds=(low, high),
    )
    if estimate is not None and fixed:
        return model, estimate
    method = "em" if estimate is None else estimate.method
    rule_pairs = 0 if estimate is None else estimate.rule_pairs
    at_bound = model.prior <= low or model.prior >= high
    return model, PriorEstimate(model.prior, method, rule_pairs, low, high, at_bound)


def term_frequency_bits(
    table: RecordTable,
    settings: ResolutionSettings,
    u: NDArray[np.float64],
    pairs: Pairs,
    levels: NDArray[np.int8],
) -> NDArray[np.float64]:
    """Per pair, what the term-frequency adjustments add to its level weights: log2(u / f) for
    every adjusted comparison it agrees on exactly (independent of m, so EM can use it)."""
    left, right = pairs
    extra = np.zeros(len(left))
    for c, spec in enumerate(settings.comparisons):
        if spec.term_frequency and len(left):
            at_top = np.flatnonzero(levels[:, c] == 0)
            rows, share = shared_frequency(
                table, spec.field, left[at_top], right[at_top], _frequency(table, spec)
            )
            extra[at_top[rows]] += np.log2(u[c, 0] / np.maximum(share, 1e-12))
    return extra


def value_pairs_bits(
    table: RecordTable,
    settings: ResolutionSettings,
    u: NDArray[np.float64],
    pairs: Pairs,
    levels: NDArray[np.int8],
) -> NDArray[np.float64]:
    """Per pair and comparison, the bits a `best_of_value_pairs` comparison loses because its
    level is the best of k = values × values comparisons: with U(L) the share of single value
    pairs at level L or better, k random ones reach it with 1 − (1 − U(L))^k, so the level's u
    is that less the same for the level above. Exact agreements under a term-frequency
    adjustment are left to it (the shared value's own rarity says more); `else` gains a little."""
    left, right = pairs
    bits = np.zeros(levels.shape)
    for c, spec in enumerate(settings.comparisons):
        column = table.columns[spec.field]
        if not spec.best_of_value_pairs or not len(left):
            continue
        k = np.maximum(np.diff(column.offsets)[left] * np.diff(column.offsets)[right], 1)
        size = len(spec.levels)
        at_or_better = np.minimum(np.cumsum(u[c, :size]), 1.0)
        reach = -np.expm1(np.log1p(-at_or_better)[None, :] * k[:, None])  # pairs × levels
        above = np.concatenate((np.zeros((len(k), 1)), reach[:, :-1]), axis=1)
        many = np.concatenate((reach - above, (1.0 - reach[:, -1])[:, None]), axis=1)
        level = levels[:, c].astype(np.int64)
        known = level >= 0
        rows = np.flatnonzero(known)
        single = u[c, level[rows]]
        ratio = single / np.maximum(many[rows, level[rows]], 1e-300)
        bits[rows, c] = np.log2(np.maximum(ratio, 1e-300))
        if spec.term_frequency:
            bits[rows[level[rows] == 0], c] = 0.0
    return bits


def _frequency(table: RecordTable, spec: ComparisonSpec) -> NDArray[np.float64]:
    if spec.term_frequency_mode == "share":
        return table.frequencies(spec.field)
    return table.other_carriers(spec.field, UNIQUE_EPSILON)


def levels_of(
    table: RecordTable,
    settings: ResolutionSettings,
    pairs: Pairs,
    comparators: dict[str, Comparator],
    progress: Callable[[int, int], None] | None = None,
) -> NDArray[np.int8]:
    left, right = pairs
    parts = []
    for start in range(0, len(left), CHUNK):
        chunk = (left[start : start + CHUNK], right[start : start + CHUNK])
        parts.append(compare(table, settings, chunk, comparators))
        if progress is not None:
            progress(min(start + CHUNK, len(left)), len(left))
    if not parts:
        return np.zeros((0, len(settings.comparisons)), dtype=np.int8)
    return np.concatenate(parts)


def score(
    table: RecordTable,
    settings: ResolutionSettings,
    model: MatchModel,
    pairs: Pairs,
    levels: NDArray[np.int8],
) -> Scores:
    """Term-frequency-adjusted weights and probabilities of pairs with the given levels."""
    left, right = pairs
    table_bits = model.weight_table()
    many = value_pairs_bits(table, settings, model.u, pairs, levels)
    weights = np.empty(levels.shape, dtype=np.float32)
    for c, spec in enumerate(settings.comparisons):
        column = table_bits[c, levels[:, c]]
        if spec.term_frequency and len(left):
            at_top = np.flatnonzero(levels[:, c] == 0)
            rows, share = shared_frequency(
                table, spec.field, left[at_top], right[at_top], _frequency(table, spec)
            )
            column[at_top[rows]] = np.log2(model.m[c, 0] / np.maximum(share, 1e-12))
        weights[:, c] = column + many[:, c]
    match_weight = model.prior_weight + weights.sum(axis=1, dtype=np.float64)
    probability = 1.0 / (1.0 + np.exp2(-np.clip(match_weight, -1000, 1000)))
    return Scores(left, right, levels, weights, match_weight, probability)


def shared_frequency(
    table: RecordTable,
    field: str,
    left: NDArray[np.int64],
    right: NDArray[np.int64],
    frequency: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """For pairs sharing a value of `field`: their positions and the frequency of the rarest
    value they share (a multi-valued field can share several; the rarest says the most)."""
    column = table.columns[field]
    if not column.multiple:
        lc, rc = column.first[left], column.first[right]
        rows = np.flatnonzero((lc == rc) & (lc >= 0))
        return rows, frequency[lc[rows]]
    pair_of, lc, rc = value_combinations(column, column, left, right)
    same = lc == rc
    rarest = np.full(len(left), np.inf)
    np.minimum.at(rarest, pair_of[same], frequency[lc[same]])
    rows = np.flatnonzero(np.isfinite(rarest))
    return rows, rarest[rows]


def explain(
    settings: ResolutionSettings, model: MatchModel, scores: Scores, indices: Sequence[int]
) -> list[tuple[Feature, ...]]:
    """The explanation of each pair at `indices`: the prior's weight, then each comparison's
    level and weight (level `null` with weight 0 where a side has no value); they add up to
    the pair's match weight."""
    if not len(indices):
        return []
    rows = np.asarray(indices, dtype=np.int64)
    levels = scores.levels[rows].tolist()
    weights = np.round(scores.weights[rows].astype(np.float64), 3).tolist()
    names = [spec.name for spec in settings.comparisons]
    level_names = [(*names_, "null") for names_ in model.level_names]  # NULL (-1) reads "null"
    prior = Feature("prior", "prior", round(model.prior_weight, 3))
    made: dict[tuple[int, int, float], Feature] = {}  # few distinct features: share them
    explained = []
    for level_row, weight_row in zip(levels, weights, strict=True):
        row = [prior]
        for c, key in enumerate(zip(level_row, weight_row, strict=True)):
            feature = made.get((c, *key))
            if feature is None:
                feature = made[(c, *key)] = Feature(names[c], level_names[c][key[0]], key[1])
            row.append(feature)
        explained.append(tuple(row))
    return explained
