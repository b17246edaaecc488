"""Attribution answers: ranked paths account → operation → actor, with the evidence per hop.

Attributions are hypotheses (DESIGN principle 3): each hop keeps its own confidence, time span and
the Source nodes behind it, and a path's confidence is the product of its hops'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import neo4j

from graph_platform.api.node import EntityNode, native, optional_node


@dataclass(frozen=True)
class Hop:
    """One relationship on a path and the evidence for it."""

    confidence: float
    first_seen: datetime | None
    last_seen: datetime | None
    sources: tuple[EntityNode, ...]

    @classmethod
    def from_columns(cls, record: neo4j.Record, prefix: str) -> Hop:
        """The hop whose columns in `record` start with `prefix` (`part_of_confidence`, …)."""
        return cls(
            confidence=float(record[f"{prefix}_confidence"]),
            first_seen=_datetime(record[f"{prefix}_first_seen"]),
            last_seen=_datetime(record[f"{prefix}_last_seen"]),
            sources=tuple(EntityNode.from_node(node) for node in record[f"{prefix}_sources"]),
        )


@dataclass(frozen=True)
class AttributionPath:
    """account -PART_OF-> operation [-ATTRIBUTED_TO-> actor], ranked by `confidence`."""

    account: EntityNode
    operation: EntityNode
    part_of: Hop
    actor: EntityNode | None
    attributed_to: Hop | None
    confidence: float

    @classmethod
    def from_record(cls, record: neo4j.Record) -> AttributionPath:
        """A row of the `attribution.for_account` query."""
        actor = optional_node(record["actor"])
        return cls(
            account=EntityNode.from_node(record["account"]),
            operation=EntityNode.from_node(record["operation"]),
            part_of=Hop.from_columns(record, "part_of"),
            actor=actor,
            attributed_to=Hop.from_columns(record, "attributed_to") if actor else None,
            confidence=float(record["confidence"]),
        )


def _datetime(value: object) -> datetime | None:
    converted = native(value)
    if converted is None or isinstance(converted, datetime):
        return converted
    raise TypeError(f"expected a datetime or null, got {type(value).__name__}")
