"""How scopes are read: an operation's scope as the caller may see it (membership only through
visible links), and paging — nodes in keyset pages, their relationships in chunks that may end
inside one node's relationships — giving exactly what one big read gives, temporal values
included (the queries send them as text, the reader parses them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import neo4j
import pytest
from export_support import MakeExporter

from graph_platform.errors import NotFound
from graph_platform.export import OperationScope, Visibility, WholeGraph
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode
from graph_platform.export.scope import Scope
from graph_platform.settings import Settings

#: Source a asserts almost everything; b alone asserts account 4's membership, the attribution
#: to z and the operation h. Account 1 has three posts (more than one chunk of two).
GRAPH = """
CREATE (a:Entity:Source {id: 'source:a', title: 'A', sources: ['source:a']}),
       (b:Entity:Source {id: 'source:b', title: 'B', sources: ['source:b']}),
       (op:Entity:InfluenceOperation {id: 'influenceoperation:o', name: 'O',
         sources: ['source:a'], first_seen: datetime('2020-01-02T03:04:05.123456Z')}),
       (h:Entity:InfluenceOperation {id: 'influenceoperation:h', name: 'H',
         sources: ['source:b']}),
       (one:Entity:Account {id: 'account:1', platform: 'x', handle: 'one',
         sources: ['source:a']}),
       (four:Entity:Account {id: 'account:4', platform: 'x', handle: 'four',
         sources: ['source:a']}),
       (nine:Entity:Account {id: 'account:9', platform: 'x', handle: 'nine',
         sources: ['source:a']}),
       (p1:Entity:Post {id: 'post:1', platform: 'x', sources: ['source:a'],
         created_at: datetime('2020-01-02T03:04:00Z')}),
       (p2:Entity:Post {id: 'post:2', platform: 'x', sources: ['source:a'],
         created_at: datetime('2020-01-02T03:04:05.5+01:00[Europe/Paris]')}),
       (p3:Entity:Post {id: 'post:3', platform: 'x', sources: ['source:a']}),
       (p4:Entity:Post {id: 'post:4', platform: 'x', sources: ['source:a']}),
       (y:Entity:Organisation {id: 'organisation:y', name: 'Y', sources: ['source:a']}),
       (z:Entity:Organisation {id: 'organisation:z', name: 'Z', sources: ['source:a']}),
       (pay:Entity:Payment {id: 'payment:1', amount: 5.0, date: date('2020-01-03'),
         sources: ['source:a']}),
       (one)-[:PART_OF {sources: ['source:a'], confidence: 1.0}]->(op),
       (four)-[:PART_OF {sources: ['source:b']}]->(op),
       (nine)-[:PART_OF {sources: ['source:a']}]->(h),
       (one)-[:POSTED {sources: ['source:a'], first_seen: datetime('2020-01-02T03:04:00Z')}]->(p1),
       (one)-[:POSTED {sources: ['source:a']}]->(p2),
       (one)-[:POSTED {sources: ['source:a']}]->(p4),
       (four)-[:POSTED {sources: ['source:a']}]->(p3),
       (one)-[:FOLLOWS {sources: ['source:a']}]->(nine),
       (op)-[:ATTRIBUTED_TO {sources: ['source:a']}]->(y),
       (op)-[:ATTRIBUTED_TO {sources: ['source:b'], confidence: 0.5}]->(z),
       (y)-[:PAID {sources: ['source:a']}]->(pay),
       (z)-[:PAID {sources: ['source:a']}]->(pay),
       (pay)-[:PAID_TO {sources: ['source:a']}]->(z)
