"""The real engine through the graph: records read from Neo4j, resolved with the analysts'
decisions, written, decided on, and resolved again — on the FtM donations and the Twitter IO
sample (no stand-in for the engine here)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j
import pytest
from graph_support import load_donations, resolution_graph, snapshot, without

from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.resolve.decision import analyst_source_id
from graph_platform.resolve.graph import ResolutionGraph, WriteSummary, run_source_id
from graph_platform.resolve.resolution import Kind, Resolution
from graph_platform.resolve.review import Review
from graph_platform.resolve.run import resolve_kind
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.writer import GraphWriter

T0 = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
QUANDT = ("Frau Johanna Quandt", "Johanna Quandt")
SCHNABEL = ("Herr Prof. Dr. Schnabel", "Herr Prof. Dr. Hermann Schnabel")
TWEETS = "twitter_io/russia_201901_1_tweets_sample.csv"


def run(graph: ResolutionGraph, kind: Kind) -> tuple[Resolution, WriteSummary]:
    """One `graph-platform resolve --kind` run (the use case): read, resolve with the
    decisions, write."""
    done = resolve_kind(graph, kind, Settings().resolution_dir)
    return done.resolution, done.written


def together(resolution: Resolution) -> set[frozenset[str]]:
    return {frozenset(p) for c in resolution.clusters for p in itertools.combinations(c.members, 2)}


@pytest.fixture
def donations(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> tuple[ResolutionGraph, Review]:
    load_donations(empty_graph, settings, shared_data, tmp_path)
    graph = resolution_graph(empty_graph, settings)
    registry = QueryRegistry.load(settings.queries_dir)
    return graph, Review(empty_graph, settings.neo4j_database, registry)


def _names(graph: ResolutionGraph, kind: Kind) -> dict[str, str]:
    return {r.id: str(r.fields.get("name")) for r in graph.records(kind)}


def test_donations_resolve_into_a_review_queue(donations: tuple[ResolutionGraph, Review]) -> None:
    graph, review = donations
    for kind in ("Person", "Organisation"):
        resolution, written = run(graph, kind)
        print(f"\n{kind}: {resolution.stats}")
        queued = review.queue(kind, first=500).items
        assert written.canonicals == len(resolution.clusters)
        assert written.review == len(resolution.review) == len(queued)
        assert written.memberships == sum(len(c.members) for c in resolution.clusters)
        again = graph.write(kind, resolution)
        assert (again.deleted_canonicals, again.deleted_links) == (0, 0)
    people = {v: k for k, v in _names(graph, "Person").items()}
    persons, _ = run(graph, "Person")
    # 22 persons, names only: the same person with and without honorifics or a given name is
    # a likely match for an analyst to confirm; relatives sharing a surname are not even that.
    queued = {p.key: p for p in persons.review}
    for spellings in (QUANDT, SCHNABEL):
        pair = queued[frozenset(people[n] for n in spellings)]
        assert 0.7 <= pair.probability < 0.9
        assert [f.name for f in pair.features] == ["prior", "names", "birth_date", "country"]
    assert len(queued) == 2 and not persons.clusters
    stefan, johanna = people["Herr Stefan Quandt"], people["Johanna Quandt"]
    assert frozenset((stefan, johanna)) not in queued


def test_each_run_records_its_prior_on_the_runs_source(
    donations: tuple[ResolutionGraph, Review], empty_graph: neo4j.Driver, settings: Settings
) -> None:
    """The Source node of a kind's resolution runs says which prior the latest run used, how it
    was estimated and whether a bound held it; the next run replaces it."""
    graph, _ = donations
    for kind in ("Person", "Organisation"):
        resolution, _ = run(graph, kind)
        records, _, _ = empty_graph.execute_query(
            "MATCH (s:Source {id: $id}) RETURN properties(s) AS s",
            id=run_source_id(kind),
            database_=settings.neo4j_database,
        )
        source, stats = records[0]["s"], resolution.stats
        assert source["resolution_prior"] == stats["prior"] > 0
        assert source["resolution_prior_bits"] == stats["prior_bits"] < 0
        assert source["resolution_prior_method"] == stats["prior_method"] == "rules"
        assert source["resolution_prior_rule_pairs"] == stats["prior_rule_pairs"]
        assert source["resolution_prior_bounded"] is bool(stats["prior_bounded"])
        assert source["resolution_run_at"] is not None


def test_decisions_hold_in_the_engines_next_runs(donations: tuple[ResolutionGraph, Review]) -> None:
    graph, review = donations
    people = {v: k for k, v in _names(graph, "Person").items()}
    first, _ = run(graph, "Person")
    frau, johanna = (people[n] for n in QUANDT)
    hermann, schnabel = (people[n] for n in reversed(SCHNABEL))
    assert {frozenset((frau, johanna)), frozenset((hermann, schnabel))} == {
        p.key for p in first.review
    }
    # A rejected review item stays apart and leaves the queue.
    review.decide("reject", [hermann, schnabel], "ana", "father and son", T0)
    second, written = run(graph, "Person")
    assert frozenset((hermann, schnabel)) not in {p.key for p in second.review}
    assert frozenset((hermann, schnabel)) not in together(second)
    assert written.review == 1 == len(review.queue("Person").items)
    # A confirmed one becomes a cluster in the next run, held by the analyst's link …
    review.decide("confirm", [frau, johanna], "ana", "same donor", T0 + timedelta(1))
    third, written = run(graph, "Person")
    assert together(third) == {frozenset((frau, johanna))} and written.confirmed_apart == 0
    link = third.clusters[0].links[0]
    assert link.probability == 1.0 and link.features[0].name == "analyst_confirmed"
    # … until a split takes a member out again, for this run and the next.
    review.decide("split", [frau], "ben", "two donors after all", T0 + timedelta(2))
    assert review.canonical(johanna) is None
    fourth, written = run(graph, "Person")
    assert together(fourth) == set() and written.canonicals == 0
    why = review.why_same(frau, johanna)
    assert why is not None and why.verdict == "reject" and why.canonical is None


def test_confirm_and_unmerge_restore_the_engines_graph_exactly(
    donations: tuple[ResolutionGraph, Review], empty_graph: neo4j.Driver, settings: Settings
) -> None:
    graph, review = donations
    people = {v: k for k, v in _names(graph, "Person").items()}
    run(graph, "Person")
    before = snapshot(empty_graph, settings)
    merged = review.decide("confirm", [people[n] for n in QUANDT], "ana", "one donor", T0)
    assert len(merged.created) == 1 and merged.removed == ()
    review.decide("unmerge", [merged.created[0]], "ana", "not after all", T0 + timedelta(1))
    log, _, _ = empty_graph.execute_query(
        "MATCH (d:ResolutionDecision) RETURN collect(d.id) AS ids",
        database_=settings.neo4j_database,
    )
    assert len(log[0]["ids"]) == 2
    after = without(snapshot(empty_graph, settings), [*log[0]["ids"], analyst_source_id("ana")])
    assert after == before


def test_twitter_accounts_resolve_through_the_graph(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load("twitter_io_tweets", settings.loaders_dir, model)
    writer = GraphWriter(empty_graph, model, Runtime(settings).queries, settings.neo4j_database)
    Loader(mapping, writer, tmp_path, batch_size=200).load([shared_data / TWEETS])
    graph = resolution_graph(empty_graph, settings)
    records = list(graph.records("Account"))
    hashed = sum(1 for r in records if str(r.fields.get("id_hashed")).lower() == "true")
    resolution, written = run(graph, "Account")
    print(f"\nAccount: {len(records)} records, {hashed} hashed: {resolution.stats}")
    # Every account is keyed by its platform id, so the sample holds no duplicate account:
    # nothing may merge, and hashed ids never even become candidates.
    assert len(records) > 86 and hashed > 0
    assert resolution.clusters == [] and written.canonicals == 0
    assert written.review == len(resolution.review)
