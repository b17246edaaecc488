"""GraphQL types generated from the ontology: a `Node` interface, one interface per abstract
node type (`Entity`, `LegalEntity`, …) and one object type per concrete node type, with a field
per property, the fields that traverse relationships (relationship_type.py) and `caption`,
`labels` and `provenance`.

Every generated type resolves from a `NodeView`; a node's GraphQL type is its most specific
concrete label. A new property or relationship in ontology/ is a new field here, with no code
change. Property fields are nullable (a caller's scope may hide a value) except `id`; list fields
are never null (empty when unset).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLInterfaceType, GraphQLResolveInfo, GraphQLTypeResolver

from graph_platform.api.property_type import graphql_type
from graph_platform.api.relationship_type import relationship_members
from graph_platform.api.type_factory import Member, TypeFactory, listed, member
from graph_platform.errors import DefinitionError, Problem
from graph_platform.explore.view import NodeView
from graph_platform.model import NODE_ROOT, Model, NodeType, Property, fields_of

#: Fields every entity has besides its properties and relationships.
COMPUTED_FIELDS = ("labels", "caption", "provenance")
#: Properties a view keeps apart from the others (provenance, not values).
_PROVENANCE = {"sources", "origins"}


@strawberry.interface(description="Anything with a global id (Relay): fetch it with node(id).")
class Node:
    id: strawberry.ID


def _property_resolver(prop: Property) -> Callable[[NodeView], object]:
    if prop.name in _PROVENANCE:

        def provenance(root: NodeView) -> object:
            return list(getattr(root, prop.name))

        return provenance

    def resolve(root: NodeView) -> object:
        value = root.properties.get(prop.name)
        if prop.multiple:
            return [] if value is None else value if isinstance(value, list) else [value]
        return value

    return resolve


def _caption_resolver(node_type: NodeType) -> Callable[[NodeView], str]:
    def resolve(root: NodeView) -> str:
        return node_type.caption(root.properties, root.id)

    return resolve


def _labels(root: NodeView) -> list[str]:
    return list(root.labels)


def _provenance(root: NodeView) -> NodeView:
    return root


def _members(model: Model, node_type: NodeType) -> dict[str, Member]:
    members = {
        name: member(graphql_type(prop), _property_resolver(prop), prop.description)
        for name, prop in node_type.properties.items()
    }
    members["caption"] = member(
        str,
        _caption_resolver(node_type),
        "Display name: the first name-like property that has a value, else the id.",
    )
    members["labels"] = member(
        listed("str"), _labels, "The node's labels: its type, its abstract ancestors and Entity."
    )
    members["provenance"] = member(
        "Provenance", _provenance, "Its sources, where each stated it, and what each claims."
    )
    members.update(relationship_members(model, fields_of(model, node_type.name)))
    return members


def _is_type_of(
    name: str, subtypes: frozenset[str]
) -> Callable[[Any, GraphQLResolveInfo[Any]], bool]:
    """A node is of this type when it has its label and no label of a concrete subtype."""

    def is_type_of(obj: Any, _info: GraphQLResolveInfo[Any]) -> bool:
        return isinstance(obj, NodeView) and name in obj.labels and subtypes.isdisjoint(obj.labels)

    return is_type_of


def _problems(model: Model) -> list[Problem]:
    problems = [
        Problem(
            f"{t.name}.yaml", f"properties.{p}", "clashes with a field the API adds", "rename it"
        )
        for t in model.node_types.values()
        for p in t.properties
        if p in COMPUTED_FIELDS
    ]
    for node_type in model.node_types.values():
        taken = {*node_type.properties, *COMPUTED_FIELDS}
        for field in fields_of(model, node_type.name):
            if field.name in taken:
                which = "reverse" if field.direction == "in" else "forward"
                problems.append(
                    Problem(
                        f"{field.edge.name}.yaml",
                        f"edge.{which}",
                        f"{node_type.name} already has a field {field.name!r}",
                        "choose another name",
                    )
                )
            taken.add(field.name)
    problems.extend(_shape_problems(model))
    if NODE_ROOT not in model.node_types or not model.node_types[NODE_ROOT].abstract:
        problems.append(Problem(f"{NODE_ROOT}.yaml", "abstract", "the root type must be abstract"))
    return problems


def _shape_problems(model: Model) -> list[Problem]:
    """One shape per field name over all node types: a client selecting `members` through
    fragments on two types must not meet a list on one and a connection on the other."""
    shapes: dict[str, dict[str, str]] = {}
    for node_type in model.node_types.values():
        for name, prop in node_type.properties.items():
            shape = "list" if prop.multiple else "ID" if name == "id" else "value"
            shapes.setdefault(name, {}).setdefault(shape, f"{prop.owner}.yaml")
        for field in fields_of(model, node_type.name):
            shapes.setdefault(field.name, {}).setdefault("connection", f"{field.edge.name}.yaml")
    return [
        Problem(
            sorted(found.values())[0],
            name,
            f"the field {name!r} is a {' on one type and a '.join(sorted(found))} on another",
            "give one of them another name",
        )
        for name, found in shapes.items()
        if len(found) > 1
    ]


def entity_types(model: Model, factory: TypeFactory) -> dict[str, type]:
    """One strawberry type per node type, by node type name: interfaces for abstract types."""
    problems = _problems(model)
    if problems:
        raise DefinitionError("the ontology as a GraphQL schema", problems)
    factory.add(Node)
    generated: dict[str, type] = {}
    # Ancestors first, so that every base class exists before the types that extend it.
    for node_type in sorted(model.node_types.values(), key=lambda t: len(t.ancestors)):
        abstract_parent = next((a for a in node_type.ancestors if model.node(a).abstract), None)
        bases = (generated[abstract_parent],) if abstract_parent else (Node,)
        subtypes = frozenset(
            t.name for t in model.concrete_nodes() if node_type.name in t.ancestors
        )
        generated[node_type.name] = factory.make(
            node_type.name,
            node_type.description,
            _members(model, node_type),
            bases=bases,
            is_interface=node_type.abstract,
            is_type_of=None if node_type.abstract else _is_type_of(node_type.name, subtypes),
        )
    return generated


def resolve_by_labels(schema: strawberry.Schema, model: Model) -> None:
    """Let every interface find a node's GraphQL type from its labels in one look-up (the
    ontology's most specific type, what `is_type_of` says too). Otherwise graphql-core asks
    each possible type's `is_type_of` in turn: about 11 calls per node with this ontology, a
    millisecond of a 50-node neighbourhood (profiled)."""
    by_labels: dict[tuple[str, ...], str] = {}

    def type_name(labels: tuple[str, ...]) -> str:
        if (name := by_labels.get(labels)) is None:
            name = by_labels[labels] = model.type_of(labels).name
        return name

    for interface in schema._schema.type_map.values():
        if isinstance(interface, GraphQLInterfaceType):
            interface.resolve_type = _by_labels(type_name, interface.resolve_type)


def _by_labels(
    type_name: Callable[[tuple[str, ...]], str], otherwise: GraphQLTypeResolver | None
) -> GraphQLTypeResolver:
    def resolve_type(obj: Any, info: GraphQLResolveInfo[Any], abstract: Any) -> Any:
        if isinstance(obj, NodeView):
            return type_name(obj.labels)
        return otherwise(obj, info, abstract) if otherwise else None

    return resolve_type
