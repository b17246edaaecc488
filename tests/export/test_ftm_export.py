"""FollowTheMoney exports: valid against followthemoney's model, and round-tripped through our
ftm loader (the donations sample: people, organisations, addresses and payments)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
from export_support import Load, MakeExporter, edges_by_name, nodes_by_name, wipe
from followthemoney import model as ftm_model

from graph_platform.export import WholeGraph
from graph_platform.settings import Settings

DONATIONS = "ftm/donations.ijson"
KEYS = {
    "Person": ("aliases", "country", "birth_date"),
    "Organisation": ("aliases", "country", "kind"),
    "Location": ("country_code",),
}


def _entities(path: Path) -> list[dict[str, Any]]:
    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for entity in entities:
        schema = ftm_model.get(entity["schema"])
        assert schema is not None
        assert schema.validate(entity) is None, entity  # FtM's own check: required, types
        proxy = ftm_model.get_proxy(entity, cleaned=False)
        assert proxy.to_dict()["properties"] == entity["properties"]  # nothing FtM would clean
    return entities


def test_donations_validate_and_round_trip_through_the_ftm_loader(
    load: Load,
    make_exporter: MakeExporter,
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
) -> None:
    load("ftm", shared_data / DONATIONS)
    before = {t: nodes_by_name(empty_graph, settings, t, k) for t, k in KEYS.items()}
    payments_before = _payments(empty_graph, settings)
    edges_before = edges_by_name(empty_graph, settings)
    source = nodes_by_name(empty_graph, settings, "Source", ("id",))
    counts = make_exporter().to_path("ftm", WholeGraph(), tmp_path / "donations.ijson")
    entities = _entities(tmp_path / "donations.ijson")
    assert counts.objects == len(entities) == 474  # as many as the sample held
    (source_id,) = [v["id"] for v in source.values()]
    assert all(e["datasets"] == [source_id] and e["last_change"] for e in entities)
    payment = next(e for e in entities if e["schema"] == "Payment")
    assert payment["first_seen"][:10] == payment["properties"]["date"][0]
    assert {d["what"] for d in counts.summary()["dropped"]} == {"Source", "Funds"}
    wipe(empty_graph, settings)
    summary = load("ftm", tmp_path / "donations.ijson")
    assert (summary.read, summary.loaded, summary.quarantined) == (474, 474, 0)
    for node_type, keys in KEYS.items():
        assert nodes_by_name(empty_graph, settings, node_type, keys) == before[node_type]
    assert _payments(empty_graph, settings) == payments_before
    assert edges_by_name(empty_graph, settings) == edges_before


def _payments(driver: neo4j.Driver, settings: Settings) -> list[tuple[Any, ...]]:
    """Payer, beneficiary, amount and date of every payment, sorted."""
    records, _, _ = driver.execute_query(
        "MATCH (a)-[:PAID]->(p:Payment)-[:PAID_TO]->(b) "
        "RETURN a.name AS a, b.name AS b, p.amount_eur AS eur, toString(p.date) AS day "
        "ORDER BY a, b, day, eur",
        database_=settings.neo4j_database,
    )
    return [tuple(r.values()) for r in records]
