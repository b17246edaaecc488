"""One entity-resolution run of a kind: read the records and decisions, resolve, write.

The use case behind `graph-platform resolve`: the CLI parses the kind, calls `resolve_kind` and
prints its `KindRun`; progress is reported per stage (read, block, compare, cluster, write).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_platform.errors import InvalidArguments
from graph_platform.resolve.engine import load_settings, resolve
from graph_platform.resolve.graph import ResolutionGraph, WriteSummary
from graph_platform.resolve.resolution import KINDS, Kind, Resolution

Progress = Callable[[str, int, int], None]


def kinds(name: str) -> list[Kind]:
    """The kinds `name` stands for: one kind (any case), or every kind for "all"."""
    if name == "all":
        return list(KINDS)
    for known in KINDS:
        if name.lower() == known.lower():
            return [known]
    raise InvalidArguments(f"unknown kind {name!r}: one of {', '.join(KINDS)} or all")


@dataclass(frozen=True)
class KindRun:
    """What a run of one kind read, found and wrote, and how long it took."""

    kind: Kind
    records: int
    resolution: Resolution
    written: WriteSummary
    seconds: float


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress reports go nowhere."""


def resolve_kind(
    graph: ResolutionGraph, kind: Kind, settings_dir: Path, progress: Progress = _no_progress
) -> KindRun:
    """Resolve every record of `kind` with the settings in `settings_dir`, honouring every
    analyst decision, and write the result in place of the kind's previous run."""
    started = time.perf_counter()
    progress("read", 0, 0)
    records = list(graph.records(kind))
    progress("read", len(records), len(records))
    resolution = resolve(
        records, load_settings(kind, settings_dir), graph.decisions(kind), progress
    )
    progress("write", 0, 1)
    written = graph.write(kind, resolution)
    progress("write", 1, 1)
    return KindRun(kind, len(records), resolution, written, time.perf_counter() - started)
