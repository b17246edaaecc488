"""Attribution an analyst can trust: who is behind an account, as ranked paths with evidence.

A path is account -PART_OF-> operation [-ATTRIBUTED_TO-> actor], or, when the account was
resolved to a canonical entity, account -RESOLVED_TO-> canonical <-RESOLVED_TO- record
-PART_OF-> operation [...]: the resolution hops and their scores are part of the path. A
coordination suggestion (account -SUGGESTED_PART_OF-> operation, not rejected) makes a path too,
its hop and the path marked inferred, ranked after a sourced path of equal confidence.

Combination rule (stated with every answer): a path's confidence is the product of its hops'
confidences, as if each hop's evidence were independent; a hop whose confidence is not stated
(or not visible to the caller) counts as 0, so no path claims more than its evidence. An
operation that no visible source attributes has actor status UNKNOWN: the path ends at the
operation and no actor confidence is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

from graph_platform.explore.page import check_first, decode_cursor, encode_cursor
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import EdgeView, NodeView, optional_node

COMBINATION = (
    "product of the hops' confidences (each hop's evidence taken as independent); a hop with "
    "no stated confidence counts as 0; with actor status UNKNOWN the path ends at the operation"
)
CURSOR = "rank"


@dataclass(frozen=True)
class Hop:
    """One relationship on a path: the edge as the caller may see it, and whether inferred."""

    edge: EdgeView
    inferred: bool = False

    @property
    def confidence(self) -> float:
        return self.edge.confidence or 0.0


@dataclass(frozen=True)
class AttributionPath:
    account: NodeView
    operation: NodeView
    actor: NodeView | None
    hops: tuple[Hop, ...]
    member: NodeView | None = None

    @property
    def confidence(self) -> float:
        product = 1.0
        for hop in self.hops:
            product *= hop.confidence
        return product

    @property
    def actor_status(self) -> str:
        return "KNOWN" if self.actor is not None else "UNKNOWN"

    @property
    def inferred(self) -> bool:
        return any(hop.inferred for hop in self.hops)

    @property
    def part_of(self) -> Hop:
        return next(hop for hop in self.hops if hop.edge.type in ("PART_OF", "SUGGESTED_PART_OF"))

    @property
    def attributed_to(self) -> Hop | None:
        return next((hop for hop in self.hops if hop.edge.type == "ATTRIBUTED_TO"), None)

    def sort_key(self) -> tuple[float, bool, str, str]:
        return (
            -self.confidence,
            self.inferred,
            self.operation.id,
            self.actor.id if self.actor else "",
        )


@dataclass(frozen=True)
class AttributionPage:
    paths: tuple[AttributionPath, ...]
    has_next_page: bool
    total: int
    offset: int

    def cursor(self, index: int) -> str:
        return encode_cursor(CURSOR, self.offset + index + 1)


async def attribution(
    reader: GraphReader, account_id: str, first: int = 20, after: str | None = None
) -> AttributionPage:
    """Who is behind `account_id`: ranked paths, best first (empty for an unknown account or
    one the caller may not see, alike)."""
    first = check_first(first)
    offset = int(decode_cursor(CURSOR, after) or 0)
    rows = await reader.rows("explore.attribution", account_id=account_id)
    ranked = sorted((_path(row) for row in rows), key=AttributionPath.sort_key)
    window = ranked[offset : offset + first]
    return AttributionPage(tuple(window), offset + first < len(ranked), len(ranked), offset)


def _path(record: neo4j.Record) -> AttributionPath:
    hops = [Hop(EdgeView.from_map(edge)) for edge in record["resolution"]]
    part_of = EdgeView.from_map(record["part_of"])
    hops.append(Hop(part_of, inferred=part_of.type == "SUGGESTED_PART_OF"))
    if record["attributed_to"] is not None:
        hops.append(Hop(EdgeView.from_map(record["attributed_to"])))
    return AttributionPath(
        NodeView.from_map(record["account"]),
        NodeView.from_map(record["operation"]),
        optional_node(record["actor"]),
        tuple(hops),
        optional_node(record["member"]),
    )


@dataclass(frozen=True)
class Attribution:
    """One attribution of an operation to an actor: the relationship and who asserts it."""

    operation: NodeView
    edge: EdgeView
    actor: NodeView


async def attributed_operations(reader: GraphReader, actor_id: str) -> list[Attribution]:
    """Operations attributed to `actor_id` (or to a record resolved with it), best-supported
    first, each with the attribution's confidence, sources and origins."""
    rows = await reader.rows("explore.attributed_operations", actor_id=actor_id)
    return [
        Attribution(
            NodeView.from_map(row["operation"]),
            EdgeView.from_map(row["edge"]),
            NodeView.from_map(row["actor"]),
        )
        for row in rows
    ]
