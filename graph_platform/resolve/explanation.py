"""Why records are (or are not) one entity: links, memberships, decisions, paths, review items.

Plain dataclasses built from the `resolve.*` query rows, shared by the CLI and the API; nodes
stay the driver's `Mapping[str, Any]` so each front end renders them its own way.
"""

from __future__ import annotations

import base64
import heapq
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j.time

from graph_platform.resolve.resolution import Feature


@dataclass(frozen=True)
class PairLink:
    """A scored link between two records: a SAME_AS hypothesis, or an analyst's confirm."""

    left: str
    right: str
    probability: float
    status: str  # linked | review | confirmed
    match_weight: float | None
    features: tuple[Feature, ...]
    decision: str | None = None
    held: str | None = None  # why a review pair was not merged (resolve/held.py)


def features_of(props: Mapping[str, Any]) -> tuple[Feature, ...]:
    """The explanation stored as parallel lists on a link or membership."""
    names = props.get("feature_names") or []
    levels = props.get("feature_levels") or []
    weights = props.get("feature_weights") or []
    return tuple(
        Feature(str(n), str(lv), float(w)) for n, lv, w in zip(names, levels, weights, strict=True)
    )


def link_of(left: str, right: str, props: Mapping[str, Any]) -> PairLink:
    weight = props.get("match_weight")
    return PairLink(
        left,
        right,
        float(props.get("confidence") or 0.0),
        str(props.get("status") or "linked"),
        None if weight is None else float(weight),
        features_of(props),
        held=props.get("held_reason"),
    )


@dataclass(frozen=True)
class Membership:
    """A member record of a canonical entity, with the score and explanation of its link."""

    node: Mapping[str, Any]
    probability: float | None
    via: str | None
    decision: str | None
    features: tuple[Feature, ...]


@dataclass(frozen=True)
class CanonicalView:
    """A canonical entity, every member record, and the links that hold them together."""

    canonical: Mapping[str, Any]
    members: tuple[Membership, ...]
    links: tuple[PairLink, ...]


def canonical_of(row: neo4j.Record) -> CanonicalView:
    """A `resolve.canonical` row; analysts' confirms count as links of probability 1."""
    members = tuple(
        Membership(
            m["node"],
            m["membership"].get("confidence"),
            m["membership"].get("via"),
            m["membership"].get("decision"),
            features_of(m["membership"]),
        )
        for m in row["members"]
    )
    links = [link_of(r["left"], r["right"], r["props"]) for r in row["links"]]
    for confirm in row["confirmed"]:
        left, right = confirm["members"][:2]
        links.append(PairLink(left, right, 1.0, "confirmed", None, (), confirm["id"]))
    return CanonicalView(row["canonical"], members, tuple(links))


@dataclass(frozen=True)
class DecisionView:
    """An analyst's decision as it bears on one pair."""

    id: str
    action: str
    verdict: str  # on this pair: confirm or reject
    analyst: str
    reason: str
    decided_at: datetime | None


def decisions_on(left: str, right: str, rows: Sequence[Mapping[str, Any]]) -> list[DecisionView]:
    """The decisions (oldest first) that rule on the pair: same part of a confirm, or parts
    apart; an unmerge that kept both in one part says nothing about them."""
    views = []
    for props in rows:
        members, parts = list(props["members"]), list(props["parts"])
        same = parts[members.index(left)] == parts[members.index(right)]
        if same and props["verdict"] != "confirm":
            continue
        decided = props.get("decided_at")
        views.append(
            DecisionView(
                str(props["id"]),
                str(props["action"]),
                "confirm" if same else "reject",
                str(props["analyst"]),
                str(props["reason"]),
                decided.to_native() if isinstance(decided, neo4j.time.DateTime) else decided,
            )
        )
    return views


@dataclass(frozen=True)
class WhySame:
    """Why two records are held to be one entity, or not.

    `probability` is the direct link's, else the product along `path` (the strongest chain of
    links through their shared canonical entity), else None; `verdict` is the latest analyst
    decision on the pair, which overrides any score.
    """

    left: Mapping[str, Any]
    right: Mapping[str, Any]
    canonical: str | None  # shared canonical entity, if any
    probability: float | None
    direct: PairLink | None
    path: tuple[PairLink, ...]
    decisions: tuple[DecisionView, ...]

    @property
    def verdict(self) -> str | None:
        return self.decisions[-1].verdict if self.decisions else None

    @property
    def not_merged(self) -> str | None:
        """Why the two records are not one entity, in words; None when they are."""
        if self.canonical is not None:
            return None
        if self.decisions and self.verdict == "reject":
            last = self.decisions[-1]
            return f"an analyst ({last.analyst}) rejected the pair: {last.reason}"
        if self.verdict == "confirm":
            return "an analyst confirmed the pair; the next resolution run makes them one entity"
        if self.direct is not None and self.direct.held:
            return self.direct.held
        if self.direct is not None:
            return f"their link is {self.direct.status} (p = {self.direct.probability:.3f})"
        return (
            "no link: the last resolution run scored them below the review threshold, or never "
            "compared them (no blocking key in common)"
        )


def strongest_path(left: str, right: str, links: Sequence[PairLink]) -> tuple[PairLink, ...]:
    """The chain of links from `left` to `right` with the highest product of probabilities
    (Dijkstra on −log p); empty if they are not connected."""
    graph: dict[str, list[tuple[str, PairLink]]] = {}
    for link in links:
        graph.setdefault(link.left, []).append((link.right, link))
        graph.setdefault(link.right, []).append((link.left, link))
    best = {left: 0.0}
    came: dict[str, tuple[str, PairLink]] = {}
    queue = [(0.0, left)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == right:
            break
        if cost > best.get(node, math.inf):
            continue
        for other, link in graph.get(node, []):
            step = cost - math.log(max(link.probability, 1e-12))
            if step < best.get(other, math.inf):
                best[other], came[other] = step, (node, link)
                heapq.heappush(queue, (step, other))
    if right not in came:
        return ()
    path: list[PairLink] = []
    node = right
    while node != left:
        node, link = came[node]
        path.append(link)
    return tuple(reversed(path))


@dataclass(frozen=True)
class ReviewItem:
    """A borderline pair for an analyst, with its explanation and the records' groups."""

    left: Mapping[str, Any]
    right: Mapping[str, Any]
    link: PairLink
    left_canonical: str | None
    right_canonical: str | None


@dataclass(frozen=True)
class ReviewPage:
    """One page of the review queue; `end_cursor` continues after its last item."""

    items: tuple[ReviewItem, ...]
    end_cursor: str | None
    has_next_page: bool


def encode_cursor(link: PairLink) -> str:
    raw = json.dumps([link.probability, link.left, link.right]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str | None) -> tuple[float | None, str | None, str | None]:
    """The (confidence, left, right) a cursor continues after; ValueError if it is not one."""
    if not cursor:
        return None, None, None
    try:
        confidence, left, right = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return float(confidence), str(left), str(right)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a review-queue cursor: {cursor!r}") from error
