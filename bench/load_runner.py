"""Child process of the ingest benchmark: one real load, timed batch by batch.

    python bench/load_runner.py PORT HOME LOADER OUT.json FILE…

Loads FILEs into the local Neo4j at PORT/HOME the way `graph-platform load` does (the real
`Loader` and `GraphWriter`, batch size and timeout from settings, checkpoints in a fresh
directory) and writes OUT.json: after each batch the seconds since the start, the rows read so
far and this process's resident memory; then the load summary and the peak RSS the process saw.
It runs as a child so that the parent can read its peak memory from the kernel.
"""

from __future__ import annotations

import json
import logging
import resource
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

from graph_platform.ingest.loader import FileSummary, Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.records import GraphBatch, WriteCounts

_PAGE_KB = resource.getpagesize() // 1024


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE_KB


def main(port: str, home: str, loader: str, out: str, *files: str) -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # "no _claims yet" warnings
    settings = Settings(neo4j_port=int(port), neo4j_home=Path(home))
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load(loader, settings.loaders_dir, model)
    work = Path(out).parent
    checkpoints = work / "checkpoints"
    shutil.rmtree(checkpoints, ignore_errors=True)
    marks: list[tuple[float, int, int]] = []
    rows = 0
    runtime = Runtime(settings)
    with runtime.driver() as driver:
        writer = runtime.writer(driver)
        write = writer.write
        write_seconds = 0.0

        def timed_write(batch: GraphBatch, loaded_at: datetime, label: str = "load") -> WriteCounts:
            nonlocal write_seconds
            began = time.perf_counter()
            try:
                return write(batch, loaded_at, label)
            finally:
                write_seconds += time.perf_counter() - began

        writer.write = timed_write  # type: ignore[method-assign]  # the same writer, timed
        runner = Loader(mapping, writer, work / "quarantine", settings.batch_size, checkpoints)
        started = time.perf_counter()

        class Marks:
            """The loader's progress (ingest.loader.LoadProgress): time, rows and RSS marks."""

            def file_started(self, file: str, total: int | None) -> None:
                pass

            def advanced(self, read: int) -> None:
                nonlocal rows
                rows += read
                marks.append((time.perf_counter() - started, rows, _rss_kb()))

            def file_done(self, summary: FileSummary) -> None:
                pass

        summary = runner.load([Path(f) for f in files], Marks())
    result = {
        "batch_size": settings.batch_size,
        "marks": marks,
        "read": summary.read,
        "loaded": summary.loaded,
        "quarantined": summary.quarantined,
        "seconds": summary.seconds,
        "write_seconds": write_seconds,
        "nodes_created": summary.written.nodes_created,
        "relationships_created": summary.written.relationships_created,
        "nodes_written": summary.written.nodes_written,
        "relationships_written": summary.written.relationships_written,
        "self_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    Path(out).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
