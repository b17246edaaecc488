"""Parameters of a coordination run, with their defaults and reasons, and the Δt estimate.

The method is the published co-sharing one (CooRnet, CooRTweet): two accounts are coordinated
when they repeatedly share the same object within a short window Δt. Defaults:
- `window_seconds` 60: CooRTweet's examples use 10–60 s, CooRnet estimates it from the data
  (`estimate_window`, its `estimate_coord_interval`), often tens of seconds;
- `min_repetitions` 2: an account pair is kept when one of them has at least this many distinct
  messages co-shared by the other (the toolkit's and CooRnet's minimum; one co-share is
  coincidence);
- `max_crowd` 50: a share whose object was shared more than this many times within ±Δt of it
  (breaking news, a viral post) counts for nothing: a crowd is not a group;
- `significance` 0.001: a pair is kept when co-sharing as often as it did is this unlikely by
  chance, given both accounts' activity and the popularity of what they shared when they
  shared it (network.py `chance_p_values`): two heavy users, or two fans of a viral post,
  co-share now and then by chance alone, two light users hardly ever. Chosen on the tuning
  configuration of bench/coordination.py (perfect there from 1e-3 to 1e-4);
- `reference_volume` None: the activity volume the test takes account shares of (None: the
  input's own; an incremental run keeps its parent's, and a full run given that volume
  computes what the incremental one did);
- `min_share` 0 (off): a pair is kept when the co-shared messages are at least this share of
  one account's messages (the cut the test replaced: at 0.1 it lost members whose co-shares are
  a small part of their activity);
- `edge_weight_quantile` None: CooRTweet's `edge_weight` option keeps only edges whose weight
  reaches this quantile of all edge weights;
- object kinds: URLs, hashtags, reshared, quoted and replied-to posts, and near-duplicate text
  (`text`); `domain` is available but off (popular domains are co-shared by chance all day);
- groups are Leiden communities (`resolution` 1.0, fixed `seed`: reproducible) trimmed to
  their core (members tied to at least `min_density` of the others and to two) of at least
  `min_group_size` 3 accounts; a group is *coordinated* when its edge density reaches
  `min_density` 0.5 (planted groups are near-cliques; chance edges form sparse hairballs);
- an account not PART_OF an operation is suggested for it when it has `suggestion_min_ties` 2
  ties to the operation's accounts whose noisy-or confidence reaches
  `suggestion_min_confidence` 0.9 (e.g. two ties of weight 4, or four of weight 2).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph_platform.analytics.share_table import OBJECT_KINDS, ShareTable

KINDS = (*OBJECT_KINDS, "text")
DEFAULT_KINDS = ("url", "hashtag", "reshare", "quote", "reply", "text")


class CoordinationParameters(BaseModel):
    """Everything that decides a run's result; stored with the run, so it can be reproduced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    window_seconds: float = Field(default=60.0, gt=0, le=86_400)
    min_repetitions: int = Field(default=2, ge=1)
    max_crowd: int | None = Field(default=50, ge=2)
    min_share: float = Field(default=0.0, ge=0, le=1)
    significance: float | None = Field(default=1e-3, gt=0, le=1)
    reference_volume: int | None = Field(default=None, ge=1)
    edge_weight_quantile: float | None = Field(default=None, ge=0, le=1)
    kinds: tuple[str, ...] = DEFAULT_KINDS
    text_threshold: float = Field(default=0.9, gt=0, le=1)
    text_min_tokens: int = Field(default=5, ge=1)
    evidence_limit: int = Field(default=10, ge=0, le=100)
    min_group_size: int = Field(default=3, ge=2)
    min_density: float = Field(default=0.5, ge=0, le=1)
    suggestion_min_confidence: float = Field(default=0.9, ge=0, le=1)
    suggestion_min_ties: int = Field(default=2, ge=1)
    resolution: float = Field(default=1.0, gt=0)
    seed: int = 1

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [k for k in kinds if k not in KINDS]
        if unknown or not kinds:
            raise ValueError(f"unknown kinds {unknown}: choose from {', '.join(KINDS)}")
        return tuple(k for k in KINDS if k in kinds)

    @property
    def window_ms(self) -> int:
        return round(self.window_seconds * 1000)

    @property
    def object_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in self.kinds if k != "text")

    def as_record(self) -> dict[str, Any]:
        """The parameters as stored on the run record (JSON-compatible)."""
        return self.model_dump(mode="json")


def estimate_window(table: ShareTable, q: float = 0.1, p: float = 0.5) -> float | None:
    """CooRnet's estimate of Δt (seconds): among objects shared at least twice, take the `q`
    quantile fastest by the delay of their second share; the estimate is the median time those
    objects took to reach `p` of their shares. None when no object was shared twice."""
    shares = table.shares
    if len(shares) < 2:
        return None
    codes = table.encode()
    order = np.lexsort((codes.time_ms, codes.object))
    obj, time = codes.object[order], codes.time_ms[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(obj)) + 1))
    sizes = np.diff(np.concatenate((starts, [len(obj)])))
    repeated = sizes >= 2
    starts, sizes = starts[repeated], sizes[repeated]
    if not len(starts):
        return None
    second = time[starts + 1] - time[starts]
    fastest = second <= np.quantile(second, q)
    starts, sizes = starts[fastest], sizes[fastest]
    reach = np.maximum(np.floor(sizes * p).astype(np.int64), 1) - 1
    reach = np.maximum(reach, 1)  # at least the second share
    spent = (time[starts + reach] - time[starts]) / 1000.0
    return max(float(np.median(spent)), 1.0) if math.isfinite(float(np.median(spent))) else None
