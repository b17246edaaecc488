"""Blocking: choose the candidate pairs worth comparing, and random pairs for training.

Each rule groups records whose prepared key fields are equal (optionally in any order); every
pair inside a group is a candidate, and the union over rules is compared. A rule is a cheap
equality, so blocks come from sorting integer keys, never from comparing strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph_platform.resolve.resolution_settings import BlockingRuleSpec, BlockingSpec
from graph_platform.resolve.table import RecordTable

Pairs = tuple[NDArray[np.int64], NDArray[np.int64]]


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs as record indices, `left < right`, sorted and without repeats."""

    left: NDArray[np.int64]
    right: NDArray[np.int64]
    pairs_per_rule: tuple[int, ...]  # pairs each rule produced before the union
    skipped_blocks: int  # blocks over `max_block_size`, which produced no pairs

    def __len__(self) -> int:
        return len(self.left)

    @property
    def pairs(self) -> Pairs:
        return self.left, self.right

    def contains(
        self, left: NDArray[np.int64], right: NDArray[np.int64], n: int
    ) -> NDArray[np.bool_]:
        """Which of the given pairs (in either order) are candidates."""
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        return np.isin(lo * n + hi, self.left * n + self.right)


def rule_keys(
    table: RecordTable, rule: BlockingRuleSpec
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(record index, key) rows of a rule: one row per record, or per value of a multi field."""
    n = len(table)
    rows = np.arange(n, dtype=np.int64)
    multi = [f for f in rule.fields if table.columns[f].multiple]
    if multi:
        column = table.columns[multi[0]]
        rows = np.repeat(rows, np.diff(column.offsets))
    parts = []
    for name in rule.fields:
        column = table.columns[name]
        parts.append(column.values.astype(np.int64) if column.multiple else column.first[rows])
    codes = np.stack(parts, axis=1).astype(np.int64)
    keep = (codes >= 0).all(axis=1)
    rows, codes = rows[keep], codes[keep]
    if rule.unordered:
        codes.sort(axis=1)
    key = codes[:, 0]
    size = np.int64(max(len(table.vocabulary), 1))
    for index in range(1, codes.shape[1]):
        key = np.unique(key * size + codes[:, index], return_inverse=True)[1].reshape(-1)
    return rows, key


def group_pairs(
    rows: NDArray[np.int64], key: NDArray[np.int64], max_size: int
) -> tuple[Pairs, int]:
    """Every pair of rows sharing a key, skipping groups larger than `max_size`."""
    order = np.argsort(key, kind="stable")
    key, rows = key[order], rows[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    big = sizes > max_size
    end = np.repeat(starts + sizes, sizes)
    end[np.repeat(big, sizes)] = 0  # rows of skipped groups pair with nothing
    active = np.flatnonzero(end - np.arange(len(key)) > 1)
    lefts, rights = [], []
    step = 1
    while len(active):
        lefts.append(rows[active])
        rights.append(rows[active + step])
        step += 1
        active = active[end[active] - active > step]
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty), int(big.sum())
    return (np.concatenate(lefts), np.concatenate(rights)), int(big.sum())


def block(
    table: RecordTable,
    spec: BlockingSpec,
    progress: Callable[[int, int], None] | None = None,
) -> Candidates:
    """The union of every rule's pairs, minus self-pairs and pairs within one `distinct` group."""
    n = np.int64(len(table))
    encoded: list[NDArray[np.int64]] = []
    per_rule: list[int] = []
    skipped = 0
    for index, rule in enumerate(spec.rules):
        rows, key = rule_keys(table, rule)
        (a, b), big = group_pairs(rows, key, spec.max_block_size)
        skipped += big
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = lo != hi
        if table.groups is not None:
            ga, gb = table.groups[lo], table.groups[hi]
            keep &= (ga < 0) | (ga != gb)
        encoded.append(lo[keep] * n + hi[keep])
        per_rule.append(int(keep.sum()))
        if progress is not None:
            progress(index + 1, len(spec.rules))
    codes = np.unique(np.concatenate(encoded)) if encoded else np.zeros(0, dtype=np.int64)
    return Candidates(codes // n, codes % n, tuple(per_rule), skipped)


def random_pairs(table: RecordTable, count: int, seed: int) -> Pairs:
    """About `count` uniformly random comparable pairs, drawn with replacement (to estimate u)."""
    n = len(table)
    rng = np.random.default_rng(seed)
    want = min(count, table.total_pairs())
    if n < 2 or want <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a = rng.integers(0, n, size=int(want * 1.2) + 16, dtype=np.int64)
    b = rng.integers(0, n, size=len(a), dtype=np.int64)
    keep = a != b
    if table.groups is not None:
        ga, gb = table.groups[a], table.groups[b]
        keep &= (ga < 0) | (ga != gb)
    a, b = a[keep][:want], b[keep][:want]
    return np.minimum(a, b), np.maximum(a, b)
