"""Pages of a relationship field (`Account.posts`, `InfluenceOperation.accounts` …) for many
parents in one query: the API's DataLoaders batch every parent of a request's page into one
call, so a page of N accounts with their posts costs one round trip, not N."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_platform.explore.page import Window, check_first, decode_cursor, encode_cursor
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import EdgeView, NodeView
from graph_platform.model import RelationshipField

CURSOR = "rel"


@dataclass(frozen=True)
class PageArgs:
    """What a client asked of one relationship field (the DataLoader's batch key)."""

    first: int
    after: str | None = None
    window: Window = field(default_factory=Window)
    with_total: bool = False
    #: Properties to read of the nodes at the other end and of the relationships (None: all).
    fields: frozenset[str] | None = None
    edge_fields: frozenset[str] | None = None


@dataclass(frozen=True)
class RelationshipItem:
    cursor: str
    edge: EdgeView
    node: NodeView


@dataclass(frozen=True)
class RelationshipPage:
    items: tuple[RelationshipItem, ...]
    has_next_page: bool
    total: int | None

    @property
    def end_cursor(self) -> str | None:
        return self.items[-1].cursor if self.items else None


EMPTY = RelationshipPage((), False, 0)


async def relationship_pages(
    reader: GraphReader, field: RelationshipField, args: PageArgs, parent_ids: Iterable[str]
) -> dict[str, RelationshipPage]:
    """The page `args` asks for of `field`, for every parent the caller may see."""
    ids = sorted(set(parent_ids))
    if not reader.scope.allows_rel_type(field.edge.label) or not ids:
        return {}
    first = check_first(args.first)
    reader = reader.narrowed(args.fields, args.edge_fields)
    query = reader.registry.filled("explore.relationship_page", rel_type=field.edge.label)
    rows = await reader.rows(
        query,
        ids=ids,
        direction=field.direction,
        after=decode_cursor(CURSOR, args.after),
        first=first,
        with_total=args.with_total,
        **args.window.params(),
    )
    pages = {}
    for row in rows:
        page = row["page"]
        items = tuple(
            RelationshipItem(
                encode_cursor(CURSOR, item["key"]),
                EdgeView.from_map(item["edge"]),
                NodeView.from_map(item["node"]),
            )
            for item in page[:first]
        )
        total = None if row["total"] is None else int(row["total"])
        pages[str(row["id"])] = RelationshipPage(items, len(page) > first, total)
    return pages
