"""The GraphQL API end to end over real HTTP (`graph-platform serve` on 127.0.0.1) against the
real Neo4j loaded with the real samples: Twitter IO release index, tweets and users, FtM
donations, the MISP threat-actor galaxy and an OASIS STIX bundle."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager
from gql import Client, gql
from gql.transport.httpx import HTTPXAsyncTransport
from server_support import Served

from graph_platform.api import create_app
from graph_platform.api.narrowing import caption_keys
from graph_platform.explore.listing import CURSOR, accounts
from graph_platform.explore.page import decode_cursor, encode_cursor
from graph_platform.explore.reader import GraphReader
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.scope import Scope

INSIDE_SYRIA = "account:d92b9dc8883fff63bf68f223fe99b45b"
RUSSIA = "location:b8f245b3f6f49645e85725a50d79540a"
EXAMPLES = re.compile(r"```graphql\n(.*?)```", re.DOTALL)


def _readme_examples() -> list[str]:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start, end = text.index("<!-- api-examples -->"), text.index("<!-- /api-examples -->")
    return EXAMPLES.findall(text[start:end])


@pytest.fixture(scope="module")
async def session(sample_server: Served) -> AsyncIterator[Any]:
    """A `gql` client session that fetched the schema by introspection and validates every
    query against it before sending it, as a partner's client would."""
    transport = HTTPXAsyncTransport(url=sample_server.graphql, timeout=60)
    client = Client(transport=transport, fetch_schema_from_transport=True, execute_timeout=120)
    async with client as session:
        yield session


