"""Loader mappings bind to the ontology before reading, and map the real IO sample correctly."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from graph_platform.errors import DefinitionError, LoadError
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import SourceRow
from graph_platform.model import get_model, node_id
from graph_platform.settings import PROJECT_ROOT
from graph_platform.store.records import GraphBatch

LOADERS = PROJECT_ROOT / "loaders"
MODEL = get_model(PROJECT_ROOT / "ontology")


def _batch(mapping: Mapping, path: Path) -> GraphBatch:
    batch = GraphBatch()
    for row in mapping.reader.rows(path):
        if isinstance(row, SourceRow):
            mapping.map_row(row, batch)
    return batch


def test_tweets_sample_maps_to_the_expected_records(shared_data: Path) -> None:
    mapping = Mapping.load("twitter_io_tweets", LOADERS, MODEL)
    batch = _batch(mapping, shared_data / "twitter_io/russia_201901_1_tweets_sample.csv")
    nodes = Counter(n.type for n in batch.nodes.values())
    edges = Counter(e.label for e in batch.edges.values())
    assert nodes == {
        "Hashtag": 571,
        "Post": 460,
        "Url": 146,
        "Account": 138,
        "Domain": 51,
        "Source": 1,
        "InfluenceOperation": 1,
        "Platform": 1,
    }
    assert edges == {
        "TAGGED": 1024,
        "POSTED": 410,
        "LINKS_TO": 146,
        "ON_DOMAIN": 146,
        "ON_PLATFORM": 86,
        "PART_OF": 86,
        "MENTIONS": 70,
        "QUOTED": 50,
        "RESHARED": 3,
    }
    operation = next(n for n in batch.nodes.values() if n.type == "InfluenceOperation")
    assert operation.props["release_id"] == "russia_201901_1"
    source_id = next(n.id for n in batch.nodes.values() if n.type == "Source")
    assert all(n.sources == [source_id] for n in batch.nodes.values())
    assert all(e.sources == [source_id] for e in batch.edges.values())
    assert {e.confidence for e in batch.edges.values() if e.label == "PART_OF"} == {0.95}


def test_dry_run_reconciles_and_quarantines_the_truncated_row(
    shared_data: Path, tmp_path: Path
) -> None:
    mapping = Mapping.load("twitter_io_tweets", LOADERS, MODEL)
    sample = shared_data / "twitter_io/russia_201901_1_tweets_sample.csv"
    summary = Loader(mapping, None, tmp_path, batch_size=100).load([sample])
    assert (summary.read, summary.loaded, summary.quarantined) == (408, 407, 1)
    lines = (tmp_path / "twitter_io_tweets" / f"{sample.name}.jsonl").read_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["row"] == 408 and entry["file"] == sample.name
    assert entry["reason"] == "expected 31 columns, found 13 (truncated or malformed row)"
    assert entry["raw"].startswith('"929990851115212800"')


def test_ids_are_deterministic_and_typed() -> None:
    assert node_id("Account", "twitter", ["42"]) == node_id("Account", "twitter", ["42"])
    assert node_id("Account", "twitter", ["42"]) != node_id("Post", "twitter", ["42"])
    assert node_id("Account", "twitter", ["42"]).startswith("account:")


def _loader_dir(tmp_path: Path, body: str) -> Path:
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    return tmp_path


BASE = """
description: test
source: {kind: csv}
provenance: src
entities:
  src:
    type: Source
    namespace: test
    keys: [{literal: test}]
    properties: {title: {literal: test}}
"""


def test_mapping_errors_name_file_and_key(tmp_path: Path) -> None:
    body = (
        BASE
        + """
  person:
    type: Persn
    namespace: test
    keys: [name]
  account:
    type: Account
    namespace: test
    keys: [handle]
    properties:
      handel: handle
      platform: {literal: x, transform: shout}
relationships:
  - {type: POSTD, source: account, target: src}
  - {type: PART_OF, source: account, target: src}
"""
    )
    with pytest.raises(DefinitionError) as caught:
        Mapping.load("bad", _loader_dir(tmp_path, body), MODEL)
    found = {(p.file, p.key) for p in caught.value.problems}
    assert found == {
        ("bad.yaml", "entities.person.type"),
        ("bad.yaml", "entities.account.properties.handel"),
        ("bad.yaml", "entities.account.properties.platform.transform"),
        ("bad.yaml", "relationships.0.type"),
        ("bad.yaml", "relationships.1.target"),
    }, str(caught.value)
    assert "did you mean 'Person'" in str(caught.value)


def test_misspelt_mapping_key_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match=r"bad.yaml: provenence"):
        Mapping.load("bad", _loader_dir(tmp_path, BASE.replace("provenance", "provenence")), MODEL)


def test_unknown_loader_and_missing_column(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="did you mean 'twitter_io_tweets'"):
        Mapping.load("twitter_io_tweet", LOADERS, MODEL)
    body = BASE + "  account:\n    type: Account\n    namespace: t\n    keys: [handle]\n"
    mapping = Mapping.load("bad", _loader_dir(tmp_path, body), MODEL)
    data = tmp_path / "data.csv"
    data.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"entities.account.keys.0: column .handle. not in"):
        mapping.check_columns(data)


def test_bad_values_go_to_quarantine(tmp_path: Path) -> None:
    body = (
        BASE
        + """
  account:
    type: Account
    namespace: t
    keys: [handle]
    properties:
      platform: {literal: x}
      followers: followers
      created_at: created
"""
    )
    mapping = Mapping.load("bad", _loader_dir(tmp_path, body), MODEL)
    data = tmp_path / "data.csv"
    data.write_text(
        "\ufeffhandle,followers,created\na,10,2020-01-02\nb,many,2020-01-02\n"
        "c,3,yesterday\n,4,2020-01-01\n",
        encoding="utf-8",
    )
    summary = Loader(mapping, None, tmp_path / "q", 10).load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (4, 1, 3)
    entries = [
        json.loads(line) for line in (tmp_path / "q/bad/data.csv.jsonl").read_text().splitlines()
    ]
    reasons = {e["row"]: e["reason"] for e in entries}
    assert reasons[2] == (
        "entities.account.properties.followers (column followers): 'many' is not an integer"
    )
    assert reasons[3].startswith(
        "entities.account.properties.created_at (column created): 'yesterday' is not a date/time"
    )
    assert reasons[4] == "entity account: no value for its keys"
