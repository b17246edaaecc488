"""Real files as analysts bring them (issue 17): the FiveThirtyEight excerpt re-saved by a
spreadsheet, an attribution tracker with mixed actor kinds and multi-value cells, an author list
whose ids a spreadsheet rounded, and a takedown release the index lacks."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import SourceRow
from graph_platform.model import get_model, node_id
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.records import GraphBatch

FIXTURES = PROJECT_ROOT / "tests/fixtures"
LOADERS = PROJECT_ROOT / "loaders"
MODEL = get_model(PROJECT_ROOT / "ontology")
EXCERPT = FIXTURES / "troll_tweets_538_excerpt.csv"
EXCEL = FIXTURES / "troll_tweets_538_excel.csv"
TRACKER = FIXTURES / "attribution_tracker.csv"
TWEETS = "twitter_io/russia_201901_1_tweets_sample.csv"
RELEASES = "operations/twitter_io_releases.csv"
LoadFiles = Callable[..., LoadSummary]


def _mapped(mapping: Mapping, path: Path) -> GraphBatch:
    """Every row of `path` mapped as a load maps it (with the file's id census)."""
    census = mapping.survey(path).census
    batch = GraphBatch()
    for row in mapping.reader.rows(path):
        if isinstance(row, SourceRow):
            mapping.map_row(row, batch, census)
    return batch


def _query(driver: neo4j.Driver, settings: Settings, cypher: str, **params: Any) -> list[Any]:
    records, _, _ = driver.execute_query(cypher, params, database_=settings.neo4j_database)
    return [dict(r) for r in records]


# -- the FiveThirtyEight excerpt as a spreadsheet saves it ------------------------------------


def test_excel_saved_538_maps_to_the_records_of_the_published_file() -> None:
    mapping = Mapping.load("troll_tweets_538", LOADERS, MODEL)
    published, excel = _mapped(mapping, EXCERPT), _mapped(mapping, EXCEL)

    def content(batch: GraphBatch) -> dict[str, tuple[str, dict[str, Any]]]:
        # The dataset Source names the file it was loaded from: that alone differs.
        return {
            n.id: (n.type, {k: v for k, v in n.props.items() if k != "file"})
            for n in batch.nodes.values()
        }

    assert content(excel) == content(published)
    assert excel.edges.keys() == published.edges.keys()
    rows = list(csv.DictReader(EXCERPT.open(encoding="utf-8", newline="")))
    posts = {n.props["platform_id"] for n in excel.nodes.values() if n.type == "Post"}
    assert posts >= {r["tweet_id"] for r in rows} and len(rows) == 11


def test_excel_saved_538_loads_with_its_true_ids(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path, load_files: LoadFiles
) -> None:
    summary = load_files(tmp_path, "troll_tweets_538", EXCEL)
    assert (summary.read, summary.loaded, summary.quarantined) == (11, 11, 0)
    assert not summary.files[0].set_aside  # every id recovered from article_url
    found = _query(
        empty_graph,
        settings,
        "MATCH (a:Account {handle_key: '10_gop'})-[:POSTED]->(p:Post) "
        "RETURN a.platform_id AS uid, a.id_set_aside AS aside, "
        "collect(p.platform_id) AS tids, toString(min(p.created_at)) AS first",
    )
    rows = list(csv.DictReader(EXCERPT.open(encoding="utf-8", newline="")))
    assert found[0]["uid"] == "905874659358453760" and found[0]["aside"] is None
    assert sorted(found[0]["tids"]) == sorted(r["tweet_id"] for r in rows)
    assert found[0]["first"] == "2017-10-01T02:13:00Z"  # 10/1/17 2:13 read as 2017, not 0017


# -- an attribution tracker: type, namespace, confidence and reliability per row ---------------


def test_tracker_rows_choose_type_confidence_and_source_reliability(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    mapping = Mapping.load("attribution_tracker", FIXTURES, MODEL)
    writer = Runtime(settings).writer(empty_graph)
    summary = Loader(mapping, writer, tmp_path / "q", 5).load([TRACKER])
    assert (summary.read, summary.loaded, summary.quarantined) == (13, 13, 0)
    typed = {
        r["name"]: r["labels"]
        for r in _query(
            empty_graph,
            settings,
            "MATCH (n) WHERE n:Location OR n:LegalEntity RETURN n.name AS name, "
            "[l IN labels(n) WHERE l IN ['Location', 'Person', 'Organisation']] AS labels",
        )
    }
    # A state is a Location only (never also an Organisation), a person a Person.
    assert typed["Russia"] == ["Location"]
    assert typed["Belarus"] == ["Location"]
    assert typed["Yevgeny Prigozhin"] == ["Person"]
    assert typed["Internet Research Agency"] == ["Organisation"]
    assert typed["Myanmar military"] == ["Organisation"]
    assert "unspecified" not in typed and "individuals" not in typed  # sentinels make no actor
    # States are the `country` namespace's nodes every loader shares.
    russia = _query(empty_graph, settings, "MATCH (l:Location {name: 'Russia'}) RETURN l.id AS id")
    assert russia == [{"id": node_id("Location", "country", ["RU"])}]
    edges = _query(
        empty_graph,
        settings,
        "MATCH (o:InfluenceOperation)-[r:ATTRIBUTED_TO]->(a) "
        "RETURN o.name AS case, a.name AS actor, r.confidence AS confidence",
    )

    def confidence(case: str, actor: str) -> float:
        (found,) = [e for e in edges if e["case"].startswith(case) and e["actor"] == actor]
        return float(found["confidence"])

    assert confidence("Meta CIB takedown 10/30/2019", "Yevgeny Prigozhin") == 0.9  # Direct
    assert confidence("Meta CIB takedown 10/30/2019", "Russia") == 0.6  # Proxy
    assert confidence("MISP threat actor Ghostwriter", "Belarus") == 0.4  # Suspected
    assert confidence("Meta CIB takedown 04/01/2019", "Pakistan") == 0.5  # the nation behind
    reliability = {
        r["publisher"]: r["grades"]
        for r in _query(
            empty_graph,
            settings,
            "MATCH (s:Source) RETURN s.publisher AS publisher, collect(DISTINCT s.reliability) "
            "AS grades",
        )
    }
    assert reliability == {
        "Meta": ["B"],
        "Twitter": ["B"],
        "CFR Cyber Operations Tracker (via the MISP galaxy)": ["C"],
    }
    counts = _query(
        empty_graph,
        settings,
        "MATCH (o:InfluenceOperation {name: 'Meta CIB takedown 10/30/2019: Russia -> "
        "Madagascar, Central African Republic, Mozambique, Democratic Republic of the Congo, "
        "Ivory Coast, Cameroon'}) "
        "RETURN COUNT { (o)-[:PROMOTES]->() } AS topics, "
        "[(o)-[:ACTIVE_ON]->(p) | p.name] AS platforms, toString(o.first_seen) AS seen",
    )
    assert counts[0]["topics"] == 5  # "Russia, Africa, Elections, France, USA" split on ","
    assert sorted(counts[0]["platforms"]) == ["facebook", "instagram"]
    assert counts[0]["seen"] == "2019-10-30T00:00:00Z"
    twitter = _query(
        empty_graph,
        settings,
        "MATCH (o:InfluenceOperation {name: 'Twitter IO release iran_201906_1'}) "
        "RETURN toString(o.first_seen) AS seen",
    )
    assert twitter == [{"seen": "2019-06-01T00:00:00Z"}]  # the second format, %Y_%m


# -- an author list whose ids a spreadsheet rounded --------------------------------------------

AUTHORS = FIXTURES / "author_list_excel.csv"


def test_rounded_ids_are_set_aside_with_their_reason_and_true_ids_kept(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    mapping = Mapping.load("author_list", FIXTURES, MODEL)
    summary = Loader(mapping, Runtime(settings).writer(empty_graph), tmp_path / "q", 100).load(
        [AUTHORS]
    )
    assert (summary.read, summary.loaded, summary.quarantined) == (7, 7, 0)
    aside = summary.files[0].set_aside
    assert aside.total == 5  # one per row: the key and platform_id read the same column
    groups = {g.group: g.count for g in aside.top()}
    assert sum(c for g, c in groups.items() if "scientific notation" in g) == 2
    assert sum(c for g, c in groups.items() if "its last N are zeros" in g) == 3
    accounts = {
        r["handle"]: r
        for r in _query(
            empty_graph,
            settings,
            "MATCH (a:Account) RETURN a.handle AS handle, a.id AS id, a.platform_id AS pid, "
            "a.id_set_aside AS aside",
        )
    }
    # Five different accounts, none carrying the rounded value as its id or platform id ...
    for handle in ("Inside_Syria", "CathyTo47590555", "nedryun", "CNN"):
        assert accounts[handle]["pid"] is None
        assert accounts[handle]["id"].startswith("account:")
    assert "scientific notation" in accounts["Inside_Syria"]["aside"]
    assert "3 rows share this value" in accounts["nedryun"]["aside"]
    # ... while the true ids are kept: 10_GOP's, and SamInfidel's on its second row.
    assert accounts["10_GOP"]["pid"] == "905874659358453760"
    total = _query(empty_graph, settings, "MATCH (a:Account) RETURN count(a) AS n")
    assert total == [{"n": 7}]  # one node per row: no two rows share an id
    sam = _query(
        empty_graph,
        settings,
        "MATCH (a:Account) WHERE a.handle = 'SamInfidel' RETURN a.platform_id AS pid ORDER BY pid",
    )
    assert sam == [{"pid": "845488340686139392"}, {"pid": None}]


def test_a_true_id_column_keeps_its_few_zero_ending_ids(shared_data: Path) -> None:
    mapping = Mapping.load("twitter_io_tweets", LOADERS, MODEL)
    census = mapping.survey(shared_data / TWEETS).census
    verdict = census.verdict("tweetid")
    # 407 readable rows (the last one is truncated), 3 of their ids end in 000.
    assert (verdict.long_ids, verdict.zero_ending, verdict.rounded) == (407, 3, False)
    assert census.reason("tweetid", "686968185514496000") is None  # a real id ending in 000
    assert census.reason("tweetid", "6.87E+17") is not None  # never an id, whatever the column


# -- a release the index lacks --------------------------------------------------------------


def test_a_release_missing_from_the_index_is_recorded_as_actor_unknown(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: LoadFiles,
) -> None:
    lines = (shared_data / TWEETS).read_text(encoding="utf-8").splitlines(keepends=True)
    newer = tmp_path / "iran_202012_1_tweets_csv_hashed.csv"  # not among the index's 28
    newer.write_text("".join(lines[:21]), encoding="utf-8")
    load_files(tmp_path / "q", "twitter_io_releases", shared_data / RELEASES)
    summary = load_files(tmp_path / "q", "twitter_io_tweets", newer, shared_data / TWEETS)
    assert summary.actor_unknown == [
        "Twitter IO release iran_202012_1: it is not in the index (loader twitter_io_releases) "
        "and no source attributes it; recorded as actor_status: unknown"
    ]
    status = {
        r["release"]: r["status"]
        for r in _query(
            empty_graph,
            settings,
            "MATCH (o:InfluenceOperation) WHERE o.release_id IS NOT NULL "
            "RETURN o.release_id AS release, o.actor_status AS status",
        )
    }
    assert status["iran_202012_1"] == "unknown"
    assert status["russia_201901_1"] == "attributed"
    assert Counter(status.values())["unknown"] == 1
    # The index gains the release: loading it again records the actor.
    with (shared_data / RELEASES).open(encoding="utf-8-sig", newline="") as handle:
        index = list(csv.DictReader(handle))
    row = next(r for r in index if r["users_filename"].startswith("iran_201906_1_users"))
    newer_index = tmp_path / "twitter_io_releases.csv"
    with newer_index.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(index[0]))
        writer.writeheader()
        writer.writerows([*index, {**row, "users_filename": "iran_202012_1_users_csv_hashed.csv"}])
    again = load_files(tmp_path / "q", "twitter_io_releases", newer_index)
    assert again.actor_unknown == []
    after = _query(
        empty_graph,
        settings,
        "MATCH (o:InfluenceOperation {release_id: 'iran_202012_1'})-[:ATTRIBUTED_TO]->(a) "
        "RETURN o.actor_status AS status, collect(a.name) AS actors",
    )
    assert after[0]["status"] == "attributed"
    assert sorted(after[0]["actors"]) == ["Iran", "Iranian government"]


@pytest.mark.parametrize("loader", ["twitter_io_tweets", "twitter_io_users", "troll_tweets_538"])
def test_shipped_twitter_loaders_key_accounts_by_handle_when_the_id_is_set_aside(
    loader: str,
) -> None:
    mapping = Mapping.load(loader, LOADERS, MODEL)
    account = mapping.spec.entities["account"]
    assert account.fallback is not None and account.fallback.namespace == "twitter-handle"
