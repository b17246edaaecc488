"""What entity resolution works on and what it produces, shared by the engine and the graph side.

The engine (blocking, scoring, clustering) turns `Record`s into a `Resolution`; the graph side
writes a `Resolution` as hypotheses (canonical entities, scored SAME_AS links, a review queue)
without ever changing the source records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

Kind = Literal["Person", "Organisation", "Account"]
#: Every kind of record entity resolution works on.
KINDS: tuple[Kind, ...] = get_args(Kind)
FieldValue = str | Sequence[str] | None


@dataclass(frozen=True)
class Record:
    """One source record to resolve: its graph node id, its type and the fields compared.

    Multi-valued fields (aliases, urls, platform ids) are sequences of strings.
    """

    id: str
    kind: Kind
    fields: Mapping[str, FieldValue]


@dataclass(frozen=True)
class Feature:
    """One comparison's outcome: the field, the level it reached, and its match weight.

    `weight` is the log2 Bayes factor (m/u) of that level — positive for evidence of a match,
    negative against; the weights of a pair add up to its match weight.
    """

    name: str
    level: str
    weight: float


@dataclass(frozen=True)
class ScoredPair:
    """Two records, the calibrated probability that they are the same entity, and why."""

    left: str
    right: str
    probability: float
    features: tuple[Feature, ...]
    #: For a pair held for review: why it was not merged, in words (see held.py).
    held: str | None = None

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.left, self.right))


@dataclass(frozen=True)
class Cluster:
    """Records judged to be one entity, with the links that hold the cluster together."""

    members: tuple[str, ...]
    links: tuple[ScoredPair, ...]


@dataclass(frozen=True)
class Decision:
    """An analyst's verdict on a pair, respected by every later run."""

    left: str
    right: str
    verdict: Literal["confirm", "reject"]

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.left, self.right))


@dataclass
class Resolution:
    """The engine's output: clusters (singletons omitted), borderline pairs, and counts."""

    clusters: list[Cluster]
    review: list[ScoredPair]
    stats: dict[str, int | float | str] = field(default_factory=dict)
