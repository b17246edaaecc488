"""The prior: the share of comparable pairs that are one entity, estimated so it cannot collapse.

Expectation maximisation alone can drive the prior far below the true match rate when most
true pairs look unlike each other (one record per alias: "Sofacy" and "Fancy Bear" are one
actor, and no candidate pair shows it); every probability then comes out too low. So, as Splink
does, deterministic rules — pairs that agree exactly on fields few entities share (the same full
name) — give an estimate: the pairs they find (a one-sided 95 % lower bound of that count, so a
single pair in a small table proves little) over the share of all true pairs such rules catch
(`prior_recall`, a reviewed figure measured between records of one value each, scaled up for
records of several: `rule_recall`). That estimate is a floor: EM may find more matches, never
fewer. Where the rules' pairs are not matches at all (a curated list whose actors share an
alias) the floor is wrong, and shows as such in the run's stats. Every prior is bounded in
matches per record (`prior × comparable pairs / records`, a quantity that does not shrink as a
table grows), between `matches_per_record[0]` and `[1]`. What was estimated, how, and whether
a bound held it, is recorded with every run.

`prior_recall` is reviewed, not learned per run: EM sees candidates only, so the exact level's
m it would learn is the rules' share of the true pairs that blocking makes candidates, not of
all true pairs, and the pairs it misses (aliases that look unlike each other) are what the
prior must count. Measured on the fit split of the alias dev set (`bench/er_aliases.py --fit`,
issue 19): blocking makes 24 % of organisations' true pairs candidates, EM's exact m is 0.16 to
0.24 against a recall of 0.049, and the prior it implies is 1.8 to 2.4 bits below the true one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from graph_platform.resolve.blocking import block, random_pairs
from graph_platform.resolve.resolution_settings import BlockingSpec, ResolutionSettings
from graph_platform.resolve.table import RecordTable

#: Random pairs over which the rules' expected recall is averaged.
RECALL_SAMPLE = 20_000

PriorMethod = Literal["fixed", "rules", "em"]


@dataclass(frozen=True)
class PriorEstimate:
    """A prior and how it came about: `method` fixed (settings), rules (learned by EM, never
    below what the deterministic rules show) or em (learned, bounded); `rule_pairs` the pairs
    the rules found; `low` / `high` the bounds EM was held in (`low` the rules' floor where it
    is higher than the matches-per-record one); `bounded` whether the prior sits at a bound."""

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


def poisson_lower(count: int, z: float = 1.645) -> float:
    """A one-sided 95 % lower bound of a Poisson mean seen as `count` (Wilson–Hilferty): the
    floor should hold, and one rule pair among 22 records proves little (0.04), 137 a lot (116)."""
    if count <= 0:
        return 0.0
    return float(count * max(1 - 1 / (9 * count) - z / (3 * np.sqrt(count)), 0.0) ** 3)


def rule_recall(table: RecordTable, settings: ResolutionSettings) -> float:
    """The share of this table's true pairs the prior rules can be expected to find.

    `prior_recall` is the share between records of one value each (one name per record, as a
    split alias list has); two records of several values (all of an actor's aliases) compare
    values × values of them, and a true pair is found if any of those agree:
    1 − (1 − recall)^(values × values), averaged over random comparable pairs. Without this, a
    table of whole alias lists would read its few shared aliases as the tip of many matches."""
    training = settings.training
    left, right = random_pairs(table, RECALL_SAMPLE, training.seed)
    if not len(left):
        return training.prior_recall
    pairs_compared = np.ones(len(left))
    for rule in training.prior_rules:
        for name in rule.fields:
            column = table.columns[name]
            if column.multiple:
                counts = np.diff(column.offsets)
                pairs_compared = np.maximum(pairs_compared, counts[left] * counts[right])
    found = -np.expm1(np.log1p(-training.prior_recall) * pairs_compared)
    return float(found.mean())


def estimate_prior(table: RecordTable, settings: ResolutionSettings) -> PriorEstimate | None:
    """The prior fixed by the settings, or the floor their deterministic rules set (bounded);
    None when neither is given and EM alone learns it (bounded by `train`)."""
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
    recall = rule_recall(table, settings)
    raw = poisson_lower(found) / (recall * max(table.total_pairs(), 1))
    prior, bounded = bound(raw, low, high)
    return PriorEstimate(prior, "rules", found, low, high, bounded)
