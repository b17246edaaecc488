"""The IO users file and FiveThirtyEight's troll tweets, in the real Neo4j."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers.troll_tweets import UnrecoverableId, checked_id
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.graph_stats import graph_stats

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
TROLLS = FIXTURES / "troll_tweets_538_excerpt.csv"
USERS = FIXTURES / "russia_201901_1_users_csv_hashed.csv"


def test_users_file_gives_accounts_that_tweets_then_enrich(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    users = load_files(tmp_path, "twitter_io_users", USERS)
    assert (users.read, users.loaded, users.quarantined) == (86, 86, 0)
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["nodes"] == {
        "Entity": 95,
        "Account": 86,
        "Url": 5,
        "Source": 1,
        "InfluenceOperation": 1,
        "Platform": 1,
        "Domain": 1,
    }
    assert stats["relationships"] == {
        "ON_PLATFORM": 86,
        "PART_OF": 86,
        "LINKS_TO": 5,
        "ON_DOMAIN": 5,
    }
    tweets = load_files(
        tmp_path,
        "twitter_io_tweets",
        shared_data / "twitter_io/russia_201901_1_tweets_sample.csv",
    )
    assert tweets.written.nodes_merged > 86  # the same accounts, operation, source, platform
    after = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert after["nodes"]["Account"] == 138  # 86 members + 52 mentioned/reshared/replied-to
    assert after["relationships"]["PART_OF"] == 86


def test_troll_tweets_excerpt_links_to_the_ira(
    empty_graph: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    summary = load_files(tmp_path, "troll_tweets_538", TROLLS)
    assert (summary.read, summary.loaded, summary.quarantined) == (11, 11, 0)
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["relationships"] == {
        "POSTED": 11,
        "LINKS_TO": 8,
        "ON_DOMAIN": 8,
        "MENTIONS": 5,
        "ATTRIBUTED_TO": 2,
        "TAGGED": 2,
        "ON_PLATFORM": 1,
        "PART_OF": 1,
    }
    mentioned, _, _ = empty_graph.execute_query(
        "MATCH (:Post)-[:MENTIONS]->(a:Account) RETURN a.handle AS handle ORDER BY handle",
        database_=settings.neo4j_database,
    )
    handles = [r["handle"] for r in mentioned]
    assert handles == ["CNN", "CNN", "CarmenYulinCruz", "SenatorMenendez", "nedryun"]
    records, _, _ = empty_graph.execute_query(
        "MATCH (a:Account {handle_key: '10_gop'})-[:POSTED]->(p:Post) "
        "WITH a, p ORDER BY p.created_at LIMIT 1 "
        "MATCH (a)-[:PART_OF]->(:InfluenceOperation)-[:ATTRIBUTED_TO]->(o:Organisation) "
        "RETURN a.platform_id AS uid, a.category AS category, p.platform_id AS tid, "
        "p.language AS lang, toString(p.created_at) AS at, o.name AS actor",
        database_=settings.neo4j_database,
    )
    assert dict(records[0]) == {
        "uid": "905874659358453760",
        "category": "RightTroll",
        "tid": "914312219952861184",
        "lang": "en",
        "at": "2017-10-01T02:13:00Z",
        "actor": "Internet Research Agency",
    }


def test_mangled_ids_are_recovered_set_aside_or_quarantined(tmp_path: Path) -> None:
    rows = list(csv.DictReader(TROLLS.open(encoding="utf-8", newline="")))
    rows[0]["tweet_id"] = "9.15E+17"  # recoverable from article_url
    rows[1]["tweet_id"] = "9.15E+17"
    rows[1]["article_url"] = ""  # not recoverable: set aside, the post keyed by its fallback
    rows[2]["tweet_id"] = "914623490375979000"  # float-rounded digits, URL has the real id
    rows[3]["tweet_id"] = "914639143690555393"  # a clean id that disagrees with the URL
    data = tmp_path / "IRAhandle_tweets_mangled.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:5])
    mapping = Mapping.load(
        "troll_tweets_538", PROJECT_ROOT / "loaders", get_model(PROJECT_ROOT / "ontology")
    )
    summary = Loader(mapping, None, tmp_path / "q", 10).load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (5, 4, 1)
    lines = (tmp_path / "q/troll_tweets_538" / f"{data.name}.jsonl").read_text().splitlines()
    reasons = {json.loads(line)["row"]: json.loads(line)["reason"] for line in lines}
    assert reasons == {
        4: "tweet_id 914639143690555393 disagrees with 914639143690555392 in article_url",
    }
    (aside,) = summary.files[0].set_aside.top()
    assert (aside.count, aside.where) == (1, f"{data.name} row 2 (line 3)")
    assert aside.example == (
        "entities.post.keys.0 (column tweet_id_checked): tweet_id '9.15E+17' is in scientific "
        "notation: a spreadsheet kept 3 significant digit(s) of the id, and article_url gives "
        "no id to recover it"
    )


@pytest.mark.parametrize(
    ("given", "recovered", "expected"),
    [
        ("914580356430536707", None, "914580356430536707"),
        ("9.06E+17", "905874659358453760", "905874659358453760"),
        ("906000000000000000", "905874659358453760", "905874659358453760"),
    ],
)
def test_checked_id(given: str, recovered: str | None, expected: str) -> None:
    assert checked_id(given, recovered, "id") == expected


def test_rounded_id_without_recovery_is_set_aside_not_used() -> None:
    with pytest.raises(UnrecoverableId, match="ends in zeros past the 15th"):
        checked_id("906000000000000000", None, "author id")
    with pytest.raises(UnrecoverableId, match="scientific notation"):
        checked_id("9.06E+17", None, "author id")
