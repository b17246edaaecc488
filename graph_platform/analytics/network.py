"""A coordination network: the undirected account pairs a run keeps, with weights and evidence.

`compute_network` runs one computation end to end on a ShareTable: near-duplicate texts (when
`text` is among the kinds), directed co-share weights on an engine (the embedded numpy engine
by default, Spark for inputs larger than one machine: both give the same weights), the
CooRTweet-style weight quantile, and the evidence behind every kept pair. An undirected edge
joins two accounts when at least one direction reaches `min_repetitions`; its `weight` is the
larger direction, and both directions are kept (`source_weight`: distinct messages of the
source co-shared by the target). A pair is kept only if co-sharing that often is unlikely
by chance (`significance`, see `chance_p_values`) and its co-shares make at least `min_share`
of one account's messages (all its messages in the input's kinds; off by default).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammainc

from graph_platform.analytics.coshare import (
    TEXT_OBJECT,
    DirectedWeights,
    Evidence,
    Int,
    MessagePairs,
    account_rank,
    chance_exposure,
    directed_weights,
    edge_evidence,
)
from graph_platform.analytics.near_duplicate import TextMatching, near_duplicate_pairs
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.share_table import ShareCodes, ShareTable

Progress = Callable[[str, int, int], None]


class Engine(Protocol):
    """Computes directed co-share weights (in the codes' account space)."""

    name: str

    def directed(
        self,
        codes: ShareCodes,
        params: CoordinationParameters,
        text_pairs: MessagePairs,
        accounts: NDArray[np.bool_] | None = None,
    ) -> DirectedWeights: ...


class EmbeddedEngine:
    """The default engine: numpy over sorted windows, in this process (coshare.py)."""

    name = "embedded"

    def __init__(self, progress: Callable[[int, int], None] | None = None) -> None:
        self.progress = progress

    def directed(
        self,
        codes: ShareCodes,
        params: CoordinationParameters,
        text_pairs: MessagePairs,
        accounts: NDArray[np.bool_] | None = None,
    ) -> DirectedWeights:
        return directed_weights(
            codes,
            params.window_ms,
            params.min_repetitions,
            text_pairs,
            max_crowd=params.max_crowd,
            accounts=accounts,
            progress=self.progress,
        )


@dataclass(frozen=True)
class EvidenceItem:
    """One co-share behind an edge: what was shared and when, by each end."""

    kind: str  # url, hashtag, reshare, … or text (near-duplicate texts)
    object: str | None  # the shared object's id; None for near-duplicate texts
    source_message: str
    target_message: str
    source_time_ms: int
    target_time_ms: int


@dataclass(frozen=True)
class CoordinationEdge:
    """Two accounts acting together; `source` sorts before `target`."""

    source: str
    target: str
    weight: int
    source_weight: int
    target_weight: int
    evidence: tuple[EvidenceItem, ...]


@dataclass
class CoordinationNetwork:
    """The edges of one computation and what it took."""

    edges: list[CoordinationEdge]
    stats: dict[str, float] = field(default_factory=dict)

    def weights(self) -> dict[tuple[str, str], int]:
        return {(e.source, e.target): e.weight for e in self.edges}


def undirected(codes: ShareCodes, directed: DirectedWeights) -> tuple[Int, Int, Int, Int]:
    """(low, high, low→high weight, high→low weight) per account pair, low's id sorting first."""
    rank = account_rank(codes)
    a, b, w = directed.source, directed.target, directed.weight
    forward = rank[a] < rank[b]
    low, high = np.where(forward, a, b), np.where(forward, b, a)
    n = max(len(codes.accounts), 1)
    key = low * n + high
    pairs, inverse = np.unique(key, return_inverse=True)
    low_weight = np.zeros(len(pairs), np.int64)
    high_weight = np.zeros(len(pairs), np.int64)
    np.maximum.at(low_weight, inverse[forward], w[forward])
    np.maximum.at(high_weight, inverse[~forward], w[~forward])
    return pairs // n, pairs % n, low_weight, high_weight


def messages_per_account(codes: ShareCodes) -> Int:
    """Distinct messages (shares and texts) of each account code, at least 1."""
    n = max(len(codes.messages), 1)
    keys = np.unique(
        np.concatenate(
            (codes.account * n + codes.message, codes.text_account * n + codes.text_message)
        )
    )
    counts = np.bincount(keys // n, minlength=len(codes.accounts))
    return np.maximum(counts, 1)


def activity_volume(codes: ShareCodes) -> int:
    """All shares and texts of the input: what each account's share of activity is taken of."""
    return max(len(codes) + len(codes.text_account), 1)


def chance_p_values(
    codes: ShareCodes, exposure: NDArray[np.float64], volume: int, low: Int, high: Int, k: Int
) -> NDArray[np.float64]:
    """P(at least `k` co-shares by chance) for each pair (`low`, `high`). Chance: every slot of
    A's `exposure` (another share in the window of one of A's shares) is B's with probability
    B's activity (shares and texts) / `volume`, independently, so A and B meet about Poisson(λ)
    times, λ = exposure(A) × activity(B) / volume (the larger of the two ways round). `k` is
    the smaller directed weight: both accounts must repeat, one account resharing the same
    post five times next to another's one share is one meeting."""
    activity = np.bincount(codes.account, minlength=len(codes.accounts)) + np.bincount(
        codes.text_account, minlength=len(codes.accounts)
    )
    expected = np.maximum(exposure[low] * activity[high], exposure[high] * activity[low]) / volume
    p_value: NDArray[np.float64] = np.where(
        k > 0, gammainc(np.maximum(k, 1), np.maximum(expected, 1e-300)), 1.0
    )
    return p_value


def compute_network(
    table: ShareTable,
    params: CoordinationParameters,
    engine: Engine | None = None,
    progress: Progress | None = None,
    accounts: set[str] | None = None,
    reference_volume: int | None = None,
) -> CoordinationNetwork:
    """The coordination network of `table` under `params` (see the module doc); with
    `accounts`, only the pairs among them (the rest of the table counts for crowds only).
    `reference_volume`: the activity volume the co-sharing test divides by (see
    `chance_p_values`), when `table` is not the whole input (an incremental run); by default
    the table's own."""
    engine = engine or EmbeddedEngine()
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    report("encode", 0, 1)
    codes = table.of_kinds(params.object_kinds).encode()
    report("encode", 1, 1)
    text_pairs = MessagePairs.empty()
    if "text" in params.kinds and len(codes.text):
        report("texts", 0, 1)
        matching = TextMatching(params.text_threshold, params.text_min_tokens, seed=params.seed)
        text_pairs = near_duplicate_pairs(codes, params.window_ms, matching)
        report("texts", 1, 1)
    report("co-shares", 0, 1)
    mask = None
    if accounts is not None:
        mask = np.isin(
            np.asarray(codes.accounts.to_pylist(), dtype=object),
            np.asarray(sorted(accounts), dtype=object),
        )
    directed = engine.directed(codes, params, text_pairs, mask)
    report("co-shares", 1, 1)
    low, high, low_weight, high_weight = undirected(codes, directed)
    weight = np.maximum(low_weight, high_weight)
    activity = messages_per_account(codes)
    share = np.maximum(low_weight / activity[low], high_weight / activity[high])
    kept = share >= params.min_share
    volume = reference_volume or params.reference_volume or activity_volume(codes)
    if params.significance is not None:
        exposure = chance_exposure(codes, params.window_ms, params.max_crowd, text_pairs)
        p_value = chance_p_values(
            codes, exposure, volume, low, high, np.minimum(low_weight, high_weight)
        )
        kept &= p_value <= params.significance
    low, high, low_weight, high_weight, weight = (
        x[kept] for x in (low, high, low_weight, high_weight, weight)
    )
    if params.edge_weight_quantile is not None and len(weight):
        kept = weight >= np.quantile(weight, params.edge_weight_quantile)
        low, high, low_weight, high_weight, weight = (
            x[kept] for x in (low, high, low_weight, high_weight, weight)
        )
    report("evidence", 0, 1)
    evidence = edge_evidence(codes, params.window_ms, low, high, text_pairs, params.evidence_limit)
    report("evidence", 1, 1)
    edges = _edges(codes, low, high, weight, low_weight, high_weight, evidence)
    stats = {
        "shares": float(len(codes)),
        "texts": float(len(codes.text)),
        "accounts": float(len(codes.accounts)),
        "text_pairs": float(len(text_pairs) // 2),
        "directed_pairs": float(len(directed)),
        "edges": float(len(edges)),
        "volume": float(volume),
        "seconds": round(time.perf_counter() - started, 3),
    }
    return CoordinationNetwork(edges, stats)


def _edges(
    codes: ShareCodes,
    low: Int,
    high: Int,
    weight: Int,
    low_weight: Int,
    high_weight: Int,
    evidence: Evidence,
) -> list[CoordinationEdge]:
    accounts = codes.accounts.to_pylist()
    messages = codes.messages
    objects = codes.objects
    items: list[list[EvidenceItem]] = [[] for _ in range(len(low))]
    if len(evidence):
        source_ids = messages.take(evidence.message).to_pylist()
        target_ids = messages.take(evidence.other_message).to_pylist()
        shared = np.where(evidence.object == TEXT_OBJECT, 0, evidence.object)
        keyed = objects.take(shared).to_pylist() if len(objects) else []
        for k, edge in enumerate(evidence.edge.tolist()):
            if evidence.object[k] == TEXT_OBJECT:
                kind, obj = "text", None
            else:
                kind, _, obj = keyed[k].partition("\x1f")
            items[edge].append(
                EvidenceItem(
                    kind,
                    obj,
                    source_ids[k],
                    target_ids[k],
                    int(evidence.time_ms[k]),
                    int(evidence.other_time_ms[k]),
                )
            )
    return [
        CoordinationEdge(
            accounts[int(low[e])],
            accounts[int(high[e])],
            int(weight[e]),
            int(low_weight[e]),
            int(high_weight[e]),
            tuple(items[e]),
        )
        for e in range(len(low))
    ]
