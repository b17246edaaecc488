"""Temporal values reach the graph as the values they were, whatever way the writer sends them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import neo4j

from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.records import GraphBatch, NodeRecord
from graph_platform.store.writer import GraphWriter

PLUS_2 = timezone(timedelta(hours=2))


def test_equal_instants_in_different_offsets_keep_their_own_offsets(
    empty_graph: neo4j.Driver, settings: Settings
) -> None:
    """The writer formats a batch's datetimes once per instant and offset: two records whose
    times are the same instant written in different offsets must not share one text."""
    noon_utc = datetime(2020, 5, 1, 12, 0, tzinfo=UTC)
    two_pm_plus_2 = noon_utc.astimezone(PLUS_2)
    assert noon_utc == two_pm_plus_2
    batch = GraphBatch()
    for handle, when in (("utc", noon_utc), ("plus2", two_pm_plus_2)):
        account = NodeRecord(
            "Account",
            f"account:{handle}",
            {"platform": "twitter", "handle": handle, "created_at": when},
            ["source:s1"],
            first_seen=when,
            last_seen=when,
        )
        batch.add_node(account)
    writer = GraphWriter(
        empty_graph,
        get_model(settings.ontology_dir),
        Runtime(settings).queries,
        settings.neo4j_database,
    )
    writer.write(batch, datetime.now(UTC))

    with empty_graph.session(database=settings.neo4j_database) as session:
        stored = {
            record["handle"]: record
            for record in session.run(
                "MATCH (a:Account) RETURN a.handle AS handle, a.created_at AS created, "
                "a.first_seen AS first, a.last_seen AS last"
            )
        }
    for handle, when in (("utc", noon_utc), ("plus2", two_pm_plus_2)):
        for key in ("created", "first", "last"):
            value = stored[handle][key].to_native()
            assert value == when and value.utcoffset() == when.utcoffset(), (handle, key, value)


def test_a_date_value_of_a_datetime_property_is_sent_as_a_date(
    empty_graph: neo4j.Driver, settings: Settings
) -> None:
    """Only the ontology's temporal keys are converted, by the value's own kind."""
    batch = GraphBatch()
    batch.add_node(
        NodeRecord(
            "Source",
            "source:s1",
            {"title": "S1", "published_at": date(2019, 3, 4), "file": "2019-03-04"},
            ["source:s1"],
        )
    )
    writer = GraphWriter(
        empty_graph,
        get_model(settings.ontology_dir),
        Runtime(settings).queries,
        settings.neo4j_database,
    )
    writer.write(batch, datetime.now(UTC))
    with empty_graph.session(database=settings.neo4j_database) as session:
        record = session.run(
            "MATCH (s:Source {id: 'source:s1'}) RETURN s.published_at AS at, s.file AS file"
        ).single(strict=True)
    assert record["at"].to_native() == date(2019, 3, 4)
    assert record["file"] == "2019-03-04"  # text stays text
