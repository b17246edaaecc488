"""The embedded co-share engine: directed co-share weights from integer-coded shares.

Semantics (those of the coordination-network-toolkit, which the benchmark checks edge for edge):
account A's *weight* towards account B is the number of distinct messages of A that carry an
object which B also carried within ±Δt (inclusive), counting a message once however many
objects or partner shares it matched; pairs of one account with itself are dropped, and a
directed pair is kept when its weight reaches `min_weight`. Extra message pairs (near-duplicate
texts) join the same count: a message of A near-identical to one of B within Δt counts too.

How, without a self-join: shares are sorted by (object, time), so the shares within ±Δt of a
share are one contiguous slice of the sorted arrays (two binary searches). A compiled kernel
(coshare_kernel.py) then walks each source account's messages and, for each, the slices of its
shares, counting each partner once per message into a dense per-account array: no pair is
materialised, stored or sorted. Source accounts are handed to it in chunks of about
`pair_budget` window slots, which bounds the output buffers whatever the input size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from graph_platform.analytics.coshare_kernel import count_pairs
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
    """Kept directed pairs (account codes) with their weights, grouped by source."""

    source: Int
    target: Int
    weight: Int

    def __len__(self) -> int:
        return len(self.source)


Int32 = NDArray[np.int32]


@dataclass
class _Sorted:
    """Shares sorted by (object, time), with each share's window [lo, hi)."""

    account: Int32
    message: Int
    object: Int
    time_ms: Int
    lo: Int32
    hi: Int32


def _sort_shares(codes: ShareCodes, window_ms: int) -> _Sorted:
    n = len(codes)
    if n >= 2**31:
        raise ValueError("more than 2^31 shares in one run: split it by time")
    if n == 0:
        e, e32 = np.zeros(0, np.int64), np.zeros(0, np.int32)
        return _Sorted(e32, e, e, e, e32, e32)
    t0 = int(codes.time_ms.min())
    span = int(codes.time_ms.max()) - t0 + 2 * window_ms + 1
    if (int(codes.object.max()) + 1) * span >= 2**62:
        raise ValueError("too many objects over too long a time span for one run: split by time")
    key = codes.object * span + (codes.time_ms - t0)
    order = np.argsort(key, kind="stable")
    key = key[order]
    lo = np.searchsorted(key, key - window_ms, "left").astype(np.int32)
    hi = np.searchsorted(key, key + window_ms, "right").astype(np.int32)
    return _Sorted(
        codes.account[order].astype(np.int32), codes.message[order], codes.object[order],
        codes.time_ms[order], lo, hi,
    )  # fmt: skip


