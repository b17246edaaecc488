"""Reads that carry only what a request selects (store/scope.py `Scope.narrowed`).

A link chart's neighbourhood asks for ids, captions and relationship types; a node view with
every property and an edge view with its timestamps would cost the database, the wire and the
driver (which turns each timestamp into an object) far more than the answer shows. From the
selection under `nodes` and `edges`, the read is cut:

- nodes: when nothing but `id`, `labels`, `caption` (and `__typename`) is selected, to the
  properties captions are made of; anything else selected (a property, provenance, a
  relationship) keeps every property the caller may see;
- edges: to the properties behind the selected fields (`confidence`, `firstSeen`, …); the
  ids, type and provenance lists are always read.

The cut only narrows the caller's scope, so it never shows more than the scope allows.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode

from graph_platform.explore.reader import GraphReader
from graph_platform.model import Model

#: Node fields that need no property besides the caption's.
CAPTION_ONLY = frozenset({"id", "labels", "caption", "__typename"})
#: Edge fields read from the edge's properties, and the property each needs.
EDGE_PROPERTIES = {
    "confidence": "confidence",
    "firstSeen": "first_seen",
    "lastSeen": "last_seen",
    "loadedAt": "loaded_at",
}


def caption_keys(model: Model) -> frozenset[str]:
    """The properties captions of any node type are made of."""
    return frozenset(key for t in model.node_types.values() for key in t.name_properties)


def narrowed_reader(info: Any, model: Model) -> GraphReader:
    """The request's reader, cut to what the field being resolved selects under its `nodes`
    and `edges`."""
    raw: GraphQLResolveInfo[Any] = info._raw_info
    reader: GraphReader = info.context.reader
    nodes = _names_under(raw, "nodes")
    edges = _names_under(raw, "edges")
    fields = caption_keys(model) if nodes <= CAPTION_ONLY else None
    edge_fields = {EDGE_PROPERTIES[name] for name in edges if name in EDGE_PROPERTIES}
    return GraphReader(
        reader.driver, reader.database, reader.registry, reader.scope.narrowed(fields, edge_fields)
    )


def _names_under(info: GraphQLResolveInfo[Any], child: str) -> set[str]:
    """Field names selected (through fragments) under `child` of the field being resolved."""
    names: set[str] = set()
    for node in info.field_nodes:
        for selected in _fields(node, info):
            if selected.name.value == child:
                names.update(field.name.value for field in _fields(selected, info))
    return names


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
