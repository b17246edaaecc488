"""Reads that carry only what a request selects (store/scope.py `Scope.narrowed`).

A link chart's neighbourhood asks for ids, captions and relationship types; a partner's
account lookup for a handle and a follower count. A node view with every property and an edge
view with its timestamps would cost the database, the wire and the driver (which turns each
timestamp into an object) far more than the answer shows. From the selection, each read is cut
to the properties behind the selected fields:

- nodes: a property field needs its property, `caption` the properties captions are made of,
  `id`, `labels` and relationship fields none; `provenance` (whose claims cover every
  property) or a field this module does not know keeps every property;
- edges: `confidence`, `firstSeen`, … and the relationship's own property fields need their
  property; ids, type, cursor, node and provenance lists are always read.

The cut only narrows the caller's scope, so it never shows more than the scope allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode
from strawberry.utils.str_converters import to_camel_case

from graph_platform.model import Model
from graph_platform.model.relationship_field import fields_of

#: Node fields that need no property.
NO_NODE_PROPERTY = frozenset({"id", "labels", "__typename"})
#: Edge fields that need no property (read with every edge, or the other end).
NO_EDGE_PROPERTY = frozenset(
    {"id", "type", "source", "target", "cursor", "node", "sources", "origins", "__typename"}
)
#: Edge fields every relationship has, and the property each reads.
EDGE_PROPERTIES = {
    "confidence": "confidence",
    "firstSeen": "first_seen",
    "lastSeen": "last_seen",
    "loadedAt": "loaded_at",
}


def caption_keys(model: Model) -> frozenset[str]:
    """The properties captions of any node type are made of."""
    return frozenset(key for t in model.node_types.values() for key in t.name_properties)


class Needs:
    """The stored properties a selection needs, by the ontology's field names; one per app."""

    def __init__(self, model: Model) -> None:
        self.captions = caption_keys(model)
        self.node_properties = {
            to_camel_case(name): name for t in model.node_types.values() for name in t.properties
        }
        self.relationships = {
            to_camel_case(field.name) for t in model.node_types for field in fields_of(model, t)
        }
        self.edge_properties = {
            **EDGE_PROPERTIES,
            **{
                to_camel_case(name): name
                for edge in model.edge_types.values()
                for name in edge.properties
            },
        }

    def of_nodes(self, names: Iterable[str]) -> frozenset[str] | None:
        """Node properties that answer the selected field `names` (None: all of them)."""
        needed: set[str] = set()
        for name in names:
            if name in NO_NODE_PROPERTY:
                continue
            if name in self.node_properties:
                needed.add(self.node_properties[name])
            elif name == "caption":
                needed |= self.captions
            elif name not in self.relationships:
                return None
        return frozenset(needed)

    def of_edges(self, names: Iterable[str]) -> frozenset[str] | None:
        """Edge properties that answer the selected field `names` (None: all of them)."""
        needed: set[str] = set()
        for name in names:
            if name in NO_EDGE_PROPERTY:
                continue
            if name not in self.edge_properties:
                return None
            needed.add(self.edge_properties[name])
        return frozenset(needed)

    def of_graph(
        self, field_nodes: Iterable[Any], info: GraphQLResolveInfo[Any]
    ) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        """What a field answering `{nodes, edges}` (a subgraph, a path) needs of its nodes and
        of its edges."""
        return (
            self.of_nodes(names_under(field_nodes, ("nodes",), info)),
            self.of_edges(names_under(field_nodes, ("edges",), info)),
        )

    def of_page(
        self, field_nodes: Iterable[Any], info: GraphQLResolveInfo[Any]
    ) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        """What a relationship connection (`nodes`, `edges { node … }`) needs of the nodes at
        the other end and of the relationships."""
        field_nodes = list(field_nodes)
        nodes = names_under(field_nodes, ("nodes",), info) | names_under(
            field_nodes, ("edges", "node"), info
        )
        return self.of_nodes(nodes), self.of_edges(names_under(field_nodes, ("edges",), info))


def names_under(
    field_nodes: Iterable[Any], path: tuple[str, ...], info: GraphQLResolveInfo[Any]
) -> set[str]:
    """Field names selected (through fragments) at `path` below `field_nodes`; the names
    directly under `field_nodes` for an empty path."""
    level = list(field_nodes)
    for step in path:
        level = [found for node in level for found in _fields(node, info) if _named(found, step)]
    return {field.name.value for node in level for field in _fields(node, info)}


def _named(field: FieldNode, name: str) -> bool:
    return field.name.value == name


def _fields(node: Any, info: GraphQLResolveInfo[Any]) -> list[FieldNode]:
    """The fields selected directly under `node`, fragments flattened."""
    selection_set = getattr(node, "selection_set", None)
    if selection_set is None:
        return []
    found: list[FieldNode] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found.extend(_fields(selection, info))
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None:
                found.extend(_fields(fragment, info))
    return found
