"""What an export reads from the graph: nodes and edges with their provenance kept apart.

Format writers see plain Python values (datetimes, dates, lists) and the provenance every node
and edge carries (sources, origins, seen range, load time, per-source claims), already cut down
to what the caller may see (`Visibility`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Properties every node carries that are provenance, not facts about the entity.
NODE_PROVENANCE = frozenset({"id", "sources", "origins", "first_seen", "last_seen", "loaded_at"})
#: Provenance properties of every edge (its confidence included).
EDGE_PROVENANCE = frozenset(
    {"sources", "origins", "first_seen", "last_seen", "loaded_at", "confidence"}
)


def plain(value: Any) -> Any:
    """A value read from Neo4j as a plain Python value (neo4j.time types become datetime/date)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Visibility:
    """What the caller may see, as the `$scope` map the export queries apply in their Cypher
    through the reviewed fragments of queries/fragments/ (the same rule as every read): `sources`
    (Source ids whose assertions the caller may see), `labels`, `rel_types`, `fields`; None is
    no restriction. A node asserted also by a hidden source comes with only the values of
    visible sources, and provenance names only visible sources.
    """

    sources: frozenset[str] | None = None
    labels: frozenset[str] | None = None
    rel_types: frozenset[str] | None = None
    fields: frozenset[str] | None = None

    def param(self) -> dict[str, list[str] | None]:
        """The `$scope` parameter: sorted lists, or null."""

        def listed(values: frozenset[str] | None) -> list[str] | None:
            return None if values is None else sorted(values)

        return {
            "sources": listed(self.sources),
            "labels": listed(self.labels),
            "rel_types": listed(self.rel_types),
            "fields": listed(self.fields),
        }


@dataclass(frozen=True)
class Claim:
    """One source's value of one property of a contested node."""

    source: str
    prop: str
    value: Any


@dataclass
class Provenance:
    """Where a node or edge comes from: its sources, where each stated it, when it was seen."""

    sources: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    loaded_at: datetime | None = None

    @classmethod
    def of(cls, view: Mapping[str, Any], props: Mapping[str, Any]) -> Provenance:
        """From a node_view / edge_view map (sources and origins already cut to the caller's
        scope) and the properties it let through (the seen range and load time)."""
        return cls(
            list(view.get("sources") or []),
            list(view.get("origins") or []),
            plain(props.get("first_seen")),
            plain(props.get("last_seen")),
            plain(props.get("loaded_at")),
        )

    def origin_of(self, source_id: str) -> str | None:
        """Where `source_id` stated the record (the part after "@"), if it says."""
        for origin in self.origins:
            source, _, where = origin.partition(" @ ")
            if source == source_id:
                return where
        return None


@dataclass
class ExportNode:
    """A node of the scope: its concrete type, its facts and their provenance."""

    id: str
    type: str
    props: dict[str, Any]
    provenance: Provenance
    claims: list[Claim] = field(default_factory=list)
    #: Relationships of the types a format carries on their target, ending at this node.
    incoming: list[ExportEdge] = field(default_factory=list)


@dataclass
class ExportEdge:
    """A relationship of the scope between two exported nodes."""

    type: str  # the ontology edge type name (PartOf)
    source: str
    target: str
    source_type: str
    target_type: str
    props: dict[str, Any]
    provenance: Provenance
    confidence: float | None = None
    #: Values of the properties of the target node a format asked for (`ScopeReader.target_keys`).
    target_values: dict[str, Any] = field(default_factory=dict)


ExportItem = ExportNode | ExportEdge


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601 text of a date or datetime (None stays None)."""
    return None if value is None else value.isoformat()
