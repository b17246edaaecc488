"""The embedded co-share engine: its exact semantics on hand-made shares, and agreement with
the plain pairwise definition on random inputs."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from graph_platform.analytics.coshare import directed_weights
from graph_platform.analytics.reference import naive_directed_weights
from graph_platform.analytics.share_table import SHARE_SCHEMA, TEXT_SCHEMA, ShareTable


def _table(rows: list[tuple[str, str, str, str, int]]) -> ShareTable:
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in SHARE_SCHEMA.names]
    return ShareTable(
        pa.table(dict(zip(SHARE_SCHEMA.names, columns, strict=True)), SHARE_SCHEMA),
        TEXT_SCHEMA.empty_table(),
    )


def _weights(table: ShareTable, window_ms: int, min_weight: int, **options: object) -> dict:
    codes = table.encode()
    result = directed_weights(codes, window_ms, min_weight, **options)  # type: ignore[arg-type]
    names = codes.accounts.to_pylist()
    return {
        (names[s], names[t]): int(w)
        for s, t, w in zip(result.source, result.target, result.weight, strict=True)
    }


def test_the_toolkits_semantics() -> None:
    """Weight = distinct messages of A co-shared by B within ±Δt (inclusive); one message with
    two matching objects counts once; B's repeats count once; the same account never pairs."""
    table = _table(
        [
            ("m1", "A", "url", "u1", 0),
            ("m1", "A", "hashtag", "h1", 0),  # m1 shares two objects B also shares: counts once
            ("m2", "B", "url", "u1", 60_000),  # exactly Δt later: inside
            ("m3", "B", "hashtag", "h1", 1_000),
            ("m4", "B", "url", "u1", 2_000),  # B again on u1: A's m1 still counts once
            ("m5", "A", "reshare", "p1", 500_000),
            ("m6", "B", "reshare", "p1", 560_001),  # Δt + 1 ms: outside
            ("m7", "A", "reshare", "p2", 900_000),
            ("m8", "B", "reshare", "p2", 900_000),
            ("m9", "A", "reshare", "p2", 900_010),  # A's second share of p2 (another message)
            ("m10", "A", "url", "u9", 0),
            ("m11", "A", "url", "u9", 1),  # A with itself: no pair
        ]
    )
    assert _weights(table, 60_000, 1) == {("A", "B"): 3, ("B", "A"): 4}
    assert _weights(table, 60_000, 4) == {("B", "A"): 4}
    assert _weights(table, 60_000, 1) == naive_directed_weights(table, 60_000, 1)


def test_a_crowd_counts_for_nothing() -> None:
    rows = [(f"c{i}", f"X{i}", "url", "news", i * 1000) for i in range(30)]
    rows += [("g1", "G1", "url", "quiet", 0), ("g2", "G2", "url", "quiet", 5000)]
    table = _table(rows)
    with_crowd = _weights(table, 60_000, 1)
    capped = _weights(table, 60_000, 1, max_crowd=10)
    assert len(with_crowd) == 30 * 29 + 2
    assert capped == {("G1", "G2"): 1, ("G2", "G1"): 1}
    assert capped == naive_directed_weights(table, 60_000, 1, max_crowd=10)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("max_crowd", [None, 6])
def test_agrees_with_the_pairwise_definition(seed: int, max_crowd: int | None) -> None:
    rng = np.random.default_rng(seed)
    n = 3000
    rows = [
        (f"m{rng.integers(0, 2500)}", f"a{rng.integers(0, 60)}", "url" if k % 3 else "reshare",
         f"o{rng.integers(0, 80)}", int(rng.integers(0, 3_600_000)))
        for k in range(n)
    ]  # fmt: skip
    # A message keeps one account and one time, as posts do.
    first: dict[str, tuple[str, int]] = {}
    rows = [(m, *first.setdefault(m, (a, t))[:1], k, o, first[m][1]) for m, a, k, o, t in rows]
    table = _table(sorted(set(rows)))
    expected = naive_directed_weights(table, 120_000, 2, max_crowd=max_crowd)
    assert len(expected) > 100
    small_chunks = _weights(table, 120_000, 2, max_crowd=max_crowd, pair_budget=500)
    assert small_chunks == _weights(table, 120_000, 2, max_crowd=max_crowd) == expected
