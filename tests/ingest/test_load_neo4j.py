"""Loading the real IO samples into the real Neo4j: counts, idempotence, provenance, attribution."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import neo4j

from graph_platform.ingest.loader import LoadSummary
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.graph_stats import graph_stats

EXPECTED_NODES = {
    "Entity": 1447,
    "Hashtag": 571,
    "Post": 460,
    "Url": 146,
    "Account": 138,
    "Domain": 51,
    "Source": 28,
    "InfluenceOperation": 28,
    "Location": 15,
    "Organisation": 9,
    "LegalEntity": 9,
    "Platform": 1,
}
EXPECTED_EDGES = {
    "TAGGED": 1024,
    "POSTED": 410,
    "LINKS_TO": 146,
    "ON_DOMAIN": 146,
    "ON_PLATFORM": 86,
    "PART_OF": 86,
    "MENTIONS": 70,
    "QUOTED": 50,
    "ATTRIBUTED_TO": 47,
    "RESHARED": 3,
}


def _load_sample(
    load_files: Callable[..., LoadSummary], data: Path, tmp_path: Path, node_transactions: int = 2
) -> tuple[LoadSummary, LoadSummary]:
    return (
        load_files(
            tmp_path,
            "twitter_io_releases",
            data / "operations/twitter_io_releases.csv",
            batch_size=100,
            node_transactions=node_transactions,
        ),
        load_files(
            tmp_path,
            "twitter_io_tweets",
            data / "twitter_io/russia_201901_1_tweets_sample.csv",
            batch_size=100,
            node_transactions=node_transactions,
        ),
    )


def _graph(driver: neo4j.Driver, settings: Settings) -> dict[object, object]:
    """Every node and relationship with its labels/type and properties, but not `loaded_at`."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN n.id AS key, labels(n) AS kind, properties(n) AS props",
        database_=settings.neo4j_database,
    )
    edges, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN [type(r), a.id, b.id] AS key, null AS kind, "
        "properties(r) AS props",
        database_=settings.neo4j_database,
    )
    return {
        repr(r["key"]): (
            sorted(r["kind"] or []),
            {k: v for k, v in r["props"].items() if k != "loaded_at"},
        )
        for r in [*nodes, *edges]
    }


def test_sample_loads_with_exact_counts_and_twice_changes_nothing(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    releases, tweets = _load_sample(load_files, shared_data, tmp_path)
    assert (releases.read, releases.loaded, releases.quarantined) == (28, 28, 0)
    assert (tweets.read, tweets.loaded, tweets.quarantined) == (408, 407, 1)
    first = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert first == {"nodes": first["nodes"], "relationships": first["relationships"]}
    assert first["nodes"] == EXPECTED_NODES
    assert first["relationships"] == EXPECTED_EDGES
    assert tweets.written.nodes_created + releases.written.nodes_created == 1447

    again = _load_sample(load_files, shared_data, tmp_path)
    assert graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database) == first
    assert sum(s.written.nodes_created + s.written.relationships_created for s in again) == 0
    assert again[1].quarantined == 1


