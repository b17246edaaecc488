"""Root fields for finding and exploring: nodes by id, accounts and operations (one, or filtered
lists), search, neighbourhoods and paths. Each resolver checks the names a client gave (types,
relationship types) against the ontology and calls one explore use case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

import strawberry

from graph_platform.api.connection import ListEdge, ListPage, list_connection, selects
from graph_platform.api.graph_types import Direction
from graph_platform.api.narrowing import names_under
from graph_platform.api.type_factory import Member, TypeFactory, listed, member, nullable
from graph_platform.errors import ClientError, InvalidArguments, did_you_mean
from graph_platform.explore import listing, lookup, neighbourhood, paths, search
from graph_platform.explore.page import DEFAULT_PAGE, Window
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import NodeView
from graph_platform.model import Model

Info = strawberry.Info[Any, None]


class Ambiguous(ClientError):
    """A name the caller gave fits several nodes; the message lists them."""

    code = "AMBIGUOUS"


def _arg(description: str) -> Any:
    return strawberry.argument(description=description)


def checked_types(model: Model, types: Sequence[str] | None) -> list[str] | None:
    """Node type names a client gave, each one of the ontology's."""
    for name in types or ():
        if name not in model.node_types:
            hint = did_you_mean(name, model.node_types)
            raise InvalidArguments(f"types: no node type {name!r}{'; ' + hint if hint else ''}")
    return list(types) if types else None


def checked_rel_types(model: Model, rel_types: Sequence[str] | None) -> list[str] | None:
    """Relationship type labels a client gave (PART_OF, POSTED …), each one of the ontology's."""
    labels = {edge.label for edge in model.concrete_edges()}
    for name in rel_types or ():
        if name not in labels:
            hint = did_you_mean(name, labels)
            raise InvalidArguments(
                f"relTypes: no relationship type {name!r}{'; ' + hint if hint else ''}"
            )
    return list(rel_types) if rel_types else None


async def resolve_node(info: Info, id: strawberry.ID) -> NodeView | None:
    found: NodeView | None = await _node_loader(info).load(id)
    return found


def _node_loader(info: Info) -> Any:
    """The loader of nodes read with the properties the field being resolved selects."""
    raw = info._raw_info
    fields = info.context.needs.of_nodes(names_under(raw.field_nodes, (), raw))
    return info.context.loaders.nodes_with(fields)


def _graph_reader(info: Info) -> GraphReader:
    """The caller's reader, cut to what a field answering `{nodes, edges}` selects."""
    raw = info._raw_info
    reader: GraphReader = info.context.reader
    return reader.narrowed(*info.context.needs.of_graph(raw.field_nodes, raw))


def _list_reader(info: Info) -> GraphReader:
    """The caller's reader, cut to what a list field selects of its nodes (`nodes`,
    `edges { node }`)."""
    raw = info._raw_info
    fields, _ = info.context.needs.of_page(raw.field_nodes, raw)
    reader: GraphReader = info.context.reader
    return reader.narrowed(fields, None)


def _typed(node: NodeView | None, model: Model, type_name: str) -> NodeView | None:
    if node is None:
        return None
    return node if model.is_a(model.type_of(node.labels).name, type_name) else None


async def resolve_account(
    info: Info,
    id: Annotated[strawberry.ID | None, _arg("The account's id.")] = None,
    platform: Annotated[str | None, _arg("Platform (twitter, …); with handle.")] = None,
    handle: Annotated[str | None, _arg("Handle in any case, with or without @.")] = None,
) -> NodeView | None:
    context = info.context
    if id is not None and platform is None and handle is None:
        return await _by_id(info, id, "Account")
    if id is None and platform and handle:
        found = await lookup.accounts_by_handle(context.reader, handle, platform)
        if len(found) > 1:
            ids = ", ".join(node.id for node in found)
            raise Ambiguous(
                f"account: {len(found)} accounts on {platform} have held the handle {handle!r} "
                f"({ids}); ask accounts(handle: …) for all of them"
            )
        return found[0] if found else None
    raise InvalidArguments("account: give either `id`, or both `platform` and `handle`")


async def resolve_operation(info: Info, id: strawberry.ID) -> NodeView | None:
    return await _by_id(info, id, "InfluenceOperation")


async def _by_id(info: Info, id: str, type_name: str) -> NodeView | None:
    """The `type_name` node `id`, loaded side by side with the relationship pages selected
    under it (prefetch.py)."""
    context = info.context
    node = _node_loader(info).load(id)
    if context.prefetch is not None:
        context.prefetch.start(info, id, type_name)
    return _typed(await node, context.model, type_name)


def _list(page: listing.NodePage, after: str | None) -> ListPage:
    edges = [ListEdge(page.cursor(node), node) for node in page.nodes]
    return ListPage(edges, page.has_next_page, page.total, after)


async def resolve_accounts(
    info: Info,
    platform: Annotated[str | None, _arg("On this platform.")] = None,
    operation: Annotated[strawberry.ID | None, _arg("PART_OF this operation (its id).")] = None,
    handle: Annotated[
        str | None, _arg("Holding this handle (any case, with or without @).")
    ] = None,
    since: Annotated[datetime | None, _arg("Seen on or after this time.")] = None,
    until: Annotated[datetime | None, _arg("Seen on or before this time.")] = None,
    first: Annotated[int, _arg("Page size.")] = DEFAULT_PAGE,
    after: Annotated[str | None, _arg("A cursor of the previous page.")] = None,
) -> ListPage:
    page = await listing.accounts(
        _list_reader(info),
        platform=platform,
        operation=operation,
        handle=handle,
        since=since,
        until=until,
        first=first,
        after=after,
        with_total=selects(info, "totalCount"),
    )
    return _list(page, after)


