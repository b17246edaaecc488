"""Export scopes (neighbourhood, canonical entity) and the caller's visibility, on a small graph
written here: who is in a scope, which edges come with it, and what a caller may not see."""

from __future__ import annotations

import neo4j
import pytest
from export_support import MakeExporter

from graph_platform.errors import NotFound, ScopeError
from graph_platform.export import (
    CanonicalScope,
    NeighbourhoodScope,
    OperationScope,
    Visibility,
    WholeGraph,
    parse_scope,
)
from graph_platform.export.records import ExportEdge, ExportNode
from graph_platform.export.scope import Scope
from graph_platform.settings import Settings

#: Source a asserts accounts 1, 2, 4 and the canonical x; source b asserts account 3 (and 2).
GRAPH = """
CREATE (a:Entity:Source {id: 'source:a', title: 'A', sources: ['source:a']}),
       (b:Entity:Source {id: 'source:b', title: 'B', sources: ['source:b']}),
       (one:Entity:Account {id: 'account:1', platform: 'x', handle: 'one', sources: ['source:a']}),
       (two:Entity:Account {id: 'account:2', platform: 'x', handle: 'two',
         sources: ['source:a', 'source:b'],
         origins: ['source:a @ f.csv#1', 'source:b @ g.csv#9'],
         _claims: ['["source:a", "handle", "two"]', '["source:b", "handle", "TWO"]']}),
       (three:Entity:Account {id: 'account:3', platform: 'x', handle: 'three',
         sources: ['source:b']}),
       (four:Entity:Account {id: 'account:4', platform: 'x', handle: 'four',
         sources: ['source:a']}),
       (x:Entity:ResolvedEntity {id: 'resolvedentity:x', kind: 'Account', sources: ['source:a']}),
       (one)-[:FOLLOWS {sources: ['source:a'], confidence: 1.0}]->(two),
       (two)-[:FOLLOWS {sources: ['source:b'], confidence: 1.0}]->(three),
       (three)-[:FOLLOWS {sources: ['source:b'], confidence: 1.0}]->(four),
       (one)-[:RESOLVED_TO {sources: ['source:a'], confidence: 0.9}]->(x),
       (four)-[:RESOLVED_TO {sources: ['source:a'], confidence: 0.9}]->(x)
"""


@pytest.fixture
def small_graph(empty_graph: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    empty_graph.execute_query(GRAPH, database_=settings.neo4j_database)
    return empty_graph


def _read(
    make_exporter: MakeExporter, scope: Scope, visible: set[str] | None = None
) -> tuple[dict[str, ExportNode], set[tuple[str, str, str]]]:
    exporter = make_exporter(Visibility(None if visible is None else frozenset(visible)), 2)
    reader = exporter.reader(exporter.writer("graphml"))
    items = list(reader.items(scope))
    nodes = {i.id: i for i in items if isinstance(i, ExportNode)}
    edges = {(i.type, i.source, i.target) for i in items if isinstance(i, ExportEdge)}
    return nodes, edges


def test_a_neighbourhood_is_the_nodes_within_depth_their_sources_and_the_edges_between(
    small_graph: neo4j.Driver, make_exporter: MakeExporter
) -> None:
    nodes, edges = _read(make_exporter, NeighbourhoodScope(("account:1",), 1))
    assert sorted(nodes) == ["account:1", "account:2", "resolvedentity:x", "source:a", "source:b"]
    assert edges == {
        ("Follows", "account:1", "account:2"),
        ("ResolvedTo", "account:1", "resolvedentity:x"),
    }
    nodes, edges = _read(make_exporter, NeighbourhoodScope(("account:1",), 2))
    assert len(nodes) == 7 and len(edges) == 5
    nodes, edges = _read(make_exporter, NeighbourhoodScope(("account:3",), 0))
    assert sorted(nodes) == ["account:3", "source:b"] and edges == set()


def test_hidden_sources_hide_their_nodes_edges_and_provenance_and_lead_nowhere(
    small_graph: neo4j.Driver, make_exporter: MakeExporter
) -> None:
    nodes, edges = _read(make_exporter, NeighbourhoodScope(("account:1",), 2), {"source:a"})
    # account 3 is b's alone: hidden, so the path 2 → 3 → 4 is not followed (4 comes via x)
    assert sorted(nodes) == ["account:1", "account:2", "account:4", "resolvedentity:x", "source:a"]
    assert ("Follows", "account:2", "account:3") not in edges and len(edges) == 3
    two = nodes["account:2"]
    assert two.provenance.sources == ["source:a"]
    assert two.provenance.origins == ["source:a @ f.csv#1"]
    assert [(c.source, c.value) for c in two.claims] == [("source:a", "two")]
    # b also asserts account 2: only a's values leave the database (none of platform)
    assert two.props == {"handle": "two"}
    whole, whole_edges = _read(make_exporter, WholeGraph(), {"source:b"})
    assert sorted(whole) == ["account:2", "account:3", "source:b"]
    assert whole_edges == {("Follows", "account:2", "account:3")}


def test_a_canonical_entity_is_itself_its_members_and_their_sources(
    small_graph: neo4j.Driver, make_exporter: MakeExporter
) -> None:
    expected = ["account:1", "account:4", "resolvedentity:x", "source:a"]
    for start in ("resolvedentity:x", "account:4"):
        nodes, edges = _read(make_exporter, CanonicalScope(start))
        assert sorted(nodes) == expected
        assert edges == {
            ("ResolvedTo", "account:1", "resolvedentity:x"),
            ("ResolvedTo", "account:4", "resolvedentity:x"),
        }
    with pytest.raises(NotFound, match="neither a canonical entity nor resolved to one"):
        _read(make_exporter, CanonicalScope("account:2"))


def test_scopes_that_name_nothing_or_are_malformed_say_so(
    small_graph: neo4j.Driver, make_exporter: MakeExporter
) -> None:
    with pytest.raises(NotFound, match="no influence operation with id 'account:1'"):
        _read(make_exporter, OperationScope("account:1"))
    with pytest.raises(NotFound, match="no node with id 'account:9'"):
        _read(make_exporter, NeighbourhoodScope(("account:1", "account:9"), 1))
    assert parse_scope("neighbourhood:a, b@2") == NeighbourhoodScope(("a", "b"), 2)
    assert parse_scope("operation:x") == OperationScope("x")
    assert parse_scope(" all ") == WholeGraph()
    for text, message in [
        ("neighbourhood:a@4", "depth must be 0 to 3"),
        ("neighbourhood:a@two", "depth 'two' is not a number"),
        ("neighbourhood:@1", "give at least one id"),
        ("operation:", "unknown scope"),
        ("everything", "unknown scope 'everything'"),
    ]:
        with pytest.raises(ScopeError, match=message):
            parse_scope(text)
