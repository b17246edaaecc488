"""The synthetic graph bench/api.py measures on: the project's generator (`graph-platform synth`)
loaded with the shipped loaders into a Neo4j of its own, kept between runs.

Default size: 1,000,000 tweets by 100,000 accounts in two releases, which gives super-nodes by
itself (the platform every account is on, an operation of 50,000 accounts, hashtags with tens of
thousands of posts). A marker file in the Neo4j home records the configuration loaded, so a
second run reuses the graph instead of loading it again (about 20 minutes on a 2-core machine).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

from graph_platform.ingest.loader import FileSummary, Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.local_neo4j import LocalNeo4j
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.schema import apply_schema
from graph_platform.synth import SynthConfig, generate

DATA = PROJECT_ROOT / ".graph_platform" / "bench-data"


def bench_settings(port: int, home: Path) -> Settings:
    return Settings(neo4j_port=port, neo4j_home=home, neo4j_heap="2g", neo4j_pagecache="2g")


def ensure_graph(settings: Settings, config: SynthConfig) -> dict[str, object]:
    """Start the bench Neo4j and make sure it holds `config`'s graph; what was done, timed."""
    server = LocalNeo4j(settings)
    marker = server.home / "bench_api_graph.json"
    # as JSON reads it back (a tuple in the configuration is a list in the marker)
    wanted = json.loads(json.dumps({**asdict(config), "start": config.start.isoformat()}))
    server.start()
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return {"reused": True}
    runtime = Runtime(settings)
    directory = DATA / f"api-{config.seed}-{config.tweets}-{config.total_accounts}"
    began = time.perf_counter()
    if not (directory / f"{config.prefix}_ground_truth.json").is_file():
        shutil.rmtree(directory, ignore_errors=True)
        generate(config, directory)
    generated = time.perf_counter() - began
    with runtime.driver() as driver:
        with driver.session(database=runtime.database) as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
        apply_schema(driver, runtime.model, runtime.database)
        loaded: dict[str, int] = {}
        for loader, pattern in (
            ("twitter_io_users", "*users*.csv"),
            ("twitter_io_tweets", "*tweets*.csv"),
        ):
            files = sorted(directory.glob(pattern))
            mapping = Mapping.load(loader, settings.loaders_dir, runtime.model)
            summary = Loader(
                mapping, runtime.writer(driver), directory / "quarantine", settings.batch_size
            ).load(files, _Printed(loader))
            loaded[loader] = summary.loaded
        with driver.session(database=runtime.database) as session:
            session.run("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()").consume()
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return {
        "reused": False,
        "generate_seconds": round(generated, 1),
        "load_seconds": round(time.perf_counter() - began - generated, 1),
        "loaded_rows": loaded,
    }


_done: dict[str, int] = {}


class _Printed:
    """The loader's progress (ingest.loader.LoadProgress), printed as rows done per loader."""

    def __init__(self, loader: str) -> None:
        self.loader = loader

    def file_started(self, file: str, rows: int | None) -> None:
        pass

    def advanced(self, rows: int) -> None:
        _progress(self.loader, rows)

    def file_done(self, summary: FileSummary) -> None:
        pass


def _progress(loader: str, rows: int) -> None:
    _done[loader] = _done.get(loader, 0) + rows
    if _done[loader] % 100_000 < rows:
        print(f"  {loader}: {_done[loader]:,} rows", file=sys.stderr, flush=True)