def test_nodes_written_in_one_or_several_concurrent_transactions_make_the_same_graph(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    _load_sample(load_files, shared_data, tmp_path, node_transactions=1)
    one = _graph(empty_graph, settings)
    empty_graph.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
    _load_sample(load_files, shared_data, tmp_path, node_transactions=3)
    assert _graph(empty_graph, settings) == one
    assert len(one) == 1447 + sum(EXPECTED_EDGES.values())


def test_every_node_and_edge_records_its_source(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    _load_sample(load_files, shared_data, tmp_path)
    records, _, _ = empty_graph.execute_query(
        "MATCH (n) WHERE size(coalesce(n.sources, [])) = 0 OR n.loaded_at IS NULL "
        "RETURN count(n) AS bare",
        database_=settings.neo4j_database,
    )
    assert records[0]["bare"] == 0
    records, _, _ = empty_graph.execute_query(
        "MATCH ()-[r]->() WHERE size(coalesce(r.sources, [])) = 0 OR r.confidence IS NULL "
        "RETURN count(r) AS bare",
        database_=settings.neo4j_database,
    )
    assert records[0]["bare"] == 0
    records, _, _ = empty_graph.execute_query(
        "MATCH (n) UNWIND n.sources AS sid OPTIONAL MATCH (s:Source {id: sid}) "
        "RETURN count(*) AS refs, count(s) AS resolved",
        database_=settings.neo4j_database,
    )
    assert records[0]["refs"] == records[0]["resolved"] >= 1447
    # Each source says where it stated the record: one origin per source, naming file and row.
    for pattern in ("(x)", "()-[x]->()"):
        records, _, _ = empty_graph.execute_query(
            f"MATCH {pattern} WHERE size(coalesce(x.origins, [])) <> size(x.sources) "
            "OR any(o IN x.origins WHERE NOT o CONTAINS ' @ ') RETURN count(x) AS bare",
            database_=settings.neo4j_database,
        )
        assert records[0]["bare"] == 0, pattern
    records, _, _ = empty_graph.execute_query(
        "MATCH (a:Account)-[posted:POSTED]->(p:Post {platform_id: $tweet}) "
        "RETURN p.origins AS post, posted.origins AS edge, p.sources AS sources",
        tweet="894109669869985793",  # the sample's first row
        database_=settings.neo4j_database,
    )
    where = "russia_201901_1_tweets_sample.csv#1"
    assert records[0]["post"] == [f"{records[0]['sources'][0]} @ {where}"]
    assert records[0]["edge"] == records[0]["post"]


def test_account_is_part_of_the_release_operation_attributed_to_the_ira(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    _load_sample(load_files, shared_data, tmp_path)
    records, _, _ = empty_graph.execute_query(
        "MATCH (a:Account {platform: 'twitter', handle_key: 'inside_syria'})"
        "-[p:PART_OF]->(o:InfluenceOperation)-[t:ATTRIBUTED_TO]->(actor:Organisation) "
        "MATCH (src:Source) WHERE src.id IN p.sources "
        "RETURN a.handle AS handle, a.id_hashed AS hashed, a.followers AS followers, "
        "o.release_id AS release, p.confidence AS pc, p.first_seen < p.last_seen AS span, "
        "actor.name AS actor, t.confidence AS tc, src.title AS source",
        database_=settings.neo4j_database,
    )
    assert [dict(r) for r in records] == [
        {
            "handle": "Inside_Syria",
            "hashed": False,
            "followers": 19816,
            "release": "russia_201901_1",
            "pc": 0.95,
            "span": True,
            "actor": "Internet Research Agency",
            "tc": 0.8,
            "source": "Twitter information operations release russia_201901_1",
        }
    ]
    records, _, _ = empty_graph.execute_query(
        "MATCH (a:Account) RETURN a.id_hashed AS hashed, count(*) AS n ORDER BY hashed",
        database_=settings.neo4j_database,
    )
    counts = {r["hashed"]: r["n"] for r in records}
    assert counts[True] > 0 and counts[False] > 0 and sum(counts.values()) == 138


def test_writer_keeps_the_widest_seen_window(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    _load_sample(load_files, shared_data, tmp_path)
    records, _, _ = empty_graph.execute_query(
        "MATCH (a:Account)-[:POSTED]->(p:Post) WHERE p.created_at IS NOT NULL "
        "WITH a, min(p.created_at) AS first, max(p.created_at) AS last "
        "RETURN count(*) AS accounts, "
        "sum(CASE WHEN a.first_seen = first AND a.last_seen = last THEN 1 ELSE 0 END) AS exact",
        database_=settings.neo4j_database,
    )
    assert records[0]["accounts"] == records[0]["exact"] == 86
