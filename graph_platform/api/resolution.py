"""GraphQL for entity resolution: the review queue, "why are these the same?", canonical
entities with their members, and the analysts' decisions as mutations.

Resolvers call the review use cases (graph_platform/resolve/review.py, the same plans as the
CLI): reads are routed to readers, each decision is one write transaction. Who decides is the
`analyst` argument or else the request's `X-Analyst` header — there is no authentication yet,
so it is the analyst's own word, recorded with every decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from graph_platform.api.context import ApiContext
from graph_platform.api.entity_type import generated_type, list_of, optional, resolved_field
from graph_platform.api.node import EntityNode
from graph_platform.resolve.decision import DecisionOutcome
from graph_platform.resolve.explanation import CanonicalView, ReviewPage, WhySame
from graph_platform.resolve.review import AsyncReview

Info = strawberry.Info[ApiContext, None]


@strawberry.type(description="One compared field: the level it reached and its match weight.")
class Feature:
    name: str
    level: str
    weight: float = strawberry.field(description="log2 Bayes factor; > 0 for a match.")


@strawberry.type(
    name="PairLink", description="A scored link between two records (or an analyst's confirm)."
)
class PairLinkType:
    left: strawberry.ID
    right: strawberry.ID
    probability: float = strawberry.field(description="Calibrated match probability, 0–1.")
    status: str = strawberry.field(description="linked, review or confirmed.")
    match_weight: float | None
    features: list[Feature] = strawberry.field(description="Why: the features and weights.")
    decision: strawberry.ID | None = strawberry.field(description="The confirm decision, if any.")


@strawberry.type(description="An analyst's decision as it bears on a pair.")
class DecisionNote:
    id: strawberry.ID
    action: str
    verdict: str = strawberry.field(description="On this pair: confirm or reject.")
    analyst: str
    reason: str
    decided_at: datetime | None


@strawberry.type(description="What a decision did to the canonical entities.")
class DecisionResult:
    decision_id: strawberry.ID
    action: str
    kind: str
    members: list[strawberry.ID]
    removed: list[strawberry.ID] = strawberry.field(description="Canonical entities removed.")
    created: list[strawberry.ID] = strawberry.field(description="Made or restored.")


def _node(attribute: str) -> Callable[[Any], EntityNode]:
    def resolve(root: Any) -> EntityNode:
        return EntityNode.from_node(getattr(root, attribute))

    return resolve


def _members(root: CanonicalView) -> list[Any]:
    return list(root.members)


def _result(outcome: DecisionOutcome) -> DecisionResult:
    return DecisionResult(
        decision_id=strawberry.ID(outcome.decision_id),
        action=outcome.action,
        kind=outcome.kind,
        members=[strawberry.ID(m) for m in outcome.members],
        removed=[strawberry.ID(m) for m in outcome.removed],
        created=[strawberry.ID(m) for m in outcome.created],
    )


def _review(info: Info) -> AsyncReview:
    context = info.context
    return AsyncReview(context.driver, context.database, context.registry)


async def _decide(
    info: Info, action: str, ids: Sequence[str], reason: str, analyst: str | None
) -> DecisionResult:
    who = analyst or info.context.analyst or ""
    return _result(await _review(info).decide(action, ids, who, reason))


async def review_queue(
    info: Info, kind: str, first: int = 20, after: str | None = None
) -> ReviewPage:
    return await _review(info).queue(kind, first, after)


async def why_same(info: Info, left_id: strawberry.ID, right_id: strawberry.ID) -> WhySame | None:
    return await _review(info).why_same(left_id, right_id)


async def canonical(info: Info, id: strawberry.ID) -> CanonicalView | None:
    return await _review(info).canonical(id)


async def confirm_pair(
    info: Info,
    left_id: strawberry.ID,
    right_id: strawberry.ID,
    reason: str,
    analyst: str | None = None,
) -> DecisionResult:
    return await _decide(info, "confirm", [left_id, right_id], reason, analyst)


async def reject_pair(
    info: Info,
    left_id: strawberry.ID,
    right_id: strawberry.ID,
    reason: str,
    analyst: str | None = None,
) -> DecisionResult:
    return await _decide(info, "reject", [left_id, right_id], reason, analyst)


async def split_member(
    info: Info, member_id: strawberry.ID, reason: str, analyst: str | None = None
) -> DecisionResult:
    return await _decide(info, "split", [member_id], reason, analyst)


async def unmerge(
    info: Info, id: strawberry.ID, reason: str, analyst: str | None = None
) -> DecisionResult:
    return await _decide(info, "unmerge", [id], reason, analyst)


def resolution_fields(
    entities: dict[str, type],
) -> tuple[dict[str, StrawberryField], dict[str, StrawberryField]]:
    """The root query fields and the mutation fields of entity resolution."""
    entity, resolved = entities["Entity"], entities["ResolvedEntity"]
    membership = generated_type(
        "Membership",
        "A source record of a canonical entity, with the score and explanation of its link.",
        {
            "entity": resolved_field(_node("node"), entity, "The source record."),
            "probability": strawberry.field(graphql_type=optional(float)),
            "via": strawberry.field(
                graphql_type=optional(strawberry.ID), description="Its strongest link's other end."
            ),
            "decision": strawberry.field(
                graphql_type=optional(strawberry.ID), description="Confirm decision that joined it."
            ),
            "features": strawberry.field(graphql_type=list_of(Feature)),
        },
    )
    canonical_type = generated_type(
        "Canonical",
        "A canonical entity, its member records and the links that hold them together.",
        {
            "entity": resolved_field(_node("canonical"), resolved, "The canonical entity."),
            "members": resolved_field(_members, list_of(membership), "Every member record."),
            "links": strawberry.field(graphql_type=list_of(PairLinkType)),
        },
    )
    why = generated_type(
        "WhySame",
        "Why two records are held to be one entity, or not.",
        {
            "left": resolved_field(_node("left"), entity, "The first record."),
            "right": resolved_field(_node("right"), entity, "The second record."),
            "canonical": strawberry.field(
                graphql_type=optional(strawberry.ID), description="Shared canonical entity."
            ),
            "probability": strawberry.field(
                graphql_type=optional(float),
                description="The direct link's, else the product along `path`.",
            ),
            "direct": strawberry.field(graphql_type=optional(PairLinkType)),
            "path": strawberry.field(
                graphql_type=list_of(PairLinkType),
                description="Strongest chain of links through the cluster (no direct link).",
            ),
            "decisions": strawberry.field(graphql_type=list_of(DecisionNote)),
            "verdict": strawberry.field(
                graphql_type=optional(str), description="The latest analyst verdict, if any."
            ),
        },
    )
    item = generated_type(
        "ReviewItem",
        "A borderline pair awaiting an analyst, with its explanation.",
        {
            "left": resolved_field(_node("left"), entity, "The first record."),
            "right": resolved_field(_node("right"), entity, "The second record."),
            "link": strawberry.field(graphql_type=PairLinkType),
            "left_canonical": strawberry.field(graphql_type=optional(strawberry.ID)),
            "right_canonical": strawberry.field(graphql_type=optional(strawberry.ID)),
        },
    )
    page = generated_type(
        "ReviewPage",
        "One page of the review queue.",
        {
            "items": resolved_field(lambda root: list(root.items), list_of(item), "The pairs."),
            "end_cursor": strawberry.field(graphql_type=optional(str)),
            "has_next_page": strawberry.field(graphql_type=bool),
        },
    )
    queries = {
        "review_queue": resolved_field(
            review_queue, page, "Undecided borderline pairs of a kind, most likely match first."
        ),
        "why_same": resolved_field(
            why_same, optional(why), "Why two records are (or are not) the same; null if missing."
        ),
        "canonical": resolved_field(
            canonical,
            optional(canonical_type),
            "A canonical entity by its id or a member's id; null if none.",
        ),
    }
    decision_help = " `analyst` defaults to the X-Analyst header."
    mutations = {
        "confirm_pair": resolved_field(
            confirm_pair, DecisionResult, "Two records are one entity." + decision_help
        ),
        "reject_pair": resolved_field(
            reject_pair, DecisionResult, "Two records are different entities." + decision_help
        ),
        "split_member": resolved_field(
            split_member,
            DecisionResult,
            "Take a record out of its canonical entity." + decision_help,
        ),
        "unmerge": resolved_field(
            unmerge, DecisionResult, "Undo a canonical entity (a merge)." + decision_help
        ),
    }
    return queries, mutations
