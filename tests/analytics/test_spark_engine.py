"""The Spark engine (local[2], the machine's Java) gives the embedded engine's edges exactly."""

from __future__ import annotations

import time

import pytest

from graph_platform.analytics.network import compute_network
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.share_table import from_coshare_data
from graph_platform.analytics.spark_engine import SparkEngine
from graph_platform.synth.coshare import CoShareConfig, generate_coshares

SPARK_INPUT = CoShareConfig(
    seed=3, messages=6000, accounts=600, originals=500, days=3, groups=6, group_size=(4, 7),
    events=(5, 7), member_organic=4.0, burst_accounts=150, burst_minutes=10,
)  # fmt: skip


@pytest.mark.parametrize("max_crowd", [None, 20])
def test_spark_gives_the_embedded_edges(max_crowd: int | None) -> None:
    table = from_coshare_data(generate_coshares(SPARK_INPUT))
    params = CoordinationParameters(
        max_crowd=max_crowd, min_repetitions=2, min_share=0.0, significance=None
    )
    embedded = compute_network(table, params)
    engine = SparkEngine("local[2]")
    try:
        started = time.perf_counter()
        spark = compute_network(table, params, engine)
        print(f"spark local[2]: {time.perf_counter() - started:.1f} s")
    finally:
        engine.stop()
    assert len(embedded.edges) > 50
    assert spark.edges == embedded.edges  # weights, both directions and evidence
