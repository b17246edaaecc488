"""Fixtures of the export tests: real sample files loaded with the shipped loaders, an
exporter over the test graph, and the formats' own readers and validators."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from export_support import Load, MakeExporter

from graph_platform.export import Exporter, Visibility, load_mappings
from graph_platform.export.mapping import FormatMapping
from graph_platform.export.scope_reader import EDGE_CHUNK
from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import Model, get_model
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.writer import GraphWriter


@pytest.fixture(scope="session")
def model(settings: Settings) -> Model:
    return get_model(settings.ontology_dir)


@pytest.fixture(scope="session")
def mappings(settings: Settings, model: Model) -> dict[str, FormatMapping]:
    return load_mappings(settings.exports_dir, model)


@pytest.fixture(scope="session")
def registry(settings: Settings) -> QueryRegistry:
    return QueryRegistry.load(settings.queries_dir, settings.query_timeout)


@pytest.fixture
def load(
    empty_graph: neo4j.Driver,
    settings: Settings,
    model: Model,
    registry: QueryRegistry,
    tmp_path: Path,
) -> Load:
    """Loads files with a shipped loader into the test graph, emptied once for the test."""

    def run(loader: str, *files: Path) -> LoadSummary:
        mapping = Mapping.load(loader, settings.loaders_dir, model)
        writer = GraphWriter(empty_graph, model, registry, settings.neo4j_database)
        return Loader(mapping, writer, tmp_path / "quarantine", batch_size=50).load(files)

    return run


@pytest.fixture
def make_exporter(
    empty_graph: neo4j.Driver,
    settings: Settings,
    model: Model,
    registry: QueryRegistry,
    mappings: dict[str, FormatMapping],
) -> MakeExporter:
    """Exporters over the test graph; small pages, so that paging is exercised."""

    def make(
        visibility: Visibility | None = None, page_size: int = 7, edge_chunk: int = EDGE_CHUNK
    ) -> Exporter:
        return Exporter(
            empty_graph,
            registry,
            model,
            mappings,
            settings.neo4j_database,
            page_size,
            visibility or Visibility(),
            edge_chunk,
        )

    return make
