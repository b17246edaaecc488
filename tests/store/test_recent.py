"""RecentWrites: a record is skipped only when writing it again could change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import neo4j

from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.recent import RecentWrites
from graph_platform.store.records import EdgeRecord, GraphBatch, NodeRecord
from graph_platform.store.writer import GraphWriter

JAN, FEB, MAR = (datetime(2020, month, 1, tzinfo=UTC) for month in (1, 2, 3))


def _node(
    props: dict[str, object] | None = None, sources: tuple[str, ...] = ("s1",), **seen: datetime
) -> NodeRecord:
    node = NodeRecord("Hashtag", "hashtag:x", dict(props or {"name": "x"}), list(sources))
    node.first_seen, node.last_seen = seen.get("first", FEB), seen.get("last", FEB)
    return node


def test_a_node_written_with_the_same_values_sources_and_range_is_skipped() -> None:
    recent = RecentWrites(10)
    assert not recent.has_node(_node())
    recent.remember(recent.select([_node(first=JAN, last=MAR)], []))
    assert recent.has_node(_node())  # same values, one of its sources, range inside
    assert not recent.has_node(_node({"name": "y"}))  # a changed value is written
    assert not recent.has_node(_node(sources=("s2",)))  # a new source is written
    assert not recent.has_node(_node(last=datetime(2020, 4, 1, tzinfo=UTC)))  # wider range


def test_a_later_write_replaces_the_values_and_widens_what_is_known() -> None:
    recent = RecentWrites(10)
    recent.remember(recent.select([_node()], []))
    recent.remember(recent.select([_node({"name": "y"}, sources=("s2",), first=JAN)], []))
    assert recent.has_node(_node({"name": "y"}, sources=("s1", "s2"), first=JAN))
    assert not recent.has_node(_node({"name": "x"}))  # no longer the last written values


def test_records_with_several_sources_values_are_always_written() -> None:
    recent = RecentWrites(10)
    node = _node()
    node.claims = {"s1": {"name": "x"}, "s2": {"name": "X"}}
    recent.remember(recent.select([node], []))
    assert not recent.has_node(node)
    assert len(recent) == 0


def test_edges_need_at_least_the_confidence_already_written() -> None:
    recent = RecentWrites(10)
    edge = EdgeRecord("TAGGED", "post:1", "hashtag:x", {}, ["s1"], 0.9, FEB, FEB)
    recent.remember(recent.select([], [edge]))
    assert recent.has_edge(EdgeRecord("TAGGED", "post:1", "hashtag:x", {}, ["s1"], 0.5, FEB, FEB))
    assert not recent.has_edge(
        EdgeRecord("TAGGED", "post:1", "hashtag:x", {}, ["s1"], 0.95, FEB, FEB)
    )


def test_the_least_recently_used_entries_are_forgotten_beyond_the_limit() -> None:
    recent = RecentWrites(2)
    nodes = [NodeRecord("Hashtag", f"hashtag:{i}", {"name": str(i)}, ["s1"]) for i in range(3)]
    recent.remember(recent.select(nodes[:2], []))
    assert recent.has_node(nodes[0])  # touches 0, so 1 is now the oldest
    recent.remember(recent.select(nodes[2:], []))
    assert len(recent) == 2
    assert recent.has_node(nodes[0]) and recent.has_node(nodes[2])
    assert not recent.has_node(nodes[1])


def test_a_writer_sends_nothing_for_a_batch_it_has_just_written(
    empty_graph: neo4j.Driver, settings: Settings
) -> None:
    writer = GraphWriter(
        empty_graph,
        get_model(settings.ontology_dir),
        Runtime(settings).queries,
        settings.neo4j_database,
    )

    def batch() -> GraphBatch:
        staged = GraphBatch()
        staged.add_node(NodeRecord("Source", "source:s1", {"title": "S1"}, ["source:s1"]))
        staged.add_node(_node())
        staged.add_edge(EdgeRecord("TAGGED", "source:s1", "hashtag:x", {}, ["source:s1"], 0.5))
        return staged

    first = writer.write(batch(), datetime.now(UTC))
    assert (first.nodes_created, first.relationships_created) == (2, 1)
    assert first.properties_set > 0
    again = writer.write(batch(), datetime.now(UTC))
    assert (again.nodes_written, again.nodes_created, again.properties_set) == (2, 0, 0)
    # A fresh writer knows nothing, writes everything, and still changes no count.
    fresh = GraphWriter(
        empty_graph,
        get_model(settings.ontology_dir),
        Runtime(settings).queries,
        settings.neo4j_database,
    )
    third = fresh.write(batch(), datetime.now(UTC))
    assert (third.nodes_created, third.relationships_created) == (0, 0)
    assert third.properties_set > 0


def test_values_equal_in_python_but_stored_differently_are_written_again() -> None:
    """1, 1.0 and True are equal in Python, as are one instant in two offsets; Neo4j stores them
    as different values, so a change between them is not a no-op."""
    recent = RecentWrites(10)
    recent.remember(recent.select([_node({"name": "x", "n": 1})], []))
    assert recent.has_node(_node({"n": 1, "name": "x"}))  # key order does not matter
    assert not recent.has_node(_node({"name": "x", "n": True}))
    assert not recent.has_node(_node({"name": "x", "n": 1.0}))
    noon = datetime(2020, 1, 1, 12, tzinfo=UTC)
    recent.remember(recent.select([_node({"name": "x", "at": noon})], []))
    assert recent.has_node(_node({"name": "x", "at": noon}))
    assert not recent.has_node(
        _node({"name": "x", "at": noon.astimezone(timezone(timedelta(hours=1)))})
    )
    recent.remember(recent.select([_node({"name": "x", "tags": ["a", "b"]})], []))
    assert recent.has_node(_node({"name": "x", "tags": ["a", "b"]}))
    assert not recent.has_node(_node({"name": "x", "tags": ["b", "a"]}))
