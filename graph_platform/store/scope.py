"""What a caller may see, as the `$scope` parameter every read query applies in its Cypher.

`sources`: ids of the Source nodes whose assertions the caller may see (a node or relationship
is visible when one of them asserts it); `labels`: node types; `rel_types`: relationship types;
`fields`: node property names. None means "no restriction" (an admin, or a deployment without
access control).

A read may also show less than the caller may see, when the request needs less (`narrowed`):
`fields` then also cuts node properties to those asked for, and `edge_fields` cuts relationship
properties (None: all). A 1-hop neighbourhood asking only ids and captions then reads neither
the posts' texts nor some 175 timestamps it would never show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Scope:
    sources: frozenset[str] | None = None
    labels: frozenset[str] | None = None
    rel_types: frozenset[str] | None = None
    fields: frozenset[str] | None = None
    edge_fields: frozenset[str] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def of(
        cls,
        sources: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
        rel_types: Iterable[str] | None = None,
        fields: Iterable[str] | None = None,
    ) -> Scope:
        def frozen(values: Iterable[str] | None) -> frozenset[str] | None:
            return None if values is None else frozenset(values)

        return cls(frozen(sources), frozen(labels), frozen(rel_types), frozen(fields))

    def narrowed(self, fields: Iterable[str] | None, edge_fields: Iterable[str] | None) -> Scope:
        """This scope, showing at most `fields` of nodes and `edge_fields` of relationships
        (None: no further cut). What the caller may see is never widened."""

        def cut(
            allowed: frozenset[str] | None, wanted: Iterable[str] | None
        ) -> frozenset[str] | None:
            if wanted is None:
                return allowed
            return frozenset(wanted) if allowed is None else allowed & frozenset(wanted)

        return replace(
            self, fields=cut(self.fields, fields), edge_fields=cut(self.edge_fields, edge_fields)
        )

    @property
    def unrestricted(self) -> bool:
        return self.sources is None and self.labels is None and self.rel_types is None

    def param(self) -> dict[str, Any]:
        """The `$scope` map: sorted lists (stable plans and logs), or null."""

        def listed(values: frozenset[str] | None) -> list[str] | None:
            return None if values is None else sorted(values)

        return {
            "sources": listed(self.sources),
            "labels": listed(self.labels),
            "rel_types": listed(self.rel_types),
            "fields": listed(self.fields),
            "edge_fields": listed(self.edge_fields),
        }

    def allows_rel_type(self, rel_type: str) -> bool:
        return self.rel_types is None or rel_type in self.rel_types

    def allows_label(self, label: str) -> bool:
        return self.labels is None or label in self.labels