async def resolve_operations(
    info: Info,
    attributed_to: Annotated[
        strawberry.ID | None, _arg("Attributed to this actor or country (its id).")
    ] = None,
    targets: Annotated[strawberry.ID | None, _arg("Targeting this node (its id).")] = None,
    platform: Annotated[str | None, _arg("Active on this platform.")] = None,
    since: Annotated[datetime | None, _arg("Active on or after this time.")] = None,
    until: Annotated[datetime | None, _arg("Active on or before this time.")] = None,
    first: Annotated[int, _arg("Page size.")] = DEFAULT_PAGE,
    after: Annotated[str | None, _arg("A cursor of the previous page.")] = None,
) -> ListPage:
    page = await listing.operations(
        _list_reader(info),
        attributed_to=attributed_to,
        targets=targets,
        platform=platform,
        since=since,
        until=until,
        first=first,
        after=after,
        with_total=selects(info, "totalCount"),
    )
    return _list(page, after)


async def resolve_search(
    info: Info,
    text: Annotated[str, _arg("Words of a name, handle, alias or text (type-ahead welcome).")],
    types: Annotated[list[str] | None, _arg("Only nodes of these types.")] = None,
    first: Annotated[int, _arg("Page size.")] = DEFAULT_PAGE,
    after: Annotated[str | None, _arg("A cursor of the previous page.")] = None,
) -> ListPage:
    context = info.context
    page = await search.search(
        _list_reader(info), text, checked_types(context.model, types), first, after
    )
    return ListPage(page.hits, page.has_next_page, page.total, after)


async def resolve_neighbourhood(
    info: Info,
    ids: Annotated[list[strawberry.ID], _arg("The nodes to start from.")],
    depth: Annotated[int, _arg("Hops to follow, 1 to 3.")] = 1,
    rel_types: Annotated[list[str] | None, _arg("Only these relationship types.")] = None,
    direction: Annotated[Direction, _arg("Which way to follow relationships.")] = Direction.BOTH,
    since: Annotated[datetime | None, _arg("Only relationships seen on or after.")] = None,
    until: Annotated[datetime | None, _arg("Only relationships seen on or before.")] = None,
    as_of: Annotated[datetime | None, _arg("Only relationships valid at this time.")] = None,
    min_confidence: Annotated[float | None, _arg("Only relationships this sure.")] = None,
    limit_per_node: Annotated[int, _arg("Most neighbours per node and hop.")] = 25,
    limit: Annotated[int, _arg("Most nodes in the answer.")] = 2_000,
) -> neighbourhood.Subgraph:
    context = info.context
    expansion = neighbourhood.Expansion(
        depth,
        checked_rel_types(context.model, rel_types),
        direction.value,
        Window(since, until, as_of, min_confidence),
        limit_per_node,
        limit,
    )
    return await neighbourhood.neighbourhood(_graph_reader(info), [str(i) for i in ids], expansion)


async def resolve_paths(
    info: Info,
    from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="Start node.")],
    to: Annotated[strawberry.ID, _arg("End node.")],
    max_hops: Annotated[int, _arg("Longest path wanted, 1 to 6.")] = 4,
    rel_types: Annotated[list[str] | None, _arg("Only through these relationship types.")] = None,
    k: Annotated[int, _arg("How many shortest paths, 1 to 10.")] = 1,
) -> list[paths.Path]:
    context = info.context
    return await paths.paths(
        _graph_reader(info),
        from_,
        to,
        max_hops,
        checked_rel_types(context.model, rel_types),
        k,
    )


def explore_fields(model: Model, factory: TypeFactory) -> dict[str, Member]:
    """The root query fields of this module, and the list types they answer with."""
    accounts, _ = list_connection(factory, "Account", "Account", "accounts")
    operations, _ = list_connection(
        factory, "InfluenceOperation", "InfluenceOperation", "influence operations"
    )
    hits, _ = list_connection(
        factory,
        "Search",
        "Entity",
        "search results, best first",
        {
            "score": member(float, lambda root: root.score, "Relevance (higher is better)."),
            "matched_by": member(
                str, lambda root: root.matched_by, "fulltext, or fuzzy (spelling, script)."
            ),
        },
    )
    return {
        "node": member(nullable("Node"), resolve_node, "Any node by id; null if none."),
        "entity": member(nullable("Entity"), resolve_node, "Any node by id; null if none."),
        "account": member(
            nullable("Account"),
            resolve_account,
            "An account by `id`, or by `platform` and `handle` (an error naming them all when "
            "several accounts held the handle); null if none.",
        ),
        "accounts": member(accounts, resolve_accounts, "Accounts, filtered, in id order."),
        "operation": member(
            nullable("InfluenceOperation"), resolve_operation, "An operation by id; null if none."
        ),
        "operations": member(operations, resolve_operations, "Operations, filtered, in id order."),
        "search": member(hits, resolve_search, "Names, handles, aliases and texts, best first."),
        "neighbourhood": member(
            "Subgraph",
            resolve_neighbourhood,
            "The nodes around some nodes, hop by hop, capped per node (a sample and the true "
            "count) and in all.",
        ),
        "paths": member(
            listed("Path"), resolve_paths, "The shortest paths between two nodes, shortest first."
        ),
    }
