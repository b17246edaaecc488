"""GraphQL types generated from the ontology: one interface per abstract node type (`Entity`,
`LegalEntity`, …) and one object type per concrete node type, with a field per property.

Every generated type resolves from an `EntityNode`; a node's GraphQL type is its most specific
concrete label. A new property in ontology/ is a new field here, with no code change.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, cast

import strawberry
from graphql import GraphQLResolveInfo
from strawberry.types.field import StrawberryField

from graph_platform.api.node import EntityNode
from graph_platform.errors import DefinitionError, Problem
from graph_platform.model import NODE_ROOT, Model, NodeType, Property, PropertyType

#: The Python (hence GraphQL) scalar of each property type.
SCALARS: Mapping[PropertyType, type] = {
    PropertyType.STRING: str,
    PropertyType.NAME: str,
    PropertyType.TEXT: str,
    PropertyType.IDENTIFIER: str,
    PropertyType.URL: str,
    PropertyType.COUNTRY: str,
    PropertyType.LANGUAGE: str,
    PropertyType.INTEGER: int,
    PropertyType.FLOAT: float,
    PropertyType.BOOLEAN: bool,
    PropertyType.DATE: date,
    PropertyType.DATETIME: datetime,
}
#: Fields every entity has besides its properties; no property may take these names.
COMPUTED_FIELDS = ("labels", "caption")


def list_of(item: Any) -> Any:
    """`list[item]` for a type only known at run time."""
    return types.GenericAlias(list, (item,))


def optional(item: Any) -> Any:
    """`item | None` for a type only known at run time."""
    return item | None


def graphql_type(prop: Property) -> Any:
    """`id` is an ID; lists are never null (empty when unset); required scalars are non-null."""
    scalar: Any = strawberry.ID if prop.name == "id" else SCALARS[prop.type]
    if prop.multiple:
        return list_of(scalar)
    return scalar if prop.required else optional(scalar)


def resolved_field(
    resolver: Callable[..., Any], graphql_type: Any, description: str
) -> StrawberryField:
    """A field computed by `resolver`, of a GraphQL type known only at run time."""
    # strawberry.field is typed to return the resolver's result, for use in class bodies.
    return cast(
        StrawberryField,
        strawberry.field(resolver=resolver, graphql_type=graphql_type, description=description),
    )


def _property_resolver(prop: Property) -> Callable[[EntityNode], object]:
    def resolve(root: EntityNode) -> object:
        value = root.properties.get(prop.name)
        if prop.multiple:
            return [] if value is None else value if isinstance(value, list) else [value]
        return value

    return resolve


def _caption_resolver(node_type: NodeType) -> Callable[[EntityNode], str]:
    def resolve(root: EntityNode) -> str:
        return node_type.caption(root.properties, root.id)

    return resolve


def _labels(root: EntityNode) -> list[str]:
    return list(root.labels)


def _fields(node_type: NodeType) -> dict[str, StrawberryField]:
    fields = {
        name: resolved_field(_property_resolver(prop), graphql_type(prop), prop.description)
        for name, prop in node_type.properties.items()
    }
    fields["caption"] = resolved_field(
        _caption_resolver(node_type),
        str,
        "Display name: the first name-like property that has a value, else the id.",
    )
    if node_type.name == NODE_ROOT:
        fields["labels"] = resolved_field(
            _labels,
            list_of(str),
            "The node's Neo4j labels: its type, its abstract ancestors and Entity.",
        )
    return fields


def _is_type_of(
    name: str, subtypes: frozenset[str]
) -> Callable[[Any, GraphQLResolveInfo[Any]], bool]:
    """A node is of this type when it has its label and no label of a concrete subtype."""

    def is_type_of(obj: Any, _info: GraphQLResolveInfo[Any]) -> bool:
        return (
            isinstance(obj, EntityNode) and name in obj.labels and subtypes.isdisjoint(obj.labels)
        )

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
    if NODE_ROOT not in model.node_types or not model.node_types[NODE_ROOT].abstract:
        problems.append(Problem(f"{NODE_ROOT}.yaml", "abstract", "the root type must be abstract"))
    return problems


def generated_type(
    name: str,
    description: str,
    fields: Mapping[str, StrawberryField],
    *,
    bases: tuple[type, ...] = (),
    is_interface: bool = False,
    is_type_of: Callable[[Any, GraphQLResolveInfo[Any]], bool] | None = None,
) -> type:
    """A strawberry type whose fields are only known at run time (from the ontology)."""
    namespace: dict[str, Any] = {**fields, "__annotations__": dict.fromkeys(fields, object)}
    if is_type_of is not None:
        namespace["is_type_of"] = staticmethod(is_type_of)
    cls = types.new_class(name, bases, {}, lambda body: body.update(namespace))
    return strawberry.type(cls, is_interface=is_interface, description=description)


def entity_types(model: Model) -> dict[str, type]:
    """One strawberry type per node type, by node type name: interfaces for abstract types."""
    problems = _problems(model)
    if problems:
        raise DefinitionError("the ontology as a GraphQL schema", problems)
    generated: dict[str, type] = {}
    # Ancestors first, so that every base class exists before the types that extend it.
    for node_type in sorted(model.node_types.values(), key=lambda t: len(t.ancestors)):
        abstract_parent = next((a for a in node_type.ancestors if model.node(a).abstract), None)
        bases = (generated[abstract_parent],) if abstract_parent else ()
        subtypes = frozenset(
            t.name for t in model.concrete_nodes() if node_type.name in t.ancestors
        )
        generated[node_type.name] = generated_type(
            node_type.name,
            node_type.description,
            _fields(node_type),
            bases=bases,
            is_interface=node_type.abstract,
            is_type_of=None if node_type.abstract else _is_type_of(node_type.name, subtypes),
        )
    return generated


def nearest_common_type(model: Model, names: tuple[str, ...]) -> str:
    """The most specific node type that all `names` are (e.g. LegalEntity, Location → Entity)."""
    first, *rest = names
    for candidate in model.node(first).labels:
        if all(model.is_a(name, candidate) for name in rest):
            return candidate
    return NODE_ROOT
