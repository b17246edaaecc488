"""Property: what a key of clearance C sees of a graph equals what an admin sees of the same graph
with every source above C removed, and with it everything only those sources asserted (and
their claims). Random small graphs (hypothesis) with random TLP markings, random queries over
HTTP against the real Neo4j."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_platform.access.keys import ApiKeys
from graph_platform.access.marking import rank
from graph_platform.api import create_app
from graph_platform.model.tlp import TLP
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry

SOURCES = ("s0", "s1", "s2", "s3")
ACCOUNTS = ("a0", "a1", "a2", "a3")
OPERATIONS = ("o0", "o1", "o2")
QUERIES = {
    "node": """query ($id: ID!) { node(id: $id) {
        id ... on Account { displayName } ... on InfluenceOperation { name } } }""",
    "part_of": """query ($id: ID!) { account(id: $id) {
        partOf { totalCount edges { confidence node { id name } } } } }""",
    "neighbourhood": """query ($id: ID!) { neighbourhood(ids: [$id], depth: 2) {
        nodes { id caption } edges { type source target confidence } capped { id total } } }""",
    "operations": """{ operations { totalCount nodes { id name accounts { totalCount } } } }""",
    "attribution": """query ($id: ID!) { attribution(accountId: $id) {
        totalCount nodes { operation { id } confidence } } }""",
}


@dataclass(frozen=True)
class Graph:
    markings: dict[str, str | None]
    #: node id → the source ids asserting it, in the order they did
    nodes: dict[str, tuple[str, ...]]
    #: (account, operation) → (source id, confidence)
    edges: dict[tuple[str, str], tuple[str, float]]

    def pruned(self, clearance: str) -> Graph:
        """The graph without the sources a caller of `clearance` may not see (unmarked: RED)."""
        keep = {s for s, m in self.markings.items() if rank(m or "RED") <= rank(clearance)}
        nodes = {
            n: kept for n, ss in self.nodes.items() if (kept := tuple(s for s in ss if s in keep))
        }
        edges = {
            (a, o): (s, c)
            for (a, o), (s, c) in self.edges.items()
            if s in keep and a in nodes and o in nodes
        }
        return Graph({s: m for s, m in self.markings.items() if s in keep}, nodes, edges)

    def rows(self) -> dict[str, Any]:
        nodes = []
        for node, sources in self.nodes.items():
            field = "display_name" if node.startswith("a") else "name"
            fixed = {"platform": "twitter", "handle": node, "handle_key": node}
            values = {
                s: {**(fixed if node.startswith("a") else {}), field: f"{node}-{s}"}
                for s in sources
            }
            props: dict[str, Any] = {"sources": list(sources), **values[sources[-1]]}
            if len(sources) > 1:  # as the writer does: each source's values kept as claims
                props["_claims"] = [
                    json.dumps([s, key, value], ensure_ascii=False)
                    for s in sources
                    for key, value in values[s].items()
                ]
            nodes.append(
                {
                    "id": node,
                    "label": "Account" if node.startswith("a") else "InfluenceOperation",
                    "props": props,
                }
            )
        return {
            "sources": [{"id": s, "marking": m} for s, m in self.markings.items()],
            "nodes": nodes,
            "edges": [
                {"source": a, "target": o, "props": {"sources": [s], "confidence": c}}
                for (a, o), (s, c) in self.edges.items()
            ],
        }


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    markings = {s: draw(st.sampled_from([*TLP, None])) for s in SOURCES}
    nodes = {
        node: tuple(draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=3, unique=True)))
        for node in (*ACCOUNTS, *OPERATIONS)
    }
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(OPERATIONS)),
            max_size=8,
            unique=True,
        )
    )
    edges = {
        pair: (draw(st.sampled_from(SOURCES)), draw(st.sampled_from([0.5, 0.75, 1.0])))
        for pair in pairs
    }
    return Graph(markings, nodes, edges)


@pytest.fixture
def tokens(
    driver: neo4j.Driver, settings: Settings, fixture_queries: QueryRegistry
) -> dict[str, str]:
    with driver.session(database=settings.neo4j_database) as session:
        fixture_queries.run(session, "wipe")
    keys = ApiKeys(driver, Runtime(settings).queries, settings.neo4j_database)
    made = {level: keys.create(f"analyst {level}", "analyst", level, "test")[1] for level in TLP}
    made["admin"] = keys.create("admin", "admin", "RED", "test")[1]
    return made


@pytest.fixture
async def client(settings: Settings, tokens: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
        yield client


def _load(driver: neo4j.Driver, settings: Settings, queries: QueryRegistry, graph: Graph) -> None:
    with driver.session(database=settings.neo4j_database) as session:
        queries.run(session, "wipe_entities")
        queries.run(session, "seed_rows", **graph.rows())


def _normal(answer: Any) -> Any:
    """Lists sorted, so that two equal answers compare equal whatever their order."""
    if isinstance(answer, dict):
        return {key: _normal(value) for key, value in answer.items()}
    if isinstance(answer, list):
        return sorted(
            (_normal(item) for item in answer), key=lambda x: json.dumps(x, sort_keys=True)
        )
    return answer


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    graph=graphs(),
    clearance=st.sampled_from(TLP[:-1]),
    query=st.sampled_from(sorted(QUERIES)),
    start=st.sampled_from([*ACCOUNTS, *OPERATIONS]),
)
async def test_a_clearance_sees_what_an_admin_sees_without_the_sources_above_it(
    client: httpx.AsyncClient,
    tokens: dict[str, str],
    driver: neo4j.Driver,
    settings: Settings,
    fixture_queries: QueryRegistry,
    graph: Graph,
    clearance: str,
    query: str,
    start: str,
) -> None:
    async def ask(token: str) -> Any:
        response = await client.post(
            "/graphql",
            json={
                "query": QUERIES[query],
                "variables": {"id": start} if "$id" in QUERIES[query] else {},
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        answer = response.json()
        assert response.status_code == 200 and "errors" not in answer, answer
        return _normal(answer["data"])

    _load(driver, settings, fixture_queries, graph)
    seen = await ask(tokens[clearance])
    _load(driver, settings, fixture_queries, graph.pruned(clearance))
    expected = await ask(tokens["admin"])

    assert seen == expected
