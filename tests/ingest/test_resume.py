"""Kill a load midway, run it again: it resumes, and nothing is lost or duplicated."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import neo4j

from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import SourceRow
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.graph_stats import graph_stats
from graph_platform.store.records import GraphBatch

COPIES = 15


def _big_sample(shared_data: Path, directory: Path) -> Path:
    """The real sample's 407 good rows, 15 times with fresh tweet ids, then its truncated row."""
    source = shared_data / "twitter_io/russia_201901_1_tweets_sample.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.reader(lines))
    header, good = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    target = directory / "russia_201901_1_tweets_resume.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for copy in range(COPIES):
            for row in good:
                writer.writerow([f"{row[0]}{copy:02d}", *row[1:]])
        handle.write(lines[-1])  # the truncated last line, unchanged
    return target


def _expected(settings: Settings, path: Path) -> dict[str, dict[str, int]]:
    mapping = Mapping.load(
        "twitter_io_tweets", settings.loaders_dir, get_model(settings.ontology_dir)
    )
    batch = GraphBatch()
    for row in mapping.reader.rows(path):
        if isinstance(row, SourceRow):
            mapping.map_row(row, batch)
    nodes = Counter(
        label
        for n in batch.nodes.values()
        for label in get_model(settings.ontology_dir).node(n.type).labels
    )
    edges = Counter(e.label for e in batch.edges.values())
    return {"nodes": dict(nodes), "relationships": dict(edges)}


def _cli(settings: Settings, state: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GP_NEO4J_PORT": str(settings.neo4j_port),
        "GP_NEO4J_HOME": str(settings.local_neo4j_home),
        "GP_STATE_DIR": str(state),
        "GP_BATCH_SIZE": "200",
        "COLUMNS": "200",
    }


def test_killed_load_resumes_without_loss_or_duplicates(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    data = _big_sample(shared_data, tmp_path)
    state = tmp_path / "state"
    checkpoint = state / "checkpoints/twitter_io_tweets" / f"{data.name}.json"
    command = [
        sys.executable,
        "-c",
        "from graph_platform.cli import main; main()",
        "load",
        "twitter_io_tweets",
        str(data),
    ]
    env = _cli(settings, state)
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and first.poll() is None:
        if checkpoint.exists() and json.loads(checkpoint.read_text())["rows"] >= 1000:
            break
        time.sleep(0.05)
    assert first.poll() is None, "the load finished before it could be interrupted"
    first.send_signal(signal.SIGKILL)
    first.wait()
    done = json.loads(checkpoint.read_text())
    assert 1000 <= done["rows"] < COPIES * 407

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    # Not a terminal: one plain line per file, then the totals.
    read, loaded = COPIES * 407 + 1, COPIES * 407
    assert second.stdout.startswith(
        f"{data.name}: read {read:,} = loaded {loaded:,} + quarantined 1 (0.0%), "
        f"resumed at row {done['rows'] + 1}; ok; quarantine "
    )
    assert f"total: read {read:,} = loaded {loaded:,} + quarantined 1;" in second.stdout
    assert not checkpoint.exists()

    assert graph_stats(
        empty_graph, Runtime(settings).queries, settings.neo4j_database
    ) == _expected(settings, data)
    quarantine = state / "quarantine/twitter_io_tweets" / f"{data.name}.jsonl"
    entries = [json.loads(line) for line in quarantine.read_text().splitlines()]
    assert [e["row"] for e in entries] == [COPIES * 407 + 1]
