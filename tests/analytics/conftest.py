"""Fixtures of the coordination tests: small synthetic co-sharing loaded into the test graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from graph_platform.analytics.run import CoordinationRunner
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.synth.coshare import CoShareConfig, CoShareData, generate_coshares

#: A run small enough for Neo4j in a test: 4 planted groups (one per kind) in 300 accounts.
SMALL = CoShareConfig(
    seed=7,
    messages=3000,
    accounts=300,
    originals=400,
    days=4,
    groups=4,
    group_size=(4, 6),
    events=(6, 8),
    member_organic=3.0,
    burst_accounts=80,
    burst_minutes=10,
)


@pytest.fixture(scope="session")
def small_coshares() -> CoShareData:
    return generate_coshares(SMALL)


@pytest.fixture
def load_tweets(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> Callable[[Path], int]:
    """Loads a Twitter IO tweets file into the emptied test graph; returns rows loaded."""

    def load(path: Path) -> int:
        runtime = Runtime(settings)
        mapping = Mapping.load("twitter_io_tweets", settings.loaders_dir, runtime.model)
        writer = runtime.writer(empty_graph)
        summary = Loader(mapping, writer, tmp_path / "quarantine", batch_size=500).load([path])
        return summary.loaded

    return load


@pytest.fixture
def runner(empty_graph: neo4j.Driver, settings: Settings) -> CoordinationRunner:
    runtime = Runtime(settings)
    writer = runtime.writer(empty_graph)
    return CoordinationRunner(empty_graph, runtime.database, runtime.queries, writer)
