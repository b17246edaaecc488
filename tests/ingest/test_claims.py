"""Two sources that disagree: both values kept with who said what, the chosen one by the rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import neo4j

from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.claims import Claim, choose, merge_claims, reliability_rank
from graph_platform.store.writer import GraphWriter

MAPPING = """
description: one source's view of accounts
source: {kind: csv}
provenance: report
entities:
  report:
    type: Source
    namespace: test-report
    keys: [report]
    properties:
      title: report
      reliability: grade
  account:
    type: Account
    namespace: twitter
    keys: [userid]
    properties:
      platform: {literal: twitter}
      platform_id: userid
      display_name: name
      followers: followers
      created_at: created
"""


def test_choose_prefers_reliability_then_latest() -> None:
    claims = merge_claims([], {"a": {"name": "x"}, "b": {"name": "y"}})
    assert choose(claims, "name", {"a": 5, "b": 5}) == "y"
    assert choose(claims, "name", {"a": 6, "b": 5}) == "x"
    claims = merge_claims(claims, {"a": {"name": "z"}})
    assert [c for c in claims if c.source == "a"] == [Claim("a", "name", "z")]
    assert choose(claims, "name", {}) == "z"
    assert reliability_rank("b") == 5 and reliability_rank(None) == 0


def _load(driver: neo4j.Driver, settings: Settings, tmp_path: Path, name: str, csv: str) -> None:
    loaders = tmp_path / "loaders"
    loaders.mkdir(exist_ok=True)
    (loaders / "accounts.yaml").write_text(MAPPING, encoding="utf-8")
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load("accounts", loaders, model)
    data = tmp_path / f"{name}.csv"
    data.write_text(csv, encoding="utf-8")
    writer = GraphWriter(driver, model, Runtime(settings).queries, settings.neo4j_database)
    summary = Loader(mapping, writer, tmp_path / "q", 10).load([data])
    assert summary.quarantined == 0


def _account(driver: neo4j.Driver, settings: Settings) -> dict[str, object]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Account {platform_id: '42'}) RETURN a", database_=settings.neo4j_database
    )
    assert len(records) == 1
    return dict(records[0]["a"])


HEADER = "report,grade,userid,name,followers,created\n"


def test_disagreeing_sources_keep_both_values(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    _load(empty_graph, settings, tmp_path, "weak", HEADER + "blog,D,42,Ten GOP,100,2015-01-01\n")
    single = _account(empty_graph, settings)
    assert single["display_name"] == "Ten GOP" and "_claims" not in single

    _load(
        empty_graph,
        settings,
        tmp_path,
        "strong",
        HEADER + "takedown,A,42,Tennessee GOP,,2015-06-30\n",
    )
    both = _account(empty_graph, settings)
    claims = [Claim.decode(text) for text in both["_claims"]]  # type: ignore[attr-defined]
    by_source = {(c.source, c.prop): c.value for c in claims}
    assert len({c.source for c in claims}) == 2
    assert sorted(v for (_, p), v in by_source.items() if p == "display_name") == [
        "Ten GOP",
        "Tennessee GOP",
    ]
    # The A-graded source wins where it speaks; where it is silent the D-graded value stays.
    assert both["display_name"] == "Tennessee GOP"
    assert both["followers"] == 100
    assert both["created_at"] == datetime(2015, 6, 30, tzinfo=UTC)
    assert len(both["sources"]) == 2  # type: ignore[arg-type]

    # The weaker source changes its mind: its claim is replaced, the chosen value stays.
    _load(empty_graph, settings, tmp_path, "weak", HEADER + "blog,D,42,TEN_GOP,250,2015-01-01\n")
    again = _account(empty_graph, settings)
    claims = [Claim.decode(text) for text in again["_claims"]]  # type: ignore[attr-defined]
    assert again["display_name"] == "Tennessee GOP" and again["followers"] == 250
    assert json.dumps(sorted(c.value for c in claims if c.prop == "display_name")) == json.dumps(
        ["TEN_GOP", "Tennessee GOP"]
    )

    # Re-loading the same file changes nothing at all.
    before = _account(empty_graph, settings)
    _load(empty_graph, settings, tmp_path, "weak", HEADER + "blog,D,42,TEN_GOP,250,2015-01-01\n")
    assert _account(empty_graph, settings) == before
