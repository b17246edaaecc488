"""Writing Resolutions into the real Neo4j beside the real FtM donation records: source records
untouched, canonical entities with scored explained memberships, idempotent re-runs, later runs
replacing the machine's hypotheses but never the analysts' decisions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import neo4j
import pytest
from graph_support import (
    by_name,
    cluster,
    load_donations,
    resolution_graph,
    scored,
    snapshot,
)

from graph_platform.resolve.decision import Decider
from graph_platform.resolve.graph import (
    ResolutionConflict,
    ResolutionGraph,
    canonical_id,
    expand_decisions,
    run_source_id,
)
from graph_platform.resolve.plan import in_transaction
from graph_platform.resolve.resolution import Decision, Record, Resolution
from graph_platform.settings import Settings

QUANDT = ("Frau Johanna Quandt", "Johanna Quandt")
SCHNABEL = ("Herr Prof. Dr. Hermann Schnabel", "Herr Prof. Dr. Schnabel")
BORDERLINE = ("Herr Stefan Quandt", "Johanna Quandt")


@pytest.fixture
def persons(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> dict[str, Record]:
    load_donations(empty_graph, settings, shared_data, tmp_path)
    return by_name(resolution_graph(empty_graph, settings), "Person")


def _resolution(people: dict[str, Record]) -> Resolution:
    return Resolution(
        clusters=[cluster(*(people[n] for n in QUANDT)), cluster(*(people[n] for n in SCHNABEL))],
        review=[scored(*(people[n] for n in BORDERLINE))],
    )


def _count(driver: neo4j.Driver, settings: Settings, cypher: str) -> int:
    records, _, _ = driver.execute_query(cypher, database_=settings.neo4j_database)
    return int(records[0][0])


def test_records_are_read_with_their_fields(
    empty_graph: neo4j.Driver, settings: Settings, persons: dict[str, Record]
) -> None:
    graph = resolution_graph(empty_graph, settings)  # pages of 7: 22 persons take 4 pages

    organisations = list(graph.records("Organisation"))

    assert len(persons) == 22
    assert len(organisations) == 73
    quandt = persons["Johanna Quandt"]
    assert quandt.kind == "Person"
    assert quandt.id.startswith("legalentity:")
    assert quandt.fields["country"] == ["DE"]
    assert not {"id", "sources", "loaded_at", "first_seen", "last_seen"} & set(quandt.fields)
    bmw = next(o for o in organisations if o.fields["name"] == "Bayerische Motorenwerke AG")
    assert bmw.fields["kind"] == "company"


def test_write_adds_hypotheses_and_leaves_every_source_record_as_it_was(
    empty_graph: neo4j.Driver, settings: Settings, persons: dict[str, Record]
) -> None:
    graph = resolution_graph(empty_graph, settings)
    before = snapshot(empty_graph, settings)

    summary = graph.write("Person", _resolution(persons))
    after = snapshot(empty_graph, settings)

    assert (summary.canonicals, summary.memberships, summary.links, summary.review) == (2, 4, 2, 1)
    # Nothing of the loaded graph changed or went missing: it is a subset of the new graph.
    assert set(before["nodes"]) <= set(after["nodes"])
    assert set(before["edges"]) <= set(after["edges"])
    added_nodes = [n[0] for n in after["nodes"] if n not in set(before["nodes"])]
    added_edges = [e[0][0] for e in after["edges"] if e not in set(before["edges"])]
    assert sorted(added_nodes) == [
        ("Entity", "ResolvedEntity"),
        ("Entity", "ResolvedEntity"),
        ("Entity", "Source"),
    ]
    assert sorted(added_edges) == ["RESOLVED_TO"] * 4 + ["SAME_AS"] * 3

    quandt = [persons[n] for n in QUANDT]
    records, _, _ = empty_graph.execute_query(
        "MATCH (m:Person)-[r:RESOLVED_TO]->(c:ResolvedEntity) WHERE m.id = $id "
        "RETURN c, properties(r) AS r",
        id=quandt[0].id,
        database_=settings.neo4j_database,
    )
    canonical, membership = records[0]["c"], records[0]["r"]
    link = scored(*quandt)
    assert canonical["id"] == canonical_id("Person", [r.id for r in quandt])
    assert canonical["kind"] == "Person"
    assert canonical["member_count"] == 2
    # Both names are used once: the longer is the display name, the other an alias.
    assert canonical["name"] == "Frau Johanna Quandt"
    assert canonical["aliases"] == ["Johanna Quandt"]
    assert canonical["sources"] == [run_source_id("Person")]
    assert membership["confidence"] == link.probability
    assert membership["via"] == quandt[1].id
    assert membership["feature_names"] == ["name", "country"]
    assert membership["feature_weights"] == [f.weight for f in link.features]
    assert membership["match_weight"] == pytest.approx(sum(f.weight for f in link.features))


def test_writing_the_same_resolution_again_changes_nothing(
    empty_graph: neo4j.Driver, settings: Settings, persons: dict[str, Record]
) -> None:
    graph = resolution_graph(empty_graph, settings)
    first = graph.write("Person", _resolution(persons))
    written = snapshot(empty_graph, settings)

    second = graph.write("Person", _resolution(persons), loaded_at=datetime.now(UTC))

    assert snapshot(empty_graph, settings) == written
    assert second == first
    assert (second.deleted_canonicals, second.deleted_memberships, second.deleted_links) == (
        0,
        0,
        0,
    )


def test_a_later_run_replaces_machine_hypotheses_but_keeps_decisions(
    empty_graph: neo4j.Driver, settings: Settings, persons: dict[str, Record]
) -> None:
    graph = resolution_graph(empty_graph, settings)
    graph.write("Person", _resolution(persons))
    left, right = (persons[n].id for n in BORDERLINE)
    _decide(
        graph, Decider("ana", "different people: mother and son", datetime.now(UTC)), left, right
    )
    # The later run keeps Quandt, drops Schnabel and the review pair, and links a new pair.
    pair = [persons["Frau Susanne Klatten"], persons["Frau Johanna Quandt"]]
    later = Resolution(clusters=[cluster(*(persons[n] for n in QUANDT))], review=[scored(*pair)])

    summary = graph.write("Person", later)

    assert (summary.deleted_canonicals, summary.deleted_links) == (1, 2)
    assert (summary.canonicals, summary.memberships, summary.links, summary.review) == (1, 2, 1, 1)
    count = _count
    assert count(empty_graph, settings, "MATCH (c:ResolvedEntity) RETURN count(c)") == 1
    assert count(empty_graph, settings, "MATCH ()-[r:RESOLVED_TO]->() RETURN count(r)") == 2
    assert count(empty_graph, settings, "MATCH ()-[r:SAME_AS]->() RETURN count(r)") == 2
    assert count(empty_graph, settings, "MATCH (d:ResolutionDecision) RETURN count(d)") == 1
    assert graph.decisions("Person") == [Decision(left, right, "reject")]


def test_a_resolution_that_merges_a_rejected_pair_is_refused(
    empty_graph: neo4j.Driver, settings: Settings, persons: dict[str, Record]
) -> None:
    graph = resolution_graph(empty_graph, settings)
    left, right = (persons[n] for n in BORDERLINE)
    _decide(graph, Decider("ana", "mother and son", datetime.now(UTC)), left.id, right.id)
    before = snapshot(empty_graph, settings)
    # Chained through a third record, which the engine must not do either.
    merged = Resolution(clusters=[cluster(left, persons["Frau Johanna Quandt"], right)], review=[])

    with pytest.raises(ResolutionConflict, match="1 pair"):
        graph.write("Person", merged)
    assert snapshot(empty_graph, settings) == before


def test_decisions_expand_to_pairs_and_the_latest_decision_on_a_pair_holds() -> None:
    rows = [
        {"verdict": "confirm", "members": ["a", "b"], "parts": [0, 0]},
        # an unmerge of {a, b} + {c}: a-b stay together (no verdict), both ≠ c
        {"verdict": "reject", "members": ["a", "b", "c"], "parts": [0, 0, 1]},
        {"verdict": "confirm", "members": ["c", "a"], "parts": [0, 0]},
    ]

    decisions = expand_decisions(rows)

    assert sorted((tuple(sorted(d.key)), d.verdict) for d in decisions) == [
        (("a", "b"), "confirm"),
        (("a", "c"), "confirm"),
        (("b", "c"), "reject"),
    ]


def _decide(graph: ResolutionGraph, decider: Decider, left: str, right: str) -> None:
    def work(tx: neo4j.ManagedTransaction) -> None:
        in_transaction(tx, graph.registry, decider.reject(left, right))

    with graph.driver.session(database=graph.database) as session:
        session.execute_write(work)