def _pairs_within(pairs: MessagePairs, accounts: NDArray[np.bool_]) -> MessagePairs:
    keep = accounts[pairs.account] & accounts[pairs.other_account]
    return MessagePairs(
        pairs.message[keep], pairs.account[keep], pairs.time_ms[keep],
        pairs.other_message[keep], pairs.other_account[keep], pairs.other_time_ms[keep],
    )  # fmt: skip


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
    max_crowd: int | None = None,
    accounts: NDArray[np.bool_] | None = None,
    pair_budget: int = 16_000_000,
    progress: Callable[[int, int], None] | None = None,
) -> DirectedWeights:
    """The kept directed pairs of `codes` for window Δt = `window_ms` (see the module doc).

    `max_crowd`: a share whose window (its object within ±Δt) holds more shares than this
    counts for no pair: a crowd, such as breaking news, is no evidence of a group. `accounts`
    (a mask over account codes) restricts both ends of the pairs computed; the other accounts'
    shares still count towards crowds (an incremental run passes them as context).
    `pair_budget` bounds the window slots scanned per call of the kernel (and so the size of
    its output buffers)."""
    text_pairs = text_pairs if text_pairs is not None else MessagePairs.empty()
    n_accounts = len(codes.accounts)
    if n_accounts >= 2**31:
        raise ValueError("too many accounts for one run")
    min_weight = max(min_weight, 1)
    s = _sort_shares(codes, window_ms)
    width = s.hi - s.lo
    counted = width > 1  # a share alone in its window has no partner
    if max_crowd is not None:
        counted &= width <= max_crowd
    allowed = np.ones(n_accounts, np.bool_)
    if accounts is not None:
        allowed = accounts
        counted &= accounts[s.account]
        text_pairs = _pairs_within(text_pairs, accounts)
    rows = np.flatnonzero(counted)
    # Items (see coshare_kernel): the counted shares, then the text pairs, by (account, message).
    item_account = np.concatenate((s.account[rows], text_pairs.account.astype(np.int32)))
    item_message = np.concatenate((s.message[rows], text_pairs.message))
    item_row = np.concatenate((rows, -1 - np.arange(len(text_pairs), dtype=np.int64)))
    item_load = np.concatenate((width[rows], np.ones(len(text_pairs), np.int32)))
    n_messages = max(len(codes.messages), 1)
    order = np.argsort(item_account.astype(np.int64) * n_messages + item_message)
    item_account, item_message, item_row = item_account[order], item_message[order], item_row[order]
    item_load = item_load[order]
    load = np.bincount(item_account, weights=item_load, minlength=n_accounts)
    ranges = _account_ranges(load, pair_budget)
    bounds = np.searchsorted(item_account, [low for low, _ in ranges] + [n_accounts])
    cumulative_load = np.concatenate(([0], np.cumsum(item_load, dtype=np.int64)))
    count, last = np.zeros(n_accounts, np.int32), np.full(n_accounts, -1, np.int64)
    touched = np.zeros(n_accounts, np.int32)
    text_partner = text_pairs.other_account.astype(np.int32)
    sources, targets, weights = [], [], []
    for c in range(len(ranges)):
        first, stop = int(bounds[c]), int(bounds[c + 1])
        room = int(cumulative_load[stop] - cumulative_load[first]) // min_weight + 1
        out = np.zeros(room, np.int32), np.zeros(room, np.int32), np.zeros(room, np.int32)
        written = count_pairs(
            item_account[first:stop], item_message[first:stop], item_row[first:stop],
            s.account, s.lo, s.hi, text_partner, allowed, min_weight, count, last, touched, *out,
        )  # fmt: skip
        sources.append(out[0][:written])
        targets.append(out[1][:written])
        weights.append(out[2][:written])
        if progress is not None:
            progress(c + 1, len(ranges))
    empty = np.zeros(0, np.int32)
    return DirectedWeights(
        np.concatenate(sources or [empty]).astype(np.int64),
        np.concatenate(targets or [empty]).astype(np.int64),
        np.concatenate(weights or [empty]).astype(np.int64),
    )


def chance_exposure(
    codes: ShareCodes,
    window_ms: int,
    max_crowd: int | None = None,
    text_pairs: MessagePairs | None = None,
) -> NDArray[np.float64]:
    """Per account code, the other shares its counted shares met in their windows (each share's
    crowd less itself; a share over `max_crowd` counts for nothing, as in the weights) plus its
    near-duplicate text pairs: the chances it had to co-share with anyone. Under chance, each
    such slot belongs to account B with probability B's share of all activity, which gives the
    co-sharing test its expected count (network.py)."""
    text_pairs = text_pairs if text_pairs is not None else MessagePairs.empty()
    n_accounts = len(codes.accounts)
    s = _sort_shares(codes, window_ms)
    crowd = (s.hi - s.lo - 1).astype(np.float64)
    if max_crowd is not None:
        crowd[(s.hi - s.lo) > max_crowd] = 0.0
    exposure = np.bincount(s.account, weights=crowd, minlength=n_accounts).astype(np.float64)
    return exposure + np.bincount(text_pairs.account, minlength=n_accounts).astype(np.float64)


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
    s = _sort_shares(_subset(codes, rows), window_ms)
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
