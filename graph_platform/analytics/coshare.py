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
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
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
class DirectedWeights:
    """Kept directed pairs (account codes) with their weights, sorted by (source, target)."""

    source: Int
    target: Int
    weight: Int

    def __len__(self) -> int:
        return len(self.source)


Int32 = NDArray[np.int32]


@dataclass
class _Sorted:
    """Shares sorted by (object, time), with each share's window [lo, hi) and the position of the
    same account's previous share of the object (-1 if none)."""

    account: Int32
    message: Int
    object: Int
    time_ms: Int
    lo: Int32
    hi: Int32
    previous: Int32
    exact: NDArray[np.bool_]


def _sort_shares(codes: ShareCodes, window_ms: int, exact_messages: Int) -> _Sorted:
    n = len(codes)
    if n >= 2**31:
        raise ValueError("more than 2^31 shares in one run: split it by time")
    if n == 0:
        e, e32 = np.zeros(0, np.int64), np.zeros(0, np.int32)
        return _Sorted(e32, e, e, e, e32, e32, e32, np.zeros(0, np.bool_))
    t0 = int(codes.time_ms.min())
    span = int(codes.time_ms.max()) - t0 + 2 * window_ms + 1
    if (int(codes.object.max()) + 1) * span >= 2**62:
        raise ValueError("too many objects over too long a time span for one run: split by time")
    key = codes.object * span + (codes.time_ms - t0)
    order = np.argsort(key, kind="stable")
    key = key[order]
    account, obj = codes.account[order], codes.object[order]
    # 32-bit positions and accounts: the pair loop below is bound by memory bandwidth.
    lo = np.searchsorted(key, key - window_ms, "left").astype(np.int32)
    hi = np.searchsorted(key, key + window_ms, "right").astype(np.int32)
    by_account = np.lexsort((np.arange(n), account, obj))
    same = (obj[by_account[1:]] == obj[by_account[:-1]]) & (
        account[by_account[1:]] == account[by_account[:-1]]
    )
    previous = np.full(n, -1, np.int32)
    previous[by_account[1:][same]] = by_account[:-1][same]
    message = codes.message[order]
    shares_per_message = np.bincount(message, minlength=int(message.max()) + 1)
    exact = shares_per_message[message] > 1
    if len(exact_messages):
        exact |= np.isin(message, exact_messages)
    return _Sorted(
        account.astype(np.int32), message, obj, codes.time_ms[order], lo, hi, previous, exact
    )


def _window_pairs(
    s: _Sorted, rows: Int, low: int, n_accounts: int, allowed: NDArray[np.bool_] | None
) -> tuple[NDArray[np.uint32], Int]:
    """Keys (source − `low`) × accounts + target of the pairs (i, j): i in `rows`, j in i's
    window, a first share of its account in it and of another account than i's (and an
    `allowed` one); with the position i of each. Sources' columns are repeated, not gathered."""
    counts = (s.hi[rows] - s.lo[rows]).astype(np.int64)
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    j = np.repeat(s.lo[rows] - starts, counts) + np.arange(total, dtype=np.int64)
    source = np.repeat(s.account[rows], counts)
    target = s.account[j]
    keep = (target != source) & (s.previous[j] < np.repeat(s.lo[rows], counts))
    if allowed is not None:
        keep &= allowed[target]
    keys = (source[keep] - low).astype(np.uint32) * np.uint32(n_accounts)
    keys += target[keep].astype(np.uint32)
    return keys, np.repeat(rows, counts)[keep]


def _run_lengths(sorted_keys: NDArray[Any]) -> tuple[NDArray[Any], Int]:
    """Distinct values of a sorted array and how often each occurs."""
    if len(sorted_keys) == 0:
        return sorted_keys, sorted_keys
    starts = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], starts))
    counts = np.diff(np.concatenate((starts, [len(sorted_keys)])))
    return sorted_keys[starts], counts


def _pairs_within(pairs: MessagePairs, accounts: NDArray[np.bool_]) -> MessagePairs:
    keep = accounts[pairs.account] & accounts[pairs.other_account]
    return MessagePairs(
        pairs.message[keep], pairs.account[keep], pairs.time_ms[keep],
        pairs.other_message[keep], pairs.other_account[keep], pairs.other_time_ms[keep],
    )  # fmt: skip


def _account_ranges(load: Int, budget: int, max_width: int) -> list[tuple[int, int]]:
    """Cut account codes into [low, high) ranges whose summed `load` is about `budget` each,
    at most `max_width` accounts wide."""
    cumulative = np.cumsum(load)
    ranges: list[tuple[int, int]] = []
    low = 0
    while low < len(load):
        base = int(cumulative[low - 1]) if low else 0
        high = max(int(np.searchsorted(cumulative, base + budget, "right")), low + 1)
        high = min(high, low + max_width)
        ranges.append((low, high))
        low = high
    return ranges


