"""GraphQL for coordination: who acts with an account or an operation, a run's groups, the
evidence behind a tie, the suggestions for an account and an analyst's review of one.

Resolvers read through the named `coordination.*` queries (routed to readers); a review is one
write transaction, recorded under the caller's name (analysts and admins may review; partner
keys may ask for none of these fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import neo4j
import strawberry

from graph_platform.api.context import ApiContext
from graph_platform.api.type_factory import Member, TypeFactory, listed, member, nullable
from graph_platform.errors import InvalidArguments, NotFound
from graph_platform.explore.view import NodeView, native

Info = strawberry.Info[ApiContext, None]
_MAX = 500


@strawberry.type(description="One co-share behind a tie: what was shared and when by each.")
class CoShare:
    kind: str = strawberry.field(description="url, hashtag, reshare, quote, reply, domain, text.")
    object: strawberry.ID | None = strawberry.field(
        description="The shared object's id (Url, Hashtag, Post, Domain); null for text."
    )
    account_post: strawberry.ID = strawberry.field(description="The account's post.")
    partner_post: strawberry.ID = strawberry.field(description="The partner's post.")
    account_time: datetime
    partner_time: datetime


@strawberry.type(description="Two accounts acting together, as a coordination run found.")
class CoordinationTie:
    account: strawberry.ID
    partner: strawberry.ID
    weight: int = strawberry.field(description="The larger of the two directed weights.")
    account_weight: int = strawberry.field(
        description="Distinct posts of the account the partner co-shared within the window."
    )
    partner_weight: int = strawberry.field(
        description="Distinct posts of the partner the account co-shared within the window."
    )
    confidence: float = strawberry.field(description="1 − 1/weight.")
    window_seconds: float
    run_id: strawberry.ID
    sources: list[strawberry.ID] = strawberry.field(description="The runs' Source nodes.")
    evidence: list[CoShare] = strawberry.field(description="The earliest co-shares (capped).")


@strawberry.type(description="An inferred PART_OF, queued for review: never a fact.")
class Suggestion:
    account: strawberry.ID
    operation: strawberry.ID
    operation_name: str | None
    confidence: float = strawberry.field(description="Noisy-or of the ties' confidences.")
    status: str = strawberry.field(description="pending, confirmed or rejected.")
    run_id: strawberry.ID
    partners: list[strawberry.ID] = strawberry.field(
        description="The operation's accounts it is coordinated with."
    )
    weights: list[int] = strawberry.field(description="Weight of each of those ties.")
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_reason: str | None


def tie(row: Mapping[str, Any]) -> CoordinationTie:
    """A `coordination.ties_*` row, oriented from `account` to `partner`."""
    props = row["tie"]
    outgoing = bool(row["outgoing"])
    ends = [
        props.get(key) or []
        for key in ("evidence_source_posts", "evidence_target_posts",
                    "evidence_source_times", "evidence_target_times")
    ]  # fmt: skip
    mine, theirs, my_times, their_times = ends if outgoing else [ends[1], ends[0], ends[3], ends[2]]
    evidence = [
        CoShare(
            kind=kind,
            object=strawberry.ID(obj) if obj else None,
            account_post=strawberry.ID(a),
            partner_post=strawberry.ID(b),
            account_time=native(ta),  # type: ignore[arg-type]
            partner_time=native(tb),  # type: ignore[arg-type]
        )
        for kind, obj, a, b, ta, tb in zip(
            props.get("evidence_kinds") or [], props.get("evidence_objects") or [],
            mine, theirs, my_times, their_times, strict=True,
        )
    ]  # fmt: skip
    source_weight, target_weight = int(props["source_weight"]), int(props["target_weight"])
    return CoordinationTie(
        account=strawberry.ID(row["account"]["id"]),
        partner=strawberry.ID(row["partner"]["id"]),
        weight=int(props["weight"]),
        account_weight=source_weight if outgoing else target_weight,
        partner_weight=target_weight if outgoing else source_weight,
        confidence=float(props.get("confidence") or 0.0),
        window_seconds=float(props.get("window_seconds") or 0.0),
        run_id=strawberry.ID(props.get("run_id") or ""),
        sources=[strawberry.ID(s) for s in props.get("sources") or []],
        evidence=evidence,
    )


async def _read(info: Info, name: str, **params: Any) -> list[neo4j.Record]:
    """A read with the caller's scope (the queries apply it)."""
    return await info.context.reader.rows(name, **params)


def _limit(first: int) -> int:
    if not 1 <= first <= _MAX:
        raise InvalidArguments(f"first must be between 1 and {_MAX}")
    return first


