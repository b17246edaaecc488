"""STIX 2.1 bundles from a scope, as `exports/stix.yaml` maps the ontology.

Ids are deterministic (UUIDv5 of the node id, or of the edge's ends and type), so exporting the
same scope twice gives the same objects. Provenance: every object cites its visible sources as
external references and is `created_by_ref` the first one (an identity per Source); relationships
carry confidence (0–100) and the seen range as start/stop time; a Source's TLP marking becomes
`object_marking_refs`. Properties STIX does not define are `x_graph_platform_*`, declared by the
bundle's extension definition. The bundle is streamed: objects are written as they are read.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from graph_platform.errors import Problem
from graph_platform.export.format import ExportCounts, Output
from graph_platform.export.mapping import FormatMapping, NodeMap
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode, Provenance

#: Namespace of the UUIDv5 ids of exported objects.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "graph_platform/export/stix")
CUSTOM_PREFIX = "x_graph_platform_"
EXTENSION_ID = f"extension-definition--{uuid.uuid5(NAMESPACE, 'properties')}"
PLATFORM_IDENTITY = f"identity--{uuid.uuid5(NAMESPACE, 'graph_platform')}"
#: When the extension definition was written (it changes only with a new version).
EXTENSION_CREATED = "2026-01-01T00:00:00.000Z"

#: Properties STIX 2.1 defines, per object type the mapping may use (others become custom).
STIX_PROPERTIES: dict[str, frozenset[str]] = {
    "campaign": frozenset({"name", "description", "aliases", "first_seen", "last_seen"}),
    "identity": frozenset({"name", "description", "roles", "identity_class", "sectors"}),
    "threat-actor": frozenset(
        {"name", "description", "aliases", "first_seen", "last_seen", "threat_actor_types"}
    ),
    "intrusion-set": frozenset({"name", "description", "aliases", "first_seen", "last_seen"}),
    "location": frozenset({"name", "description", "region", "country", "city"}),
    "attack-pattern": frozenset(
        {"name", "description", "aliases", "kill_chain_phases", "external_id"}
    ),
    "user-account": frozenset(
        {"user_id", "account_login", "account_type", "display_name", "account_created"}
    ),
    "url": frozenset({"value"}),
    "domain-name": frozenset({"value"}),
}
#: Open vocabularies whose values a consumer can act on: a value outside one travels as a custom
#: property, and the mapping's constant (if any) fills the STIX property.
VOCABULARIES = {
    "identity_class": frozenset(
        {"individual", "group", "system", "organization", "class", "unknown"}
    ),
}
#: Cyber-observable types: no created/modified, creator or external references.
OBSERVABLES = frozenset({"user-account", "url", "domain-name"})
#: Timestamp-valued STIX properties.
TIMESTAMPS = frozenset({"first_seen", "last_seen", "account_created"})
#: The TLP marking definitions STIX 2.1 defines (section 7.2.1.4), strictest last.
TLP = {
    "white": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "green": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "amber": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "red": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}


def timestamp(value: datetime | date) -> str:
    """A STIX timestamp (UTC, milliseconds, Z); a date is its midnight UTC."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (
        value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    )


def stix_id(stix_type: str, key: str) -> str:
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, key)}"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def check(mapping: FormatMapping) -> list[Problem]:
    """The STIX vocabulary of the mapping: known object types, properties defined or custom."""
    problems: list[Problem] = []
    file = str(mapping.file)
    for name, node_map in mapping.spec.nodes.items():
        types = [node_map.to] if node_map.to else []
        types += list(node_map.variants.cases.values()) if node_map.variants else []
        for stix_type in types:
            if stix_type not in STIX_PROPERTIES:
                problems.append(
                    Problem(
                        file,
                        f"nodes.{name}",
                        f"STIX type {stix_type!r} is not supported",
                        ", ".join(sorted(STIX_PROPERTIES)),
                    )
                )
        for prop, target in node_map.properties.items():
            defined = any(target in STIX_PROPERTIES.get(t, ()) for t in types)
            if not defined and not target.startswith(CUSTOM_PREFIX):
                problems.append(
                    Problem(
                        file,
                        f"nodes.{name}.properties.{prop}",
                        f"{target!r} is not a STIX property of {'/'.join(types)}",
                        f"use a STIX property or {CUSTOM_PREFIX}{prop}",
                    )
                )
    return problems


