"""STIX 2.1 bundles: one row per object, relationships after the objects they connect.

An object whose `type` is not a STIX 2.1 type (nor a custom type the loader lists in
`custom_types`, such as DISARM's `x-mitre-tactic`) is a bad row ("unknown STIX type x-foo"), as is
one without an id, or whose id does not start with its type (`campaign--…`): mappings derive node
ids from STIX ids, so a relationship finds its ends only when those are sound. Relationship and
sighting objects are yielded after all others, so the nodes they link are written first.
Virtual column `_document` holds the bundle's own keys (`_document.id` is the bundle id).
"""

from __future__ import annotations

from typing import Any, ClassVar

from graph_platform.errors import LoadError
from graph_platform.ingest.readers.base import BadRow, Member, Position, SourceRow
from graph_platform.ingest.readers.json_objects import LAST, MIDDLE, JsonDocumentReader

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

    def row(
        self, position: Position, raw: str, data: Any, virtual: dict[str, Any]
    ) -> SourceRow | BadRow:
        if isinstance(data, dict):
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
