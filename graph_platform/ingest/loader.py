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

Each file is surveyed first (read once, see Mapping.survey): its row count gives progress a
total, and its id census tells the columns a spreadsheet rounded. The summary groups the
quarantine reasons and the values set aside (with counts and one example each), and, for a
mapping with an `attribution_check`, names the operations the graph has no actor for (recorded
as `actor_status: unknown`). Whether a file's result is acceptable (it loaded something, and not
too large a share was quarantined) is `FileSummary.problem`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from graph_platform.errors import ValueProblem
from graph_platform.ingest.checkpoint import Checkpoint, fingerprint
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.quarantine import Quarantine
from graph_platform.ingest.readers import BadRow, SourceRow
from graph_platform.ingest.reasons import ReasonGroups
from graph_platform.ingest.rounding import IdCensus
from graph_platform.ingest.row_mapper import RowResult
from graph_platform.store.records import GraphBatch, WriteCounts
from graph_platform.store.writer import GraphWriter

#: Rows may wait for their relationship ends for this many batches' worth of rows at most.
WAITING_BATCHES = 10


class LoadProgress(Protocol):
    """What a front end is told while files load."""

    def file_started(self, file: str, rows: int | None) -> None:
        """A file starts; `rows` is its row count when known."""

    def advanced(self, rows: int) -> None:
        """`rows` more rows of the current file are done."""

    def file_done(self, summary: FileSummary) -> None:
        """The current file is loaded."""


@dataclass
class _Waiting:
    """A mapped row whose relationships end at nodes outside the row (`ends`); `number` is its
    row number in the file (as checkpoints count)."""

    number: int
    row: SourceRow
    staged: GraphBatch
    ends: set[str]
    result: RowResult


@dataclass
class FileSummary:
    file: str
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    quarantine_file: str | None = None
    resumed_from: int = 0  # rows a previous, interrupted run had committed
    #: Quarantine reasons and values set aside (see reasons.py), in rows of this file.
    reasons: ReasonGroups = field(default_factory=ReasonGroups)
    set_aside: ReasonGroups = field(default_factory=ReasonGroups)

    def problem(self, max_quarantined: float) -> str | None:
        """Why this file's load is a failure, or None: it loaded no row, or it quarantined
        more than the share `max_quarantined` (0–1) of the rows read."""
        if self.loaded == 0:
            return "loaded nothing" + (" (no rows)" if self.read == 0 else "")
        share = self.quarantined / self.read if self.read else 0.0
        if share > max_quarantined:
            return f"quarantined {share:.1%} of its rows (limit {max_quarantined:.1%})"
        return None