def directed_weights(
    codes: ShareCodes,
    window_ms: int,
    min_weight: int = 2,
    text_pairs: MessagePairs | None = None,
    max_crowd: int | None = None,
    accounts: NDArray[np.bool_] | None = None,
    pair_budget: int = 4_000_000,
    progress: Callable[[int, int], None] | None = None,
) -> DirectedWeights:
    """The kept directed pairs of `codes` for window Δt = `window_ms` (see the module doc).

    `max_crowd`: a share whose window (its object within ±Δt) holds more shares than this
    counts for no pair: a crowd, such as breaking news, is no evidence of a group. `accounts`
    (a mask over account codes) restricts both ends of the pairs computed; the other accounts'
    shares still count towards crowds (an incremental run passes them as context)."""
    text_pairs = text_pairs if text_pairs is not None else MessagePairs.empty()
    n_accounts = len(codes.accounts)
    if n_accounts >= 2**31:
        raise ValueError("too many accounts for one run")
    s = _sort_shares(codes, window_ms, np.unique(text_pairs.message))
    rows_by_account = np.argsort(s.account, kind="stable")
    first_account = s.account[rows_by_account]
    text_order = np.argsort(text_pairs.account, kind="stable")
    text_accounts = text_pairs.account[text_order]
    counted = np.ones(len(s.account), np.bool_)
    if max_crowd is not None:
        counted &= (s.hi - s.lo) <= max_crowd
    if accounts is not None:
        counted &= accounts[s.account]
        text_pairs = _pairs_within(text_pairs, accounts)
        text_order = np.argsort(text_pairs.account, kind="stable")
        text_accounts = text_pairs.account[text_order]
    # An account with fewer than `min_weight` shares that have a partner in their window
    # cannot reach it as a source (shares bound its distinct messages from above).
    partnered = counted & ((s.hi - s.lo) > 1)
    enough = np.bincount(s.account[partnered], minlength=n_accounts) >= min_weight
    counted &= enough[s.account]
    rows_by_account = rows_by_account[counted[rows_by_account]]
    first_account = s.account[rows_by_account]
    load = np.bincount(s.account[counted], weights=(s.hi - s.lo)[counted], minlength=n_accounts)
    load += np.bincount(text_pairs.account, minlength=n_accounts)
    sources, targets, weights = [], [], []
    # Pair keys of a chunk, (source - low) × accounts + target, fit 32 bits: faster to sort.
    ranges = _account_ranges(load, pair_budget, max(1, (2**32 - 1) // max(n_accounts, 1)))
    for c, (low, high) in enumerate(ranges):
        r_lo, r_hi = np.searchsorted(first_account, [low, high])
        rows = rows_by_account[r_lo:r_hi]
        t_lo, t_hi = np.searchsorted(text_accounts, [low, high])
        keys = _count_chunk(
            s, rows, accounts, text_pairs, text_order[t_lo:t_hi], low, n_accounts, min_weight
        )
        pair_keys, counts = _run_lengths(keys)
        kept = counts >= min_weight
        kept_keys = pair_keys[kept].astype(np.int64)
        sources.append(kept_keys // n_accounts + low)
        targets.append(kept_keys % n_accounts)
        weights.append(counts[kept])
        if progress is not None:
            progress(c + 1, len(ranges))
    empty = np.zeros(0, np.int64)
    return DirectedWeights(
        np.concatenate(sources) if sources else empty,
        np.concatenate(targets) if targets else empty,
        np.concatenate(weights) if weights else empty,
    )


def _count_chunk(
    s: _Sorted,
    rows: Int,
    allowed: NDArray[np.bool_] | None,
    text_pairs: MessagePairs,
    tp: Int,
    low_account: int,
    n_accounts: int,
    min_weight: int,
) -> NDArray[np.uint32]:
    """Sorted 32-bit pair keys of the chunk's rows, one per counted message; keys that cannot
    reach `min_weight` may be left out."""
    exact = s.exact[rows]
    direct, _ = _window_pairs(s, rows[~exact], low_account, n_accounts, allowed)
    # Exact path: (pair, message) keys deduplicated, then one key per distinct message.
    pair, i = _window_pairs(s, rows[exact], low_account, n_accounts, allowed)
    t_pair = (text_pairs.account[tp] - low_account) * n_accounts + text_pairs.other_account[tp]
    slow_pair = np.concatenate((pair, t_pair.astype(np.uint32)))
    if len(slow_pair):
        slow_message = np.concatenate((s.message[i], text_pairs.message[tp]))
        local, inverse = np.unique(slow_pair, return_inverse=True)
        _, message_code = np.unique(slow_message, return_inverse=True)
        composite = inverse.astype(np.int64) * (int(message_code.max()) + 1) + message_code
        deduped = local[np.unique(composite) // (int(message_code.max()) + 1)]
        direct = np.concatenate((direct, deduped))
    return np.sort(_may_reach(direct, min_weight))


_BUCKET_BITS = 22


def _may_reach(keys: NDArray[np.uint32], min_weight: int) -> NDArray[np.uint32]:
    """`keys` without those that occur fewer than `min_weight` times for sure: keys are hashed
    into 2^22 buckets and counted; a key whose bucket holds fewer than `min_weight` cannot
    reach it (collisions only add). Most co-sharing pairs co-share once, so this leaves the
    sort a fraction of the keys, and the exact count after it is unchanged."""
    if min_weight <= 1 or len(keys) < (1 << _BUCKET_BITS) // 4:
        return keys
    with np.errstate(over="ignore"):
        bucket = (keys * np.uint32(2654435761)) >> np.uint32(32 - _BUCKET_BITS)
    counts = np.bincount(bucket, minlength=1 << _BUCKET_BITS)
    kept: NDArray[np.uint32] = keys[counts[bucket] >= min_weight]
    return kept


@dataclass(frozen=True)
class Evidence:
    """The co-shares behind undirected edges: for each, the edge's index, both messages, both
    times and the shared object's code (TEXT_OBJECT for a near-duplicate text pair). The edge's
    lower account (by id) is the first end."""

    edge: Int
    message: Int
    other_message: Int
    time_ms: Int
    other_time_ms: Int
    object: Int

    def __len__(self) -> int:
        return len(self.edge)


def edge_evidence(
    codes: ShareCodes,
    window_ms: int,
    low: Int,
    high: Int,
    text_pairs: MessagePairs | None = None,
    limit: int = 10,
) -> Evidence:
    """Up to `limit` co-shares per undirected edge (`low[e]`, `high[e]`: account codes, `low`
    the account whose id sorts first), the earliest first: ordered by the first end's time, the
    other end's time, then message ids. Every in-window co-share is a candidate (a partner's
    repeats too), so the choice does not depend on how an engine orders its input."""
    text_pairs = text_pairs if text_pairs is not None else MessagePairs.empty()
    n = len(codes.accounts)
    edge_keys = low * n + high
    order = np.argsort(edge_keys)
    sorted_keys = edge_keys[order]
    involved = np.zeros(n, np.bool_)
    involved[low] = True
    involved[high] = True
    rows = np.flatnonzero(involved[codes.account])
    s = _sort_shares(_subset(codes, rows), window_ms, np.zeros(0, np.int64))
    all_rows = np.arange(len(s.account), dtype=np.int64)
    counts = s.hi - s.lo
    i = np.repeat(all_rows, counts)
    j = np.repeat(s.lo - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    i, j = i[s.account[i] != s.account[j]], j[s.account[i] != s.account[j]]
    parts = [
        (s.account[i], s.account[j], s.message[i], s.message[j], s.time_ms[i], s.time_ms[j],
         s.object[i]),
        (text_pairs.account, text_pairs.other_account, text_pairs.message,
         text_pairs.other_message, text_pairs.time_ms, text_pairs.other_time_ms,
         np.full(len(text_pairs), TEXT_OBJECT, np.int64)),
    ]  # fmt: skip
    a, b, ma, mb, ta, tb, obj = (np.concatenate(c) for c in zip(*parts, strict=True))
    rank = account_rank(codes)
    forward = rank[a] < rank[b]  # each unordered co-share once, lower account first
    a, b, ma, mb, ta, tb, obj = (x[forward] for x in (a, b, ma, mb, ta, tb, obj))
    position = np.searchsorted(sorted_keys, a * n + b)
    position[position == len(sorted_keys)] = 0
    hit = sorted_keys[position] == a * n + b if len(sorted_keys) else np.zeros(0, np.bool_)
    edge = order[position[hit]]
    ma, mb, ta, tb, obj = (x[hit] for x in (ma, mb, ta, tb, obj))
    message_rank = _message_rank(codes)
    chosen = np.lexsort((obj, message_rank[mb], message_rank[ma], tb, ta, edge))
    edge = edge[chosen]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(edge)) + 1)) if len(edge) else edge
    lengths = np.diff(np.concatenate((starts, [len(edge)])))
    within = np.arange(len(edge)) - np.repeat(starts, lengths)
    keep = chosen[within < limit]
    return Evidence(order[position[hit]][keep], ma[keep], mb[keep], ta[keep], tb[keep], obj[keep])


def _subset(codes: ShareCodes, rows: Int) -> ShareCodes:
    return ShareCodes(
        codes.account[rows], codes.message[rows], codes.object[rows], codes.time_ms[rows],
        codes.text_account, codes.text_message, codes.text_time_ms, codes.text,
        codes.accounts, codes.messages, codes.objects,
    )  # fmt: skip


def account_rank(codes: ShareCodes) -> Int:
    """Each account code's position in id order (ends of an edge are ordered by id)."""
    return _rank(codes.accounts)


def _message_rank(codes: ShareCodes) -> Int:
    return _rank(codes.messages)


def _rank(ids: pa.Array) -> Int:
    if not len(ids):
        return np.zeros(0, np.int64)
    ranks = pc.rank(ids, sort_keys="ascending", tiebreaker="first")
    return np.asarray(ranks.to_numpy(zero_copy_only=False), dtype=np.int64)
