"""Coordination runs against the real Neo4j: planted groups found exactly, run record, provenance."""

from __future__ import annotations

from pathlib import Path

import neo4j

from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.run import CoordinationRunner
from graph_platform.settings import Settings
from graph_platform.synth.coshare import CoShareData, write_tweets_csv


def test_full_run_finds_the_planted_groups(
    small_coshares: CoShareData,
    load_tweets,
    runner: CoordinationRunner,
    tmp_path: Path,
    driver: neo4j.Driver,
    settings: Settings,
) -> None:
    path = write_tweets_csv(small_coshares, tmp_path / "cotest_202403_1_tweets_csv_hashed.csv")
    assert load_tweets(path) == len(small_coshares)
    summary = runner.run(CoordinationParameters())
    found = sorted(g.members for g in summary.groups if g.coordinated)
    # Account ids in the graph are node ids; map them back to the generator's user ids.
    with driver.session(database=settings.neo4j_database) as session:
        names = dict(
            session.run("MATCH (a:Account) RETURN a.id AS id, a.platform_id AS pid").values()
        )
    found_names = sorted(tuple(sorted(names[m] for m in members)) for members in found)
    planted = sorted(tuple(sorted(members)) for _, members in small_coshares.groups)
    assert found_names == planted
    print(summary.record.counts, summary.network.stats)
