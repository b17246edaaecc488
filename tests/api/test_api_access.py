"""Access control over HTTP against the real Neo4j: admin, analyst and partner keys of different
clearances ask every query of the API of a graph whose sources carry TLP markings
(tests/api/cypher/seed_marked.cypher), and see exactly what their role and clearance allow —
in results, paths, neighbourhoods, search, attribution, counts and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager
from server_support import without_budget

from graph_platform.access.keys import ApiKeys
from graph_platform.api import create_app
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry

LOADED_AT = "2024-05-01T12:00:00+00:00"
Ask = Callable[..., Awaitable[dict[str, Any]]]
CALLERS = {
    "admin": ("admin", "RED"),
    "analyst_amber": ("analyst", "AMBER"),
    "partner_green": ("partner", "GREEN"),
    "partner_red": ("partner", "RED"),
}


@pytest.fixture
def marked(
    driver: neo4j.Driver, settings: Settings, fixture_queries: QueryRegistry
) -> dict[str, str]:
    """The marked graph, and a key per caller (name → token)."""
    with driver.session(database=settings.neo4j_database) as session:
        fixture_queries.run(session, "wipe")
        fixture_queries.run(session, "seed_marked", loaded_at=datetime.fromisoformat(LOADED_AT))
    keys = ApiKeys(driver, Runtime(settings).queries, settings.neo4j_database)
    return {name: keys.create(name, role, tlp, "test")[1] for name, (role, tlp) in CALLERS.items()}


@pytest.fixture
async def client(settings: Settings, marked: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
        yield client


@pytest.fixture
def ask(client: httpx.AsyncClient, marked: dict[str, str]) -> Ask:
    async def post(caller: str, query: str, **variables: Any) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {marked[caller]}"},
        )
        assert response.status_code == 200, response.text
        answer = without_budget(response.json())
        assert "errors" not in answer, answer
        found: dict[str, Any] = answer["data"]
        return found

    return post


async def test_no_credential_or_a_bad_one_is_401(client: httpx.AsyncClient) -> None:
    query = {"query": "{ __typename }"}
    for headers in (
        {},
        {"Authorization": "Bearer gpk_000000000000_notarealsecretatall"},
        {"Authorization": "Basic dXNlcjpwdw=="},
    ):
        response = await client.post("/graphql", json=query, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_hidden_and_missing_nodes_are_the_same_null(ask: Ask) -> None:
    query = "query ($id: ID!) { node(id: $id) { id } entity(id: $id) { id } }"
    seen = {
        caller: {
            node: (await ask(caller, query, id=node))["node"] is not None
            for node in ("acc-public", "acc-amber", "op-red", "person-jane", "loc-atlantis", "no")
        }
        for caller in CALLERS
    }
    assert seen == {
        "admin": {
            "acc-public": True,
            "acc-amber": True,
            "op-red": True,
            "person-jane": True,
            "loc-atlantis": True,
            "no": False,
        },
        "analyst_amber": {
            "acc-public": True,
            "acc-amber": True,
            "op-red": False,
            "person-jane": True,
            "loc-atlantis": False,
            "no": False,
        },
        "partner_green": {
            "acc-public": True,
            "acc-amber": False,
            "op-red": False,
            "person-jane": False,
            "loc-atlantis": False,
            "no": False,
        },
        "partner_red": {
            "acc-public": True,
            "acc-amber": True,
            "op-red": True,
            "person-jane": False,
            "loc-atlantis": True,
            "no": False,
        },
    }


async def test_values_and_claims_only_through_visible_sources(ask: Ask) -> None:
    query = """{ account(id: "acc-mixed") { displayName handle sources
        provenance { origins claims { property value source { id } } } } }"""
    green = (await ask("partner_green", query))["account"]
    amber = (await ask("analyst_amber", query))["account"]

    assert green["displayName"] == "Clear Name"  # the AMBER source's value stays hidden
    assert green["sources"] == ["src-clear"]
    assert green["provenance"]["origins"] == ["src-clear @ public.csv#3"]
    assert {c["source"]["id"] for c in green["provenance"]["claims"]} == {"src-clear"}
    assert "Amber" not in str(green)
    assert amber["displayName"] == "Amber Name"  # the more reliable source, now visible
    assert amber["sources"] == ["src-clear", "src-amber"]
    assert len(amber["provenance"]["claims"]) == 4


async def test_partners_see_only_shareable_fields(ask: Ask) -> None:
    query = '{ node(id: "src-clear") { ... on Source { title file marking } } }'
    assert (await ask("partner_red", query))["node"] == {
        "title": "Public release",
        "file": None,
        "marking": "CLEAR",
    }
    assert (await ask("analyst_amber", query))["node"]["file"] == "public.csv"


async def test_relationships_and_their_counts_exclude_what_is_hidden(ask: Ask) -> None:
    query = """{ account(id: "acc-public") {
        partOf { totalCount nodes { id } }
        operatedBy { totalCount nodes { id } } }
      node(id: "platform-twitter") { ... on Platform { accounts { totalCount nodes { id } } } } }"""
    answers = {caller: await ask(caller, query) for caller in CALLERS}

    def summary(answer: dict[str, Any]) -> tuple[Any, ...]:
        account = answer["account"]
        return (
            account["partOf"]["totalCount"],
            sorted(n["id"] for n in account["partOf"]["nodes"]),
            account["operatedBy"]["totalCount"],
            answer["node"]["accounts"]["totalCount"],
        )

    assert summary(answers["admin"]) == (2, ["op-green", "op-red"], 1, 3)
    assert summary(answers["analyst_amber"]) == (1, ["op-green"], 1, 3)
    assert summary(answers["partner_green"]) == (1, ["op-green"], 0, 2)
    assert summary(answers["partner_red"]) == (2, ["op-green", "op-red"], 0, 3)


async def test_lists_search_and_lookups_count_only_what_is_visible(ask: Ask) -> None:
    query = """{ accounts(platform: "twitter") { totalCount nodes { id } }
        operations { totalCount nodes { id } }
        holder: account(platform: "twitter", handle: "amber_handle") { id } }"""
    green = await ask("partner_green", query)
    admin = await ask("admin", query)

    assert green["accounts"]["totalCount"] == 2 and admin["accounts"]["totalCount"] == 3
    assert [n["id"] for n in green["operations"]["nodes"]] == ["op-green"]
    assert admin["operations"]["totalCount"] == 2
    assert green["holder"] is None and admin["holder"] == {"id": "acc-amber"}


async def test_neighbourhood_paths_and_attribution_never_cross_what_is_hidden(ask: Ask) -> None:
    query = """{ neighbourhood(ids: ["op-green"], depth: 2) {
          nodes { id } edges { type source target } capped { id } }
        paths(from: "acc-public", to: "loc-atlantis", maxHops: 3) { length }
        attribution(accountId: "acc-public") {
          totalCount nodes { operation { id } actorStatus actor { id } } } }"""
    green = await ask("partner_green", query)
    red = await ask("partner_red", query)
    admin = await ask("admin", query)

    assert {n["id"] for n in green["neighbourhood"]["nodes"]} == {
        "op-green",
        "acc-public",
        "acc-mixed",
        "platform-twitter",
    }
    assert green["paths"] == []
    assert green["attribution"] == {
        "totalCount": 1,
        "nodes": [{"operation": {"id": "op-green"}, "actorStatus": "UNKNOWN", "actor": None}],
    }
    assert "person-jane" not in str(red["neighbourhood"])  # not shareable, at any clearance
    assert {n["id"] for n in admin["neighbourhood"]["nodes"]} >= {"person-jane", "acc-amber"}
    assert [p["length"] for p in admin["paths"]] == [2]
    assert admin["attribution"]["totalCount"] == 2


async def test_partners_may_not_ask_for_resolution_decisions_or_introspection(
    client: httpx.AsyncClient, marked: dict[str, str]
) -> None:
    partner = {"Authorization": f"Bearer {marked['partner_red']}"}
    analyst = {"Authorization": f"Bearer {marked['analyst_amber']}"}
    for query in (
        '{ reviewQueue(kind: "Person") { hasNextPage } }',
        '{ canonical(id: "x") { entity { id } } }',
        'mutation { unmerge(id: "x", reason: "r") { action } }',
        "{ __schema { types { name } } }",
    ):
        response = await client.post("/graphql", json={"query": query}, headers=partner)
        assert response.status_code == 403, query
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    introspection = await client.post(
        "/graphql", json={"query": "{ __schema { queryType { name } } }"}, headers=analyst
    )
    assert introspection.status_code == 200


async def test_resolution_reads_are_cut_to_the_clearance_too(ask: Ask) -> None:
    query = """query ($right: ID!) { whySame(leftId: "acc-public", rightId: $right) {
        left { id } right { id } } }"""
    assert (await ask("analyst_amber", query, right="op-red"))["whySame"] is None
    assert (await ask("admin", query, right="op-red"))["whySame"]["right"] == {"id": "op-red"}
    assert (await ask("analyst_amber", query, right="acc-amber"))["whySame"] is not None


async def test_me_names_the_caller_and_what_they_may_do(ask: Ask) -> None:
    query = "{ me { name role clearance via mayDecide } }"
    assert [(await ask(caller, query))["me"] for caller in ("admin", "partner_green")] == [
        {"name": "admin", "role": "admin", "clearance": "RED", "via": "key", "mayDecide": True},
        {
            "name": "partner_green",
            "role": "partner",
            "clearance": "GREEN",
            "via": "key",
            "mayDecide": False,
        },
    ]
    analyst = (await ask("analyst_amber", query))["me"]
    assert (analyst["role"], analyst["clearance"], analyst["mayDecide"]) == (
        "analyst",
        "AMBER",
        True,
    )