async def ask(server: Served, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.post(server.graphql, json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def data(answer: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in answer, answer["errors"]
    found: dict[str, Any] = answer["data"]
    return found


@pytest.mark.parametrize("number", range(len(_readme_examples())))
async def test_readme_examples_run_as_written(session: Any, number: int) -> None:
    example = _readme_examples()[number]

    result = await session.execute(gql(example))  # validated against the schema first

    assert result and all(value not in (None, [], {}) for value in result.values()), result


async def test_readme_examples_say_who_is_behind_inside_syria(session: Any) -> None:
    result = await session.execute(gql(_readme_examples()[0]))

    assert result["account"]["id"] == INSIDE_SYRIA
    paths = result["attribution"]["nodes"]
    assert [(p["operation"]["name"], p["actor"]["caption"]) for p in paths] == [
        ("Twitter IO release russia_201901_1", "Russia"),
        ("Twitter IO release russia_201901_1", "Internet Research Agency"),
    ]
    assert paths[0]["confidence"] == pytest.approx(0.95 * 0.9)
    first_hop = paths[0]["hops"][0]
    assert first_hop["type"] == "PART_OF" and first_hop["sources"][0]["publisher"] == "Twitter"
    assert first_hop["origins"] and first_hop["origins"][0].startswith("source:")


async def test_relationship_pages_cover_every_post_once(sample_server: Served) -> None:
    query = """query ($after: String) { account(platform: "twitter", handle: "Inside_Syria") {
        posts(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor }
                                         edges { cursor outgoing node { id } } } } }"""
    seen: list[str] = []
    after = None
    while True:
        posts = data(await ask(sample_server, query, after=after))["account"]["posts"]
        seen += [edge["node"]["id"] for edge in posts["edges"]]
        assert all(edge["outgoing"] for edge in posts["edges"])
        if not posts["pageInfo"]["hasNextPage"]:
            break
        after = posts["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == posts["totalCount"] == 17


def _count(driver: neo4j.Driver, settings: Settings, cypher: str) -> int:
    records, _, _ = driver.execute_query(cypher, database_=settings.neo4j_database)
    return int(records[0][0])


async def test_a_relationship_can_be_followed_back(
    sample_server: Served, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    query = """query ($id: ID!) { node(id: $id) { ... on InfluenceOperation {
        name accounts(first: 3) { totalCount nodes { handle partOf { nodes { id } } } } } } }"""
    operation = "influenceoperation:7c92dc381c6ff9455868afade91d1522"
    found = data(await ask(sample_server, query, id=operation))["node"]
    members = _count(
        sample_graph,
        settings,
        f"MATCH (:Account)-[r:PART_OF]->({{id: '{operation}'}}) RETURN count(r)",
    )

    assert found["name"] == "Twitter IO release russia_201901_1"
    assert found["accounts"]["totalCount"] == members > 50
    for account in found["accounts"]["nodes"]:
        assert account["partOf"]["nodes"] == [{"id": operation}]


async def test_relationship_filters_by_time_and_confidence(sample_server: Served) -> None:
    query = """query ($since: DateTime, $until: DateTime, $min: Float) {
      account(platform: "twitter", handle: "Inside_Syria") {
        all: posts(first: 100) { totalCount edges { firstSeen lastSeen } }
        window: posts(first: 100, since: $since, until: $until) { totalCount edges { firstSeen } }
        sure: partOf(minConfidence: $min) { totalCount } } }"""
    everything = data(await ask(sample_server, query, min=0.5))["account"]
    times = sorted(datetime.fromisoformat(e["firstSeen"]) for e in everything["all"]["edges"])
    middle = times[len(times) // 2]
    window = data(
        await ask(
            sample_server, query, since=middle.isoformat(), until=times[-1].isoformat(), min=0.96
        )
    )["account"]

    expected = sum(1 for t in times if middle <= t)
    assert window["window"]["totalCount"] == expected < everything["all"]["totalCount"]
    assert everything["sure"]["totalCount"] == 1  # PART_OF at 0.95
    assert window["sure"]["totalCount"] == 0  # not at 0.96


async def test_search_finds_handles_prefixes_and_other_scripts(sample_server: Served) -> None:
    query = """query ($text: String!, $types: [String!]) { search(text: $text, types: $types) {
        totalCount edges { matchedBy node { __typename id caption } } } }"""

    async def hits(text: str, types: list[str] | None = None) -> list[tuple[str, str]]:
        found = data(await ask(sample_server, query, text=text, types=types))["search"]
        return [(e["node"]["caption"], e["matchedBy"]) for e in found["edges"]]

    assert ("Inside_Syria", "fulltext") in await hits("@Inside_Syria")
    assert ("Inside_Syria", "fulltext") in await hits("inside_sy")  # type-ahead
    cyrillic = await hits("Квандт", ["Person"])  # Quandt, typed in Cyrillic
    assert cyrillic and all(m == "fuzzy" for _, m in cyrillic)
    assert any("Quandt" in caption for caption, _ in cyrillic), cyrillic
    assert await hits("Internet Research Agency", ["Organisation"]) == [
        ("Internet Research Agency", "fulltext")
    ]
    # Lucene syntax in the caller's words is text, never an operator or an error.
    assert data(await ask(sample_server, query, text='AND OR ( ) ~ * " \\ ?'))["search"] is not None


async def test_lists_filter_operations_and_accounts(
    sample_server: Served, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    query = """query ($russia: ID!, $operation: ID!) {
        operations(attributedTo: $russia) { totalCount nodes { releaseId } }
        accounts(operation: $operation, first: 10) {
          totalCount nodes { id } pageInfo { hasNextPage } }
        holders: accounts(handle: "@INSIDE_SYRIA") { totalCount nodes { id } } }"""
    operation = "influenceoperation:7c92dc381c6ff9455868afade91d1522"
    found = data(await ask(sample_server, query, russia=RUSSIA, operation=operation))

    release_ids = {n["releaseId"] for n in found["operations"]["nodes"]}
    assert "russia_201901_1" in release_ids
    assert found["operations"]["totalCount"] == len(release_ids)
    members = _count(
        sample_graph,
        settings,
        f"MATCH (:Account)-[r:PART_OF]->({{id: '{operation}'}}) RETURN count(r)",
    )
    assert found["accounts"]["totalCount"] == members
    assert len(found["accounts"]["nodes"]) == 10 and found["accounts"]["pageInfo"]["hasNextPage"]
    assert found["holders"] == {"totalCount": 1, "nodes": [{"id": INSIDE_SYRIA}]}


async def test_an_unfiltered_account_list_is_the_filtered_query_with_every_filter_off(
    sample_graph: neo4j.Driver, settings: Settings
) -> None:
    """Without a filter accounts are read in id-index order (`explore.accounts_in_id_order`,
    a page costs its size): page by page, for everything and for a partner's scope, the same
    accounts in the same order, the same totals and the same end as `explore.accounts` with
    every filter off; a scope that sees none of their sources sees none of them."""
    runtime = Runtime(settings)
    with sample_graph.session(database=settings.neo4j_database) as session:
        source = session.run("MATCH (a:Account) RETURN a.sources[0] AS s LIMIT 1").single()["s"]
    off = dict.fromkeys(("platform", "operation", "handle", "since", "until"))
    totals = {}
    async with runtime.async_driver() as driver:
        scopes = {
            "all": Scope.everything(),
            "its source": Scope.of(sources=[source]),
            "another source": Scope.of(sources=["source:not-in-this-graph"]),
        }
        for name, scope in scopes.items():
            reader = GraphReader(driver, runtime.database, runtime.queries, scope)
            after, pages = None, 0
            while True:
                page = await accounts(reader, first=7, after=after, with_total=True)
                rows = await reader.rows(
                    "explore.accounts",
                    **off,
                    after=decode_cursor(CURSOR, after),
                    limit=8,
                    with_total=True,
                )
                assert [n.id for n in page.nodes] == [r["node"]["id"] for r in rows[:7]]
                assert bool(page.nodes) == (name != "another source")
                assert page.has_next_page == (len(rows) > 7)
                if rows:
                    assert page.total == rows[0]["total"]
                    totals[name] = page.total
                pages += 1
                if not page.has_next_page or pages == 6:
                    break
                after = page.end_cursor
            beyond = encode_cursor(CURSOR, "\uffff")  # after every id: an empty last page
            page = await accounts(reader, first=7, after=beyond)
            assert (page.nodes, page.has_next_page) == ((), False)
    assert totals == {"all": totals["all"], "its source": totals["all"]} and totals["all"] > 7


async def test_neighbourhood_caps_a_busy_node_and_counts_it_truly(
    sample_server: Served, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    query = """query ($id: ID!, $types: [String!]) {
        neighbourhood(ids: [$id], depth: 2, limitPerNode: 10, relTypes: $types) {
          truncated nodes { id } edges { type source target } capped { id shown total } } }"""
    graph = data(await ask(sample_server, query, id=INSIDE_SYRIA, types=["ON_PLATFORM"]))
    graph = graph["neighbourhood"]
    on_twitter = _count(
        sample_graph,
        settings,
        "MATCH (:Platform {name: 'twitter'})<-[r:ON_PLATFORM]-() RETURN count(r)",
    )

    platform = next(n["id"] for n in graph["nodes"] if n["id"].startswith("platform:"))
    assert {c["id"]: (c["shown"], c["total"]) for c in graph["capped"]} == {
        platform: (10, on_twitter)
    }
    assert on_twitter > 10
    assert {e["type"] for e in graph["edges"]} == {"ON_PLATFORM"}
    assert all(platform in (e["source"], e["target"]) for e in graph["edges"])
    # The account, the platform and the 10 accounts sampled from it (the account may be one).
    assert {n["id"] for n in graph["nodes"]} == {
        INSIDE_SYRIA,
        platform,
        *(e["source"] for e in graph["edges"]),
    }
    assert 11 <= len(graph["nodes"]) <= 12
    assert not graph["truncated"]


async def test_neighbourhood_rejects_what_it_cannot_do(sample_server: Served) -> None:
    query = """query ($depth: Int!, $types: [String!]) {
        neighbourhood(ids: ["x"], depth: $depth, relTypes: $types) { truncated } }"""
    too_deep = await ask(sample_server, query, depth=4)
    typo = await ask(sample_server, query, depth=1, types=["PART_0F"])

    assert too_deep["errors"][0]["message"] == "depth must be between 1 and 3"
    assert typo["errors"][0]["message"] == (
        "relTypes: no relationship type 'PART_0F'; did you mean 'PART_OF'?"
    )
    assert {e["extensions"]["code"] for e in [*too_deep["errors"], *typo["errors"]]} == {
        "BAD_USER_INPUT"
    }


async def test_paths_are_shortest_first(sample_server: Served) -> None:
    query = """query ($from: ID!, $to: ID!) { paths(from: $from, to: $to, k: 3, maxHops: 4) {
        length edges { type } nodes { id } } }"""
    found = data(await ask(sample_server, query, **{"from": INSIDE_SYRIA, "to": RUSSIA}))["paths"]

    assert [p["length"] for p in found] == sorted(p["length"] for p in found)
    assert [e["type"] for e in found[0]["edges"]] == ["PART_OF", "ATTRIBUTED_TO"]
    assert found[0]["nodes"][0]["id"] == INSIDE_SYRIA and found[0]["nodes"][-1]["id"] == RUSSIA


async def test_attributed_operations_say_by_whom_and_on_what_evidence(
    sample_server: Served,
) -> None:
    query = """query ($id: ID!) { attributedOperations(actorId: $id) {
        operation { releaseId } confidence sources { publisher } origins } }"""
    found = data(await ask(sample_server, query, id=RUSSIA))["attributedOperations"]

    russia = next(a for a in found if a["operation"]["releaseId"] == "russia_201901_1")
    assert russia["confidence"] == 0.9 and russia["sources"] == [{"publisher": "Twitter"}]
    assert russia["origins"] and "twitter_io_releases.csv#" in russia["origins"][0]


async def test_a_page_of_accounts_with_posts_costs_constant_round_trips(
    sample_graph: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One query for the accounts, one batched query for all their posts, one for the posts'
    sources: the same for 5 accounts as for 50."""
    sent: list[str] = []
    rows = GraphReader.rows

    async def counted(self: GraphReader, query: Any, /, **params: Any) -> list[neo4j.Record]:
        sent.append(query if isinstance(query, str) else query.name)
        return await rows(self, query, **params)

    monkeypatch.setattr(GraphReader, "rows", counted)
    query = """query ($first: Int!) { accounts(first: $first) { nodes { handle
        posts(first: 3) { totalCount edges { sources { title } node { text } } } } } }"""
    counts = {}
    async with LifespanManager(create_app(Runtime(settings))) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            for first in (5, 50):
                sent.clear()
                response = await client.post(
                    "/graphql", json={"query": query, "variables": {"first": first}}
                )
                accounts = response.json()["data"]["accounts"]["nodes"]
                assert len(accounts) == first
                counts[first] = list(sent)

    assert (
        counts[5]
        == counts[50]
        == [
            "explore.accounts_in_id_order",
            "explore.relationship_page[rel_type=POSTED]",
            "explore.nodes",
        ]
    )


async def test_an_account_by_id_loads_its_pages_side_by_side(
    sample_graph: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`account(id)` starts the relationship pages it selects (here through a fragment and with
    a variable) before its own lookup returns: three queries, each once, and the pages sent
    before the account arrived. The answer equals `node(id)`'s, which loads level by level."""
    events: list[tuple[str, str]] = []
    rows = GraphReader.rows

    async def traced(self: GraphReader, query: Any, /, **params: Any) -> list[neo4j.Record]:
        name = query if isinstance(query, str) else query.name
        events.append(("sent", name))
        found = await rows(self, query, **params)
        events.append(("answered", name))
        return found

    monkeypatch.setattr(GraphReader, "rows", traced)
    pages = """fragment Pages on Account { partOf(first: $first) { totalCount edges {
      confidence node { id name } } } posts(first: 2) { nodes { id } } }"""
    by_id = f"query ($id: ID!, $first: Int!) {{ account(id: $id) {{ id ...Pages }} }} {pages}"
    level_by_level = f"query ($id: ID!, $first: Int!) {{ node(id: $id) {{ id ...Pages }} }} {pages}"
    missing = f'query ($first: Int!) {{ account(id: "account:none") {{ id ...Pages }} }} {pages}'
    variables = {"id": INSIDE_SYRIA, "first": 5}
    async with LifespanManager(create_app(Runtime(settings))) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            answers, traces = {}, {}
            for name, query in (("by_id", by_id), ("level_by_level", level_by_level)):
                events.clear()
                response = await client.post(
                    "/graphql", json={"query": query, "variables": variables}
                )
                answers[name], traces[name] = response.json(), list(events)
            nothing = await client.post(
                "/graphql", json={"query": missing, "variables": {"first": 5}}
            )

    account = data(answers["by_id"])["account"]
    assert account["partOf"]["totalCount"] >= 1 and account["partOf"]["edges"]
    assert account == data(answers["level_by_level"])["node"]
    loads = {
        "explore.relationship_page[rel_type=PART_OF]",
        "explore.relationship_page[rel_type=POSTED]",
    }
    for trace in traces.values():
        assert sorted(name for kind, name in trace if kind == "sent") == sorted(
            ["explore.nodes", *loads]
        )
    # sent before the account was answered: every page by id, none level by level
    assert _sent_before_the_node(traces["by_id"]) == {"explore.nodes", *loads}
    assert _sent_before_the_node(traces["level_by_level"]) == {"explore.nodes"}
    assert data(nothing.json()) == {"account": None}


def _sent_before_the_node(trace: list[tuple[str, str]]) -> set[str]:
    answered = trace.index(("answered", "explore.nodes"))
    return {name for kind, name in trace[:answered] if kind == "sent"}


async def test_reads_carry_only_what_the_selection_shows(
    sample_graph: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each read is cut to the properties behind the selected fields (api/narrowing.py): a
    neighbourhood asking ids, captions and confidences reads caption properties and
    confidences; one more property field adds that property; `provenance` keeps every
    property. An account lookup reads the properties it shows, and its relationship page the
    `name` of the other end and no relationship property; a list and a search the properties
    their nodes show. Answers are the same however much was read."""
    reads: list[tuple[str, Scope, list[neo4j.Record]]] = []
    rows = GraphReader.rows

    async def traced(self: GraphReader, query: Any, /, **params: Any) -> list[neo4j.Record]:
        found = await rows(self, query, **params)
        reads.append((query if isinstance(query, str) else query.name, self.scope, found))
        return found

    monkeypatch.setattr(GraphReader, "rows", traced)
    hood = """query ($id: ID!) { neighbourhood(ids: [$id], depth: 2, limitPerNode: 10) {
      nodes { id caption NODE } edges { type source target confidence } } }"""
    account = """query ($id: ID!) { account(id: $id) { id handle followers ALSO
      partOf { totalCount nodes { id name } } } }"""
    asked = {
        "brief": hood.replace("NODE", ""),
        "one_more": hood.replace("NODE", "... on Account { followers }"),
        "everything": hood.replace("NODE", "provenance { origins }"),
        "account": account.replace("ALSO", ""),
        "account_everything": account.replace("ALSO", "provenance { origins }"),
        "list": "{ accounts(first: 3) { edges { cursor node { id handle } } } }",
        "list_everything": """{ accounts(first: 3) { edges { cursor node { id handle
          provenance { origins } } } } }""",
        "search": '{ search(text: "syria", first: 3) { nodes { id caption } } }',
    }
    answers: dict[str, Any] = {}
    seen: dict[str, list[tuple[str, Scope, list[neo4j.Record]]]] = {}
    async with LifespanManager(create_app(Runtime(settings))) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            for name, query in asked.items():
                reads.clear()
                response = await client.post(
                    "/graphql", json={"query": query, "variables": {"id": INSIDE_SYRIA}}
                )
                answers[name] = data(response.json())
                seen[name] = list(reads)

    captions = caption_keys(Runtime(settings).model)
    confidence = frozenset({"confidence"})

    def sampled(name: str, part: str) -> set[str]:
        return {
            str(key)
            for _, _, found in seen[name]
            for row in found
            for item in row["sample"]
            for key, _ in item[part]["properties"]
        }

    assert {scope for _, scope, _ in seen["brief"]} == {
        Scope(fields=captions, edge_fields=confidence)
    }
    assert {scope for _, scope, _ in seen["one_more"]} == {
        Scope(fields=captions | {"followers"}, edge_fields=confidence)
    }
    assert {scope for _, scope, _ in seen["everything"]} == {Scope(edge_fields=confidence)}
    assert sampled("brief", "node") <= captions | {"id"} and "handle" in sampled("brief", "node")
    assert sampled("one_more", "node") - sampled("brief", "node") == {"followers"}
    assert {"created_at", "first_seen"} <= sampled("everything", "node")
    assert all(sampled(name, "edge") == {"confidence"} for name in ("brief", "everything"))
    shown = {(n["id"], n["caption"]) for n in answers["everything"]["neighbourhood"]["nodes"]}
    for name in ("brief", "one_more"):
        graph = answers[name]["neighbourhood"]
        assert {(n["id"], n["caption"]) for n in graph["nodes"]} == shown
        assert graph["edges"] == answers["everything"]["neighbourhood"]["edges"]
    assert len(shown) > 10

    scopes = {query: scope for query, scope, _ in seen["account"]}
    assert scopes["explore.nodes"] == Scope(fields=frozenset({"handle", "followers"}))
    assert scopes["explore.relationship_page[rel_type=PART_OF]"] == Scope(
        fields=frozenset({"name"}), edge_fields=frozenset()
    )
    wide = {query: scope for query, scope, _ in seen["account_everything"]}
    assert wide["explore.nodes"] == Scope()
    brief_account = answers["account"]["account"]
    assert brief_account["partOf"]["totalCount"] >= 1 and brief_account["followers"] is not None
    full_account = dict(answers["account_everything"]["account"])
    full_account.pop("provenance")
    assert brief_account == full_account

    assert [scope for _, scope, _ in seen["list"]] == [Scope(fields=frozenset({"handle"}))]
    assert [scope for _, scope, _ in seen["list_everything"]] == [Scope()]
    listed = answers["list"]["accounts"]["edges"]
    assert len(listed) == 3 and any(edge["node"]["handle"] for edge in listed)
    for edge in answers["list_everything"]["accounts"]["edges"]:
        edge["node"].pop("provenance")
    assert listed == answers["list_everything"]["accounts"]["edges"]
    assert [scope for _, scope, _ in seen["search"]] == [Scope(fields=captions)]
    assert INSIDE_SYRIA in {node["id"] for node in answers["search"]["search"]["nodes"]}
