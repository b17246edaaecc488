"""STIX 2.1 exports: validated by OASIS's stix2-validator, and round-tripped through our loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
from stix2validator import ValidationOptions, validate_string

from graph_platform.export import OperationScope, Visibility, WholeGraph
from graph_platform.settings import Settings
from export_support import Load, MakeExporter, edges_by_name, nodes_by_name

OASIS = "stix/oasis_campaign_threat_actor_example.json"


def _validate(document: bytes) -> tuple[list[str], list[str]]:
    """Errors and warnings of the OASIS validator for a bundle."""
    results = validate_string(document.decode("utf-8"), ValidationOptions(version="2.1"))
    errors = [str(e) for e in results.errors]
    warnings = [str(w) for w in results.warnings]
    return errors, warnings


def _campaign_id(driver: neo4j.Driver, settings: Settings, name: str) -> str:
    records, _, _ = driver.execute_query(
        "MATCH (o:InfluenceOperation {name: $name}) RETURN o.id AS id",
        name=name,
        database_=settings.neo4j_database,
    )
    return str(records[0]["id"])


def _export(make_exporter: MakeExporter, scope: Any, target: Path, **kwargs: Any) -> bytes:
    exporter = make_exporter(**kwargs)
    exporter.to_path("stix", scope, target)
    return target.read_bytes()


def test_whole_graph_of_every_sample_validates_with_no_error(
    load: Load, make_exporter: MakeExporter, shared_data: Path, tmp_path: Path
) -> None:
    load("stix", shared_data / OASIS, shared_data / "stix/disarm_framework.json")
    load("twitter_io_releases", shared_data / "operations/twitter_io_releases.csv")
    load("twitter_io_tweets", shared_data / "twitter_io/russia_201901_1_tweets_sample.csv")
    load("ftm", shared_data / "ftm/donations.ijson")
    document = _export(make_exporter, WholeGraph(), tmp_path / "all.json")
    errors, _ = _validate(document)
    assert errors == []
    bundle = json.loads(document)
    types = {o["type"] for o in bundle["objects"]}
    assert {"campaign", "threat-actor", "intrusion-set", "identity", "attack-pattern"} <= types
    assert {"user-account", "url", "domain-name", "relationship", "location"} <= types
