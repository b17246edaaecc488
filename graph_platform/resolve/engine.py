"""The resolution engine: records in, explained clusters and a review queue out.

`resolve` prepares the records, blocks, learns the Fellegi–Sunter model on the data itself (no
labels), scores the candidates, and clusters without chaining while honouring every analyst
decision: a rejected pair never ends up in one cluster, a confirmed pair always does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from graph_platform.resolve.blocking import Candidates, block
from graph_platform.resolve.clustering import (
    EVERY_PAIR,
    MUST_LINK,
    MergePrior,
    component_pairs,
    components,
    correlation_clusters,
)
from graph_platform.resolve.comparison import COMPARATORS
from graph_platform.resolve.fellegi_sunter import MatchModel, match_weight_of
from graph_platform.resolve.held import HeldContext, held_reason
from graph_platform.resolve.prior import PriorEstimate
from graph_platform.resolve.resolution import (
    Cluster,
    Decision,
    Feature,
    Kind,
    Record,
    Resolution,
    ScoredPair,
)
from graph_platform.resolve.resolution_settings import ResolutionSettings, parse_settings
from graph_platform.resolve.scoring import Scores, explain, fit, levels_of, score
from graph_platform.resolve.table import KEYERS, NORMALISERS, RecordTable, build_table

Progress = Callable[[str, int, int], None]

#: Components up to this size are scored completely before clustering; larger ones (rare: a
#: hub of bad links) are clustered on their scored candidate pairs only, the prior in each.
MAX_COMPLETE_COMPONENT = 500
#: The weight, in bits, shown for an analyst's confirm (finite, so it serialises anywhere).
CONFIRMED_WEIGHT = 50.0


def load_settings(kind: Kind | str, directory: Path) -> ResolutionSettings:
    """The resolution settings of `kind`, from `<directory>/<kind>.yaml` (the project's are in
    `resolution/`); errors name the file and the key."""
    return parse_settings(
        directory / f"{kind}.yaml", set(COMPARATORS), set(NORMALISERS), frozenset(KEYERS)
    )


@dataclass(frozen=True)
class Scoring:
    """Everything before clustering: the table, candidates, the learned model, scored pairs."""

    table: RecordTable
    candidates: Candidates
    model: MatchModel
    scores: Scores
    prior: PriorEstimate


def score_records(
    records: Iterable[Record], settings: ResolutionSettings, progress: Progress | None = None
) -> Scoring:
    """Prepare, block, train and score (the part of `resolve` a benchmark times per stage)."""
    table = build_table(records, settings)
    candidates = block(table, settings.blocking, _stage(progress, "block"))
    pairs = candidates.pairs
    levels = levels_of(table, settings, pairs, COMPARATORS, _stage(progress, "compare"))
    model, prior = fit(table, settings, levels, COMPARATORS, pairs)
    scores = score(table, settings, model, pairs, levels)
    return Scoring(table, candidates, model, scores, prior)


def resolve(
    records: Iterable[Record],
    settings: ResolutionSettings,
    decisions: Sequence[Decision] = (),
    progress: Progress | None = None,
) -> Resolution:
    """Resolve records into clusters (≥ 2 members) and borderline pairs for review."""
    start = time.perf_counter()
    scoring = score_records(records, settings, progress)
    resolution = cluster(scoring, settings, decisions, progress)
    resolution.stats["seconds"] = round(time.perf_counter() - start, 3)
    return resolution


def _stage(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def _decided(table: RecordTable, decisions: Sequence[Decision], verdict: str) -> NDArray[np.int64]:
    """Decided pairs of records present in the table, as (lo, hi) index rows."""
    if not decisions:
        return np.zeros((0, 2), dtype=np.int64)
    index = {record_id: i for i, record_id in enumerate(table.ids)}
    rows = [
        sorted((index[d.left], index[d.right]))
        for d in decisions
        if d.verdict == verdict and d.left in index and d.right in index and d.left != d.right
    ]
    return np.asarray(rows, dtype=np.int64).reshape(-1, 2)


def _encode(left: NDArray[np.int64], right: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    return np.minimum(left, right) * np.int64(n) + np.maximum(left, right)


def cluster(
    scoring: Scoring,
    settings: ResolutionSettings,
    decisions: Sequence[Decision] = (),
    progress: Progress | None = None,
) -> Resolution:
    """Cluster scored pairs without chaining, honouring decisions; build links and review."""
    table, model, scores = scoring.table, scoring.model, scoring.scores
    n = len(table)
    match, review = settings.thresholds.match, settings.thresholds.review
    confirm, reject = _decided(table, decisions, "confirm"), _decided(table, decisions, "reject")
    rejected = np.isin(
        _encode(scores.left, scores.right, n), _encode(reject[:, 0], reject[:, 1], n)
    )
    strong = (scores.probability >= match) & ~rejected
    labels = components(
        n,
        np.concatenate((scores.left[strong], confirm[:, 0])),
        np.concatenate((scores.right[strong], confirm[:, 1])),
    )
    if progress is not None:
        progress("cluster", 0, 2)
    # Score every pair inside each component (and every confirmed pair) not scored yet.
    extra_l, extra_r = component_pairs(labels, MAX_COMPLETE_COMPONENT)
    extra_l = np.concatenate((extra_l, confirm[:, 0]))
    extra_r = np.concatenate((extra_r, confirm[:, 1]))
    extra = np.unique(_encode(extra_l, extra_r, n))
    extra = extra[~np.isin(extra, _encode(scores.left, scores.right, n))]
    if len(extra):
        more = (extra // n, extra % n)
        levels = levels_of(table, settings, more, COMPARATORS)
        scores = scores.extend(score(table, settings, model, more, levels))
    keys = _encode(scores.left, scores.right, n)
    threshold_weight = match_weight_of(match)
    counted_per_pair = np.zeros(n, dtype=bool)
    if settings.clustering.prior == "once_per_merge":  # see clustering.py
        prior = MergePrior(model.prior_weight - threshold_weight, partition=True)
        weight = scores.match_weight - model.prior_weight
        # Components not scored completely count the prior in every pair (see clustering.py).
        counted_per_pair = np.bincount(labels, minlength=n)[labels] > MAX_COMPLETE_COMPONENT
        weight[counted_per_pair[scores.left]] += prior.bias
    else:
        prior, weight = EVERY_PAIR, scores.match_weight - threshold_weight
    weight[np.isin(keys, _encode(confirm[:, 0], confirm[:, 1], n))] = MUST_LINK
    weight[np.isin(keys, _encode(reject[:, 0], reject[:, 1], n))] = -np.inf
    if table.groups is not None:  # records of one `distinct_within` group: never one entity
        ga, gb = table.groups[scores.left], table.groups[scores.right]
        weight[(ga >= 0) & (ga == gb)] = -np.inf
    groups = correlation_clusters(
        labels, scores.left, scores.right, weight, prior, counted_per_pair
    )
    cluster_of = np.full(n, -1, dtype=np.int64)
    for k, members in enumerate(groups):
        cluster_of[members] = k
    confirmed = set(_encode(confirm[:, 0], confirm[:, 1], n).tolist())
    decided = confirmed | set(_encode(reject[:, 0], reject[:, 1], n).tolist())
    ca, cb = cluster_of[scores.left], cluster_of[scores.right]
    together = (ca >= 0) & (ca == cb)
    above = (scores.match_weight > threshold_weight) | (weight == MUST_LINK)
    linked = np.flatnonzero(together & above).tolist()
    borderline = [
        i
        for i in np.flatnonzero(~together & (scores.probability >= review)).tolist()
        if int(keys[i]) not in decided
    ]
    explained = explain(settings, model, scores, linked + borderline)
    held = HeldContext(
        table,
        scores.left,
        scores.right,
        scores.probability,
        weight,
        prior,
        counted_per_pair,
        keys,
        frozenset(_encode(reject[:, 0], reject[:, 1], n).tolist()),
        groups,
        cluster_of,
        match,
        settings.distinct_within,
        lambda rows: explain(settings, model, scores, rows),
    )
    pairs = [
        _pair(table, scores, i, why, int(keys[i]) in confirmed)
        for i, why in zip(linked, explained, strict=False)
    ] + [
        replace(_pair(table, scores, i, why, False), held=held_reason(held, i, why))
        for i, why in zip(borderline, explained[len(linked) :], strict=True)
    ]
    links: list[list[ScoredPair]] = [[] for _ in groups]
    for i, pair in zip(linked, pairs, strict=False):
        links[int(ca[i])].append(pair)
    queue = sorted(pairs[len(linked) :], key=lambda p: (-p.probability, p.left, p.right))
    clusters = [
        Cluster(tuple(sorted(table.ids[m] for m in members)), tuple(links[k]))
        for k, members in enumerate(groups)
    ]
    if progress is not None:
        progress("cluster", 2, 2)
    stats: dict[str, int | float | str] = {
        "records": n,
        "candidate_pairs": len(scoring.candidates),
        "comparisons": len(scores),
        "merges": len(clusters),
        "review_items": len(queue),
        "clustered_records": int((cluster_of >= 0).sum()),
        "total_pairs": table.total_pairs(),
        "skipped_blocks": scoring.candidates.skipped_blocks,
        **scoring.prior.stats(),
        "prior_bits": round(model.prior_weight, 3),
        "em_iterations": model.iterations,
    }
    return Resolution(clusters, queue, stats)


def _pair(
    table: RecordTable, scores: Scores, index: int, why: tuple[Feature, ...], confirmed: bool
) -> ScoredPair:
    left, right = table.ids[int(scores.left[index])], table.ids[int(scores.right[index])]
    if confirmed:
        analyst = Feature("analyst_confirmed", "confirm", CONFIRMED_WEIGHT)
        return ScoredPair(left, right, 1.0, (analyst, *why))
    return ScoredPair(left, right, float(scores.probability[index]), why)
