"""Runs a loader: read each file, map rows to records, write them in batches, quarantine the rest.

Counts reconcile per file: read = loaded + quarantined. A row is either mapped whole into the
batch or quarantined whole. A batch is written nodes first, then edges (GraphWriter.write), and
the checkpoint moves only once all of it is committed: an interrupted batch is written again,
which changes nothing it had already written.

A relationship is only written between nodes that exist, so a row whose relationships end at
nodes it does not make itself (a STIX relationship, an FtM payment between parties) waits for its
batch's commit: it joins the batch if every such end is made by the batch's other rows or is in
the graph already (as rows of earlier batches are), and is quarantined whole, naming the missing
ends, if not. Waiting rows join the batch after the rows that needed no check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_platform.ingest.checkpoint import Checkpoint, fingerprint
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.quarantine import Quarantine
from graph_platform.ingest.readers import BadRow, SourceRow
from graph_platform.ingest.value import ValueProblem
from graph_platform.store.writer import GraphBatch, GraphWriter, WriteCounts


@dataclass
class _Waiting:
    """A mapped row whose relationships end at nodes outside the row (`ends`)."""

    row: SourceRow
    staged: GraphBatch
    ends: set[str]


@dataclass
class FileSummary:
    file: str
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    quarantine_file: str | None = None
    resumed_from: int = 0  # rows a previous, interrupted run had committed


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
    """Loads files with one mapping; `writer=None` validates and maps without writing (dry run).

    With `checkpoint_dir`, progress is saved after every committed batch and an interrupted load
    of the same file resumes where it stopped (see checkpoint.py).
    """

    def __init__(
        self,
        mapping: Mapping,
        writer: GraphWriter | None,
        quarantine_dir: Path,
        batch_size: int,
        checkpoint_dir: Path | None = None,
    ) -> None:
        self.mapping = mapping
        self.writer = writer
        self.quarantine_dir = quarantine_dir
        self.batch_size = batch_size
        self.checkpoint_dir = checkpoint_dir if writer is not None else None

    def load(
        self, files: Iterable[Path], progress: Callable[[int], None] | None = None
    ) -> LoadSummary:
        """Load `files` in order; `progress(rows)` is called with the rows read since last call."""
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
        loader = self.mapping.name
        mark = Checkpoint(path.name, "")
        if self.checkpoint_dir is not None:
            mark = Checkpoint.resume(self.checkpoint_dir, loader, path)
        result = FileSummary(
            path.name,
            read=mark.rows,
            loaded=mark.loaded,
            quarantined=mark.quarantined,
            resumed_from=mark.rows,
        )
        batch, waiting, pending = GraphBatch(), list[_Waiting](), 0
        with Quarantine(
            self.quarantine_dir, loader, path, mark.quarantine_bytes, mark.quarantined
        ) as quarantine:
            for number, row in enumerate(self.mapping.reader.rows(path), start=1):
                if number <= mark.rows:
                    continue
                result.read += 1
                pending += 1
                if self._stage(row, batch, waiting, quarantine):
                    result.loaded += 1
                if pending >= self.batch_size:
                    self._commit(batch, waiting, loaded_at, written, path, result, quarantine)
                    if progress:
                        progress(pending)
                    batch, waiting, pending = GraphBatch(), [], 0
            self._commit(batch, waiting, loaded_at, written, path, result, quarantine)
            if progress:
                progress(pending)
            result.quarantined = quarantine.count
            result.quarantine_file = str(quarantine.path) if quarantine.count else None
        if self.checkpoint_dir is not None:
            Checkpoint.clear(self.checkpoint_dir, loader, path)
        return result

    def _stage(
        self,
        row: SourceRow | BadRow,
        batch: GraphBatch,
        waiting: list[_Waiting],
        quarantine: Quarantine,
    ) -> bool:
        """Map one row into `batch` (True), or quarantine it, or let it wait for the commit when
        its relationships end outside it (False for both)."""
        if isinstance(row, BadRow):
            quarantine.add(row)
            return False
        staged = GraphBatch()
        try:
            self.mapping.map_row(row, staged)
        except ValueProblem as problem:
            quarantine.add(BadRow(row.position, row.raw, str(problem)))
            return False
        ends = {
            end
            for edge in staged.edges.values()
            for end in (edge.source_id, edge.target_id)
            if end not in staged.nodes
        }
        if ends:
            waiting.append(_Waiting(row, staged, ends))
            return False
        _join(staged, batch)
        return True

    def _admit(self, batch: GraphBatch, waiting: list[_Waiting], quarantine: Quarantine) -> int:
        """Join the waiting rows whose ends exist to `batch` and quarantine the others; the
        number joined. A dry run has no graph to look in: every waiting row joins."""
        if self.writer is None:
            for item in waiting:
                _join(item.staged, batch)
            return len(waiting)
        outside = {end for item in waiting for end in item.ends} - batch.nodes.keys()
        known = self.writer.existing_ids(outside) | batch.nodes.keys()
        joined, progressed = 0, True
        while waiting and progressed:  # a waiting row may end at nodes another one makes
            progressed, still = False, []
            for item in waiting:
                if item.ends <= known:
                    _join(item.staged, batch)
                    known.update(item.staged.nodes)
                    joined, progressed = joined + 1, True
                else:
                    still.append(item)
            waiting = still
        for item in waiting:
            missing = "; ".join(
                sorted(
                    f"{edge.label} {edge.source_id} -> {edge.target_id}"
                    for edge in item.staged.edges.values()
                    if not {edge.source_id, edge.target_id} <= known | item.staged.nodes.keys()
                )
            )
            reason = (
                "relationship to a node that is neither made by this load so far nor in the "
                f"graph (load its source first, then this file again): {missing}"
            )
            quarantine.add(BadRow(item.row.position, item.row.raw, reason))
        return joined

    def _commit(
        self,
        batch: GraphBatch,
        waiting: list[_Waiting],
        loaded_at: datetime,
        written: WriteCounts,
        path: Path,
        result: FileSummary,
        quarantine: Quarantine,
    ) -> None:
        """Join or quarantine the waiting rows, write the batch, then record how far the file
        is committed."""
        if waiting:
            result.loaded += self._admit(batch, waiting, quarantine)
        if self.writer is not None and len(batch):
            written.add(self.writer.write(batch, loaded_at, label=self.mapping.name))
        if self.checkpoint_dir is not None:
            mark = Checkpoint(
                path.name,
                fingerprint(path),
                rows=result.read,
                loaded=result.loaded,
                quarantined=quarantine.count,
                quarantine_bytes=quarantine.flush(),
            )
            mark.save(self.checkpoint_dir, self.mapping.name, path)


def _join(staged: GraphBatch, batch: GraphBatch) -> None:
    """Add one row's records to the batch."""
    for node in staged.nodes.values():
        batch.add_node(node)
    for edge in staged.edges.values():
        batch.add_edge(edge)
