"""Entity resolution over GraphQL, through the app and its lifespan, on the real donation
records resolved in the real Neo4j: review queue, whySame, canonical, and decisions."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager

from graph_platform.access.keys import ApiKeys
from graph_platform.api import create_app
from graph_platform.resolve.graph import canonical_id
from graph_platform.resolve.resolution import Record, Resolution
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings

sys.path.insert(0, str(Path(__file__).parents[1] / "resolve"))
from graph_support import by_name, cluster, load_donations, resolution_graph, scored

QUANDT = ("Frau Johanna Quandt", "Johanna Quandt")
STEFAN = "Herr Stefan Quandt"

QUEUE = """
query ($kind: String!, $first: Int!, $after: String) {
  reviewQueue(kind: $kind, first: $first, after: $after) {
    items { left { id caption } right { id caption }
            link { probability status matchWeight features { name level weight } } }
    endCursor hasNextPage
  }
}
"""
WHY = """
query ($l: ID!, $r: ID!) {
  whySame(leftId: $l, rightId: $r) {
    left { id } right { id } canonical probability verdict
    direct { probability features { name level weight } }
    path { left right status probability }
    decisions { action verdict analyst reason }
  }
}
"""
CANONICAL = """
query ($id: ID!) {
  canonical(id: $id) {
    entity { id kind name aliases memberCount mergedBy }
    members { entity { id caption } probability via features { name } }
    links { left right status probability }
  }
}
"""
CONFIRM = """
mutation ($l: ID!, $r: ID!, $reason: String!) {
  confirmPair(leftId: $l, rightId: $r, reason: $reason) {
    decisionId action kind members removed created
  }
}
"""
UNMERGE = """
mutation ($id: ID!, $reason: String!) {
  unmerge(id: $id, reason: $reason) { action removed created }
}
"""


@pytest.fixture
def people(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> dict[str, Record]:
    load_donations(empty_graph, settings, shared_data, tmp_path)
    graph = resolution_graph(empty_graph, settings)
    found = by_name(graph, "Person")
    review = [scored(found[STEFAN], found["Johanna Quandt"])]
    graph.write("Person", Resolution([cluster(*(found[n] for n in QUANDT))], review))
    return found


@pytest.fixture
async def post(settings: Settings, people: dict[str, Record]) -> AsyncIterator[Any]:
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):

        async def ask(query: str, key: str | None = None, **variables: Any) -> Any:
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            answer = response.json()
            answer.pop("extensions", None)
            return answer if response.status_code == 200 else (response.status_code, answer)

        yield ask


async def test_review_queue_lists_borderline_pairs_with_their_explanation(
    post: Any, people: dict[str, Record]
) -> None:
    answer = await post(QUEUE, kind="Person", first=5)

    assert "errors" not in answer
    page = answer["data"]["reviewQueue"]
    assert page["hasNextPage"] is False and page["endCursor"]
    (item,) = page["items"]
    expected = scored(people[STEFAN], people["Johanna Quandt"])
    assert {item["left"]["id"], item["right"]["id"]} == {expected.left, expected.right}
    assert item["link"]["probability"] == expected.probability
    assert item["link"]["status"] == "review"
    assert [(f["name"], f["weight"]) for f in item["link"]["features"]] == [
        (f.name, f.weight) for f in expected.features
    ]
    bad = await post(QUEUE, kind="Planet", first=5)
    assert bad["errors"][0]["message"].startswith("unknown kind 'Planet'")


HELD = """
query ($kind: String!, $l: ID!, $r: ID!, $frau: ID!) {
  reviewQueue(kind: $kind, first: 5) { items { link { status heldReason } } }
  whySame(leftId: $l, rightId: $r) { canonical notMerged direct { heldReason } }
  merged: whySame(leftId: $frau, rightId: $r) { canonical notMerged }
}
"""


async def test_review_items_and_why_same_say_why_a_pair_was_not_merged(
    post: Any, people: dict[str, Record], empty_graph: neo4j.Driver, settings: Settings
) -> None:
    held = "below the threshold: p = 0.731 is under the merge threshold 0.9 (match weight ...)"
    pair = replace(scored(people[STEFAN], people["Johanna Quandt"]), held=held)
    graph = resolution_graph(empty_graph, settings)
    graph.write("Person", Resolution([cluster(*(people[n] for n in QUANDT))], [pair]))
    frau, johanna = (people[n].id for n in QUANDT)

    answer = await post(HELD, kind="Person", l=people[STEFAN].id, r=johanna, frau=frau)

    assert "errors" not in answer, answer
    data = answer["data"]
    assert data["reviewQueue"]["items"] == [{"link": {"status": "review", "heldReason": held}}]
    assert data["whySame"] == {"canonical": None, "notMerged": held, "direct": {"heldReason": held}}
    assert data["merged"]["canonical"] is not None and data["merged"]["notMerged"] is None


async def test_why_same_and_canonical_explain_a_merge(post: Any, people: dict[str, Record]) -> None:
    frau, johanna = (people[n].id for n in QUANDT)

    why = (await post(WHY, l=frau, r=johanna))["data"]["whySame"]
    view = (await post(CANONICAL, id=johanna))["data"]["canonical"]

    link = scored(people[QUANDT[0]], people[QUANDT[1]])
    assert why["canonical"] == canonical_id("Person", [frau, johanna])
    assert why["probability"] == link.probability
    assert [f["name"] for f in why["direct"]["features"]] == ["name", "country"]
    assert why["verdict"] is None and why["decisions"] == [] and why["path"] == []
    assert view["entity"]["memberCount"] == 2 and view["entity"]["kind"] == "Person"
    assert view["entity"]["name"] == "Frau Johanna Quandt"
    assert sorted(m["entity"]["id"] for m in view["members"]) == sorted([frau, johanna])
    assert [m["probability"] for m in view["members"]] == [link.probability] * 2
    assert view["links"] == [
        {
            "left": min(frau, johanna),
            "right": max(frau, johanna),
            "status": "linked",
            "probability": link.probability,
        }
    ]
    assert (await post(WHY, l=frau, r="nobody"))["data"]["whySame"] is None


async def test_decisions_are_recorded_under_the_callers_key_with_why(
    post: Any, people: dict[str, Record], empty_graph: neo4j.Driver, settings: Settings
) -> None:
    stefan, johanna, frau = (people[n].id for n in (STEFAN, "Johanna Quandt", QUANDT[0]))
    keys = ApiKeys(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    ana = keys.create("ana", "analyst", "RED", "test")[1]
    ben = keys.create("ben", "analyst", "RED", "test")[1]
    partner = keys.create("acme", "partner", "RED", "test")[1]
    # With keys in the graph nobody is anonymous, and a partner may not decide.
    assert (await post(CONFIRM, l=stefan, r=johanna, reason="son"))[0] == 401
    refused = await post(CONFIRM, key=partner, l=stefan, r=johanna, reason="son")
    assert refused[0] == 403 and refused[1]["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    confirmed = await post(CONFIRM, key=ana, l=stefan, r=johanna, reason="son")
    result = confirmed["data"]["confirmPair"]
    assert result["action"] == "confirm" and result["kind"] == "Person"
    assert result["removed"] == [canonical_id("Person", [frau, johanna])]
    assert result["created"] == [canonical_id("Person", [frau, johanna, stefan])]
    why = (await post(WHY, key=ana, l=frau, r=stefan))["data"]["whySame"]
    assert why["verdict"] is None  # the confirm was about stefan ~ johanna
    assert [p["status"] for p in why["path"]] == ["linked", "confirmed"]
    pair = (await post(WHY, key=ana, l=stefan, r=johanna))["data"]["whySame"]
    assert pair["decisions"] == [
        {"action": "confirm", "verdict": "confirm", "analyst": "ana", "reason": "son"}
    ]
    queue = await post(QUEUE, key=ana, kind="Person", first=5)
    assert queue["data"]["reviewQueue"]["items"] == []

    undone = await post(UNMERGE, key=ben, id=stefan, reason="wrong")
    assert undone["data"]["unmerge"]["created"] == [canonical_id("Person", [frau, johanna])]
    pair = (await post(WHY, key=ana, l=stefan, r=johanna))["data"]["whySame"]
    assert pair["verdict"] == "reject" and pair["decisions"][-1]["analyst"] == "ben"
