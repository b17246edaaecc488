"""Filtered lists: operations (by actor, target, platform, time) and accounts (by operation,
handle, platform, time), in id order, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph_platform.explore.page import MAX_LIST, check_first, decode_cursor, encode_cursor
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import NodeView

CURSOR = "id"


@dataclass(frozen=True)
class NodePage:
    nodes: tuple[NodeView, ...]
    has_next_page: bool
    total: int | None

    def cursor(self, node: NodeView) -> str:
        return encode_cursor(CURSOR, node.id)

    @property
    def end_cursor(self) -> str | None:
        return self.cursor(self.nodes[-1]) if self.nodes else None


async def _page(reader: GraphReader, query: str, first: int, **params: object) -> NodePage:
    first = check_first(first, MAX_LIST)
    rows = await reader.rows(query, limit=first + 1, **params)
    nodes = tuple(NodeView.from_map(row["node"]) for row in rows[:first])
    total = rows[0]["total"] if rows else (0 if params.get("with_total") else None)
    return NodePage(nodes, len(rows) > first, None if total is None else int(total))


async def operations(
    reader: GraphReader,
    *,
    attributed_to: str | None = None,
    targets: str | None = None,
    platform: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    first: int = 20,
    after: str | None = None,
    with_total: bool = False,
) -> NodePage:
    """Influence operations the caller may see that pass every filter given."""
    return await _page(
        reader,
        "explore.operations",
        first,
        attributed_to=attributed_to,
        targets=targets,
        platform=platform,
        since=since,
        until=until,
        after=decode_cursor(CURSOR, after),
        with_total=with_total,
    )


async def accounts(
    reader: GraphReader,
    *,
    platform: str | None = None,
    operation: str | None = None,
    handle: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    first: int = 20,
    after: str | None = None,
    with_total: bool = False,
) -> NodePage:
    """Accounts the caller may see that pass every filter given. Without a filter the page is
    read in id-index order (`explore.accounts_in_id_order`): it costs its size, not the number
    of accounts."""
    filters = {
        "platform": platform,
        "operation": operation,
        "handle": handle,
        "since": since,
        "until": until,
    }
    cursor = decode_cursor(CURSOR, after)
    if all(value is None for value in filters.values()):
        return await _page(
            reader, "explore.accounts_in_id_order", first, after=cursor, with_total=with_total
        )
    return await _page(
        reader, "explore.accounts", first, **filters, after=cursor, with_total=with_total
    )
