"""The fields that traverse relationships, as the ontology names them (`forward` / `reverse`).

`Posted` (Account → Post, forward `posts`, reverse `posted_by`) gives `Account.posts` (out) and
`Post.posted_by` (in); a symmetric edge such as `SameAs` gives one field that follows both
directions. A field belongs to the end type the edge names (possibly abstract: `Entity.links`),
and every type that descends from it has it too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from graph_platform.model.model import EdgeType, Model

Direction = Literal["out", "in", "both"]


@dataclass(frozen=True)
class RelationshipField:
    """One traversal field: its name, the edge it follows, which way, and what is at the end."""

    name: str
    edge: EdgeType
    direction: Direction
    owner: str
    other: tuple[str, ...]

    @property
    def key(self) -> str:
        """Unique over the ontology: the edge label and the direction (`PART_OF:in`)."""
        return f"{self.edge.label}:{self.direction}"


def relationship_fields(model: Model) -> dict[str, list[RelationshipField]]:
    """Traversal fields by the node type that declares them, in the ontology's edge order."""
    fields: dict[str, list[RelationshipField]] = defaultdict(list)
    for edge in model.concrete_edges():
        if edge.forward is None:
            continue
        if edge.symmetric:
            for owner in edge.sources:
                fields[owner].append(
                    RelationshipField(edge.forward, edge, "both", owner, edge.targets)
                )
            continue
        for owner in edge.sources:
            fields[owner].append(RelationshipField(edge.forward, edge, "out", owner, edge.targets))
        if edge.reverse is not None:
            for owner in edge.targets:
                fields[owner].append(
                    RelationshipField(edge.reverse, edge, "in", owner, edge.sources)
                )
    return dict(fields)


def fields_of(model: Model, type_name: str) -> list[RelationshipField]:
    """Every traversal field a node of `type_name` has, its own and its ancestors'."""
    declared = relationship_fields(model)
    lineage = model.node(type_name).labels
    return [field for owner in reversed(lineage) for field in declared.get(owner, [])]
