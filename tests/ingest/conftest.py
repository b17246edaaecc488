"""Fixtures of the ingest tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.writer import GraphWriter

#: `load_files(quarantine_dir, loader, *files, batch_size=50, node_transactions=2)`.
LoadFiles = Callable[..., LoadSummary]


@pytest.fixture
def load_files(empty_graph: neo4j.Driver, settings: Settings) -> LoadFiles:
    """Loads files into the (emptied) test graph with a shipped loader."""

    def load(
        quarantine: Path,
        loader: str,
        *files: Path,
        batch_size: int = 50,
        node_transactions: int = 2,
    ) -> LoadSummary:
        model = get_model(settings.ontology_dir)
        mapping = Mapping.load(loader, settings.loaders_dir, model)
        writer = GraphWriter(
            empty_graph,
            model,
            Runtime(settings).queries,
            settings.neo4j_database,
            node_transactions=node_transactions,
        )
        return Loader(mapping, writer, quarantine, batch_size=batch_size).load(files)

    return load
