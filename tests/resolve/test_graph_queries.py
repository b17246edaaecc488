"""Every `resolve.*` named query EXPLAINed against the real Neo4j with parameters of the types
the code passes: valid Cypher, no deprecated or slow constructs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from graph_platform.settings import PROJECT_ROOT
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.scope import Scope

REGISTRY = QueryRegistry.load(PROJECT_ROOT / "queries")
NAMES = [name for name in REGISTRY.names if name.startswith("resolve.")]
ROW = {"id": "x", "member": "m", "canonical": "c", "left": "a", "right": "b", "props": {"k": 1}}
#: A value of the right type for every parameter the resolve queries take.
SAMPLES: dict[str, Any] = {
    "kind": "Person",
    "after": "",
    "limit": 10,
    "id": "x",
    "ids": ["x"],
    "rows": [ROW],
    "title": "t",
    "publisher": "p",
    "loaded_at": datetime(2024, 1, 1, tzinfo=UTC),
    "props": {"id": "x"},
    "left": "a",
    "right": "b",
    "after_confidence": 0.5,
    "after_left": "a",
    "after_right": "b",
    "prior": 0.002,
    "prior_bits": -9.0,
    "prior_method": "rules",
    "prior_rule_pairs": 137,
    "prior_bounded": False,
    "run_at": datetime(2024, 1, 1, tzinfo=UTC),
    "scope": Scope.of(
        sources=["s"], labels=["Person"], rel_types=["SAME_AS"], fields=["name"]
    ).param(),
}


def test_the_resolve_queries_are_all_here() -> None:
    assert len(NAMES) == 21


@pytest.mark.parametrize("name", NAMES)
def test_resolve_query_explains_cleanly(
    name: str, explain_flags: Callable[[str, dict[str, Any]], list[str]]
) -> None:
    query = REGISTRY.get(name)
    assert explain_flags(query.text, {p: SAMPLES[p] for p in query.params}) == []
