"""Analysts' decisions in the real Neo4j on the real donation records: confirm, reject, split,
exact unmerge, the review queue, "why are these the same?", and decisions surviving re-runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from graph_support import by_name, cluster, load_donations, resolution_graph, scored, snapshot
from graph_support import without as without_nodes

from graph_platform.errors import DecisionError
from graph_platform.explore.view import NodeView
from graph_platform.resolve.decision import analyst_source_id
from graph_platform.resolve.graph import ResolutionGraph, canonical_id
from graph_platform.resolve.resolution import Cluster, Decision, Record, Resolution
from graph_platform.resolve.review import Review
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry

QUANDT = ("Frau Johanna Quandt", "Johanna Quandt")
SCHNABEL = ("Herr Prof. Dr. Hermann Schnabel", "Herr Prof. Dr. Schnabel")
STEFAN = "Herr Stefan Quandt"
KLATTEN = "Frau Susanne Klatten"
T0 = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def setup(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> tuple[ResolutionGraph, Review, dict[str, Record]]:
    """Donations loaded and resolved: Quandt and Schnabel clusters; Stefan Quandt ~ Johanna
    Quandt and Klatten ~ Johanna Quandt borderline."""
    load_donations(empty_graph, settings, shared_data, tmp_path)
    graph = resolution_graph(empty_graph, settings)
    people = by_name(graph, "Person")
    graph.write("Person", _run(people, graph.decisions("Person")))
    review = Review(empty_graph, settings.neo4j_database, QueryRegistry.load(settings.queries_dir))
    return graph, review, people


def _run(people: dict[str, Record], decisions: list[Decision]) -> Resolution:
    """A stand-in for the engine's decision handling (test only): the same candidate clusters
    every run, minus records a rejected pair separates, plus confirmed pairs as clusters."""
    rejected = {d.key for d in decisions if d.verdict == "reject"}
    clusters: list[Cluster] = []
    for names in (QUANDT, SCHNABEL):
        records = [people[n] for n in names]
        if not any(frozenset((a.id, b.id)) in rejected for a in records for b in records):
            clusters.append(cluster(*records))
    review = [
        scored(people[STEFAN], people["Johanna Quandt"]),
        scored(people[KLATTEN], people["Johanna Quandt"]),
    ]
    return Resolution(clusters, [p for p in review if p.key not in rejected])


def _ids(people: dict[str, Record], *names: str) -> list[str]:
    return [people[n].id for n in names]


def _decision_log(driver: neo4j.Driver, settings: Settings) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (d:ResolutionDecision) RETURN d.id AS id", database_=settings.neo4j_database
    )
    return [r["id"] for r in records]


def test_unmerge_restores_the_graph_before_a_merge_of_two_clusters_exactly(
    setup: tuple[ResolutionGraph, Review, dict[str, Record]],
    empty_graph: neo4j.Driver,
    settings: Settings,
) -> None:
    _, review, people = setup
    johanna, schnabel = _ids(people, "Johanna Quandt", "Herr Prof. Dr. Schnabel")
    before = snapshot(empty_graph, settings)

    merged = review.decide("confirm", [johanna, schnabel], "ana", "test merge", T0)
    assert len(merged.removed) == 2 and len(merged.created) == 1
    view = review.canonical(merged.created[0])
    assert view is not None and len(view.members) == 4
    assert NodeView.from_map(view.canonical).properties["merged_by"] == merged.decision_id
    undone = review.decide("unmerge", [merged.created[0]], "ana", "wrong", T0 + timedelta(1))

    assert sorted(undone.created) == sorted(merged.removed)
    after = snapshot(empty_graph, settings)
    log = [*_decision_log(empty_graph, settings), analyst_source_id("ana")]
    assert len(log) == 3
    assert without_nodes(after, log) == before
    assert after != before  # the decision log is there


def test_unmerge_undoes_chained_merges_one_at_a_time(
    setup: tuple[ResolutionGraph, Review, dict[str, Record]],
    empty_graph: neo4j.Driver,
    settings: Settings,
) -> None:
    _, review, people = setup
    johanna, stefan, klatten = _ids(people, "Johanna Quandt", STEFAN, KLATTEN)
    start = snapshot(empty_graph, settings)
    first = review.decide("confirm", [johanna, stefan], "ana", "son", T0)
    middle = snapshot(empty_graph, settings)
    second = review.decide("confirm", [klatten, stefan], "ben", "daughter", T0 + timedelta(1))
    assert second.removed == first.created
    assert len(review.canonical(johanna).members) == 4  # type: ignore[union-attr]

    review.decide("unmerge", [klatten], "ben", "no", T0 + timedelta(2))
    log = [*_decision_log(empty_graph, settings), *map(analyst_source_id, ("ana", "ben"))]
    assert without_nodes(snapshot(empty_graph, settings), log) == without_nodes(middle, log)
    assert review.canonical(klatten) is None
    assert review.canonical(johanna).canonical["id"] == first.created[0]  # type: ignore[union-attr]
    review.decide("unmerge", [first.created[0]], "ana", "no", T0 + timedelta(3))

    log = [*_decision_log(empty_graph, settings), *map(analyst_source_id, ("ana", "ben"))]
    assert len(log) == 6
    assert without_nodes(snapshot(empty_graph, settings), log) == without_nodes(start, log)
    assert without_nodes(middle, log) != without_nodes(start, log)


def test_split_takes_a_member_out_and_later_runs_keep_it_out(
    setup: tuple[ResolutionGraph, Review, dict[str, Record]],
    empty_graph: neo4j.Driver,
    settings: Settings,
) -> None:
    graph, review, people = setup
    frau, johanna = _ids(people, *QUANDT)
    outcome = review.decide("split", [frau], "ana", "two different women", T0)

    assert outcome.created == ()  # one member left: no canonical entity any more
    assert review.canonical(johanna) is None
    assert graph.decisions("Person") == [Decision(frau, johanna, "reject")]
    with pytest.raises(DecisionError, match="not part of any resolved entity"):
        review.decide("split", [frau], "ana", "again", T0)

    graph.write("Person", _run(people, graph.decisions("Person")))  # the next run
    assert review.canonical(frau) is None and review.canonical(johanna) is None
    why = review.why_same(frau, johanna)
    assert why is not None and why.verdict == "reject" and why.canonical is None
    assert why.decisions[0].analyst == "ana" and why.decisions[0].reason == "two different women"


def test_a_rejected_pair_is_never_merged_again_and_leaves_the_queue(
    setup: tuple[ResolutionGraph, Review, dict[str, Record]],
) -> None:
    graph, review, people = setup
    stefan, johanna, frau = _ids(people, STEFAN, "Johanna Quandt", "Frau Johanna Quandt")
    page = review.queue("Person", first=1)
    assert len(page.items) == 1 and page.has_next_page
    rest = review.queue("Person", first=5, after=page.end_cursor)
    assert len(rest.items) == 1 and not rest.has_next_page
    queued = {frozenset((i.left["id"], i.right["id"])) for i in (*page.items, *rest.items)}
    assert queued == {
        frozenset((stefan, johanna)),
        frozenset(_ids(people, KLATTEN, "Johanna Quandt")),
    }
    item = next(
        i
        for i in (*page.items, *rest.items)
        if i.left["id"] in (stefan, johanna) and i.right["id"] in (stefan, johanna)
    )
    assert [f.name for f in item.link.features] == ["name", "country"]
    assert item.link.probability == scored(people[STEFAN], people["Johanna Quandt"]).probability

    with pytest.raises(DecisionError, match="both in resolved entity"):
        review.decide("reject", [frau, johanna], "ana", "same cluster", T0)
    review.decide("reject", [stefan, johanna], "ana", "mother and son", T0)

    assert len(review.queue("Person").items) == 1
    decisions = graph.decisions("Person")
    assert decisions == [Decision(stefan, johanna, "reject")]
    # The next run gets the decisions; a run that merged the pair anyway would be refused.
    graph.write("Person", _run(people, decisions))
    why = review.why_same(stefan, johanna)
    assert why is not None and why.canonical is None and why.verdict == "reject"


def test_why_same_gives_the_link_or_the_path_through_the_cluster(
    setup: tuple[ResolutionGraph, Review, dict[str, Record]],
) -> None:
    _, review, people = setup
    frau, johanna, stefan = _ids(people, *QUANDT, STEFAN)
    direct = review.why_same(johanna, frau)
    assert direct is not None and direct.direct is not None
    assert direct.probability == scored(people[QUANDT[0]], people[QUANDT[1]]).probability
    assert direct.canonical == canonical_id("Person", [frau, johanna])

    review.decide("confirm", [stefan, johanna], "ana", "same family office", T0)
    chained = review.why_same(frau, stefan)

    assert chained is not None and chained.direct is None
    assert [(link.status, link.probability) for link in chained.path] == [
        ("linked", direct.probability),
        ("confirmed", 1.0),
    ]
    assert chained.probability == direct.probability
    assert review.why_same(frau, "legalentity:missing") is None


def test_unmerging_a_machine_made_cluster_separates_every_member(
    setup: tuple[ResolutionGraph, Review, dict[str, Record]],
) -> None:
    graph, review, people = setup
    frau, johanna = _ids(people, *QUANDT)
    cid = canonical_id("Person", [frau, johanna])

    outcome = review.decide("unmerge", [cid], "ana", "not the same person", T0)

    assert (outcome.removed, outcome.created) == ((cid,), ())
    assert review.canonical(frau) is None and review.canonical(cid) is None
    assert [(d.key, d.verdict) for d in graph.decisions("Person")] == [
        (frozenset((frau, johanna)), "reject")
    ]
    why = review.why_same(frau, johanna)
    # The machine's hypothesis stays as evidence until the next run; the verdict overrides it.
    assert why is not None and why.direct is not None and why.verdict == "reject"
    graph.write("Person", _run(people, graph.decisions("Person")))
    assert review.canonical(frau) is None
