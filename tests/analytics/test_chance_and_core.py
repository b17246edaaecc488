"""The co-sharing test against chance, and groups trimmed to their near-clique core."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa

from graph_platform.analytics.groups import find_groups
from graph_platform.analytics.network import CoordinationEdge, compute_network
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.share_table import SHARE_SCHEMA, TEXT_SCHEMA, ShareTable


def _table(rows: list[tuple[str, str, str, str, int]]) -> ShareTable:
    columns = list(zip(*rows, strict=True))
    return ShareTable(
        pa.table(dict(zip(SHARE_SCHEMA.names, columns, strict=True)), SHARE_SCHEMA),
        TEXT_SCHEMA.empty_table(),
    )


def _crowded_and_quiet() -> ShareTable:
    """H1 and H2 share 100 viral posts, each within a minute of 30 one-off accounts (a crowd);
    L1 and L2 share two posts nobody else shares, within seconds of each other."""
    rows = []
    for j in range(100):
        at = j * 3_600_000
        rows += [
            (f"v{j}-h1", "H1", "reshare", f"v{j}", at),
            (f"v{j}-h2", "H2", "reshare", f"v{j}", at + 5_000),
        ]
        rows += [(f"v{j}-f{i}", f"F{j}-{i}", "reshare", f"v{j}", at + 1_000 * i) for i in range(30)]
    for j in range(2):
        at = 500_000_000 + j * 86_400_000
        rows += [
            (f"q{j}-l1", "L1", "url", f"q{j}", at),
            (f"q{j}-l2", "L2", "url", f"q{j}", at + 3_000),
        ]
    return _table(rows)


def test_chance_explains_a_crowd_not_a_quiet_pair() -> None:
    table = _crowded_and_quiet()
    untested = compute_network(table, CoordinationParameters(significance=None))
    assert {(e.source, e.target) for e in untested.edges} == {("H1", "H2"), ("L1", "L2")}
    tested = compute_network(table, CoordinationParameters())
    assert [(e.source, e.target, e.weight) for e in tested.edges] == [("L1", "L2", 2)]
    # L1's two shares met L2's two of 3,204 shares: λ = 2 × 2 / 3204, P(X >= 2) = 1 - e^-λ(1 + λ).
    expected = 2 * 2 / 3204
    p_value = 1 - math.exp(-expected) * (1 + expected)
    assert p_value < 1e-6
    strict = CoordinationParameters(significance=p_value * 0.99)
    assert compute_network(table, strict).edges == []
    loose = CoordinationParameters(significance=p_value * 1.01)
    assert len(compute_network(table, loose).edges) == 1


def test_a_larger_reference_volume_makes_chance_less_likely() -> None:
    table = _crowded_and_quiet()
    expected = 2 * 2 / 3204
    p_value = 1 - math.exp(-expected) * (1 + expected)
    at_edge = CoordinationParameters(significance=p_value * 0.99)
    assert compute_network(table, at_edge).edges == []
    bigger = at_edge.model_copy(update={"reference_volume": 3204 * 2})
    assert ("L1", "L2") in {(e.source, e.target) for e in compute_network(table, bigger).edges}


def _edge(a: str, b: str, weight: int = 5) -> CoordinationEdge:
    source, target = sorted((a, b))
    return CoordinationEdge(source, target, weight, weight, weight, ())


def test_groups_are_trimmed_to_their_core() -> None:
    clique = [f"g{i}" for i in range(6)]
    edges = [_edge(a, b) for k, a in enumerate(clique) for b in clique[k + 1 :]]
    # Accounts hanging off the group by weaker ties, and a chance path.
    edges += [_edge("leaf", "g0", 2), _edge("twig", "g1", 2), _edge("twig", "g2", 2)]
    edges += [_edge("p1", "p2", 2), _edge("p2", "p3", 2)]
    groups = find_groups(edges, {}, seed=1)
    coordinated = [g.members for g in groups if g.coordinated]
    assert coordinated == [tuple(sorted(clique))]
    alone = sorted(g.members[0] for g in groups if g.size == 1)
    assert alone == ["leaf", "p1", "p2", "p3", "twig"]
    assert np.isclose(next(g for g in groups if g.coordinated).density, 1.0)