class StixWriter:
    """Writes one STIX 2.1 bundle."""

    name: ClassVar[str] = "stix"
    media_type: ClassVar[str] = "application/stix+json;version=2.1"
    suffix: ClassVar[str] = ".json"

    def __init__(self, mapping: FormatMapping, now: datetime | None = None) -> None:
        self.mapping = mapping
        self.counts = ExportCounts()
        self.now = timestamp(now or datetime.now(UTC))
        self._markings: dict[str, str] = mapping.option("markings")
        self._emitted: set[str] = set()  # ids of identities and markings already written
        self._pending: list[dict[str, Any]] = []
        self._sources: Mapping[str, Mapping[str, Any]] = {}
        self._node_props: Mapping[str, Any] = {}
        keys: set[str] = set()
        for node_map in mapping.spec.nodes.values():
            keys.update(node_map.requires)
            if node_map.variants:
                keys.add(node_map.variants.property)
        self._target_keys = tuple(sorted(keys))

    @property
    def incoming(self) -> tuple[str, ...]:
        return ()

    @property
    def target_keys(self) -> tuple[str, ...]:
        return self._target_keys

    def chunks(
        self, items: Iterable[ExportItem], sources: Mapping[str, Mapping[str, Any]]
    ) -> Iterator[bytes]:
        self._sources = sources
        out = Output()
        out.write(f'{{"type": "bundle", "id": "bundle--{uuid.uuid4()}", "objects": [\n')
        first = True
        for obj in self._preamble():
            out.write(("" if first else ",\n") + json.dumps(obj, ensure_ascii=False))
            first = False
        for item in items:
            made = self._node(item) if isinstance(item, ExportNode) else self._edge(item)
            for obj in [*self._pending, *made]:
                out.write(",\n" + json.dumps(obj, ensure_ascii=False))
                self.counts.objects += 1
            self._pending.clear()
            if out.full():
                yield out.take()
        out.write("\n]}\n")
        yield out.take()

    def _preamble(self) -> list[dict[str, Any]]:
        platform = {
            "type": "identity",
            "spec_version": "2.1",
            "id": PLATFORM_IDENTITY,
            "created": EXTENSION_CREATED,
            "modified": EXTENSION_CREATED,
            "name": "graph_platform",
            "identity_class": "system",
            CUSTOM_PREFIX + "role": "platform",
        }
        self._custom_extension(platform)
        extension = {
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": EXTENSION_ID,
            "created_by_ref": PLATFORM_IDENTITY,
            "created": EXTENSION_CREATED,
            "modified": EXTENSION_CREATED,
            "name": "graph_platform properties",
            "description": "Properties of the graph_platform ontology that STIX does not define.",
            "schema": (
                "Top-level x_graph_platform_* properties, one per ontology property or "
                "provenance field, as exports/stix.yaml of graph_platform maps them."
            ),
            "version": "1.0.0",
            "extension_types": ["toplevel-property-extension", "property-extension"],
            "extension_properties": self._custom_properties(),
        }
        return [platform, extension]

    def _custom_properties(self) -> list[str]:
        """Every x_graph_platform_* property an object of this mapping may carry."""
        names = {f"{CUSTOM_PREFIX}{key}" for key in ("role", "first_seen", "last_seen")}
        names |= {f"{CUSTOM_PREFIX}{key}" for key in ("sources", "origins", "loaded_at")}
        for node_map in self.mapping.spec.nodes.values():
            for prop, target in node_map.properties.items():
                if target.startswith(CUSTOM_PREFIX):
                    names.add(target)
                elif target not in ("kill_chain_phases", "external_id"):
                    names.add(CUSTOM_PREFIX + target)  # when the chosen type lacks it
                    names.add(CUSTOM_PREFIX + prop)  # a value outside a vocabulary
        for edge_map in self.mapping.spec.edges.values():
            names.update(t for t in edge_map.properties.values() if t.startswith(CUSTOM_PREFIX))
        return sorted(names)

    # --- provenance -------------------------------------------------------------------------

    def _source_identity(self, source_id: str) -> str:
        """The identity standing for a Source (written before its first citation)."""
        ref = stix_id("identity", source_id)
        if ref not in self._emitted:
            self._emitted.add(ref)
            props = self._sources.get(source_id, {})
            node_map = self.mapping.node("Source")
            obj = self._sdo("identity", ref, Provenance(), None)
            obj["name"] = str(props.get("title") or source_id)
            obj["identity_class"] = "organization"
            obj[CUSTOM_PREFIX + "role"] = "source"
            if node_map is not None:
                self._map_properties(obj, "identity", node_map, props)
            self._pending.append(obj)
        return ref

    def _marking_refs(self, provenance: Provenance) -> list[str]:
        """The strictest TLP marking among the sources, as a one-item list (or none)."""
        colours = [
            self._markings[str(marking)]
            for s in provenance.sources
            if (marking := self._sources.get(s, {}).get("marking")) in self._markings
        ]
        if not colours:
            return []
        strictest = max(colours, key=list(TLP).index)
        ref = TLP[strictest]
        if ref not in self._emitted:
            self._emitted.add(ref)
            self._pending.append(
                {
                    "type": "marking-definition",
                    "spec_version": "2.1",
                    "id": ref,
                    "created": "2017-01-20T00:00:00.000Z",
                    "definition_type": "tlp",
                    "name": f"TLP:{strictest.upper()}",
                    "definition": {"tlp": strictest},
                }
            )
        return [ref]

    def _sdo(
        self, stix_type: str, ref: str, provenance: Provenance, confidence: float | None
    ) -> dict[str, Any]:
        created = timestamp(provenance.loaded_at) if provenance.loaded_at else self.now
        obj: dict[str, Any] = {
            "type": stix_type,
            "spec_version": "2.1",
            "id": ref,
            "created": created,
            "modified": created,
        }
        if provenance.sources:
            obj["created_by_ref"] = self._source_identity(provenance.sources[0])
            obj["external_references"] = [
                self._reference(s, provenance) for s in provenance.sources
            ]
        if confidence is not None:
            obj["confidence"] = round(confidence * 100)
        return obj

    def _reference(self, source_id: str, provenance: Provenance) -> dict[str, str]:
        self._source_identity(source_id)
        props = self._sources.get(source_id, {})
        reference = {"source_name": str(props.get("title") or source_id), "external_id": source_id}
        if props.get("url"):
            reference["url"] = str(props["url"])
        where = provenance.origin_of(source_id)
        if where:
            reference["description"] = where
        return reference

    # --- objects ----------------------------------------------------------------------------

    def _type_of(self, node_map: NodeMap, values: Mapping[str, Any]) -> str:
        variants = node_map.variants
        if variants is not None:
            chosen = variants.cases.get(str(values.get(variants.property)))
            if chosen:
                return chosen
        assert node_map.to is not None
        return node_map.to

    def _map_properties(
        self, obj: dict[str, Any], stix_type: str, node_map: NodeMap, props: Mapping[str, Any]
    ) -> None:
        defined = STIX_PROPERTIES[stix_type]
        for prop, target in node_map.properties.items():
            value = props.get(prop)
            if value in (None, "", []):
                continue
            if target == "kill_chain_phases":
                name = self.mapping.option("kill_chain_name")
                obj[target] = [{"kill_chain_name": name, "phase_name": str(v)} for v in value]
            elif target == "external_id":
                sources: dict[str, str] = self.mapping.option("technique_sources")
                source = next(n for p, n in sources.items() if re.match(p, str(value)))
                reference = {"source_name": source, "external_id": str(value)}
                obj["external_references"] = [reference, *obj.get("external_references", [])]
            elif target in defined and value not in VOCABULARIES.get(target, (value,)):
                obj[CUSTOM_PREFIX + prop] = _json_value(value)
            elif target in defined:
                obj[target] = timestamp(value) if target in TIMESTAMPS else _json_value(value)
            else:
                custom = target if target.startswith(CUSTOM_PREFIX) else CUSTOM_PREFIX + target
                obj[custom] = _json_value(value)
        for key, value in node_map.constants.items():
            if key in defined:
                obj.setdefault(key, value)
        self._custom_extension(obj)

    def _custom_extension(self, obj: dict[str, Any]) -> None:
        """Declare the object's custom properties: top-level ones for domain and relationship
        objects; an observable's move into its extension (STIX wants property-extension there)."""
        custom = sorted(key for key in obj if key.startswith(CUSTOM_PREFIX))
        if not custom:
            return
        if obj["type"] in OBSERVABLES:
            nested = {key: obj.pop(key) for key in custom}
            obj["extensions"] = {EXTENSION_ID: {"extension_type": "property-extension", **nested}}
        else:
            obj["extensions"] = {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}

    def _node(self, node: ExportNode) -> list[dict[str, Any]]:
        self.counts.nodes += 1
        self._node_props = node.props
        node_map = self.mapping.node(node.type)
        if node_map is None:
            self.counts.drop(node.type, self.mapping.spec.nodes[node.type].drop or "")
            return []
        if node.type == "Source":
            self._source_identity(node.id)
            return []
        missing = [p for p in node_map.requires if node.props.get(p) in (None, "", [])]
        if missing:
            self.counts.drop(node.type, f"no {', '.join(missing)} (STIX requires it)")
            return []
        stix_type = self._type_of(node_map, node.props)
        ref = stix_id(stix_type, node.id)
        provenance = node.provenance
        if stix_type in OBSERVABLES:
            obj: dict[str, Any] = {"type": stix_type, "spec_version": "2.1", "id": ref}
            custom = {
                "sources": provenance.sources,
                "origins": provenance.origins,
                "first_seen": provenance.first_seen,
                "last_seen": provenance.last_seen,
                "loaded_at": provenance.loaded_at,
            }
            for key, value in custom.items():
                if value not in (None, []):
                    obj[CUSTOM_PREFIX + key] = _json_value(value)
        else:
            obj = self._sdo(stix_type, ref, provenance, None)
            for key, value in (
                ("first_seen", provenance.first_seen),
                ("last_seen", provenance.last_seen),
            ):
                if value is not None:
                    obj[CUSTOM_PREFIX + key] = _json_value(value)
        self._map_properties(obj, stix_type, node_map, node.props)
        if stix_type in ("campaign", "threat-actor", "intrusion-set"):
            _order_seen(obj)
        markings = self._marking_refs(provenance)
        if markings:
            obj["object_marking_refs"] = markings
        return [obj]

    def _end_ref(self, node_type: str, node_id: str, values: Mapping[str, Any]) -> str | None:
        """The STIX id of an edge's end, or None when that node is not exported."""
        node_map = self.mapping.node(node_type)
        if node_map is None or node_type == "Source":
            return None
        if any(values.get(p) in (None, "", []) for p in node_map.requires):
            return None
        return stix_id(self._type_of(node_map, values), node_id)

    def _edge(self, edge: ExportEdge) -> list[dict[str, Any]]:
        self.counts.edges += 1
        edge_map = self.mapping.edge(edge.type)
        if edge_map is None:
            self.counts.drop(edge.type, self.mapping.spec.edges[edge.type].drop or "")
            return []
        # Edges follow the node they leave, so that node's properties are at hand.
        source_ref = self._end_ref(edge.source_type, edge.source, self._node_props)
        target_ref = self._end_ref(edge.target_type, edge.target, edge.target_values)
        if source_ref is None or target_ref is None:
            self.counts.drop(edge.type, "an end is not exported to STIX")
            return []
        relationship_type = edge_map.by_target.get(edge.target_type, edge_map.to)
        assert relationship_type is not None
        key = f"{edge.source}|{edge.type}|{edge.target}"
        obj = self._sdo(
            "relationship", stix_id("relationship", key), edge.provenance, edge.confidence
        )
        obj.update(
            relationship_type=relationship_type, source_ref=source_ref, target_ref=target_ref
        )
        first, last = edge.provenance.first_seen, edge.provenance.last_seen
        if first is not None:
            obj["start_time"] = timestamp(first)
            if last is not None and timestamp(last) > obj["start_time"]:
                obj["stop_time"] = timestamp(last)
        for prop, target in edge_map.properties.items():
            if edge.props.get(prop) is not None:
                obj[target] = _json_value(edge.props[prop])
        self._custom_extension(obj)
        markings = self._marking_refs(edge.provenance)
        if markings:
            obj["object_marking_refs"] = markings
        return [obj]


def _order_seen(obj: dict[str, Any]) -> None:
    """STIX requires last_seen ≥ first_seen; a source that gives them reversed loses last_seen."""
    if "first_seen" in obj and "last_seen" in obj and obj["last_seen"] < obj["first_seen"]:
        del obj["last_seen"]
