"""Relay connections: `PageInfo`, and the connection and edge types of node lists (`accounts`,
`operations`, `search`); relationship fields have theirs in relationship_type.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode

from graph_platform.api.type_factory import Member, TypeFactory, listed, member


@strawberry.type(description="Where a page stands in its list (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(
        description="True when the page was asked for after a cursor."
    )
    start_cursor: str | None
    end_cursor: str | None


def page_info(cursors: Sequence[str], has_next_page: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@dataclass(frozen=True)
class ListPage:
    """A page of a list of nodes (or hits) as the connection types resolve it."""

    edges: Sequence[Any]  # each has .cursor and .node
    has_next_page: bool
    total: int | None
    after: str | None

    @property
    def nodes(self) -> list[Any]:
        return [edge.node for edge in self.edges]

    @property
    def page_info(self) -> PageInfo:
        return page_info([e.cursor for e in self.edges], self.has_next_page, self.after)


@dataclass(frozen=True)
class ListEdge:
    cursor: str
    node: Any


def selects(info: Any, name: str) -> bool:
    """True when the field being resolved selects `name` (through fragments too)."""
    raw: GraphQLResolveInfo[Any] = info._raw_info
    return any(selects_in(node, name, raw) for node in raw.field_nodes)


def selects_in(node: Any, name: str, info: GraphQLResolveInfo[Any]) -> bool:
    """True when the field `node` (or fragment) selects `name` (through fragments too)."""
    selection_set = getattr(node, "selection_set", None)
    if selection_set is None:
        return False
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode) and selection.name.value == name:
            return True
        if isinstance(selection, InlineFragmentNode) and selects_in(selection, name, info):
            return True
        if isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None and selects_in(fragment, name, info):
                return True
    return False


def list_connection(
    factory: TypeFactory,
    name: str,
    node_type: str,
    description: str,
    edge_fields: Mapping[str, Member] | None = None,
) -> tuple[str, str]:
    """`{name}Connection` and `{name}Edge` types over nodes of `node_type`; their names."""
    edge_name, connection_name = f"{name}Edge", f"{name}Connection"
    factory.make(
        edge_name,
        f"One item of {description}.",
        {
            "cursor": member(str, description="Pass it as `after` to get the items after it."),
            "node": member(node_type),
            **(edge_fields or {}),
        },
    )
    factory.make(
        connection_name,
        f"A page of {description}.",
        {
            "edges": member(listed(edge_name)),
            "nodes": member(listed(node_type), description="The edges' nodes, in order."),
            "page_info": member(PageInfo),
            "total_count": member(
                int, _total, "How many there are in all (that the caller may see)."
            ),
        },
    )
    return connection_name, edge_name


def _total(root: strawberry.Parent[Any]) -> int:
    return int(root.total or 0)
