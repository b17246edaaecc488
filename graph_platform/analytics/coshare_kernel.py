"""The compiled inner loop of the embedded co-share engine (numba): count directed pairs.

Why compiled: the count is a scan over every in-window share pair (tens of millions at a
million shares) with a per-partner test, which numpy can only do by materialising every pair as
an integer key and sorting the keys (that sort was most of the engine's time). Here the scan
runs once per source account, counting into a dense per-partner array: no pair is stored or
sorted, and the memory is the output plus three arrays of one entry per account. numba
compiles it on first use and caches the machine code next to this file (about 0.5 s to load
the cache once per process).

Input: *items*, sorted by (source account, message). An item is a share of the source message
(`row` ≥ 0: its partners are the other accounts' shares in its window [lo, hi) of the shares
sorted by (object, time)) or a near-duplicate text pair (`row` < 0: its one partner is
`text_partner[-1 - row]`). A partner counts a message once however many of the message's items
name it (`last[b]` remembers the last message counted for b, which is why items must be grouped
by message).
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray


@numba.njit(cache=True, nogil=True)
def count_pairs(
    item_account: NDArray[np.int32],
    item_message: NDArray[np.int64],
    item_row: NDArray[np.int64],
    share_account: NDArray[np.int32],
    lo: NDArray[np.int32],
    hi: NDArray[np.int32],
    text_partner: NDArray[np.int32],
    allowed: NDArray[np.bool_],
    min_weight: int,
    count: NDArray[np.int32],
    last: NDArray[np.int64],
    touched: NDArray[np.int32],
    out_source: NDArray[np.int32],
    out_target: NDArray[np.int32],
    out_weight: NDArray[np.int32],
) -> int:
    """Writes the directed pairs of the items' source accounts that reach `min_weight` to
    `out_*` (grouped by source, targets in no particular order) and returns how many. `count`
    must hold zeros and `last` −1 on entry (one entry per account); both are left so. The
    output arrays must have room for every kept pair: at most (window slots + text pairs of the
    items) / `min_weight`."""
    written = 0
    i = 0
    n = len(item_account)
    while i < n:
        a = item_account[i]
        n_touched = 0
        while i < n and item_account[i] == a:
            message = item_message[i]
            row = item_row[i]
            if row >= 0:
                for j in range(lo[row], hi[row]):
                    b = share_account[j]
                    if b != a and last[b] != message and allowed[b]:
                        last[b] = message
                        if count[b] == 0:
                            touched[n_touched] = b
                            n_touched += 1
                        count[b] += 1
            else:
                b = text_partner[-1 - row]
                if b != a and last[b] != message and allowed[b]:
                    last[b] = message
                    if count[b] == 0:
                        touched[n_touched] = b
                        n_touched += 1
                    count[b] += 1
            i += 1
        for k in range(n_touched):
            b = touched[k]
            if count[b] >= min_weight:
                out_source[written] = a
                out_target[written] = b
                out_weight[written] = count[b]
                written += 1
            count[b] = 0
            last[b] = -1
    return written
