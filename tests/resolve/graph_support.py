"""Helpers for the graph-side resolution tests: the real FtM donations in Neo4j, Resolutions
built by hand from their records, and whole-graph snapshots.

The Resolutions are hand-built on purpose: these tests check how a Resolution is stored,
reviewed and undone, not how the engine finds it. Their features are real comparisons of the
records' fields (rapidfuzz on the names, equality of countries), not made-up numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import neo4j
from rapidfuzz import fuzz

from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.resolve.graph import ResolutionGraph
from graph_platform.resolve.resolution import Cluster, Feature, Kind, Record, ScoredPair
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.writer import GraphWriter

DONATIONS = "ftm/donations.ijson"


def load_donations(
    driver: neo4j.Driver, settings: Settings, shared_data: Path, quarantine: Path
) -> None:
    """The 474 FtM entities of German party donations (95 persons/organisations) in the graph."""
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load("ftm", settings.loaders_dir, model)
    writer = GraphWriter(driver, model, Runtime(settings).queries, settings.neo4j_database)
    summary = Loader(mapping, writer, quarantine, batch_size=200).load([shared_data / DONATIONS])
    assert summary.loaded == 474


def resolution_graph(driver: neo4j.Driver, settings: Settings) -> ResolutionGraph:
    return ResolutionGraph(
        driver, settings.neo4j_database, QueryRegistry.load(settings.queries_dir), batch_size=7
    )


def by_name(graph: ResolutionGraph, kind: Kind) -> dict[str, Record]:
    """The records of `kind`, by their name (names are unique among the donation parties)."""
    records = {str(r.fields["name"]): r for r in graph.records(kind)}
    return records


def scored(left: Record, right: Record) -> ScoredPair:
    """A pair scored from the two records' real fields: name similarity and country."""
    similarity = fuzz.token_set_ratio(str(left.fields["name"]), str(right.fields["name"])) / 100
    level = "exact" if similarity == 1 else "≥ 0.85" if similarity >= 0.85 else "< 0.85"
    name = Feature("name", level, round(12 * similarity - 6, 3))
    same_country = left.fields.get("country") == right.fields.get("country")
    country = Feature(
        "country", "same" if same_country else "different", 1.5 if same_country else -2
    )
    weight = name.weight + country.weight
    probability = round(2**weight / (1 + 2**weight), 6)
    return ScoredPair(left.id, right.id, probability, (name, country))


def cluster(*records: Record) -> Cluster:
    """A cluster of `records` held together by a chain of scored links."""
    links = tuple(scored(a, b) for a, b in itertools.pairwise(records))
    return Cluster(tuple(r.id for r in records), links)


def snapshot(driver: neo4j.Driver, settings: Settings) -> dict[str, Any]:
    """The whole graph: every node (labels + properties) and relationship (type, ends by id,
    properties), as comparable, order-free collections."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
        database_=settings.neo4j_database,
    )
    edges, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props",
        database_=settings.neo4j_database,
    )
    return {
        "nodes": sorted((_frozen(sorted(r["labels"]), r["props"]) for r in nodes), key=repr),
        "edges": sorted(
            (_frozen([r["type"], r["a"], r["b"]], r["props"]) for r in edges), key=repr
        ),
    }


def without(state: dict[str, Any], node_ids: Iterable[str]) -> dict[str, Any]:
    """`state` without the nodes `node_ids` and the edges touching them."""
    ids = set(node_ids)
    return {
        "nodes": [n for n in state["nodes"] if _id(n) not in ids],
        "edges": [e for e in state["edges"] if not {e[0][1], e[0][2]} & ids],
    }


def _id(node: tuple[Any, ...]) -> Any:
    return dict(node[1]).get("id")


def _frozen(head: list[Any], props: dict[str, Any]) -> tuple[Any, ...]:
    items = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items()))
    return (tuple(head), items)
