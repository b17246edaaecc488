"""STIX 2.1 bundles: one row per object, relationships after the objects they connect.

An object whose `type` is not a STIX 2.1 type (nor a custom type the loader lists in
`custom_types`, such as DISARM's `x-mitre-tactic`) is a bad row ("unknown STIX type x-foo"), as is
one without an id, or whose id does not start with its type (`campaign--…`): mappings derive node
ids from STIX ids, so a relationship finds its ends only when those are sound. Relationship and
sighting objects are yielded after all others, so the nodes they link are written first.
Virtual column `_document` holds the bundle's own keys (`_document.id` is the bundle id).

TLP markings: `_marking` is the strictest TLP marking among an object's `object_marking_refs`
(the predefined TLP 1.0 and 2.0 definitions, and TLP marking definitions in the bundle; other
markings such as statements do not change who may see the object), and `_marked_document` is the
bundle id, followed by " TLP:<marking>" when the object has one: the key of the Source that
asserts the object, so what a bundle marks AMBER is only seen through an AMBER Source. A TLP
marking-definition row has `_defines` (its TLP name) and `_defined_document` (the key of that
Source).
"""

from __future__ import annotations

from typing import Any, ClassVar

from graph_platform.errors import InvalidArguments, LoadError
from graph_platform.ingest.readers.base import BadRow, Member, Position, SourceRow
from graph_platform.ingest.readers.json_objects import LAST, MIDDLE, JsonDocumentReader
from graph_platform.model.tlp import STIX_TLP_DEFINITIONS, marking, strictest

#: STIX 2.1 domain objects, cyber-observables, relationship objects and meta objects.
STIX_TYPES = frozenset(
    {
        # domain objects
        "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident",
        "indicator", "infrastructure", "intrusion-set", "location", "malware",
        "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor",
        "tool", "vulnerability",
        # cyber-observable objects
        "artifact", "autonomous-system", "directory", "domain-name", "email-addr",
        "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex",
        "network-traffic", "process", "software", "url", "user-account",
        "windows-registry-key", "x509-certificate",
        # relationship objects
        "relationship", "sighting",
        # meta objects
        "extension-definition", "language-content", "marking-definition",
    }
)  # fmt: skip
RELATIONSHIP_TYPES = frozenset({"relationship", "sighting"})


class StixReader(JsonDocumentReader):
    """Options: custom_types (extra `x-…` types the loader knows), null_values, column_nulls,
    required."""

    kind: ClassVar[str] = "stix"
    options: ClassVar[frozenset[str]] = frozenset(
        {"custom_types", "null_values", "column_nulls", "required"}
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.rows_key = "objects"
        self.known = STIX_TYPES | frozenset(options.get("custom_types", ()))

    def check(self, member: Member, document: Any) -> None:
        if not isinstance(document, dict) or document.get("type") != "bundle":
            raise LoadError(f"{member.label}: not a STIX bundle (no top-level type 'bundle')")
        super().check(member, document)

    def context(self, member: Member, document: Any) -> dict[str, Any]:
        """Also `_tlp`: the bundle's TLP marking definitions (id → TLP name), predefined ones
        included."""
        found = dict(STIX_TLP_DEFINITIONS)
        for obj in document.get("objects", []) if isinstance(document, dict) else []:
            if isinstance(obj, dict) and obj.get("type") == "marking-definition":
                name = _tlp_of_definition(obj)
                if name and isinstance(obj.get("id"), str):
                    found[obj["id"]] = name
        return {**super().context(member, document), "_tlp": found}

    def row(
        self, position: Position, raw: str, data: Any, virtual: dict[str, Any]
    ) -> SourceRow | BadRow:
        if isinstance(data, dict):
            virtual = {**virtual, **_marking_columns(data, virtual)}
            kind, stix_id = data.get("type"), data.get("id")
            if not isinstance(kind, str) or not kind:
                return BadRow(position, raw, "a STIX object without a type")
            if kind not in self.known:
                return BadRow(position, raw, f"unknown STIX type {kind}")
            if not isinstance(stix_id, str) or not stix_id.startswith(f"{kind}--"):
                return BadRow(position, raw, f"{kind} object with a missing or malformed id")
        return super().row(position, raw, data, virtual)

    def rank(self, row: SourceRow | BadRow) -> int:
        if isinstance(row, SourceRow) and row.values.get("type") in RELATIONSHIP_TYPES:
            return LAST
        return MIDDLE


def _tlp_of_definition(obj: dict[str, Any]) -> str | None:
    """The TLP name a marking definition defines: TLP 1.0 (`definition_type: tlp`,
    `definition.tlp`), a TLP 2.0 definition (`name: TLP:…` with its extension), or None."""
    candidates: list[Any] = []
    definition = obj.get("definition")
    if obj.get("definition_type") == "tlp" and isinstance(definition, dict):
        candidates.append(definition.get("tlp"))
    extensions = obj.get("extensions")
    for extension in extensions.values() if isinstance(extensions, dict) else ():
        if isinstance(extension, dict):
            candidates.append(extension.get("tlp_2_0"))
    if str(obj.get("name", "")).upper().startswith("TLP:"):
        candidates.append(obj["name"])
    for candidate in candidates:
        if isinstance(candidate, str):
            try:
                return marking(candidate)
            except InvalidArguments:
                continue
    return None


def _marking_columns(obj: dict[str, Any], virtual: dict[str, Any]) -> dict[str, Any]:
    """`_marking`, `_marked_document` (and for a TLP definition `_defines`,
    `_defined_document`) of one object."""
    definitions: dict[str, str] = virtual.get("_tlp", {})
    bundle = str((virtual.get("_document") or {}).get("id", ""))
    refs = obj.get("object_marking_refs")
    names = [definitions[r] for r in refs if r in definitions] if isinstance(refs, list) else []
    applied = strictest(names)
    columns: dict[str, Any] = {
        "_marking": applied,
        "_marked_document": f"{bundle} TLP:{applied}" if applied else bundle,
    }
    if obj.get("type") == "marking-definition":
        defines = definitions.get(str(obj.get("id")))
        if defines:
            columns |= {"_defines": defines, "_defined_document": f"{bundle} TLP:{defines}"}
    return columns
