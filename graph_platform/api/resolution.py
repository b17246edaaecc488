"""GraphQL for entity resolution: the review queue, "why are these the same?", canonical
entities with their members, and the analysts' decisions as mutations.

Resolvers call the review use cases (graph_platform/resolve/review.py, the same plans as the
CLI): reads are routed to readers, each decision is one write transaction, recorded under the
authenticated caller's name (never a name the request types).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import strawberry

from graph_platform.api.context import ApiContext
from graph_platform.api.type_factory import Member, TypeFactory, listed, member, nullable
from graph_platform.explore.view import NodeView
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
    held: str | None = strawberry.field(
        name="heldReason",
        description="For a review pair: why it was not merged, in words with the figures.",
    )


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


def _node(attribute: str) -> Callable[[Any], NodeView]:
    def resolve(root: Any) -> NodeView:
        return NodeView.from_map(getattr(root, attribute))

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
    return AsyncReview(context.driver, context.database, context.registry, context.reader.scope)


async def _decide(info: Info, action: str, ids: Sequence[str], reason: str) -> DecisionResult:
    """Record the decision under the caller's name (their key's, or their token's subject)."""
    who = info.context.principal.name
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
) -> DecisionResult:
    return await _decide(info, "confirm", [left_id, right_id], reason)


async def reject_pair(
    info: Info,
    left_id: strawberry.ID,
    right_id: strawberry.ID,
    reason: str,
) -> DecisionResult:
    return await _decide(info, "reject", [left_id, right_id], reason)


async def split_member(info: Info, member_id: strawberry.ID, reason: str) -> DecisionResult:
    return await _decide(info, "split", [member_id], reason)


async def unmerge(info: Info, id: strawberry.ID, reason: str) -> DecisionResult:
    return await _decide(info, "unmerge", [id], reason)


def resolution_fields(factory: TypeFactory) -> tuple[dict[str, Member], dict[str, Member]]:
    """The root query fields and the mutation fields of entity resolution."""
    for static in (Feature, PairLinkType, DecisionNote, DecisionResult):
        factory.add(static)
    factory.make(
        "Membership",
        "A source record of a canonical entity, with the score and explanation of its link.",
        {
            "entity": member("Entity", _node("node"), "The source record."),
            "probability": member(nullable("float"), lambda root: root.probability),
            "via": member(nullable("ID"), lambda root: root.via, "Its strongest link's other end."),
            "decision": member(
                nullable("ID"), lambda root: root.decision, "Confirm decision that joined it."
            ),
            "features": member(listed("Feature"), lambda root: list(root.features)),
        },
    )
    factory.make(
        "Canonical",
        "A canonical entity, its member records and the links that hold them together.",
        {
            "entity": member("ResolvedEntity", _node("canonical"), "The canonical entity."),
            "members": member(listed("Membership"), _members, "Every member record."),
            "links": member(listed("PairLink"), lambda root: list(root.links)),
        },
    )
    factory.make(
        "WhySame",
        "Why two records are held to be one entity, or not.",
        {
            "left": member("Entity", _node("left"), "The first record."),
            "right": member("Entity", _node("right"), "The second record."),
            "canonical": member(
                nullable("ID"), lambda root: root.canonical, "Shared canonical entity."
            ),
            "probability": member(
                nullable("float"),
                lambda root: root.probability,
                "The direct link's, else the product along `path`.",
            ),
            "direct": member(nullable("PairLink"), lambda root: root.direct),
            "path": member(
                listed("PairLink"),
                lambda root: list(root.path),
                "Strongest chain of links through the cluster (no direct link).",
            ),
            "decisions": member(listed("DecisionNote"), lambda root: list(root.decisions)),
            "verdict": member(
                nullable("str"), lambda root: root.verdict, "The latest analyst verdict, if any."
            ),
            "not_merged": member(
                nullable("str"),
                lambda root: root.not_merged,
                "Why they are not one entity, in words with the figures; null if they are.",
            ),
        },
    )
    factory.make(
        "ReviewItem",
        "A borderline pair awaiting an analyst, with its explanation.",
        {
            "left": member("Entity", _node("left"), "The first record."),
            "right": member("Entity", _node("right"), "The second record."),
            "link": member("PairLink", lambda root: root.link),
            "left_canonical": member(nullable("ID"), lambda root: root.left_canonical),
            "right_canonical": member(nullable("ID"), lambda root: root.right_canonical),
        },
    )
    factory.make(
        "ReviewPage",
        "One page of the review queue.",
        {
            "items": member(listed("ReviewItem"), lambda root: list(root.items), "The pairs."),
            "end_cursor": member(nullable("str"), lambda root: root.end_cursor),
            "has_next_page": member(bool, lambda root: root.has_next_page),
        },
    )
    queries = {
        "review_queue": member(
            "ReviewPage",
            review_queue,
            "Undecided borderline pairs of a kind, most likely match first.",
        ),
        "why_same": member(
            nullable("WhySame"),
            why_same,
            "Why two records are (or are not) the same; null if missing.",
        ),
        "canonical": member(
            nullable("Canonical"),
            canonical,
            "A canonical entity by its id or a member's id; null if none.",
        ),
    }
    decision_help = " Recorded under the caller's name (admin and analyst keys)."
    mutations = {
        "confirm_pair": member(
            DecisionResult, confirm_pair, "Two records are one entity." + decision_help
        ),
        "reject_pair": member(
            DecisionResult, reject_pair, "Two records are different entities." + decision_help
        ),
        "split_member": member(
            DecisionResult,
            split_member,
            "Take a record out of its canonical entity." + decision_help,
        ),
        "unmerge": member(
            DecisionResult, unmerge, "Undo a canonical entity (a merge)." + decision_help
        ),
    }
    return queries, mutations
