"""Relationship fields (`Account.posts`, `InfluenceOperation.accounts`, …): Relay connections
generated from the ontology, in both directions, whose edges carry the relationship's properties
and evidence, with filters; every page of one field in a request is one batched query.

Types: for an edge type `Posted`, `PostedConnection` / `PostedEdge` (forward, or both directions
when symmetric) and `PostedInverseConnection` / `PostedInverseEdge` (reverse).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any

import strawberry

from graph_platform.api.connection import PageInfo, page_info, selects
from graph_platform.api.graph_types import edge_members
from graph_platform.api.property_type import graphql_type
from graph_platform.api.type_factory import Member, TypeFactory, listed, member
from graph_platform.explore.page import DEFAULT_PAGE, MAX_PAGE, Window
from graph_platform.explore.relationship_page import PageArgs, RelationshipItem, RelationshipPage
from graph_platform.explore.view import NodeView
from graph_platform.model import EDGE_ROOT, Model, RelationshipField, relationship_fields

Info = strawberry.Info[Any, None]


def connection_name(field: RelationshipField) -> str:
    return f"{field.edge.name}{'Inverse' if field.direction == 'in' else ''}Connection"


def edge_name(field: RelationshipField) -> str:
    return f"{field.edge.name}{'Inverse' if field.direction == 'in' else ''}Edge"


def _resolver(field: RelationshipField) -> Callable[..., Any]:
    async def resolve(
        root: strawberry.Parent[NodeView],
        info: Info,
        first: Annotated[
            int, strawberry.argument(description=f"Page size, 1 to {MAX_PAGE}.")
        ] = DEFAULT_PAGE,
        after: Annotated[
            str | None, strawberry.argument(description="A cursor of the previous page.")
        ] = None,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="Only relationships seen on or after this time."),
        ] = None,
        until: Annotated[
            datetime | None,
            strawberry.argument(description="Only relationships seen on or before this time."),
        ] = None,
        as_of: Annotated[
            datetime | None,
            strawberry.argument(description="Only relationships valid at this time."),
        ] = None,
        min_confidence: Annotated[
            float | None, strawberry.argument(description="Only relationships this sure, 0–1.")
        ] = None,
    ) -> RelationshipPage:
        raw = info._raw_info
        args = PageArgs(
            first,
            after,
            Window(since, until, as_of, min_confidence),
            selects(info, "totalCount"),
            *info.context.needs.of_page(raw.field_nodes, raw),
        )
        page: RelationshipPage = await info.context.loaders.relationship(field, args).load(root.id)
        return page

    return resolve


def relationship_members(model: Model, fields: Sequence[RelationshipField]) -> dict[str, Member]:
    """The fields of a node type that traverse `fields` (their types are made by
    `relationship_types`)."""
    return {
        field.name: member(
            connection_name(field),
            _resolver(field),
            f"{field.edge.description} ({field.edge.label}, "
            f"{'both directions' if field.direction == 'both' else field.direction + 'going'}.)",
        )
        for field in fields
    }


def _edges(root: RelationshipPage) -> list[RelationshipItem]:
    return list(root.items)


def _nodes(root: RelationshipPage) -> list[NodeView]:
    return [item.node for item in root.items]


def _page_info(root: RelationshipPage) -> PageInfo:
    return page_info([item.cursor for item in root.items], root.has_next_page, None)


def _total(root: RelationshipPage) -> int:
    return int(root.total or 0)


def _property(name: str) -> Callable[[RelationshipItem], object]:
    def resolve(root: RelationshipItem) -> object:
        return root.edge.properties.get(name)

    return resolve


def relationship_types(model: Model, factory: TypeFactory) -> None:
    """The connection and edge types of every relationship field of the ontology."""
    root = model.edge_types[EDGE_ROOT].properties
    made: set[str] = set()
    for fields in relationship_fields(model).values():
        for field in fields:
            if field.key in made:
                continue
            made.add(field.key)
            node_type = model.common_type(field.other)
            own = {
                name: member(graphql_type(prop), _property(name), prop.description)
                for name, prop in field.edge.properties.items()
                if name not in root
            }
            factory.make(
                edge_name(field),
                f"A {field.edge.label} relationship and the node at its other end.",
                {
                    "cursor": member(str, lambda root: root.cursor, "Pass it as `after`."),
                    "node": member(node_type, lambda root: root.node, "The node at the other end."),
                    "type": member(str, lambda root: root.edge.type, "The relationship type."),
                    "outgoing": member(
                        bool,
                        lambda root: root.edge.target == root.node.id,
                        "True when the relationship starts at the parent node.",
                    ),
                    **edge_members(lambda root: root.edge),
                    **own,
                },
            )
            factory.make(
                connection_name(field),
                f"A page of {field.edge.label} relationships.",
                {
                    "edges": member(listed(edge_name(field)), _edges),
                    "nodes": member(listed(node_type), _nodes, "The edges' nodes, in order."),
                    "page_info": member(PageInfo, _page_info),
                    "total_count": member(
                        int, _total, "How many pass the filters (that the caller may see)."
                    ),
                },
            )
