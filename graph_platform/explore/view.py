"""Nodes and relationships as a read returns them: cut to the caller's scope in the query
(queries/fragments/node_view.cypher, edge_view.cypher), shaped here for the API.

A node asserted by a source the caller may not see arrives `complete=False` with only its id
and the claims of the visible sources; its values are then chosen among those claims by the
writer's rule (most reliable source, latest among equals), so a hidden source's value never
shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import neo4j.graph
import neo4j.time

from graph_platform.store.claims import Claim, choose, reliability_rank


def native(value: object) -> object:
    """A Neo4j value as plain Python: temporal values become `datetime`/`date`/`time`."""
    if isinstance(value, neo4j.time.DateTime | neo4j.time.Date | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, list):
        return [native(item) for item in value]
    return value


def as_datetime(value: object) -> datetime | None:
    """A seen-range value: a datetime, or None (a date or time is not one)."""
    converted = native(value)
    return converted if isinstance(converted, datetime) else None


@dataclass(frozen=True)
class NodeView:
    """One node: its id, labels (sorted), the properties the caller may see, and provenance."""

    id: str
    labels: tuple[str, ...]
    properties: Mapping[str, object]
    sources: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    complete: bool = True

    @classmethod
    def from_map(cls, view: Mapping[str, Any]) -> NodeView:
        """A `node_view` map from a query."""
        properties: dict[str, object] = {str(k): native(v) for k, v in view["properties"]}
        claims = tuple(Claim.decode(text) for text in view.get("claims") or ())
        if not view["complete"] and claims:
            ranks = {str(s): reliability_rank(grade) for s, grade in view.get("grades") or ()}
            for prop in dict.fromkeys(claim.prop for claim in claims):
                properties.setdefault(prop, native(choose(list(claims), prop, ranks)))
        return cls(
            str(view["id"]),
            tuple(sorted(view["labels"])),
            properties,
            tuple(view.get("sources") or ()),
            tuple(view.get("origins") or ()),
            claims,
            bool(view["complete"]),
        )

    @classmethod
    def from_node(cls, node: neo4j.graph.Node) -> NodeView:
        """A node read whole (by queries not cut to a scope: entity resolution's)."""
        properties = {key: native(value) for key, value in node.items()}
        sources: list[str] = node.get("sources") or []
        origins: list[str] = node.get("origins") or []
        claims = tuple(Claim.decode(text) for text in node.get("_claims") or ())
        for kept_apart in ("sources", "origins", "_claims"):
            properties.pop(kept_apart, None)
        return cls(
            str(properties.get("id", "")),
            tuple(sorted(node.labels)),
            properties,
            tuple(sources),
            tuple(origins),
            claims,
        )

    @property
    def first_seen(self) -> datetime | None:
        return as_datetime(self.properties.get("first_seen"))

    @property
    def last_seen(self) -> datetime | None:
        return as_datetime(self.properties.get("last_seen"))


def optional_node(view: Mapping[str, Any] | None) -> NodeView | None:
    return None if view is None else NodeView.from_map(view)


@dataclass(frozen=True)
class EdgeView:
    """One relationship: its type, ends, the properties the caller may see, and provenance."""

    type: str
    source: str
    target: str
    properties: Mapping[str, object] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    complete: bool = True

    @classmethod
    def from_map(cls, view: Mapping[str, Any]) -> EdgeView:
        """An `edge_view` map from a query."""
        return cls(
            str(view["type"]),
            str(view["source"]),
            str(view["target"]),
            {str(k): native(v) for k, v in view["properties"]},
            tuple(view.get("sources") or ()),
            tuple(view.get("origins") or ()),
            bool(view["complete"]),
        )

    @property
    def id(self) -> str:
        """Stable over reads: a relationship is one per type and ordered pair of ends."""
        return f"{self.type}:{self.source}:{self.target}"

    @property
    def confidence(self) -> float | None:
        value = self.properties.get("confidence")
        return float(value) if isinstance(value, int | float) else None

    @property
    def first_seen(self) -> datetime | None:
        return as_datetime(self.properties.get("first_seen"))

    @property
    def last_seen(self) -> datetime | None:
        return as_datetime(self.properties.get("last_seen"))

    def other_end(self, node_id: str) -> str:
        return self.target if self.source == node_id else self.source
