"""What a caller may see, as the `$scope` parameter every read query applies in its Cypher.

`sources`: ids of the Source nodes whose assertions the caller may see (a node or relationship
is visible when one of them asserts it); `labels`: node types; `rel_types`: relationship types;
`fields`: property names. None means "no restriction" (an admin, or a deployment without
access control).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scope:
    sources: frozenset[str] | None = None
    labels: frozenset[str] | None = None
    rel_types: frozenset[str] | None = None
    fields: frozenset[str] | None = None

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
        }

    def allows_rel_type(self, rel_type: str) -> bool:
        return self.rel_types is None or rel_type in self.rel_types

    def allows_label(self, label: str) -> bool:
        return self.labels is None or label in self.labels
