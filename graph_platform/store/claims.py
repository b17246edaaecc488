"""Which source said what: per-source property values of nodes asserted by several sources.

A node written by one source keeps no claims: its properties are that source's values. When a
second source writes it, every value becomes a claim `(source, property, value)` stored in the
node's `_claims` list, and the node shows, per property, the chosen value:

    the value of the most reliable source (Source.reliability, Admiralty grade A best … F worst,
    ungraded after F); among equally reliable sources, the claim written last.

A source that writes the node again replaces its own claims (newest within a source wins); a
source that omits a property keeps its earlier claim for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graph_platform.model import PropertyType

#: Rank of an Admiralty reliability grade; higher is more reliable.
GRADES = {"A": 6, "B": 5, "C": 4, "D": 3, "E": 2, "F": 1}


def reliability_rank(grade: Any) -> int:
    return GRADES.get(str(grade).strip().upper()[:1], 0) if grade else 0


@dataclass(frozen=True)
class Claim:
    source: str
    prop: str
    value: Any

    def encode(self) -> str:
        return json.dumps([self.source, self.prop, _plain(self.value)], ensure_ascii=False)

    @staticmethod
    def decode(text: str) -> Claim:
        source, prop, value = json.loads(text)
        return Claim(source, prop, value)


def _plain(value: Any) -> Any:
    if hasattr(value, "to_native"):  # neo4j.time.DateTime / Date read back from the store
        value = value.to_native()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def native(value: Any, type_: PropertyType) -> Any:
    """A decoded claim value back in its Neo4j type (dates were stored as ISO text)."""
    if isinstance(value, list):
        return [native(v, type_) for v in value]
    if isinstance(value, str) and type_ is PropertyType.DATETIME:
        return datetime.fromisoformat(value)
    if isinstance(value, str) and type_ is PropertyType.DATE:
        return date.fromisoformat(value)
    return value


def merge_claims(existing: list[Claim], new: dict[str, dict[str, Any]]) -> list[Claim]:
    """`existing` with each source's new values replacing its own claims, appended last."""
    replaced = {(source, prop) for source, props in new.items() for prop in props}
    kept = [c for c in existing if (c.source, c.prop) not in replaced]
    return kept + [Claim(s, p, v) for s, props in new.items() for p, v in props.items()]


def choose(claims: list[Claim], prop: str, ranks: dict[str, int]) -> Any:
    """The chosen value of `prop`: best-ranked source, then the latest claim."""
    best: Claim | None = None
    best_key = (-1, -1)
    for index, claim in enumerate(claims):
        if claim.prop != prop:
            continue
        key = (ranks.get(claim.source, 0), index)
        if key > best_key:
            best, best_key = claim, key
    return None if best is None else best.value
