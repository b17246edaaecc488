"""Attributes of the property graph formats (GraphML, GEXF, CSV), derived from the ontology.

These formats carry every property: one attribute per property name of the node types (and
one per property name of the edge types), typed from the ontology's property type, plus the
provenance attributes every node and edge has. A name two types give different kinds of value
is text. Lists, and values with no typed form, are text (JSON for GraphML/GEXF).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from graph_platform.export.records import EDGE_PROVENANCE, NODE_PROVENANCE, ExportEdge, ExportNode
from graph_platform.model import Model, PropertyType

Kind = Literal["string", "integer", "float", "boolean"]
_KINDS: dict[PropertyType, Kind] = {
    PropertyType.INTEGER: "integer",
    PropertyType.FLOAT: "float",
    PropertyType.BOOLEAN: "boolean",
}
#: Provenance attributes of every node, then of every edge, with their kinds.
NODE_PROVENANCE_ATTRIBUTES: tuple[tuple[str, Kind], ...] = (
    ("sources", "string"),
    ("origins", "string"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("loaded_at", "string"),
    ("claims", "string"),
)
EDGE_PROVENANCE_ATTRIBUTES: tuple[tuple[str, Kind], ...] = (
    ("confidence", "float"),
    ("sources", "string"),
    ("origins", "string"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("loaded_at", "string"),
)


@dataclass(frozen=True)
class Attribute:
    name: str
    kind: Kind


def _catalogue(
    props: dict[str, tuple[PropertyType, bool]], skip: frozenset[str]
) -> list[Attribute]:
    return [
        Attribute(name, "string" if multiple else _KINDS.get(type_, "string"))
        for name, (type_, multiple) in sorted(props.items())
        if name not in skip
    ]


def _merge(
    found: dict[str, tuple[PropertyType, bool]], name: str, type_: PropertyType, multiple: bool
) -> None:
    if name in found and found[name] != (type_, multiple):
        found[name] = (PropertyType.STRING, True)  # two kinds of value: text
    else:
        found[name] = (type_, multiple)


def node_attributes(model: Model) -> list[Attribute]:
    """Every node property of the ontology (provenance apart), by name."""
    found: dict[str, tuple[PropertyType, bool]] = {}
    for node_type in model.concrete_nodes():
        for prop in node_type.properties.values():
            _merge(found, prop.name, prop.type, prop.multiple)
    return _catalogue(found, NODE_PROVENANCE)


def edge_attributes(model: Model) -> list[Attribute]:
    """Every edge property of the ontology (provenance apart), by name."""
    found: dict[str, tuple[PropertyType, bool]] = {}
    for edge_type in model.concrete_edges():
        for prop in edge_type.properties.values():
            _merge(found, prop.name, prop.type, prop.multiple)
    return _catalogue(found, EDGE_PROVENANCE)


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_text(value: Any) -> str:
    """A list or other non-scalar value as JSON text (dates as ISO 8601)."""
    return json.dumps(value, ensure_ascii=False, default=_iso_default)


def _iso_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def provenance_values(record: ExportNode | ExportEdge) -> dict[str, Any]:
    """The provenance attributes of a node or edge, as the values to write (None: absent)."""
    provenance = record.provenance
    values: dict[str, Any] = {
        "sources": json_text(provenance.sources) if provenance.sources else None,
        "origins": json_text(provenance.origins) if provenance.origins else None,
        "first_seen": provenance.first_seen,
        "last_seen": provenance.last_seen,
        "loaded_at": provenance.loaded_at,
    }
    if isinstance(record, ExportNode):
        claims = [[c.source, c.prop, c.value] for c in record.claims]
        values["claims"] = json_text(claims) if claims else None
    else:
        values["confidence"] = record.confidence
    return values
