"""Why a pair was not merged, in words with the figures (engine, graph, `resolve why`,
`resolve review`), and ids a spreadsheet rounded never merge accounts."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

import graph_platform.cli.load
import graph_platform.cli.resolve  # noqa: F401  (registers `resolve`)
from graph_platform.cli.app import app
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.resolve.engine import load_settings, resolve
from graph_platform.resolve.graph import ResolutionGraph
from graph_platform.resolve.resolution import Decision, Record, ScoredPair
from graph_platform.resolve.resolution_settings import ResolutionSettings
from graph_platform.resolve.run import resolve_kind
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings

FIXTURES = PROJECT_ROOT / "tests/fixtures"
RESOLUTION_DIR = Settings().resolution_dir


@pytest.fixture(scope="module")
def accounts() -> ResolutionSettings:
    return load_settings("Account", RESOLUTION_DIR)


def _account(id: str, **fields: str) -> Record:
    return Record(id, "Account", {"platform": "twitter", **fields})


def _held(review: list[ScoredPair], a: str, b: str) -> ScoredPair:
    (pair,) = [p for p in review if {p.left, p.right} == {a, b}]
    assert pair.held is not None
    return pair


def test_a_pair_above_the_threshold_held_apart_by_clustering_says_by_what(
    accounts: ResolutionSettings,
) -> None:
    # One handle, three records: a and c carry different platform ids, b none. a~b and b~c
    # clear the threshold; a~c is two accounts, so b joins one of them only.
    records = [
        _account("a", handle="TEN_GOP", platform_id="4224729994"),
        _account("b", handle="ten_gop"),
        _account("c", handle="Ten_GOP", platform_id="1234567890"),
    ]
    resolution = resolve(records, accounts)
    assert [c.members for c in resolution.clusters] == [("a", "b")]
    pair = _held(resolution.review, "b", "c")
    assert pair.probability >= accounts.thresholds.match
    assert pair.held.startswith(f"clustering: p = {pair.probability:.3f} is above the merge ")
    assert "the 2 scored pair(s) between the two entities (2 and 1 record(s)) weigh " in pair.held
    assert "bits against merging in all; the strongest objection is a ~ c at p = " in pair.held
    assert pair.held.endswith("conflicting ids: platform_id same_platform_other_id (-19.8 bits)")


def test_a_cannot_link_and_a_low_score_are_named(accounts: ResolutionSettings) -> None:
    records = [
        _account(x, handle=h) for x, h in (("a", "TEN_GOP"), ("b", "ten_gop"), ("c", "Ten_GOP"))
    ]
    resolution = resolve(records, accounts, [Decision("a", "c", "reject")])
    (cluster,) = resolution.clusters
    apart = ({"a", "b", "c"} - set(cluster.members)).pop()
    joined = sorted(cluster.members)
    pair = _held(resolution.review, apart, joined[0] if apart == "b" else "b")
    assert pair.held == (
        "cannot-link: an analyst rejected a ~ c, and merging would put them in one entity"
    )
    cross = resolve(
        [
            _account("t", handle="TEN_GOP", display_name="Tennessee GOP"),
            Record(
                "f",
                "Account",
                {"platform": "facebook", "handle": "ten_gop", "display_name": "Tennessee GOP"},
            ),
        ],
        accounts,
    )
    low = _held(cross.review, "t", "f")
    assert low.probability < accounts.thresholds.match
    weight = sum(f.weight for f in low.features)
    assert all(f.weight >= 0 for f in low.features if f.name != "prior")  # nothing against
    assert low.held == (
        f"below the threshold: p = {low.probability:.3f} is under the merge threshold 0.9 "
        f"(match weight {weight:+.1f} bits, the threshold needs +3.2)"
    )
    # Similar handles on one platform, same display name and profile link: p = 0.79 or so.
    near = resolve(
        [
            _account("x", handle="TEN_GOP", display_name="Tennessee GOP", profile_url="tngop.org"),
            _account("y", handle="TEN_GOPX", display_name="Tennessee GOP", profile_url="tngop.org"),
        ],
        accounts,
    )
    pair = _held(near.review, "x", "y")
    worst = min((f for f in pair.features if f.name != "prior"), key=lambda f: f.weight)
    assert worst.weight < 0
    assert pair.held.startswith(f"below the threshold: p = {pair.probability:.3f} is under ")
    assert pair.held.endswith(
        f"; the strongest evidence against: {worst.name} {worst.level} ({worst.weight:+.1f} bits)"
    )


def test_rounded_ids_never_merge_accounts(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path, accounts: ResolutionSettings
) -> None:
    runtime = Runtime(settings)
    for loader, data in (
        ("author_list", FIXTURES / "author_list_excel.csv"),
        ("troll_tweets_538", FIXTURES / "troll_tweets_538_excel.csv"),
    ):
        loaders = FIXTURES if loader == "author_list" else settings.loaders_dir
        mapping = Mapping.load(loader, loaders, runtime.model)
        Loader(mapping, runtime.writer(empty_graph), tmp_path / "q", 50).load([data])
    graph = ResolutionGraph(empty_graph, settings.neo4j_database, runtime.queries)
    run = resolve_kind(graph, "Account", RESOLUTION_DIR)
    handles = {
        r["id"]: r["handle"]
        for r in empty_graph.execute_query(
            "MATCH (a:Account) RETURN a.id AS id, a.handle AS handle",
            database_=settings.neo4j_database,
        ).records
    }
    groups = [sorted({handles[m].lower() for m in c.members}) for c in run.resolution.clusters]
    # Across the two publishers the same account merges (SamInfidel by its handle: one row
    # keyed by handle, the other by its true id) and nothing else: the five accounts that
    # shared a rounded id stay five.
    assert groups == [["saminfidel"]]
    ten_gop = empty_graph.execute_query(
        "MATCH (a:Account {handle_key: '10_gop'}) "
        "RETURN a.platform_id AS pid, size(a.sources) AS n",
        database_=settings.neo4j_database,
    ).records
    assert [dict(r) for r in ten_gop] == [{"pid": "905874659358453760", "n": 2}]  # one node
    shared = ("Inside_Syria", "CathyTo47590555", "SamInfidel", "nedryun", "CNN")
    # Had the rounded id been kept, the engine would have merged the five into one account.
    kept = [_account(h, handle=h, platform_id="906000000000000000") for h in shared]
    assert [sorted(c.members) for c in resolve(kept, accounts).clusters] == [sorted(shared)]


@pytest.fixture
def held_pair(empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path) -> tuple[str, str]:
    """Three records of one handle loaded and resolved: one pair held by clustering."""
    data = tmp_path / "accounts.csv"
    data.write_text(
        "author_id,handle,display_name\n4224729994,TEN_GOP,\n,ten_gop,\n1234567890,Ten_GOP,\n",
        encoding="utf-8",
    )
    runtime = Runtime(settings)
    mapping = Mapping.load("author_list", FIXTURES, runtime.model)
    Loader(mapping, runtime.writer(empty_graph), tmp_path / "q", 50).load([data])
    graph = ResolutionGraph(empty_graph, settings.neo4j_database, runtime.queries)
    run = resolve_kind(graph, "Account", RESOLUTION_DIR)
    (pair,) = run.resolution.review
    return pair.left, pair.right


def test_resolve_why_and_review_say_why_a_pair_was_not_merged(
    held_pair: tuple[str, str], cli: CliRunner
) -> None:
    left, right = held_pair
    why = cli.invoke(app, ["resolve", "why", left, right])
    assert why.exit_code == 0, why.output
    text = " ".join(why.output.split())
    assert "verdict: none" in text
    assert "not merged: clustering: p = 0.99" in text
    assert "conflicting ids: platform_id same_platform_other_id" in text
    review = cli.invoke(app, ["resolve", "review", "--kind", "Account"])
    assert review.exit_code == 0, review.output
    lines = review.output.splitlines()
    assert lines[0] == "Account review queue: 1 pair(s)"
    # One block per pair: ids whole (nothing cut), why it was not merged, what weighed.
    assert lines[2].startswith("p = 0.99") and left in lines[2] and right in lines[2]
    assert lines[3].startswith("  not merged: clustering: p = 0.99")
    assert lines[4].startswith("  evidence: prior prior (-10.00), ")
    assert "null" not in lines[4]  # fields one side lacks weighed nothing: left out
