"""`EntityNode`: a node read from Neo4j, in the shape the generated GraphQL types resolve from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import neo4j
import neo4j.graph
import neo4j.time


def native(value: object) -> object:
    """A Neo4j value as plain Python: temporal values become `datetime`/`date`/`time`."""
    if isinstance(value, neo4j.time.DateTime | neo4j.time.Date | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, list):
        return [native(item) for item in value]
    return value


@dataclass(frozen=True)
class EntityNode:
    """One node: its `id` property, its labels (sorted) and its properties as Python values."""

    id: str
    labels: tuple[str, ...]
    properties: Mapping[str, object]

    @classmethod
    def from_node(cls, node: neo4j.graph.Node) -> EntityNode:
        properties = {key: native(value) for key, value in node.items()}
        return cls(str(properties.get("id", "")), tuple(sorted(node.labels)), properties)


def optional_node(value: object) -> EntityNode | None:
    """A record value that is a node or null, as an EntityNode or None."""
    return EntityNode.from_node(value) if isinstance(value, neo4j.graph.Node) else None
