"""What a synthetic run produces: size, seed, time span and how much planted structure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

TimePrecision = Literal["minute", "second"]


@dataclass(frozen=True)
class SynthConfig:
    """Parameters of one synthetic run; the same config always yields byte-identical files.

    `tweets` and `accounts` are totals over all releases. `coordination` is the share of tweets
    posted inside planted coordinated events. Real archives write `tweet_time` to the minute
    (`minute`); tweet ids are Twitter snowflakes that carry the millisecond either way.
    """

    seed: int = 1
    tweets: int = 10_000
    releases: int = 1
    accounts: int | None = None
    start: date = date(2016, 1, 1)
    days: int = 730
    coordination: float = 0.05
    group_size: tuple[int, int] = (4, 10)
    window_seconds: int = 5
    time_precision: TimePrecision = "minute"
    prefix: str = "synth"

    def __post_init__(self) -> None:
        problems = []
        if self.tweets < 1:
            problems.append("tweets must be at least 1")
        if not 1 <= self.releases <= 50:
            problems.append("releases must be between 1 and 50")
        if self.accounts is not None and self.accounts < 10 * self.releases:
            problems.append("accounts must be at least 10 per release")
        if self.start < date(2011, 1, 1):
            problems.append("start must be 2011-01-01 or later (tweet ids are snowflakes)")
        if self.days < 1:
            problems.append("days must be at least 1")
        if not 0.0 <= self.coordination <= 0.5:
            problems.append("coordination must be between 0 and 0.5")
        low, high = self.group_size
        if not 3 <= low <= high:
            problems.append("group_size must be (low, high) with 3 <= low <= high")
        if not 1 <= self.window_seconds <= 600:
            problems.append("window_seconds must be between 1 and 600")
        if not self.prefix.isidentifier() or "tweets" in self.prefix or "users" in self.prefix:
            problems.append("prefix must be a simple name without 'tweets' or 'users'")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def total_accounts(self) -> int:
        """Accounts over all releases: given, or one per 40 tweets, at least 30 per release."""
        if self.accounts is not None:
            return self.accounts
        return min(max(self.tweets // 40, 30 * self.releases), 50_000 * self.releases)
