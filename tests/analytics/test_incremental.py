"""An incremental run over newly loaded posts gives the same edges as a full run over all."""

from __future__ import annotations

from pathlib import Path

from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.run import CoordinationRunner
from graph_platform.analytics.stored_edges import read_edges
from graph_platform.synth.coshare import CoShareData, write_tweets_csv


def _graph_edges(runner: CoordinationRunner) -> dict[tuple[str, str], tuple[object, ...]]:
    edges = read_edges(runner.registry, runner.driver, runner.database)
    return {
        (e.source, e.target): (e.weight, e.source_weight, e.target_weight, e.evidence)
        for e in edges
    }


def test_incremental_equals_full(
    small_coshares: CoShareData, load_tweets, runner: CoordinationRunner, tmp_path: Path
) -> None:
    data = small_coshares
    cut = len(data) * 2 // 3
    first = tmp_path / "cotest_202403_1_tweets_csv_hashed.csv"
    second = tmp_path / "cotest_202403_2_tweets_csv_hashed.csv"
    write_tweets_csv(data, first, parts=[(first, 0, cut), (second, cut, len(data))])
    params = CoordinationParameters()
    assert load_tweets(first) == cut
    full_before = runner.run(params)
    assert load_tweets(second) == len(data) - cut
    incremental = runner.run(params, incremental=True)
    assert incremental.record.parent_run == full_before.record.run_id
    assert incremental.affected_accounts is not None
    after_incremental = _graph_edges(runner)
    groups_incremental = sorted(g.members for g in incremental.groups)
    # The incremental run kept its parent's activity volume (the co-sharing test's reference):
    # a full run given that volume must compute the same.
    assert incremental.record.scope["volume"] == full_before.record.scope["volume"]
    same_reference = params.model_copy(
        update={"reference_volume": full_before.record.scope["volume"]}
    )
    full = runner.run(same_reference)
    assert _graph_edges(runner) == after_incremental
    assert sorted(g.members for g in full.groups) == groups_incremental
    # The second part changed something, and the incremental run recomputed only some accounts.
    assert len(after_incremental) != len(full_before.network.edges)
    assert 0 < incremental.affected_accounts < full.network.stats["accounts"]
