"""NLP test fixtures: a wiped graph; the real sample loaded plus a few known entities."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import neo4j
import pytest

from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model, node_id
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.records import GraphBatch, NodeRecord
from graph_platform.store.writer import GraphWriter

TWEETS = "twitter_io/russia_201901_1_tweets_sample.csv"
RELEASES = "operations/twitter_io_releases.csv"
SEED_SOURCE = node_id("Source", "test", ["nlp seed entities"])

#: Known entities added to the sample: (type, key, name, aliases).
SEEDS: list[tuple[str, str, str, list[str]]] = [
    ("Location", "syria", "Syria", []),
    ("Person", "assad", "Bashar al-Assad", ["Assad", "Bashar Assad"]),
    ("Person", "hillary", "Hillary Clinton", ["Hillary Rodham Clinton"]),
    ("Person", "bill", "Bill Clinton", []),
    ("Person", "trump", "Donald J. Trump", []),
    ("Organisation", "fbi", "Federal Bureau of Investigation", ["FBI"]),
    ("Location", "washington_dc", "Washington, D.C.", ["Washington"]),
    ("Location", "washington_state", "Washington State", ["Washington"]),
]


def seed_id(key: str) -> str:
    """The id of the seeded entity `key`."""
    kind = next(seed[0] for seed in SEEDS if seed[1] == key)
    return node_id(kind, "test", [key])


def load_sample(driver: neo4j.Driver, settings: Settings, data: Path, quarantine: Path) -> None:
    """The release index and the tweets sample, loaded with the real loaders."""
    model = get_model(settings.ontology_dir)
    writer = GraphWriter(driver, model, Runtime(settings).queries, settings.neo4j_database)
    for loader, file in (("twitter_io_releases", RELEASES), ("twitter_io_tweets", TWEETS)):
        mapping = Mapping.load(loader, settings.loaders_dir, model)
        Loader(mapping, writer, quarantine, batch_size=500).load([data / file])


def seed_entities(driver: neo4j.Driver, settings: Settings) -> None:
    """SEEDS written through GraphWriter, asserted by a test Source."""
    batch = GraphBatch()
    batch.add_node(NodeRecord("Source", SEED_SOURCE, {"title": "NLP test seeds"}, [SEED_SOURCE]))
    for kind, key, name, aliases in SEEDS:
        props: dict[str, object] = {"name": name}
        if aliases:
            props["aliases"] = aliases
        batch.add_node(NodeRecord(kind, seed_id(key), props, [SEED_SOURCE]))
    writer = GraphWriter(
        driver, get_model(settings.ontology_dir), Runtime(settings).queries, settings.neo4j_database
    )
    writer.write(batch, datetime.now(UTC))


@pytest.fixture
def seed_ids() -> dict[str, str]:
    """Ids of the SEEDS by key, and of their Source as "source"."""
    return {"source": SEED_SOURCE, **{key: seed_id(key) for _, key, _, _ in SEEDS}}


@pytest.fixture
def sample_graph(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> neo4j.Driver:
    """The real sample (releases index + tweets) loaded, plus SEEDS."""
    load_sample(empty_graph, settings, shared_data, tmp_path)
    seed_entities(empty_graph, settings)
    return empty_graph
