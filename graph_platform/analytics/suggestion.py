"""Suggestions: accounts strongly coordinated with an operation's accounts, queued for review.

For each account and each operation it is not PART_OF, the ties to the operation's accounts
combine by noisy-or of their COORDINATED_WITH confidences (1 − Π(1 − c)): several strong ties
make a confident suggestion, one weak tie does not. A suggestion needs `min_ties` ties and
`min_confidence`. It is written as SUGGESTED_PART_OF (never as PART_OF: it is an inference, not
a source's claim) with the evidence and status `pending`. A later run updates confidence and
evidence but never an analyst's status, and removes pending suggestions it no longer supports;
analysts confirm or reject with `review`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import neo4j

from graph_platform.analytics.graph_queries import GraphQueries
from graph_platform.analytics.records import source_id
from graph_platform.errors import InvalidArguments, NotFound
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.records import EdgeRecord, GraphBatch
from graph_platform.store.writer import GraphWriter

Verdict = Literal["confirmed", "rejected"]
#: The `$scope` of a read that may see everything (the API's scope maps have these keys).
UNRESTRICTED: dict[str, None] = {"sources": None, "labels": None, "rel_types": None, "fields": None}


@dataclass(frozen=True)
class Suggestion:
    account: str
    operation: str
    confidence: float
    partners: tuple[str, ...]
    weights: tuple[int, ...]


def noisy_or(confidences: list[float]) -> float:
    """1 − Π(1 − c): the chance that at least one tie is real, ties taken as independent."""
    return 1.0 - math.prod(1.0 - min(max(c, 0.0), 1.0) for c in confidences)


def suggestions_from(rows: list[Any], min_confidence: float, min_ties: int) -> list[Suggestion]:
    """`coordination.operation_ties` rows turned into suggestions that pass the thresholds."""
    found = []
    for row in rows:
        confidences = [float(c or 0.0) for c in row["confidences"]]
        confidence = round(noisy_or(confidences), 4)
        if len(confidences) >= min_ties and confidence >= min_confidence:
            found.append(
                Suggestion(
                    row["account"],
                    row["operation"],
                    confidence,
                    tuple(row["partners"]),
                    tuple(int(w) for w in row["weights"]),
                )
            )
    return found


class SuggestionQueue:
    """Computes, writes and reviews SUGGESTED_PART_OF edges."""

    def __init__(self, driver: neo4j.Driver, database: str, registry: QueryRegistry) -> None:
        self.graph = GraphQueries(driver, database, registry)

    def refresh(
        self,
        writer: GraphWriter,
        run_id: str,
        at: datetime,
        min_confidence: float,
        min_ties: int,
    ) -> int:
        """Write the suggestions the graph's edges support now; returns how many."""
        found = suggestions_from(
            self.graph.read("coordination.operation_ties"), min_confidence, min_ties
        )
        existing = {
            (row["account"], row["operation"]): row["status"]
            for row in self.graph.read("coordination.suggestions_existing")
        }
        batch = GraphBatch()
        source = source_id(run_id)
        for s in found:
            props: dict[str, Any] = {
                "run_id": run_id,
                "evidence_accounts": list(s.partners),
                "evidence_weights": list(s.weights),
            }
            if existing.get((s.account, s.operation)) in (None, "pending"):
                props["status"] = "pending"
            batch.add_edge(
                EdgeRecord(
                    "SUGGESTED_PART_OF", s.account, s.operation, props, [source], s.confidence,
                    origins={source: f"run {run_id}"},
                )
            )  # fmt: skip
        if len(batch):
            writer.write(batch, at, label="coordination")
        supported = {(s.account, s.operation) for s in found}
        stale = [
            {"account": a, "operation": o}
            for (a, o), status in existing.items()
            if (a, o) not in supported and status == "pending"
        ]
        if stale:
            self.graph.write("coordination.suggestions_delete", pairs=stale)
        return len(found)

    def review(
        self,
        account_id: str,
        operation_id: str,
        verdict: Verdict,
        analyst: str,
        reason: str,
        at: datetime,
    ) -> str:
        """Record an analyst's verdict on a suggestion; a ClientError if there is none."""
        if verdict not in ("confirmed", "rejected"):
            raise InvalidArguments(f"verdict must be confirmed or rejected, not {verdict!r}")
        if not analyst.strip() or not reason.strip():
            raise InvalidArguments("a review needs the analyst's name and a reason")
        rows = self.graph.write(
            "coordination.suggestion_review",
            account_id=account_id,
            operation_id=operation_id,
            status=verdict,
            analyst=analyst,
            reviewed_at=at,
            reason=reason,
        )
        if not rows:
            raise NotFound(
                f"no suggestion that account {account_id} is part of operation {operation_id}"
            )
        return str(rows[0]["status"])

    def for_account(self, account_id: str) -> list[neo4j.Record]:
        """The account's suggestions, unrestricted (the command line's view: the API passes
        the caller's scope instead)."""
        return self.graph.read(
            "coordination.suggestions_for_account", account_id=account_id, scope=UNRESTRICTED
        )
