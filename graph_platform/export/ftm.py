"""FollowTheMoney entities (JSON lines) from a scope, as `exports/ftm.yaml` maps the ontology.

Entities are built with followthemoney's own model, so every value is cleaned by FtM's property
types (dates, countries, amounts) and a value FtM cannot read is left out rather than written
wrong; an entity that lacks a property its schema requires (a payment without a visible payer)
is left out and counted. Each line is FtM's nested entity with the provenance fields of its
statement model: `datasets` (the visible sources), `first_seen`, `last_seen`, `last_change`.
Edges become interval entities (Membership, Ownership) or properties of one end's entity
(a payment's payer, an account's owner); ids are the node ids with `:` made `-` (FtM ids allow
letters, digits, `.` and `-`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from graph_platform.errors import Problem
from graph_platform.export.format import ExportCounts, Output
from graph_platform.export.mapping import FormatMapping, NodeMap
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode, Provenance, iso

if TYPE_CHECKING:
    from followthemoney.model import Model as FtmModel
    from followthemoney.proxy import EntityProxy
    from followthemoney.schema import Schema


@cache
def ftm_model() -> FtmModel:
    """followthemoney's model, imported on first use (reading it takes seconds, which commands
    that export nothing should not pay)."""
    from followthemoney import model

    return model


def ftm_id(node_id: str) -> str:
    return node_id.replace(":", "-")


def _text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema(name: str) -> Schema | None:
    return ftm_model().get(name)


def check(mapping: FormatMapping) -> list[Problem]:
    """Schemata and properties of the mapping against followthemoney's model."""
    problems: list[Problem] = []
    file = str(mapping.file)

    def has(schema_name: str, prop: str, key: str) -> None:
        schema = _schema(schema_name)
        if schema is None:
            problems.append(Problem(file, key, f"{schema_name!r} is not an FtM schema"))
        elif schema.get(prop) is None:
            problems.append(Problem(file, key, f"{prop!r} is not a property of FtM {schema_name}"))

    schemata: dict[str, list[str]] = {}
    for name, node_map in mapping.spec.nodes.items():
        names = [node_map.to] if node_map.to else []
        names += list(node_map.variants.cases.values()) if node_map.variants else []
        schemata[name] = names
        for schema_name in names:
            for prop, target in node_map.properties.items():
                has(schema_name, target, f"nodes.{name}.properties.{prop}")
    for name, edge_map in mapping.spec.edges.items():
        if edge_map.to:
            for end in (edge_map.source, edge_map.target):
                if end is None:
                    problems.append(Problem(file, f"edges.{name}", "needs source and target"))
                else:
                    has(edge_map.to, end, f"edges.{name}")
        if edge_map.carried is not None:
            edge_type = mapping.model.edge(name)
            ends = edge_type.sources if edge_map.carried.end == "source" else edge_type.targets
            for end_type in ends:
                for node_type in mapping.model.node_types.values():
                    if end_type in node_type.labels and not node_type.abstract:
                        for schema_name in schemata.get(node_type.name, []):
                            has(schema_name, edge_map.carried.property, f"edges.{name}.carried")
    return problems


