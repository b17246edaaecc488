"""Why a pair in the review queue was not merged, in words and with the figures.

A borderline pair is held back for one of these reasons, tested in this order:

- **below the threshold**: its probability is under the merge threshold (the strongest
  evidence against is named);
- **cannot-link**: merging the two entities would put in one entity a pair an analyst rejected
  (a rejected pair weighs minus infinity in clustering);
- **distinct list**: both entities hold records of one `distinct_within` group (one curated
  list names each entity once);
- **clustering**: it is above the threshold, but the evidence of all pairs between the two
  entities is less than merging them needs (correlation clustering, see clustering.py) — the
  strongest objection is named with its own probability and its strongest evidence.

Where the decisive evidence against is an identifier comparison (a platform id, a hashed id)
the reason says "conflicting ids". Weights are log2 Bayes factors ("bits"); in clustering they
are taken relative to the merge threshold (a pair exactly at it weighs 0), or, where the kind
counts the prior once per merge, a pair weighs its Bayes factor and the merge needs the prior
(`clustering.MergePrior`; not in a component too big to score whole, which counts it per pair).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph_platform.resolve.clustering import EVERY_PAIR, MergePrior
from graph_platform.resolve.resolution import Feature
from graph_platform.resolve.table import RecordTable

Explain = Callable[[list[int]], list[tuple[Feature, ...]]]


@dataclass(frozen=True)
class HeldContext:
    """What clustering knew when it kept pairs apart (arrays over the scored pairs)."""

    table: RecordTable
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    probability: NDArray[np.float64]
    weight: NDArray[np.float64]  # each pair's weight in clustering; -inf for cannot-links
    prior: MergePrior  # what a merge needs beyond the pairs' weights
    counted_per_pair: NDArray[np.bool_]  # records whose component counts the prior per pair
    keys: NDArray[np.int64]  # min * n + max of each pair
    rejected: frozenset[int]  # keys of pairs an analyst rejected
    groups: Sequence[Sequence[int]]  # the clusters' member indices
    cluster_of: NDArray[np.int64]  # each record's cluster, -1 alone
    match: float
    distinct_within: str | None
    explain: Explain


def _against(features: Sequence[Feature]) -> Feature | None:
    """The feature weighing most against a match (the prior aside), if any weighs against."""
    worst = min((f for f in features if f.name != "prior"), key=lambda f: f.weight, default=None)
    return worst if worst is not None and worst.weight < 0 else None


def _evidence_words(feature: Feature) -> str:
    kind = "conflicting ids: " if "id" in feature.name.split("_") else ""
    return f"{kind}{feature.name} {feature.level} ({feature.weight:+.1f} bits)"


def _members(context: HeldContext, record: int) -> list[int]:
    cluster = int(context.cluster_of[record])
    return list(context.groups[cluster]) if cluster >= 0 else [record]


def held_reason(context: HeldContext, index: int, features: Sequence[Feature]) -> str:
    """Why the scored pair at `index` (not in one cluster) was not merged."""
    table, n = context.table, len(context.table)
    p = float(context.probability[index])
    if p < context.match:
        against = _against(features)
        worst = f"; the strongest evidence against: {_evidence_words(against)}" if against else ""
        weight = sum(f.weight for f in features)
        need = math.log2(context.match / (1.0 - context.match))
        return (
            f"below the threshold: p = {p:.3f} is under the merge threshold {context.match:g} "
            f"(match weight {weight:+.1f} bits, the threshold needs {need:+.1f}){worst}"
        )
    a, b = int(context.left[index]), int(context.right[index])
    side_a, side_b = _members(context, a), _members(context, b)
    cross = np.array([min(x, y) * n + max(x, y) for x in side_a for y in side_b], dtype=np.int64)
    order = np.argsort(context.keys)
    found = np.searchsorted(context.keys, cross, sorter=order)
    found = np.clip(found, 0, len(context.keys) - 1)
    scored = order[found][context.keys[order[found]] == cross]
    weights = context.weight[scored]
    for i in scored[np.isneginf(weights)]:
        x, y = table.ids[int(context.left[i])], table.ids[int(context.right[i])]
        if int(context.keys[i]) in context.rejected:
            return (
                f"cannot-link: an analyst rejected {x} ~ {y}, and merging would put them in "
                "one entity"
            )
        if table.groups is not None:
            value = table.vocabulary[int(table.groups[int(context.left[i])])]
            return (
                f"distinct list: {x} and {y} both come from one list ({context.distinct_within} "
                f"{value!r}), whose records are different entities by definition"
            )
    total = float(weights.sum())
    prior = EVERY_PAIR if context.counted_per_pair[a] else context.prior
    needs = -prior.bits(len(side_a), len(side_b)) + 0.0  # + 0.0: no "-0.0"
    sizes = f"{len(side_a)} and {len(side_b)} record(s)"
    beyond = f", and merging needs more than {needs:+.1f}" if needs else ""
    if total > needs:
        return (
            f"clustering: p = {p:.3f} is above the merge threshold {context.match:g} and the "
            f"{len(scored)} scored pair(s) between the two entities ({sizes}) weigh "
            f"{total:+.1f} bits{beyond}, but the greedy contraction joined them to other "
            "records first"
        )
    worst_index = int(scored[int(np.argmin(weights))])
    x, y = table.ids[int(context.left[worst_index])], table.ids[int(context.right[worst_index])]
    objection = _against(context.explain([worst_index])[0])
    because = f": {_evidence_words(objection)}" if objection else ""
    return (
        f"clustering: p = {p:.3f} is above the merge threshold {context.match:g}, but the "
        f"{len(scored)} scored pair(s) between the two entities ({sizes}) weigh {total:+.1f} bits "
        f"{'in all' + beyond if needs else 'against merging in all'}; the strongest objection "
        f"is {x} ~ {y} at p = {float(context.probability[worst_index]):.4f}{because}"
    )
