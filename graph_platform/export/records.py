"""What an export reads from the graph: nodes and edges with their provenance kept apart.

Format writers see plain Python values (datetimes, dates, lists) and the provenance every node
and edge carries (sources, origins, seen range, load time, per-source claims), already cut down
to what the caller may see (`Visibility`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: Properties every node carries that are provenance, not facts about the entity.
NODE_PROVENANCE = frozenset({"id", "sources", "origins", "first_seen", "last_seen", "loaded_at"})
#: Provenance properties of every edge (its confidence included).
EDGE_PROVENANCE = frozenset(
    {"sources", "origins", "first_seen", "last_seen", "loaded_at", "confidence"}
)
#: The writer's per-source values of a contested node (see store/claims.py).
CLAIMS = "_claims"


def plain(value: Any) -> Any:
    """A value read from Neo4j as a plain Python value (neo4j.time types become datetime/date)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Visibility:
    """Which sources the caller may see: `None` for all, else the visible Source ids.

    A node or edge is exported when one of its sources is visible (a Source node when it is
    visible itself); its provenance lists name only visible sources. Scope queries apply the
    same rule inside their Cypher, so hidden nodes never leave the database.
    """

    sources: frozenset[str] | None = None

    @property
    def parameter(self) -> list[str] | None:
        """The `$visible` parameter of the export queries."""
        return None if self.sources is None else sorted(self.sources)

    def allows(self, source_id: str) -> bool:
        return self.sources is None or source_id in self.sources

    def keep(self, source_ids: Iterable[str]) -> list[str]:
        return [s for s in source_ids if self.allows(s)]

    def keep_origins(self, origins: Iterable[str]) -> list[str]:
        """Origins ("<source id> @ <where>") of visible sources."""
        return [o for o in origins if self.allows(o.split(" @ ", 1)[0])]


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
    def of(cls, props: Mapping[str, Any], visibility: Visibility) -> Provenance:
        return cls(
            visibility.keep(props.get("sources") or []),
            visibility.keep_origins(props.get("origins") or []),
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
