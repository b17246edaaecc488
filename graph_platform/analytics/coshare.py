"""The embedded co-share engine: directed co-share weights from integer-coded shares.

Semantics (those of the coordination-network-toolkit, which the benchmark checks edge for edge):
account A's *weight* towards account B is the number of distinct messages of A that carry an
object which B also carried within ±Δt (inclusive), counting a message once however many
objects or partner shares it matched; pairs of one account with itself are dropped, and a
directed pair is kept when its weight reaches `min_weight`. Extra message pairs (near-duplicate
texts) join the same count: a message of A near-identical to one of B within Δt counts too.

How, without a self-join: shares are sorted by (object, time), so the shares within ±Δt of a
share are one contiguous slice of the sorted arrays (two binary searches). Only those in-window
pairs are generated, a chunk of source accounts at a time, as integer pair keys; a partner's
later shares in the same window are skipped (only its first counts, which keeps messages
distinct without a distinct step), and the keys are counted by sorting. Messages with several
shares, or in a text pair, take a slower exact path that dedupes (pair, message) keys. Chunks
hold about `pair_budget` pairs, which bounds memory whatever the input size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph_platform.analytics.share_table import ShareCodes

Int = NDArray[np.int64]
#: Object code of evidence that is a near-duplicate text pair rather than a shared object.
TEXT_OBJECT = -1


@dataclass(frozen=True)
class MessagePairs:
    """Directed message pairs found otherwise (near-duplicate texts): message and account codes
    and times of both ends, in the ShareCodes' code space."""

    message: Int
    account: Int
    time_ms: Int
    other_message: Int
    other_account: Int
    other_time_ms: Int

    @classmethod
    def empty(cls) -> MessagePairs:
        e = np.zeros(0, np.int64)
        return cls(e, e, e, e, e, e)

    def __len__(self) -> int:
        return len(self.message)


@dataclass(frozen=True)
class Evidence:
    """Up to a limit of co-shares per kept directed pair: index of the pair in DirectedWeights,
    both messages, both times and the shared object's code (TEXT_OBJECT for near-duplicates)."""

    pair: Int
    message: Int
    other_message: Int
    time_ms: Int
    other_time_ms: Int
    object: Int


@dataclass(frozen=True)
class DirectedWeights:
    """Kept directed pairs (account codes) with their weights, sorted by (source, target)."""

    source: Int
    target: Int
    weight: Int
    evidence: Evidence

    def __len__(self) -> int:
        return len(self.source)


@dataclass
class _Sorted:
    """Shares sorted by (object, time), with each share's window [lo, hi) and the position of the
    same account's previous share of the object (-1 if none)."""

    account: Int
    message: Int
    object: Int
    time_ms: Int
    lo: Int
    hi: Int
    previous: Int
    exact: NDArray[np.bool_]


def _sort_shares(codes: ShareCodes, window_ms: int, exact_messages: Int) -> _Sorted:
    n = len(codes)
    if n == 0:
        e = np.zeros(0, np.int64)
        return _Sorted(e, e, e, e, e, e, e, np.zeros(0, np.bool_))
    t0 = int(codes.time_ms.min())
    span = int(codes.time_ms.max()) - t0 + 2 * window_ms + 1
    if (int(codes.object.max()) + 1) * span >= 2**62:
        raise ValueError("too many objects over too long a time span for one run: split by time")
    key = codes.object * span + (codes.time_ms - t0)
    order = np.argsort(key, kind="stable")
    key = key[order]
    account, obj = codes.account[order], codes.object[order]
    lo = np.searchsorted(key, key - window_ms, "left").astype(np.int64)
    hi = np.searchsorted(key, key + window_ms, "right").astype(np.int64)
    by_account = np.lexsort((np.arange(n), account, obj))
    same = (obj[by_account[1:]] == obj[by_account[:-1]]) & (
        account[by_account[1:]] == account[by_account[:-1]]
    )
    previous = np.full(n, -1, np.int64)
    previous[by_account[1:][same]] = by_account[:-1][same]
    message = codes.message[order]
    shares_per_message = np.bincount(message, minlength=int(message.max()) + 1)
    exact = shares_per_message[message] > 1
    if len(exact_messages):
        exact |= np.isin(message, exact_messages)
    return _Sorted(account, message, obj, codes.time_ms[order], lo, hi, previous, exact)


def _window_pairs(s: _Sorted, rows: Int) -> tuple[Int, Int]:
    """All (i, j) with i in `rows` and j in i's window, j a first share of its account in it
    and of another account than i's."""
    counts = s.hi[rows] - s.lo[rows]
    total = int(counts.sum())
    i = np.repeat(rows, counts)
    starts = np.cumsum(counts) - counts
    j = np.repeat(s.lo[rows] - starts, counts) + np.arange(total, dtype=np.int64)
    keep = (s.account[j] != s.account[i]) & (s.previous[j] < s.lo[i])
    return i[keep], j[keep]


def _run_lengths(sorted_keys: Int) -> tuple[Int, Int]:
    """Distinct values of a sorted array and how often each occurs."""
    if len(sorted_keys) == 0:
        return sorted_keys, sorted_keys
    starts = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], starts))
    counts = np.diff(np.concatenate((starts, [len(sorted_keys)])))
    return sorted_keys[starts], counts


def _first_per_key(keys: Int, limit: int) -> Int:
    """Indices of the first `limit` occurrences of each key (in array order)."""
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(ranked)) + 1))
    rank = np.arange(len(ranked)) - np.repeat(
        starts, np.diff(np.concatenate((starts, [len(ranked)])))
    )
    return np.sort(order[rank < limit])