"""


@pytest.fixture
def graph(empty_graph: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    empty_graph.execute_query(GRAPH, database_=settings.neo4j_database)
    return empty_graph


def _items(
    make_exporter: MakeExporter,
    scope: Scope,
    visible: set[str] | None = None,
    *,
    page_size: int = 1000,
    edge_chunk: int = 5000,
    format_name: str = "graphml",
) -> list[ExportItem]:
    visibility = Visibility(None if visible is None else frozenset(visible))
    exporter = make_exporter(visibility, page_size, edge_chunk)
    return list(exporter.reader(exporter.writer(format_name)).items(scope))


def _shape(items: list[ExportItem]) -> tuple[list[str], set[tuple[str, str, str]]]:
    nodes = [i.id for i in items if isinstance(i, ExportNode)]
    edges = {(i.type, i.source, i.target) for i in items if isinstance(i, ExportEdge)}
    return nodes, edges


def test_an_operation_is_what_the_caller_may_see_of_it_and_a_hidden_one_is_not_found(
    graph: neo4j.Driver, make_exporter: MakeExporter
) -> None:
    operation = OperationScope("influenceoperation:o")
    nodes, edges = _shape(_items(make_exporter, operation))
    assert nodes == sorted(nodes) == [
        "account:1", "account:4", "influenceoperation:o", "organisation:y", "organisation:z",
        "post:1", "post:2", "post:3", "post:4", "source:a", "source:b",
    ]  # fmt: skip
    assert edges == {
        ("PartOf", "account:1", "influenceoperation:o"),
        ("PartOf", "account:4", "influenceoperation:o"),
        ("Posted", "account:1", "post:1"),
        ("Posted", "account:1", "post:2"),
        ("Posted", "account:1", "post:4"),
        ("Posted", "account:4", "post:3"),
        ("AttributedTo", "influenceoperation:o", "organisation:y"),
        ("AttributedTo", "influenceoperation:o", "organisation:z"),
    }
    # b's links are hidden from a caller who sees a only: account 4 (a's node, in the operation
    # by b's word), its post and the attribution to z stay out, though a asserts those nodes.
    nodes, edges = _shape(_items(make_exporter, operation, {"source:a"}))
    assert nodes == [
        "account:1", "influenceoperation:o", "organisation:y", "post:1", "post:2", "post:4",
        "source:a",
    ]  # fmt: skip
    assert edges == {
        ("PartOf", "account:1", "influenceoperation:o"),
        ("Posted", "account:1", "post:1"),
        ("Posted", "account:1", "post:2"),
        ("Posted", "account:1", "post:4"),
        ("AttributedTo", "influenceoperation:o", "organisation:y"),
    }
    # an operation only a hidden source asserts reads as a missing one
    with pytest.raises(NotFound, match="no influence operation with id 'influenceoperation:h'"):
        _items(make_exporter, OperationScope("influenceoperation:h"), {"source:a"})
    assert "account:9" in _shape(_items(make_exporter, OperationScope("influenceoperation:h")))[0]


@pytest.mark.parametrize("format_name", ["graphml", "ftm", "stix"])
def test_small_pages_and_chunks_read_exactly_what_one_read_does(
    graph: neo4j.Driver, make_exporter: MakeExporter, format_name: str
) -> None:
    for scope in (WholeGraph(), OperationScope("influenceoperation:o")):
        for visible in (None, {"source:a"}):
            whole = _items(make_exporter, scope, visible, format_name=format_name)
            for page_size, edge_chunk in [(1, 1), (2, 2), (3, 1), (4, 3)]:
                paged = _items(
                    make_exporter, scope, visible, page_size=page_size, edge_chunk=edge_chunk,
                    format_name=format_name,
                )  # fmt: skip
                assert paged == whole, (scope, visible, page_size, edge_chunk)
    items = _items(make_exporter, WholeGraph(), format_name=format_name)
    # every node comes before its outgoing relationships, each relationship once
    seen: set[str] = set()
    for item in items:
        if isinstance(item, ExportNode):
            seen.add(item.id)
        else:
            assert item.source in seen
    edges = [i for i in items if isinstance(i, ExportEdge)]
    assert len(edges) == len({(e.type, e.source, e.target) for e in edges}) == 13
    nodes = {i.id: i for i in items if isinstance(i, ExportNode)}
    assert len(nodes) == 14
    # temporal values come back as Python values, in their zone
    assert nodes["post:1"].props["created_at"] == datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
    two = nodes["post:2"].props["created_at"]
    assert two.utcoffset() is not None
    assert two.astimezone(UTC) == datetime(2020, 1, 2, 2, 4, 5, 500000, tzinfo=UTC)
    assert nodes["influenceoperation:o"].provenance.first_seen == datetime(
        2020, 1, 2, 3, 4, 5, 123456, tzinfo=UTC
    )
    assert nodes["payment:1"].props["date"] == date(2020, 1, 3)
    posted = next(e for e in edges if e.target == "post:1")
    assert posted.provenance.first_seen == datetime(2020, 1, 2, 3, 4, tzinfo=UTC)
    if format_name == "ftm":  # the payment's payers come with it, its outgoing edge after it
        assert {e.source for e in nodes["payment:1"].incoming} == {
            "organisation:y",
            "organisation:z",
        }
