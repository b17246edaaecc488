"""The prior: the share of comparable pairs that are one entity, estimated so it cannot collapse.

Expectation maximisation alone can drive the prior far below the true match rate when most
true pairs look unlike each other (one record per alias: "Sofacy" and "Fancy Bear" are one
actor); every probability then comes out too low. So, as Splink does, the prior can be estimated
from deterministic rules — pairs that agree exactly on fields no two entities share (the same
full name spelled the same way) — divided by the share of all true pairs such rules are known to
catch (`prior_recall`, a reviewed figure). Either way it is bounded, in matches per record
(`prior × comparable pairs / records`), a quantity that does not shrink as a table grows:
between `matches_per_record[0]` and `[1]`. What was estimated, how, and whether a bound held
it, is recorded with every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph_platform.resolve.blocking import block
from graph_platform.resolve.resolution_settings import BlockingSpec, ResolutionSettings
from graph_platform.resolve.table import RecordTable

PriorMethod = Literal["fixed", "rules", "em"]


@dataclass(frozen=True)
class PriorEstimate:
    """A prior and how it came about: `method` fixed (settings), rules (deterministic rule
    pairs / recall) or em (learned, then bounded); `rule_pairs` the pairs the rules found;
    `low` / `high` the bounds as probabilities; `bounded` whether a bound was applied."""

    prior: float
    method: PriorMethod
    rule_pairs: int
    low: float
    high: float
    bounded: bool

    def stats(self) -> dict[str, int | float | str]:
        return {
            "prior": self.prior,
            "prior_method": self.method,
            "prior_rule_pairs": self.rule_pairs,
            "prior_low": self.low,
            "prior_high": self.high,
            "prior_bounded": int(self.bounded),
        }


def prior_bounds(table: RecordTable, settings: ResolutionSettings) -> tuple[float, float]:
    """The prior's bounds as probabilities: matches per record × records / comparable pairs."""
    low, high = settings.training.matches_per_record
    total = max(table.total_pairs(), 1)
    ceiling = 0.5
    return min(low * len(table) / total, ceiling), min(high * len(table) / total, ceiling)


def bound(prior: float, low: float, high: float) -> tuple[float, bool]:
    """`prior` held within [low, high], and whether it had to be."""
    held = min(max(prior, low), high)
    return held, held != prior


def estimate_prior(table: RecordTable, settings: ResolutionSettings) -> PriorEstimate | None:
    """The prior fixed by the settings or estimated from their deterministic rules (bounded);
    None when neither is given and EM is to learn it (bounded by `train`)."""
    training = settings.training
    low, high = prior_bounds(table, settings)
    if training.prior is not None:
        return PriorEstimate(training.prior, "fixed", 0, low, high, False)
    if not training.prior_rules:
        return None
    rules = BlockingSpec(
        rules=training.prior_rules, max_block_size=settings.blocking.max_block_size
    )
    found = len(block(table, rules))
    raw = found / (training.prior_recall * max(table.total_pairs(), 1))
    prior, bounded = bound(raw, low, high)
    return PriorEstimate(prior, "rules", found, low, high, bounded)