class FtmWriter:
    """Writes FtM entities as JSON lines."""

    name: ClassVar[str] = "ftm"
    media_type: ClassVar[str] = "application/x-ndjson"
    suffix: ClassVar[str] = ".ijson"

    def __init__(self, mapping: FormatMapping) -> None:
        self.mapping = mapping
        self.counts = ExportCounts()
        self._held: tuple[EntityProxy, Provenance] | None = None

    @property
    def incoming(self) -> tuple[str, ...]:
        """Edges carried on their target (a payment's payer, an account's owner)."""
        return tuple(
            name
            for name, edge_map in self.mapping.spec.edges.items()
            if edge_map.carried is not None and edge_map.carried.end == "target"
        )

    @property
    def target_keys(self) -> tuple[str, ...]:
        return ()

    def chunks(
        self, items: Iterable[ExportItem], sources: Mapping[str, Mapping[str, Any]]
    ) -> Iterator[bytes]:
        out = Output()
        for item in items:
            if isinstance(item, ExportNode):
                self._release(out)
                self._node(item)
            else:
                self._edge(item, out)
            if out.full():
                yield out.take()
        self._release(out)
        yield out.take()

    def _schema_of(self, node_map: NodeMap, props: Mapping[str, Any]) -> str:
        variants = node_map.variants
        if variants is not None:
            value = props.get(variants.property)
            chosen = variants.cases.get(str(value).lower()) if value is not None else None
            if chosen:
                return chosen
        assert node_map.to is not None
        return node_map.to

    def _node(self, node: ExportNode) -> None:
        """Build the node's entity and hold it: its outgoing edges may add properties to it."""
        self.counts.nodes += 1
        node_map = self.mapping.node(node.type)
        if node_map is None:
            self.counts.drop(node.type, self.mapping.spec.nodes[node.type].drop or "")
            return
        entity = ftm_model().make_entity(self._schema_of(node_map, node.props))
        entity.id = ftm_id(node.id)
        for prop, target in node_map.properties.items():
            value = node.props.get(prop)
            for item in value if isinstance(value, list) else [value]:
                if item not in (None, ""):
                    entity.add(target, _text(item), quiet=True)
        for edge in node.incoming:
            self._carry(edge, entity)
        self._held = (entity, node.provenance)

    def _carry(self, edge: ExportEdge, entity: EntityProxy) -> bool:
        """Add a carried edge to `entity` (one end's entity); False if the edge is not carried."""
        edge_map = self.mapping.edge(edge.type)
        if edge_map is None or edge_map.carried is None:
            return False
        other = edge.target if edge_map.carried.end == "source" else edge.source
        entity.add(edge_map.carried.property, ftm_id(other), quiet=True)
        return True

    def _edge(self, edge: ExportEdge, out: Output) -> None:
        self.counts.edges += 1
        edge_map = self.mapping.edge(edge.type)
        if edge_map is None:
            self.counts.drop(edge.type, self.mapping.spec.edges[edge.type].drop or "")
            return
        if edge_map.carried is not None:
            held = self._held
            if (
                edge_map.carried.end == "source"
                and held is not None
                and held[0].id == ftm_id(edge.source)
            ):
                self._carry(edge, held[0])
            elif edge_map.carried.end == "source":
                self.counts.drop(edge.type, "its source is not exported to FtM")
            # carried on the target: written with the target's entity (its incoming edges)
            return
        assert edge_map.to is not None and edge_map.source and edge_map.target
        for end_type in (edge.source_type, edge.target_type):
            if self.mapping.node(end_type) is None:
                self.counts.drop(edge.type, "an end is not exported to FtM")
                return
        entity = ftm_model().make_entity(edge_map.to)
        key = f"{edge.source}|{edge.type}|{edge.target}"
        entity.id = f"{edge_map.to.lower()}-{hashlib.sha1(key.encode()).hexdigest()}"
        entity.add(edge_map.source, ftm_id(edge.source))
        entity.add(edge_map.target, ftm_id(edge.target))
        for prop, target in edge_map.properties.items():
            if edge.props.get(prop) is not None:
                entity.add(target, _text(edge.props[prop]), quiet=True)
        self._write(entity, edge.provenance, out)

    def _release(self, out: Output) -> None:
        if self._held is not None:
            self._write(*self._held, out)
            self._held = None

    def _write(self, entity: EntityProxy, provenance: Provenance, out: Output) -> None:
        missing = [p for p in entity.schema.required if not entity.has(p)]
        if missing:
            self.counts.drop(
                entity.schema.name, f"FtM requires {', '.join(missing)}, which is not exported"
            )
            return
        data = entity.to_dict()
        data["datasets"] = provenance.sources
        for key, value in (
            ("first_seen", provenance.first_seen),
            ("last_seen", provenance.last_seen),
            ("last_change", provenance.loaded_at),
        ):
            if value is not None:
                data[key] = iso(value)
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        self.counts.objects += 1
