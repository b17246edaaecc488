"""Runs a loader: read each file, map rows to records, write them in batches, quarantine the rest.

Counts reconcile per file: read = loaded + quarantined. A row is either mapped whole into the
batch or quarantined whole; batches are written in one transaction each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.quarantine import Quarantine
from graph_platform.ingest.readers import BadRow
from graph_platform.ingest.value import ValueProblem
from graph_platform.store.writer import GraphBatch, GraphWriter, WriteCounts


@dataclass
class FileSummary:
    file: str
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    quarantine_file: str | None = None


@dataclass
class LoadSummary:
    loader: str
    files: list[FileSummary] = field(default_factory=list)
    written: WriteCounts = field(default_factory=WriteCounts)
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)


class Loader:
    """Loads files with one mapping; `writer=None` validates and maps without writing (dry run)."""

    def __init__(
        self, mapping: Mapping, writer: GraphWriter | None, quarantine_dir: Path, batch_size: int
    ) -> None:
        self.mapping = mapping
        self.writer = writer
        self.quarantine_dir = quarantine_dir
        self.batch_size = batch_size

    def load(
        self, files: Iterable[Path], progress: Callable[[int], None] | None = None
    ) -> LoadSummary:
        paths = list(files)
        for path in paths:  # fail fast on a missing column before any write
            self.mapping.check_columns(path)
        summary = LoadSummary(self.mapping.name)
        started = time.perf_counter()
        loaded_at = datetime.now(UTC)
        for path in paths:
            summary.files.append(self._load_file(path, loaded_at, summary.written, progress))
        summary.seconds = time.perf_counter() - started
        return summary

    def _load_file(
        self,
        path: Path,
        loaded_at: datetime,
        written: WriteCounts,
        progress: Callable[[int], None] | None,
    ) -> FileSummary:
        result = FileSummary(path.name)
        batch = GraphBatch()
        rows_in_batch = 0
        with Quarantine(self.quarantine_dir, self.mapping.name, path) as quarantine:
            for row in self.mapping.reader.rows(path):
                result.read += 1
                if isinstance(row, BadRow):
                    quarantine.add(row)
                    continue
                staged = GraphBatch()
                try:
                    self.mapping.map_row(row, staged)
                except ValueProblem as problem:
                    quarantine.add(BadRow(row.position, row.raw, str(problem)))
                    continue
                for node in staged.nodes.values():
                    batch.add_node(node)
                for edge in staged.edges.values():
                    batch.add_edge(edge)
                result.loaded += 1
                rows_in_batch += 1
                if rows_in_batch >= self.batch_size:
                    self._flush(batch, loaded_at, written)
                    if progress:
                        progress(rows_in_batch)
                    batch, rows_in_batch = GraphBatch(), 0
            self._flush(batch, loaded_at, written)
            if progress:
                progress(rows_in_batch)
            result.quarantined = quarantine.count
            result.quarantine_file = str(quarantine.path) if quarantine.count else None
        return result

    def _flush(self, batch: GraphBatch, loaded_at: datetime, written: WriteCounts) -> None:
        if self.writer is not None and len(batch):
            written.add(self.writer.write(batch, loaded_at, label=self.mapping.name))
