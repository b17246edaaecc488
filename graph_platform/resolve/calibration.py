"""Do match probabilities mean what they say? A reliability table and its expected calibration
error, computed from labelled pairs.

Pairs are binned by predicted probability (ten equal-width bins by default); in each bin the
mean prediction is set against the share of pairs that truly match. The expected calibration
error (ECE) is the pair-weighted mean gap: 0.03 means that, on average over pairs, a predicted
p is off the observed match rate by three points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class ReliabilityBin:
    """Pairs whose predicted probability falls in [low, high): how many, their mean prediction
    and the share that truly match."""

    low: float
    high: float
    pairs: int
    predicted: float
    observed: float

    @property
    def gap(self) -> float:
        return abs(self.predicted - self.observed)


@dataclass(frozen=True)
class Reliability:
    """A reliability table (non-empty bins only) and its expected calibration error."""

    bins: tuple[ReliabilityBin, ...]
    ece: float
    pairs: int

    def rows(self) -> list[str]:
        """The table as aligned text lines, header first."""
        lines = [f"{'p bin':>11}  {'pairs':>7}  {'mean p':>7}  {'matches':>7}  {'gap':>6}"]
        for row in self.bins:
            lines.append(
                f"{row.low:4.2f}–{row.high:4.2f}  {row.pairs:7d}  {row.predicted:7.3f}  "
                f"{row.observed:7.3f}  {row.gap:6.3f}"
            )
        lines.append(f"ECE {self.ece:.4f} over {self.pairs} pairs")
        return lines

    def as_dict(self) -> dict[str, object]:
        return {
            "ece": round(self.ece, 5),
            "pairs": self.pairs,
            "bins": [
                [r.low, r.high, r.pairs, round(r.predicted, 4), round(r.observed, 4)]
                for r in self.bins
            ],
        }


def reliability(
    probability: NDArray[np.float64], is_match: NDArray[np.bool_], bins: int = 10
) -> Reliability:
    """The reliability table of predictions `probability` against truth `is_match`."""
    probability = np.asarray(probability, dtype=np.float64)
    is_match = np.asarray(is_match, dtype=bool)
    if probability.shape != is_match.shape:
        raise ValueError(f"{len(probability)} probabilities but {len(is_match)} labels")
    if len(probability) and (np.nanmin(probability) < 0 or np.nanmax(probability) > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.searchsorted(edges, probability, side="right") - 1, 0, bins - 1)
    rows = []
    gap_sum = 0.0
    for b in range(bins):
        inside = index == b
        count = int(inside.sum())
        if not count:
            continue
        predicted = float(probability[inside].mean())
        observed = float(is_match[inside].mean())
        gap_sum += count * abs(predicted - observed)
        rows.append(
            ReliabilityBin(float(edges[b]), float(edges[b + 1]), count, predicted, observed)
        )
    total = len(probability)
    return Reliability(tuple(rows), gap_sum / total if total else 0.0, total)
