"""The alias dev set as engine records and as the pair set both matchers are scored on.

A variant says which fields a record keeps: `names` (the name only) or `full` (the name, its
countries and birth dates). The common pair set is every true pair of a kind plus the hard
negatives: pairs of two entities' records sharing a name token (folded Latin, three letters or
more), sampled to at most `NEGATIVES_PER_TRUE` per true pair.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

from graph_platform.resolve.name_parts import latin_tokens
from graph_platform.resolve.resolution import Record

DEVSET = Path(__file__).resolve().parent / "devset.jsonl"
Variant = Literal["names", "full"]
Pair = tuple[str, str]
NEGATIVES_PER_TRUE = 3
SEED = 7


def load(split: str | None = None, path: Path = DEVSET) -> list[dict[str, Any]]:
    """The dev set's rows (all, or one split's: `fit` or `dev`)."""
    with path.open(encoding="utf-8") as rows:
        found = [json.loads(line) for line in rows]
    return [row for row in found if split is None or row["split"] == split]


def to_records(rows: Iterable[dict[str, Any]], kind: str, variant: Variant) -> list[Record]:
    """Engine records of one kind; the `names` variant keeps only the name."""
    records = []
    for row in rows:
        if row["kind"] != kind:
            continue
        fields: dict[str, Any] = {"name": row["name"]}
        if variant == "full":
            fields["country"] = row["countries"] or None
            fields["birth_date"] = row["birth_dates"] or None
        records.append(Record(row["id"], row["kind"], fields))
    return records


def true_pairs(rows: Iterable[dict[str, Any]], kind: str) -> set[Pair]:
    """Every pair of records of one entity, as sorted id pairs."""
    members: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["kind"] == kind:
            members[row["entity"]].append(row["id"])
    return {
        (a, b) if a < b else (b, a) for ids in members.values() for a, b in combinations(ids, 2)
    }


def hard_negatives(rows: list[dict[str, Any]], kind: str, limit: int) -> set[Pair]:
    """Pairs of different entities' records sharing a name token, at most `limit` (sampled)."""
    entity = {row["id"]: row["entity"] for row in rows}
    by_token: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["kind"] == kind:
            for token in {t for t in latin_tokens(row["name"]) if len(t) >= 3}:
                by_token[token].append(row["id"])
    found: set[Pair] = set()
    for ids in by_token.values():
        for a, b in combinations(sorted(ids), 2):
            if entity[a] != entity[b]:
                found.add((a, b))
    ordered = sorted(found)
    if len(ordered) <= limit:
        return set(ordered)
    return set(random.Random(SEED).sample(ordered, limit))


def pair_set(rows: list[dict[str, Any]], kind: str) -> tuple[list[Pair], set[Pair]]:
    """The common pairs (sorted) and which of them are true."""
    truth = true_pairs(rows, kind)
    negatives = hard_negatives(rows, kind, NEGATIVES_PER_TRUE * len(truth))
    return sorted(truth | negatives), truth
