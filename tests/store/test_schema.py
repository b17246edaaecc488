"""The schema derived from the ontology, applied to the real Neo4j: once, again without change,
and brought back in line when the database's `gp_` items drift from it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import neo4j

from graph_platform.model import get_model
from graph_platform.settings import Settings
from graph_platform.store.schema import FULLTEXT_INDEX, apply_schema, derive_schema, schema_state


def _indexes(driver: neo4j.Driver, settings: Settings) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options "
        "RETURN name, type, labelsOrTypes, properties, options",
        database_=settings.neo4j_database,
    )
    return {record["name"]: dict(record) for record in records}


def test_derived_schema_has_the_id_constraint_identifier_and_lookup_indexes_and_text(
    settings: Settings,
) -> None:
    items = {item.name: item for item in derive_schema(get_model(settings.ontology_dir))}
    entity_id = items["gp_entity_id"]
    assert (entity_id.kind, entity_id.labels, entity_id.properties) == (
        "unique",
        ("Entity",),
        ("id",),
    )
    lookup = items["gp_account_platform_handle_key"]
    assert (lookup.kind, lookup.labels, lookup.properties) == (
        "range",
        ("Account",),
        ("platform", "handle_key"),
    )
    assert items["gp_post_platform_id"].properties == ("platform_id",)
    text = items[FULLTEXT_INDEX]
    assert text.kind == "fulltext" and text.eventually_consistent
    assert {"Account", "Post", "LegalEntity", "InfluenceOperation"} <= set(text.labels)
    assert {"name", "handle", "text", "aliases"} <= set(text.properties)
    assert all(name.startswith("gp_") for name in items)


def test_applying_again_changes_nothing_and_drifted_items_are_made_again(
    empty_graph: neo4j.Driver, settings: Settings
) -> None:
    """Applied twice: all unchanged. Then a stale `gp_` index is dropped, a hand-made index is
    left alone, and a full-text index made before it was eventually consistent is made again."""
    model, database = get_model(settings.ontology_dir), settings.neo4j_database
    again = apply_schema(empty_graph, model, database)
    assert again.created == [] and again.dropped == []
    assert sorted(again.unchanged) == sorted(item.name for item in derive_schema(model))

    text = next(item for item in derive_schema(model) if item.name == FULLTEXT_INDEX)
    with empty_graph.session(database=database) as session:
        session.run(text.drop).consume()
        session.run(replace(text, eventually_consistent=False).create).consume()
        session.run("CREATE INDEX gp_account_stale FOR (n:Account) ON (n.stale)").consume()
        session.run("CREATE INDEX by_hand_note FOR (n:Account) ON (n.note)").consume()
    try:
        states = {item.name: state for item, state in schema_state(empty_graph, model, database)}
        assert states[FULLTEXT_INDEX] == "different"
        repaired = apply_schema(empty_graph, model, database)
        assert sorted(repaired.dropped) == ["gp_account_stale", FULLTEXT_INDEX]
        assert repaired.created == [FULLTEXT_INDEX]
        indexes = _indexes(empty_graph, settings)
        config = indexes[FULLTEXT_INDEX]["options"]["indexConfig"]
        assert config["fulltext.eventually_consistent"] is True
        assert "gp_account_stale" not in indexes and "by_hand_note" in indexes
        assert all(state == "present" for _, state in schema_state(empty_graph, model, database))
    finally:
        with empty_graph.session(database=database) as session:
            session.run("DROP INDEX by_hand_note IF EXISTS").consume()