@dataclass
class LoadSummary:
    loader: str
    files: list[FileSummary] = field(default_factory=list)
    written: WriteCounts = field(default_factory=WriteCounts)
    seconds: float = 0.0
    #: Operations without an actor in the graph after the load (attribution_check).
    actor_unknown: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    def failures(self, max_quarantined: float) -> list[tuple[FileSummary, str]]:
        """The files whose load failed (see FileSummary.problem), with why."""
        found = [(f, f.problem(max_quarantined)) for f in self.files]
        return [(f, problem) for f, problem in found if problem is not None]


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

    def load(self, files: Iterable[Path], progress: LoadProgress | None = None) -> LoadSummary:
        """Load `files` in order, telling `progress` how far it got."""
        paths = list(files)
        for path in paths:  # fail fast on a missing column before any write
            self.mapping.check_columns(path)
        summary = LoadSummary(self.mapping.name)
        started = time.perf_counter()
        loaded_at = datetime.now(UTC)
        checked: set[str] = set()
        for path in paths:
            done = self._load_file(path, loaded_at, summary.written, progress, checked)
            summary.files.append(done)
            if progress is not None:
                progress.file_done(done)
        summary.actor_unknown = self._check_attribution(checked)
        summary.seconds = time.perf_counter() - started
        return summary

    def _check_attribution(self, ids: set[str]) -> list[str]:
        """Record each checked operation's actor_status; those without an actor, described."""
        check = self.mapping.spec.attribution_check
        if check is None or self.writer is None or not ids:
            return []
        records = self.writer.write_query("ingest.actor_status", ids=sorted(ids))
        lacks = (
            "the index names no actor for it"
            if check.index == self.mapping.name
            else f"it is not in the index (loader {check.index}) and no source attributes it"
        )
        return [
            f"{r['name'] or r['id']}: {lacks}; recorded as actor_status: unknown" for r in records
        ]

    def _load_file(
        self,
        path: Path,
        loaded_at: datetime,
        written: WriteCounts,
        progress: LoadProgress | None,
        checked: set[str],
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
            set_aside=ReasonGroups.from_rows(mark.set_aside),
        )
        survey = None
        if self.mapping.census_sources or progress is not None:
            survey = self.mapping.survey(path)
        if progress is not None:
            progress.file_started(path.name, survey.rows if survey else None)
            if mark.rows:
                progress.advanced(mark.rows)
        file = _File(path, result, survey.census if survey else None, checked)
        batch, waiting, pending = GraphBatch(), list[_Waiting](), 0
        still_waiting = set(mark.waiting)
        with Quarantine(
            self.quarantine_dir, loader, path, mark.quarantine_bytes, mark.quarantined
        ) as quarantine:
            for number, row in enumerate(self.mapping.reader.rows(path), start=1):
                if number <= mark.rows:
                    # Counted as read by the interrupted run; a row that was waiting waits again.
                    if number in still_waiting and self._stage(
                        number, row, batch, waiting, quarantine, file
                    ):
                        result.loaded += 1
                    continue
                result.read += 1
                pending += 1
                if self._stage(number, row, batch, waiting, quarantine, file):
                    result.loaded += 1
                if pending >= self.batch_size:
                    waiting = self._commit(batch, waiting, loaded_at, written, file, quarantine)
                    if progress is not None:
                        progress.advanced(pending)
                    batch, pending = GraphBatch(), 0
            self._commit(batch, waiting, loaded_at, written, file, quarantine, last=True)
            if progress is not None:
                progress.advanced(pending)
            result.quarantined = quarantine.count
            result.reasons = quarantine.groups
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
        file: _File,
    ) -> bool:
        """Map one row into `batch` (True), or quarantine it, or let it wait for the commit when
        its relationships end outside it (False for both)."""
        if isinstance(row, BadRow):
            quarantine.add(row)
            return False
        staged = GraphBatch()
        try:
            mapped = self.mapping.map_row(row, staged, file.census)
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
            waiting.append(_Waiting(number, row, staged, ends, mapped))
            return False
        file.joined(row, mapped)
        _join(staged, batch)
        return True

    def _admit(
        self,
        batch: GraphBatch,
        waiting: list[_Waiting],
        quarantine: Quarantine,
        file: _File,
        last: bool,
    ) -> tuple[int, list[_Waiting]]:
        """Join the waiting rows whose ends exist to `batch`; the number joined, and the rows
        that wait on. Quarantined instead: at the file's `last` commit every row still waiting,
        else the oldest beyond the limit. A dry run has no graph to look in: every row joins."""
        if self.writer is None:
            for item in waiting:
                file.joined(item.row, item.result)
                _join(item.staged, batch)
            return len(waiting), []
        outside = {end for item in waiting for end in item.ends} - batch.nodes.keys()
        known = self.writer.existing_ids(outside) | batch.nodes.keys()
        joined, progressed = 0, True
        while waiting and progressed:  # a waiting row may end at nodes another one makes
            progressed, still = False, []
            for item in waiting:
                if item.ends <= known:
                    file.joined(item.row, item.result)
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
        file: _File,
        quarantine: Quarantine,
        last: bool = False,
    ) -> list[_Waiting]:
        """Join or quarantine the waiting rows, write the batch, then record how far the file
        is committed and which rows wait on (returned)."""
        path, result = file.path, file.summary
        if waiting:
            joined, waiting = self._admit(batch, waiting, quarantine, file, last)
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
                set_aside=result.set_aside.rows(),
            )
            mark.save(self.checkpoint_dir, self.mapping.name, path)
        return waiting


@dataclass
class _File:
    """The file being loaded: its summary, its id census, and the checked operations' ids."""

    path: Path
    summary: FileSummary
    census: IdCensus | None
    checked: set[str]

    def joined(self, row: SourceRow, mapped: RowResult) -> None:
        """A row joined a batch: count what it set aside, note its checked operations."""
        where = f"{row.position.file} row {row.position.row} (line {row.position.line})"
        for aside in mapped.set_aside:
            column = f" (column {aside.column})" if aside.column else ""
            self.summary.set_aside.add(f"{aside.key}{column}: {aside.reason}", where)
        self.checked.update(mapped.checked)


def _join(staged: GraphBatch, batch: GraphBatch) -> None:
    """Add one row's records to the batch."""
    for node in staged.nodes.values():
        batch.add_node(node)
    for edge in staged.edges.values():
        batch.add_edge(edge)
