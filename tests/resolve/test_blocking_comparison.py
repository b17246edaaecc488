"""Blocking rules and comparison levels on small hand-made tables."""

from __future__ import annotations

import numpy as np

from graph_platform.resolve.blocking import block
from graph_platform.resolve.comparison import COMPARATORS, NULL, compare
from graph_platform.resolve.resolution import Record
from graph_platform.resolve.resolution_settings import ResolutionSettings
from graph_platform.resolve.table import build_table, fold

SETTINGS = ResolutionSettings.model_validate(
    {
        "description": "test",
        "distinct_within": "source",
        "fields": {
            "given": {"normaliser": "alnum"},
            "surname": {"normaliser": "alnum"},
            "aliases": {"source": ["given", "aliases"], "multiple": True},
            "source": {"normaliser": "none"},
        },
        "comparisons": [
            {
                "name": "given",
                "field": "given",
                "comparator": "jaro_winkler",
                "levels": [
                    {"name": "exact", "at_least": 1.0},
                    {"name": "swapped", "at_least": 0.9, "swap_with": "surname"},
                    {"name": "close", "at_least": 0.9},
                ],
            },
            {
                "name": "aliases",
                "field": "aliases",
                "comparator": "levenshtein",
                "levels": [{"name": "one_edit", "at_most": 1}],
            },
        ],
        "blocking": {
            "rules": [{"fields": ["given", "surname"], "unordered": True}, {"fields": ["aliases"]}],
            "max_block_size": 3,
        },
        "thresholds": {"match": 0.9, "review": 0.5},
    }
)


def _records() -> list[Record]:
    rows = [
        ("r0", "Anna", "Schmidt", ["Ann"], "x"),
        ("r1", "Schmidt", "Anna", None, "y"),  # swapped name parts
        ("r2", "Anna", "Schmidt", None, "x"),  # same source as r0: never paired with it
        ("r3", "Anne", "Schmitt", ["Nan"], None),
        ("r4", None, "Lem", ["Ann"], None),
    ]
    return [
        Record(i, "Person", {"given": g, "surname": s, "aliases": a, "source": src})
        for i, g, s, a, src in rows
    ]


def _pairs(left: np.ndarray, right: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(left.tolist(), right.tolist(), strict=True))


def test_unordered_rule_pairs_swapped_names_but_not_within_a_source() -> None:
    table = build_table(_records(), SETTINGS)
    candidates = block(table, SETTINGS.blocking)
    pairs = _pairs(candidates.left, candidates.right)
    assert (0, 1) in pairs and (1, 2) in pairs  # swapped given/surname
    assert (0, 2) not in pairs  # same `source`: distinct within it
    assert (0, 4) in pairs  # shared alias "ann" (multi-valued key)
    assert table.total_pairs() == 10 - 1


def test_oversized_blocks_are_skipped_and_counted() -> None:
    records = [Record(f"r{i}", "Person", {"given": "Anna", "surname": "Smith"}) for i in range(5)]
    table = build_table(records, SETTINGS)
    candidates = block(table, SETTINGS.blocking)
    assert len(candidates) == 0
    assert candidates.skipped_blocks == 2  # both rules' single block exceeds max_block_size 3


def test_levels_swap_null_and_best_over_multiple_values() -> None:
    table = build_table(_records(), SETTINGS)
    left = np.array([0, 0, 0, 0, 3], dtype=np.int64)
    right = np.array([1, 3, 4, 2, 4], dtype=np.int64)
    levels = compare(table, SETTINGS, (left, right), COMPARATORS)
    assert levels[:, 0].tolist() == [1, 3, NULL, 0, NULL]  # swapped, else, no given, exact
    # aliases = given + aliases: {anna, ann} vs {schmidt}: else; vs {anne, nan}: anna~anne
    assert levels[:, 1].tolist() == [1, 0, 0, 0, 0]


def test_fold_removes_case_accents_and_extra_space() -> None:
    assert fold("  Ángela   MÜLLER ") == "angela muller"
    table = build_table([Record("a", "Person", {"given": "José"})], SETTINGS)
    assert table.vocabulary.tolist() == ["jose"]
