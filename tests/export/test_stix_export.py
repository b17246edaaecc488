"""STIX 2.1 exports: validated by OASIS's stix2-validator, and round-tripped through our loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
from export_support import Load, MakeExporter, edges_by_name, nodes_by_name, scalar, wipe
from stix2validator import ValidationOptions, validate_string

from graph_platform.export import OperationScope, Visibility, WholeGraph
from graph_platform.export.scope import Scope
from graph_platform.settings import Settings

OASIS = "stix/oasis_campaign_threat_actor_example.json"
#: Properties compared after a round trip, per node type.
KEYS = {
    "InfluenceOperation": ("aliases", "description", "first_activity", "last_activity"),
    "Organisation": ("aliases", "kind"),
    "Person": (),
    "Technique": ("external_id", "tactics", "description"),
    "Location": ("country_code",),
}


def _errors(document: bytes) -> list[str]:
    """The OASIS validator's errors for a bundle (warnings are advice, not failures)."""
    results = validate_string(document.decode("utf-8"), ValidationOptions(version="2.1"))
    return [str(error) for error in results.errors]


def _export(
    make_exporter: MakeExporter, scope: Scope, target: Path, **kwargs: Any
) -> dict[str, Any]:
    make_exporter(**kwargs).to_path("stix", scope, target)
    document = target.read_bytes()
    assert _errors(document) == []
    bundle: dict[str, Any] = json.loads(document)
    return bundle


def test_whole_graph_of_every_sample_validates_with_no_error(
    load: Load, make_exporter: MakeExporter, shared_data: Path, tmp_path: Path
) -> None:
    load("stix", shared_data / OASIS, shared_data / "stix/disarm_framework.json")
    load("twitter_io_tweets", shared_data / "twitter_io/russia_201901_1_tweets_sample.csv")
    load("meta_cib_takedowns", shared_data / "operations/meta_cib_takedowns.csv")
    load("misp_threat_actors", shared_data / "actors/misp_threat_actor_galaxy.json")
    load("ftm", shared_data / "ftm/donations.ijson")
    bundle = _export(make_exporter, WholeGraph(), tmp_path / "all.json", page_size=500)
    types = {o["type"] for o in bundle["objects"]}
    assert {"campaign", "threat-actor", "intrusion-set", "identity", "attack-pattern"} <= types
    assert {"user-account", "url", "domain-name", "relationship", "location"} <= types
    ids = [o["id"] for o in bundle["objects"]]
    assert len(ids) == len(set(ids))
    refs = {r for o in bundle["objects"] for r in (o.get("source_ref"), o.get("target_ref")) if r}
    assert refs <= set(ids)  # no relationship points outside the bundle


def test_operation_round_trips_through_the_stix_loader(
    load: Load,
    make_exporter: MakeExporter,
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
) -> None:
    load("stix", shared_data / OASIS)
    operation = scalar(
        empty_graph,
        settings,
        "MATCH (o:InfluenceOperation {name: 'Operation Bran Flakes'}) RETURN o.id",
    )
    before = {t: nodes_by_name(empty_graph, settings, t, k) for t, k in KEYS.items()}
    edges_before = edges_by_name(empty_graph, settings)
    bundle = _export(make_exporter, OperationScope(operation), tmp_path / "op.json")
    names = {o.get("name") for o in bundle["objects"]}
    # the operation, what it links to (actors it is attributed to, its target, its technique)
    assert {
        "Operation Bran Flakes",
        "Fake BPP (Branistan Peoples Party)",
        "APT BPP",
        "Branistan Peoples Party",
        "Content Spoofing",
    } <= names
    assert "Operation Raisin Bran" not in names and "HTTP Flood" not in names
    in_scope = {n for n in names if n}
    wipe(empty_graph, settings)
    summary = load("stix", tmp_path / "op.json")
    # The export's meta objects are not graph data: the loader quarantines them by type.
    quarantined = [
        o["type"]
        for o in bundle["objects"]
        if o["type"] == "extension-definition" or o.get("x_graph_platform_role") == "platform"
    ]
    assert (summary.read, summary.quarantined) == (len(bundle["objects"]), len(quarantined))
    for node_type, keys in KEYS.items():
        after = nodes_by_name(empty_graph, settings, node_type, keys)
        assert after == {n: v for n, v in before[node_type].items() if n in in_scope}, node_type
    sources = nodes_by_name(empty_graph, settings, "Source", ("file",))
    assert f"STIX bundle {OASIS.split('/')[1]}" in sources  # the original source, kept
    assert "STIX bundle op.json" in sources  # and the export, as the loader's own source
    in_scope_edges = {e for e in edges_before if e[1] in in_scope and e[2] in in_scope}
    assert edges_by_name(empty_graph, settings) == in_scope_edges
    assert len(in_scope_edges) == 9


def test_sources_are_identities_references_and_markings(
    load: Load,
    make_exporter: MakeExporter,
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
) -> None:
    load("stix", shared_data / OASIS)
    load("twitter_io_tweets", shared_data / "twitter_io/russia_201901_1_tweets_sample.csv")
    empty_graph.execute_query(
        "MATCH (s:Source) WHERE s.title STARTS WITH 'Twitter' SET s.marking = 'AMBER+STRICT'",
        database_=settings.neo4j_database,
    )
    stix_source = scalar(
        empty_graph, settings, "MATCH (s:Source) WHERE s.title STARTS WITH 'STIX' RETURN s.id"
    )
    bundle = _export(make_exporter, WholeGraph(), tmp_path / "all.json")
    objects = {o["id"]: o for o in bundle["objects"]}
    accounts = [o for o in objects.values() if o["type"] == "user-account"]
    campaigns = [o for o in objects.values() if o["type"] == "campaign" and "Bran" in o["name"]]
    assert accounts and len(campaigns) == 2
    red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
    assert objects[red]["definition"] == {"tlp": "red"}  # AMBER+STRICT never widens to AMBER
    assert all(o["object_marking_refs"] == [red] for o in accounts)
    assert all("object_marking_refs" not in o for o in campaigns)
    extension = next(iter(accounts[0]["extensions"].values()))
    assert extension["x_graph_platform_origins"][0].startswith(
        extension["x_graph_platform_sources"][0] + " @ russia_201901_1_tweets_sample.csv#"
    )
    campaign = campaigns[0]
    creator = objects[campaign["created_by_ref"]]
    assert creator["type"] == "identity" and creator["name"].startswith("STIX bundle")
    (reference,) = campaign["external_references"]
    assert reference["external_id"] == stix_source
    assert reference["description"].startswith("oasis_campaign_threat_actor_example.json#")
    relationships = [o for o in objects.values() if o["type"] == "relationship"]
    by_type = {(o["relationship_type"], o["confidence"]) for o in relationships}
    assert ("attributed-to", 70) in by_type and ("part-of", 95) in by_type  # the loaders' values
    # a caller who may see only the STIX bundle's source sees nothing of the tweets
    only = _export(
        make_exporter,
        WholeGraph(),
        tmp_path / "only.json",
        visibility=Visibility(frozenset({stix_source})),
    )
    assert not [o for o in only["objects"] if o["type"] in ("user-account", "marking-definition")]
    assert sorted(o["name"] for o in only["objects"] if o["type"] == "campaign") == [
        "Operation Bran Flakes",
        "Operation Raisin Bran",
    ]
