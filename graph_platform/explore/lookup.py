"""Nodes by id and accounts by handle, for the caller."""

from __future__ import annotations

from collections.abc import Iterable

from graph_platform.errors import InvalidArguments
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import NodeView

#: Most ids one lookup may ask for.
MAX_IDS = 1000


async def nodes_by_id(reader: GraphReader, ids: Iterable[str]) -> dict[str, NodeView]:
    """The nodes with these ids the caller may see (missing and hidden ids are absent)."""
    wanted = sorted(set(ids))
    if len(wanted) > MAX_IDS:
        raise InvalidArguments(f"at most {MAX_IDS} ids at once, got {len(wanted)}")
    if not wanted:
        return {}
    rows = await reader.rows("explore.nodes", ids=wanted)
    return {str(row["id"]): NodeView.from_map(row["node"]) for row in rows}


async def accounts_by_handle(
    reader: GraphReader, handle: str, platform: str | None = None
) -> list[NodeView]:
    """Every account the caller may see holding `handle` (any case, with or without @) on
    `platform` (any platform when None), most recently seen first."""
    if not handle.strip().lstrip("@"):
        raise InvalidArguments("handle must not be empty")
    rows = await reader.rows("explore.accounts_by_handle", platform=platform, handle=handle)
    return [NodeView.from_map(row["node"]) for row in rows]
