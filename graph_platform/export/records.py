"""What an export reads from the graph: nodes and edges with their provenance kept apart.

Format writers see plain Python values (datetimes, dates, lists) and the provenance every node
and edge carries (sources, origins, seen range, load time, per-source claims), already cut down
to what the caller may see (`Visibility`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from graph_platform.store.scope import Scope

#: Properties every node carries that are provenance, not facts about the entity.
NODE_PROVENANCE = frozenset({"id", "sources", "origins", "first_seen", "last_seen", "loaded_at"})
#: Provenance properties of every edge (its confidence included).
EDGE_PROVENANCE = frozenset(
    {"sources", "origins", "first_seen", "last_seen", "loaded_at", "confidence"}
)


#: Temporal values as the export queries send them (queries/fragments/portable_pairs.cypher):
#: a one-key map of ISO 8601 text, parsed here ("[Europe/London]" zone names are dropped: the
#: offset before them is kept, and every format writes UTC).
_FROM_TEXT: dict[str, Callable[[str], date]] = {
    "datetime": lambda text: datetime.fromisoformat(text.partition("[")[0]),
    "local_datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
}


def plain(value: Any) -> Any:
    """A value read from Neo4j as a plain Python value: temporal text (a one-key map, see
    `_FROM_TEXT`) and neo4j.time values become datetime / date."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        if kind in _FROM_TEXT and isinstance(text, str):
            return _FROM_TEXT[kind](text)
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


#: What the caller may see: the access scope every read applies in its Cypher (store/scope.py),
#: passed as `$scope` to the export queries, which apply it through the reviewed fragments of
#: queries/fragments/: a node also asserted by a hidden source is exported with the visible
#: sources' values only, and provenance names visible sources only.
Visibility = Scope


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
