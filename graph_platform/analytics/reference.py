"""The co-share definition written as plainly as possible: every pair of shares compared.

It is the reference the engines are tested against and the naive baseline the benchmark
measures them by; quadratic in the shares of an object, so only for small inputs.
"""

from __future__ import annotations

from collections import defaultdict

from graph_platform.analytics.share_table import ShareTable


def naive_directed_weights(
    table: ShareTable,
    window_ms: int,
    min_weight: int,
    max_crowd: int | None = None,
    text_pairs: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> dict[tuple[str, str], int]:
    """{(source account, target account): weight} by the definition in coshare.py; text pairs
    are (source account, target account, source message) triples to add."""
    rows = list(
        zip(
            table.shares["message"].to_pylist(),
            table.shares["account"].to_pylist(),
            table.shares["kind"].to_pylist(),
            table.shares["object"].to_pylist(),
            table.shares["time_ms"].to_pylist(),
            strict=True,
        )
    )
    by_object: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
    for message, account, kind, obj, at in rows:
        by_object[(kind, obj)].append((message, account, at))
    messages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for shares in by_object.values():
        for message, account, at in shares:
            window = [s for s in shares if abs(s[2] - at) <= window_ms]
            if max_crowd is not None and len(window) > max_crowd:
                continue
            for _, other, _ in window:
                if other != account:
                    messages[(account, other)].add(message)
    for source, target, message in text_pairs:
        messages[(source, target)].add(message)
    return {pair: len(m) for pair, m in messages.items() if len(m) >= min_weight}
