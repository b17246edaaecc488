"""Attribution in the API: "who is behind this account?" as ranked, paginated paths with the
evidence of every hop and the rule that combines them, and "which operations are attributed to
this actor or country, by whom, on what evidence?"."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry

from graph_platform.api.connection import PageInfo, page_info
from graph_platform.api.graph_types import edge_members
from graph_platform.api.type_factory import Member, TypeFactory, listed, member, nullable
from graph_platform.explore import attribution
from graph_platform.explore.page import DEFAULT_PAGE
from graph_platform.model import Model

Info = strawberry.Info[Any, None]


@strawberry.enum(description="Whether a visible source names the actor behind an operation.")
class ActorStatus(Enum):
    KNOWN = "KNOWN"
    UNKNOWN = "UNKNOWN"


async def resolve_attribution(
    info: Info,
    account_id: strawberry.ID,
    first: Annotated[int, strawberry.argument(description="Page size.")] = DEFAULT_PAGE,
    after: Annotated[
        str | None, strawberry.argument(description="A cursor of the previous page.")
    ] = None,
) -> attribution.AttributionPage:
    return await attribution.attribution(info.context.reader, account_id, first, after)


async def resolve_attributed_operations(
    info: Info, actor_id: strawberry.ID
) -> list[attribution.Attribution]:
    return await attribution.attributed_operations(info.context.reader, actor_id)


def _hops(root: attribution.AttributionPath) -> list[attribution.Hop]:
    return list(root.hops)


def _edges(root: attribution.AttributionPage) -> list[tuple[str, attribution.AttributionPath]]:
    return [(root.cursor(i), path) for i, path in enumerate(root.paths)]


def _page_info(root: attribution.AttributionPage) -> PageInfo:
    cursors = [root.cursor(i) for i in range(len(root.paths))]
    return page_info(cursors, root.has_next_page, None if root.offset == 0 else "after")


def attribution_fields(model: Model, factory: TypeFactory) -> dict[str, Member]:
    """The attribution types and the root fields `attribution` and `attributedOperations`."""
    actor = model.common_type(model.edge("ATTRIBUTED_TO").targets)
    factory.add(ActorStatus)
    factory.make(
        "Hop",
        "One relationship on an attribution path, with its evidence.",
        {
            "type": member(str, lambda root: root.edge.type, "PART_OF, RESOLVED_TO, …"),
            "from_": member(
                "ID", lambda root: root.edge.source, "Id of the node it starts at.", name="from"
            ),
            "to": member("ID", lambda root: root.edge.target, "Id of the node it ends at."),
            **edge_members(lambda root: root.edge),
            "inferred": member(
                bool,
                lambda root: root.inferred,
                "True for a hop analytics suggested (not a source's statement).",
            ),
        },
    )
    factory.make(
        "AttributionPath",
        "One hypothesis of who is behind an account: account -PART_OF-> operation "
        "-ATTRIBUTED_TO-> actor, possibly through the canonical entity the account was resolved "
        "to (its RESOLVED_TO hops and scores are on the path), with the evidence of every hop.",
        {
            "confidence": member(
                float, lambda root: root.confidence, attribution.COMBINATION.capitalize() + "."
            ),
            "combination": member(
                str, lambda root: attribution.COMBINATION, "How `confidence` is computed."
            ),
            "account": member("Account", lambda root: root.account),
            "operation": member("InfluenceOperation", lambda root: root.operation),
            "actor": member(
                nullable(actor), lambda root: root.actor, "Null when the actor is unknown."
            ),
            "actor_status": member(
                "ActorStatus",
                lambda root: ActorStatus(root.actor_status),
                "UNKNOWN when no visible source attributes the operation: no actor, no actor "
                "confidence.",
            ),
            "via": member(
                nullable("Entity"),
                lambda root: root.member,
                "The record resolved with the account that is PART_OF the operation, if any.",
            ),
            "inferred": member(bool, lambda root: root.inferred, "True if any hop is inferred."),
            "hops": member(listed("Hop"), _hops, "Every relationship on the path, in order."),
            "part_of": member("Hop", lambda root: root.part_of, "The hop into the operation."),
            "attributed_to": member(
                nullable("Hop"), lambda root: root.attributed_to, "Operation → actor, if known."
            ),
        },
    )
    factory.make(
        "AttributionEdge",
        "One attribution path of a page.",
        {
            "cursor": member(str, lambda root: root[0], "Pass it as `after`."),
            "node": member("AttributionPath", lambda root: root[1]),
        },
    )
    factory.make(
        "AttributionConnection",
        "Attribution paths, best first.",
        {
            "edges": member(listed("AttributionEdge"), _edges),
            "nodes": member(listed("AttributionPath"), lambda root: list(root.paths)),
            "page_info": member(PageInfo, _page_info),
            "total_count": member(int, lambda root: root.total, "How many paths in all."),
        },
    )
    factory.make(
        "Attribution",
        "An operation attributed to an actor or country, with who says so and on what evidence.",
        {
            "operation": member("InfluenceOperation", lambda root: root.operation),
            "actor": member(actor, lambda root: root.actor, "The record the attribution names."),
            **edge_members(lambda root: root.edge),
        },
    )
    return {
        "attribution": member(
            "AttributionConnection",
            resolve_attribution,
            "Who is behind an account: ranked paths with evidence, best first; empty if none.",
        ),
        "attributed_operations": member(
            listed("Attribution"),
            resolve_attributed_operations,
            "Operations attributed to an actor or country (or a record resolved with it): by "
            "whom (each attribution's sources) and on what evidence (origins), best first.",
        ),
    }
