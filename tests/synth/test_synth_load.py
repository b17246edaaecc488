"""Synthetic files load with the real loaders: dry runs at size, and into the real Neo4j."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from graph_platform.cli.app import app
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.graph_stats import graph_stats
from graph_platform.store.writer import GraphWriter
from graph_platform.synth import SynthConfig, SynthResult, generate


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    config = SynthConfig(seed=31, tweets=5_000, releases=2, coordination=0.08)
    return generate(config, tmp_path_factory.mktemp("synth"))


@pytest.mark.parametrize(
    ("loader", "files"),
    [
        ("twitter_io_tweets", "tweets_files"),
        ("twitter_io_users", "users_files"),
        ("twitter_io_releases", "index_file"),
    ],
)
def test_files_pass_the_real_loaders_with_nothing_quarantined(
    run: SynthResult, settings: Settings, tmp_path: Path, loader: str, files: str
) -> None:
    mapping = Mapping.load(loader, settings.loaders_dir, get_model(settings.ontology_dir))
    paths = getattr(run, files)
    paths = paths if isinstance(paths, list) else [paths]
    summary = Loader(mapping, None, tmp_path, 1000).load(paths)
    expected = {
        "tweets_files": sum(r.tweets for r in run.releases),
        "users_files": sum(r.accounts for r in run.releases),
        "index_file": len(run.releases),
    }[files]
    assert (summary.read, summary.loaded, summary.quarantined) == (expected, expected, 0)


def test_a_run_loads_into_neo4j_as_operations_accounts_and_name_variants(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    run = generate(SynthConfig(seed=3, tweets=600, releases=2, accounts=60), tmp_path / "data")
    model = get_model(settings.ontology_dir)
    writer = GraphWriter(empty_graph, model, Runtime(settings).queries, settings.neo4j_database)
    assert run.index_file is not None
    for loader, paths in (
        ("twitter_io_releases", [run.index_file]),
        ("twitter_io_users", run.users_files),
        ("twitter_io_tweets", run.tweets_files),
    ):
        mapping = Mapping.load(loader, settings.loaders_dir, model)
        summary = Loader(mapping, writer, tmp_path / "quarantine", 200).load(paths)
        assert summary.read == summary.loaded > 0 and summary.quarantined == 0
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["nodes"]["InfluenceOperation"] == 2
    assert stats["relationships"]["PART_OF"] == 60  # the users file's accounts, no more
    with empty_graph.session(database=settings.neo4j_database) as session:
        names = session.run(
            "MATCH (:InfluenceOperation)-[:ATTRIBUTED_TO]->(o:Organisation) "
            "RETURN collect(DISTINCT o.name) AS names"
        ).single(strict=True)["names"]
        posts = session.run(
            "MATCH (:Account)-[:PART_OF]->(:InfluenceOperation) WITH count(*) AS members "
            "MATCH (a:Account)-[:POSTED]->(p:Post) WHERE p.text IS NOT NULL "
            "RETURN members, count(p) AS posts"
        ).single(strict=True)
    assert sorted(names) == ["IRA", "Internet Research Agency"]  # one actor, two names
    assert posts["posts"] == 600


def test_cli_writes_the_files_and_reports_them(tmp_path: Path) -> None:
    import graph_platform.cli.stats  # a second command keeps `synth` a sub-command
    import graph_platform.cli.synth  # noqa: F401  (registers the command)

    result = CliRunner().invoke(
        app, ["synth", str(tmp_path), "--tweets", "500", "--releases", "2", "--seed", "4"]
    )
    assert result.exit_code == 0, result.output
    assert "2 operation(s)" in result.output
    assert len(list(tmp_path.glob("*_tweets_csv_hashed.csv"))) == 2
    assert (tmp_path / "synth_ground_truth.json").is_file()
    bad = CliRunner().invoke(app, ["synth", str(tmp_path / "x"), "--tweets", "0"])
    assert bad.exit_code != 0 and "tweets must be at least 1" in bad.output