async def coordinated_accounts(
    info: Info,
    account_id: strawberry.ID | None = None,
    operation_id: strawberry.ID | None = None,
    min_weight: int = 1,
    first: int = 50,
) -> list[CoordinationTie]:
    if (account_id is None) == (operation_id is None):
        raise InvalidArguments("give exactly one of accountId and operationId")
    if account_id is not None:
        rows = await _read(
            info, "coordination.ties_of_account",
            account_id=account_id, min_weight=min_weight, limit=_limit(first),
        )  # fmt: skip
    else:
        rows = await _read(
            info, "coordination.ties_of_operation",
            operation_id=operation_id, min_weight=min_weight, limit=_limit(first),
        )  # fmt: skip
    return [tie(row) for row in rows]


async def coordination_evidence(
    info: Info, account_id: strawberry.ID, partner_id: strawberry.ID
) -> CoordinationTie | None:
    rows = await _read(info, "coordination.tie", source_id=account_id, target_id=partner_id)
    return tie(rows[0]) if rows else None


async def coordination_groups(
    info: Info, run_id: strawberry.ID | None = None, coordinated_only: bool = True, first: int = 50
) -> list[NodeView]:
    rows = await _read(
        info, "coordination.groups",
        run_id=run_id, coordinated_only=coordinated_only, limit=_limit(first),
    )  # fmt: skip
    return [NodeView.from_node(row["group"]) for row in rows]


def _suggestion(account_id: str, row: Mapping[str, Any]) -> Suggestion:
    operation = row["operation"]
    seen = [
        (p["id"], int(w))
        for p, w in zip(row["partners"], row["weights"] or [], strict=False)
        if p is not None
    ]
    return Suggestion(
        account=strawberry.ID(account_id),
        operation=strawberry.ID(operation["id"]),
        operation_name=operation.get("name"),
        confidence=float(row["confidence"] or 0.0),
        status=str(row["status"]),
        run_id=strawberry.ID(row["run_id"] or ""),
        partners=[strawberry.ID(p) for p, _ in seen],
        weights=[w for _, w in seen],
        reviewed_by=row["reviewed_by"],
        reviewed_at=native(row["reviewed_at"]),  # type: ignore[arg-type]
        review_reason=row["review_reason"],
    )


async def coordination_suggestions(info: Info, account_id: strawberry.ID) -> list[Suggestion]:
    rows = await _read(info, "coordination.suggestions_for_account", account_id=account_id)
    return [_suggestion(account_id, row) for row in rows]


async def review_suggestion(
    info: Info,
    account_id: strawberry.ID,
    operation_id: strawberry.ID,
    confirm: bool,
    reason: str,
) -> Suggestion:
    context = info.context
    who = context.principal.name
    if not reason.strip():
        raise InvalidArguments("a review needs a reason")

    async def work(tx: neo4j.AsyncManagedTransaction) -> list[neo4j.Record]:
        return await context.registry.run_async(
            tx, "coordination.suggestion_review",
            account_id=account_id, operation_id=operation_id,
            status="confirmed" if confirm else "rejected", analyst=who,
            reviewed_at=datetime.now(UTC), reason=reason,
        )  # fmt: skip

    async with context.driver.session(database=context.database) as session:
        if not await session.execute_write(work):
            raise NotFound(f"no suggestion that account {account_id} is part of {operation_id}")
    rows = await _read(info, "coordination.suggestions_for_account", account_id=account_id)
    return next(
        _suggestion(account_id, row) for row in rows if row["operation"]["id"] == operation_id
    )


def coordination_fields(factory: TypeFactory) -> tuple[dict[str, Member], dict[str, Member]]:
    """The root query fields and the mutation fields of coordination."""
    for static in (CoShare, CoordinationTie, Suggestion):
        factory.add(static)
    queries = {
        "coordinated_accounts": member(
            listed("CoordinationTie"),
            coordinated_accounts,
            "Accounts acting together with an account (`accountId`) or with an operation's "
            "accounts (`operationId`), strongest first.",
        ),
        "coordination_evidence": member(
            nullable("CoordinationTie"),
            coordination_evidence,
            "The tie between two accounts and the co-shares behind it; null if none.",
        ),
        "coordination_groups": member(
            listed("CoordinationGroup"),
            coordination_groups,
            "Groups a coordination run found (`runId`, default the latest), largest first.",
        ),
        "coordination_suggestions": member(
            listed("Suggestion"),
            coordination_suggestions,
            "Operations an account is suggested for (inferred, pending review), best first.",
        ),
    }
    mutations = {
        "review_suggestion": member(
            "Suggestion",
            review_suggestion,
            "Confirm or reject a suggestion, recorded under the caller's name (admin and "
            "analyst keys).",
        )
    }
    return queries, mutations
