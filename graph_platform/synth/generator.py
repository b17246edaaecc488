"""Writes a synthetic run: per release a users and a tweets file, the release index, ground truth.

File names follow Twitter's (`<release>_users_csv_hashed.csv`, `<release>_tweets_csv_hashed.csv`)
so the loaders derive the release from them. Rows are streamed to disk as they are generated;
memory holds the accounts and the planted events, never the tweets.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_platform.synth.account import USER_COLUMNS
from graph_platform.synth.config import SynthConfig
from graph_platform.synth.index import INDEX_COLUMNS, index_row
from graph_platform.synth.plan import plan_run
from graph_platform.synth.timeline import TWEET_COLUMNS, Timeline
from graph_platform.synth.truth import ground_truth, write_ground_truth


@dataclass(frozen=True)
class ReleaseFiles:
    release: str
    users_file: Path
    tweets_file: Path
    accounts: int
    tweets: int


@dataclass
class SynthResult:
    """What a run wrote, and how long it took."""

    releases: list[ReleaseFiles] = field(default_factory=list)
    index_file: Path | None = None
    truth_file: Path | None = None
    seconds: float = 0.0

    @property
    def tweets_files(self) -> list[Path]:
        return [r.tweets_file for r in self.releases]

    @property
    def users_files(self) -> list[Path]:
        return [r.users_file for r in self.releases]


def _archive_writer(handle: Any) -> Any:
    """CSV as Twitter wrote the archives: every field quoted, `\\n` line ends, UTF-8, no BOM."""
    return csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")


def generate(
    config: SynthConfig, out_dir: Path, progress: Callable[[int], None] | None = None
) -> SynthResult:
    """Write the run described by `config` into `out_dir`; `progress(n)` after every n tweets."""
    started = time.perf_counter()
    plan = plan_run(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = SynthResult()
    index_rows = []
    for release in plan.releases:
        users_file = out_dir / f"{release.release}_users_csv_hashed.csv"
        tweets_file = out_dir / f"{release.release}_tweets_csv_hashed.csv"
        with users_file.open("w", encoding="utf-8", newline="") as handle:
            writer = _archive_writer(handle)
            writer.writerow(USER_COLUMNS)
            writer.writerows(a.user_row() for a in release.accounts)
        timeline = Timeline(release, config, plan.mint, plan.external)
        with tweets_file.open("w", encoding="utf-8", newline="") as handle:
            writer = _archive_writer(handle)
            writer.writerow(TWEET_COLUMNS)
            written = 0
            for row in timeline.rows():
                writer.writerow(row)
                written += 1
                if progress and written % 10_000 == 0:
                    progress(10_000)
            if progress and written % 10_000:
                progress(written % 10_000)
        result.releases.append(
            ReleaseFiles(release.release, users_file, tweets_file, len(release.accounts), written)
        )
        index_rows.append(index_row(release, timeline.stats, users_file, tweets_file))
    result.index_file = out_dir / f"{config.prefix}_releases.csv"
    with result.index_file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(INDEX_COLUMNS)
        writer.writerows(index_rows)
    files = [
        {"release": r.release, "users_file": r.users_file.name, "tweets_file": r.tweets_file.name,
         "accounts": r.accounts, "tweets": r.tweets}
        for r in result.releases
    ]  # fmt: skip
    document = ground_truth(plan, files)
    document["index_file"] = result.index_file.name
    result.truth_file = out_dir / f"{config.prefix}_ground_truth.json"
    write_ground_truth(document, result.truth_file)
    result.seconds = time.perf_counter() - started
    return result