def _account_ranges(load: Int, budget: int) -> list[tuple[int, int]]:
    """Cut account codes into [low, high) ranges whose summed `load` is about `budget` each."""
    cumulative = np.cumsum(load)
    ranges: list[tuple[int, int]] = []
    low = 0
    while low < len(load):
        base = int(cumulative[low - 1]) if low else 0
        high = max(int(np.searchsorted(cumulative, base + budget, "right")), low + 1)
        ranges.append((low, high))
        low = high
    return ranges


def directed_weights(
    codes: ShareCodes,
    window_ms: int,
    min_weight: int = 2,
    text_pairs: MessagePairs | None = None,
    evidence_limit: int = 10,
    pair_budget: int = 4_000_000,
    progress: Callable[[int, int], None] | None = None,
) -> DirectedWeights:
    """The kept directed pairs of `codes` for window Δt = `window_ms` (see the module doc)."""
    text_pairs = text_pairs if text_pairs is not None else MessagePairs.empty()
    n_accounts = len(codes.accounts)
    if n_accounts >= 2**31:
        raise ValueError("too many accounts for one run")
    s = _sort_shares(codes, window_ms, np.unique(text_pairs.message))
    rows_by_account = np.argsort(s.account, kind="stable")
    first_account = s.account[rows_by_account]
    text_order = np.argsort(text_pairs.account, kind="stable")
    text_accounts = text_pairs.account[text_order]
    load = np.bincount(s.account, weights=s.hi - s.lo, minlength=n_accounts)
    load += np.bincount(text_pairs.account, minlength=n_accounts)
    sources, targets, weights = [], [], []
    evidence: list[list[Int]] = [[] for _ in range(6)]
    ranges = _account_ranges(load, pair_budget)
    for c, (low, high) in enumerate(ranges):
        r_lo, r_hi = np.searchsorted(first_account, [low, high])
        i, j = _window_pairs(s, rows_by_account[r_lo:r_hi])
        t_lo, t_hi = np.searchsorted(text_accounts, [low, high])
        keys, ev = _count_chunk(s, i, j, text_pairs, text_order[t_lo:t_hi], low, n_accounts)
        pair_keys, counts = _run_lengths(keys)
        kept = counts >= min_weight
        kept_keys = pair_keys[kept]
        _collect_evidence(ev, kept_keys, sum(map(len, sources)), evidence_limit, evidence)
        sources.append(kept_keys // n_accounts + low)
        targets.append(kept_keys % n_accounts)
        weights.append(counts[kept])
        if progress is not None:
            progress(c + 1, len(ranges))
    empty = np.zeros(0, np.int64)
    joined = [np.concatenate(e) if e else empty for e in evidence]
    return DirectedWeights(
        np.concatenate(sources) if sources else empty,
        np.concatenate(targets) if targets else empty,
        np.concatenate(weights) if weights else empty,
        Evidence(*joined),
    )


def _count_chunk(
    s: _Sorted,
    i: Int,
    j: Int,
    text_pairs: MessagePairs,
    tp: Int,
    low_account: int,
    n_accounts: int,
) -> tuple[Int, list[Int]]:
    """Sorted pair keys of one chunk (one per counted message) and the raw evidence rows:
    [pair key, message, other message, time, other time, object]."""
    pair = (s.account[i] - low_account) * n_accounts + s.account[j]
    exact = s.exact[i]
    direct = np.sort(pair[~exact])
    # Exact path: (pair, message) keys deduplicated, then one key per distinct message.
    t_pair = (text_pairs.account[tp] - low_account) * n_accounts + text_pairs.other_account[tp]
    slow_pair = np.concatenate((pair[exact], t_pair))
    if len(slow_pair):
        slow_message = np.concatenate((s.message[i[exact]], text_pairs.message[tp]))
        local, inverse = np.unique(slow_pair, return_inverse=True)
        _, message_code = np.unique(slow_message, return_inverse=True)
        composite = inverse.astype(np.int64) * (int(message_code.max()) + 1) + message_code
        deduped = local[np.unique(composite) // (int(message_code.max()) + 1)]
        keys = np.sort(np.concatenate((direct, deduped)))
    else:
        keys = direct
    ev = [
        np.concatenate((pair, t_pair)),
        np.concatenate((s.message[i], text_pairs.message[tp])),
        np.concatenate((s.message[j], text_pairs.other_message[tp])),
        np.concatenate((s.time_ms[i], text_pairs.time_ms[tp])),
        np.concatenate((s.time_ms[j], text_pairs.other_time_ms[tp])),
        np.concatenate((s.object[i], np.full(len(tp), TEXT_OBJECT, np.int64))),
    ]
    return keys, ev


def _collect_evidence(
    ev: list[Int], kept_keys: Int, offset: int, limit: int, out: list[list[Int]]
) -> None:
    """Append the first `limit` evidence rows of each kept pair, its key replaced by its index."""
    if not len(kept_keys) or limit <= 0:
        return
    position = np.searchsorted(kept_keys, ev[0])
    position[position == len(kept_keys)] = 0
    hit = np.flatnonzero(kept_keys[position] == ev[0])
    chosen = hit[_first_per_key(ev[0][hit], limit)]
    out[0].append(position[chosen] + offset)
    for k in range(1, 6):
        out[k].append(ev[k][chosen])
