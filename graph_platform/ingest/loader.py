"""Runs a loader: read each file, map rows to records, write them in batches, quarantine the rest.

Counts reconcile per file: read = loaded + quarantined. A row is either mapped whole into the
batch or quarantined whole. A batch is written nodes first, then edges (GraphWriter.write), and
the checkpoint moves only once all of it is committed: an interrupted batch is written again,
which changes nothing it had already written.

A relationship is only written between nodes that exist, so a row whose relationships end at
nodes it does not make itself (a STIX relationship, an FtM payment between parties, a child row
before its parent) waits: at each batch's commit it joins the batch if every such end is made by
the batch's other rows or is in the graph already (as rows of earlier batches are), and else
waits on for later rows of the file to make them. It is quarantined whole, naming the missing
ends, when the file ends without them, or when more than `WAITING_BATCHES` batches' worth of rows
wait (the oldest first; this bounds memory). Waiting rows join a batch after the rows that needed
no check. The checkpoint lists the rows still waiting, and a resumed load reads them again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_platform.errors import ValueProblem
from graph_platform.ingest.checkpoint import Checkpoint, fingerprint
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.quarantine import Quarantine
from graph_platform.ingest.readers import BadRow, SourceRow
from graph_platform.store.records import GraphBatch, WriteCounts
from graph_platform.store.writer import GraphWriter

#: Rows may wait for their relationship ends for this many batches' worth of rows at most.
WAITING_BATCHES = 10


@dataclass
class _Waiting:
    """A mapped row whose relationships end at nodes outside the row (`ends`); `number` is its
    row number in the file (as checkpoints count)."""

    number: int
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
        still_waiting = set(mark.waiting)
        with Quarantine(
            self.quarantine_dir, loader, path, mark.quarantine_bytes, mark.quarantined
        ) as quarantine:
            for number, row in enumerate(self.mapping.reader.rows(path), start=1):
                if number <= mark.rows:
                    # Counted as read by the interrupted run; a row that was waiting waits again.
                    if number in still_waiting and self._stage(
                        number, row, batch, waiting, quarantine
                    ):
                        result.loaded += 1
                    continue
                result.read += 1
                pending += 1
                if self._stage(number, row, batch, waiting, quarantine):
                    result.loaded += 1
                if pending >= self.batch_size:
                    waiting = self._commit(
                        batch, waiting, loaded_at, written, path, result, quarantine
                    )
                    if progress:
                        progress(pending)
                    batch, pending = GraphBatch(), 0
            self._commit(batch, waiting, loaded_at, written, path, result, quarantine, last=True)
            if progress:
                progress(pending)
            result.quarantined = quarantine.count
            result.quarantine_file = str(quarantine.path) if quarantine.count else None
        if self.checkpoint_dir is not None:
            Checkpoint.clear(self.checkpoint_dir, loader, path)
        return result

    def _stage(
        self,
        number: int,
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
            waiting.append(_Waiting(number, row, staged, ends))
            return False
        _join(staged, batch)
        return True

    def _admit(
        self, batch: GraphBatch, waiting: list[_Waiting], quarantine: Quarantine, last: bool
    ) -> tuple[int, list[_Waiting]]:
        """Join the waiting rows whose ends exist to `batch`; the number joined, and the rows
        that wait on. Quarantined instead: at the file's `last` commit every row still waiting,
        else the oldest beyond the limit. A dry run has no graph to look in: every row joins."""
        if self.writer is None:
            for item in waiting:
                _join(item.staged, batch)
            return len(waiting), []
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
        limit = 0 if last else self.batch_size * WAITING_BATCHES
        overflow = max(0, len(waiting) - limit)
        where = (
            "neither made by this file nor in the graph"
            if last
            else f"still missing when over {limit:,} rows waited (the limit), and not in the graph"
        )
        for item in waiting[:overflow]:
            missing = "; ".join(
                sorted(
                    f"{edge.label} {edge.source_id} -> {edge.target_id}"
                    for edge in item.staged.edges.values()
                    if not all(
                        end in known or end in item.staged.nodes
                        for end in (edge.source_id, edge.target_id)
                    )
                )
            )
            reason = (
                f"relationship to a node {where} (load its source first, then this file again): "
                f"{missing}"
            )
            quarantine.add(BadRow(item.row.position, item.row.raw, reason))
        waiting = waiting[overflow:]
        return joined, waiting

    def _commit(
        self,
        batch: GraphBatch,
        waiting: list[_Waiting],
        loaded_at: datetime,
        written: WriteCounts,
        path: Path,
        result: FileSummary,
        quarantine: Quarantine,
        last: bool = False,
    ) -> list[_Waiting]:
        """Join or quarantine the waiting rows, write the batch, then record how far the file
        is committed and which rows wait on (returned)."""
        if waiting:
            joined, waiting = self._admit(batch, waiting, quarantine, last)
            result.loaded += joined
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
                waiting=[item.number for item in waiting],
            )
            mark.save(self.checkpoint_dir, self.mapping.name, path)
        return waiting


def _join(staged: GraphBatch, batch: GraphBatch) -> None:
    """Add one row's records to the batch."""
    for node in staged.nodes.values():
        batch.add_node(node)
    for edge in staged.edges.values():
        batch.add_edge(edge)
