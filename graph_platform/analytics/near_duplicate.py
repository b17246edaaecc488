"""Near-duplicate texts within a time window: MinHash/LSH blocking, then rapidfuzz.

Texts are normalised (lower case, @mentions and links removed, whitespace collapsed; links
differ per post on most platforms) and texts with fewer than `min_tokens` words are left out
(a lone hashtag or "lol" is no evidence). Each text gets a MinHash signature of its word set,
cut into bands; texts sharing a band value *within ±Δt* are candidates, found with the same
sorted-window scan as co-shares (band values play the objects), so the work grows with the
candidates, not with the square of the texts. A candidate is kept when rapidfuzz's normalised
similarity of the two normalised texts reaches `threshold`. Hashes are seeded and
platform-independent (CRC-32 of each word, multiply-shift), so every engine finds the same pairs.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from graph_platform.analytics.coshare import MessagePairs
from graph_platform.analytics.share_table import ShareCodes

Int = NDArray[np.int64]
_MENTION_OR_LINK = re.compile(r"@\w+|https?://\S+|www\.\S+")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class TextMatching:
    """How near-duplicates are found: similarity threshold (0–1), words a text needs, bands and
    rows of the MinHash signature (bands × rows hashes), and the hash seed."""

    threshold: float = 0.9
    min_tokens: int = 5
    bands: int = 16
    rows: int = 4
    seed: int = 1


def normalise(text: str) -> str:
    """The text as compared: lower case, without @mentions and links, whitespace collapsed."""
    return _SPACE.sub(" ", _MENTION_OR_LINK.sub(" ", text.lower())).strip()


def _hash_parameters(count: int, seed: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    rng = np.random.default_rng(seed)
    multipliers = rng.integers(1, 2**63, count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    offsets = rng.integers(0, 2**63, count, dtype=np.uint64)
    return multipliers, offsets


def band_keys(texts: list[str], matching: TextMatching) -> tuple[Int, Int]:
    """(text index, band key) of every band of every text with enough words; band keys of
    different bands never collide by construction (band number in the low bits)."""
    words: list[int] = []
    owners: list[int] = []
    for index, text in enumerate(texts):
        tokens = set(_WORD.findall(text))
        if len(tokens) < matching.min_tokens:
            continue
        words.extend(zlib.crc32(token.encode()) for token in tokens)
        owners.extend([index] * len(tokens))
    if not words:
        empty = np.zeros(0, np.int64)
        return empty, empty
    owner = np.asarray(owners, np.int64)
    word = np.asarray(words, np.uint64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(owner)) + 1))
    size = matching.bands * matching.rows
    multipliers, offsets = _hash_parameters(size, matching.seed)
    signature = np.empty((len(starts), size), np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):
            hashed = (word * multipliers[k] + offsets[k]) >> np.uint64(32)
            signature[:, k] = np.minimum.reduceat(hashed, starts)
        mix = np.uint64(0x9E3779B97F4A7C15)
        keys = np.zeros((len(starts), matching.bands), np.uint64)
        for band in range(matching.bands):
            key = np.full(len(starts), band, np.uint64)
            for r in range(matching.rows):
                key = (key ^ signature[:, band * matching.rows + r]) * mix
            keys[:, band] = (key & np.uint64(2**62 - 1)) // np.uint64(64) * np.uint64(64) + band
    text_index = np.repeat(owner[starts], matching.bands)
    return text_index, keys.reshape(-1).astype(np.int64)


def _candidates(band_text: Int, band_key: Int, time_ms: Int, window_ms: int) -> tuple[Int, Int]:
    """Pairs (a, b), a < b, of texts sharing a band value within ±`window_ms`."""
    if not len(band_text):
        return band_text, band_text
    _, key_code = np.unique(band_key, return_inverse=True)
    key_code = key_code.astype(np.int64)
    times = time_ms[band_text]
    t0 = int(times.min())
    span = int(times.max()) - t0 + 2 * window_ms + 1
    sort_key = key_code * span + (times - t0)
    order = np.argsort(sort_key, kind="stable")
    sort_key, text = sort_key[order], band_text[order]
    hi = np.searchsorted(sort_key, sort_key + window_ms, "right").astype(np.int64)
    after = hi - np.arange(len(sort_key)) - 1  # partners after i in the window (each pair once)
    total = int(after.sum())
    i = np.repeat(np.arange(len(sort_key)), after)
    starts = np.cumsum(after) - after
    j = i + 1 + (np.arange(total) - np.repeat(starts, after))
    a, b = np.minimum(text[i], text[j]), np.maximum(text[i], text[j])
    keep = a != b
    pair = np.unique(a[keep] * np.int64(len(time_ms)) + b[keep])
    return pair // len(time_ms), pair % len(time_ms)


def near_duplicate_pairs(
    codes: ShareCodes, window_ms: int, matching: TextMatching | None = None
) -> MessagePairs:
    """Directed pairs (both directions) of near-identical texts of different accounts within
    ±`window_ms`, in the codes' message and account space."""
    matching = matching or TextMatching()
    texts = [normalise(t) if t else "" for t in codes.text.to_pylist()]
    band_text, band_key = band_keys(texts, matching)
    a, b = _candidates(band_text, band_key, codes.text_time_ms, window_ms)
    other = codes.text_account[a] != codes.text_account[b]
    a, b = a[other], b[other]
    if len(a):
        scores = process.cpdist(
            [texts[k] for k in a.tolist()],
            [texts[k] for k in b.tolist()],
            scorer=fuzz.ratio,
            score_cutoff=matching.threshold * 100,
            workers=1,
        )
        similar = np.asarray(scores) >= matching.threshold * 100
        a, b = a[similar], b[similar]
    left, right = np.concatenate((a, b)), np.concatenate((b, a))
    return MessagePairs(
        message=codes.text_message[left],
        account=codes.text_account[left],
        time_ms=codes.text_time_ms[left],
        other_message=codes.text_message[right],
        other_account=codes.text_account[right],
        other_time_ms=codes.text_time_ms[right],
    )
