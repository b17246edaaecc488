"""GraphQL over HTTP: media types, status codes and request problems, in the app (ASGI) and,
with graphql-http's own server audits (npm), against `graph-platform serve` on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_support import served, without_budget

from graph_platform.settings import Settings

AUDIT = Path(__file__).with_name("http_audit")
GRAPHQL_RESPONSE = "application/graphql-response+json"
TWO_OPERATIONS = (
    'query First { account(id: "acc-1") { id } } query Second { account(id: "acc-2") { id } }'
)


async def _post(
    client: httpx.AsyncClient, body: Any, accept: str | None = None, **headers: str
) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"content-type": "application/json", **headers}
    if accept is not None:
        sent["accept"] = accept
    return await client.post("/graphql", content=content, headers=sent)


async def test_the_answer_follows_accept(client: httpx.AsyncClient) -> None:
    query = {"query": '{ account(id: "acc-1") { id } }'}
    for accept, media in (
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
    ):
        response = await _post(client, query, accept)
        assert response.status_code == 200, accept
        assert response.headers["content-type"] == f"{media}; charset=utf-8", accept
        assert without_budget(response.json()) == {"data": {"account": {"id": "acc-1"}}}
    refused = await _post(client, query, "text/plain")
    assert refused.status_code == 406


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": "{ account(id: "}, "Syntax Error"),
        ({"query": "{ nosuchfield }"}, "Cannot query field 'nosuchfield'"),
        (
            {
                "query": 'query ($n: Int!) { reviewQueue(kind: "Person", first: $n) '
                "{ hasNextPage } }",
                "variables": {"n": "x"},
            },
            "Variable '$n' has invalid value",
        ),
        ({"query": TWO_OPERATIONS}, "Must provide operation name"),
    ],
)
async def test_a_request_that_cannot_run_is_a_client_error(
    client: httpx.AsyncClient, body: dict[str, Any], message: str
) -> None:
    strict = await _post(client, body, GRAPHQL_RESPONSE)
    legacy = await _post(client, body, "application/json")

    assert strict.status_code == 400 and legacy.status_code == 200
    for response in (strict, legacy):
        answer = response.json()
        assert "data" not in answer
        assert message in answer["errors"][0]["message"]


async def test_operation_name_chooses_among_several(client: httpx.AsyncClient) -> None:
    response = await _post(client, {"query": TWO_OPERATIONS, "operationName": "Second"})
    assert without_budget(response.json()) == {"data": {"account": {"id": "acc-2"}}}


async def test_bodies_that_are_not_graphql_requests(client: httpx.AsyncClient) -> None:
    not_utf8 = await _post(client, b'{"query": "{ account(id: \\"\xe9\\") { id } }"}')
    not_json = await _post(client, b"{query: nope}")
    no_query = await _post(client, {"variables": {}})
    not_an_object = await _post(client, ["query"])
    no_type = await client.post("/graphql", content=b'{"query": "{ __typename }"}')
    too_big = await _post(client, {"query": "{ __typename }", "pad": "x" * 300_000})

    assert (not_utf8.status_code, not_utf8.json()["errors"][0]["message"]) == (
        400,
        "the request body is not UTF-8 (byte 27)",
    )
    assert not_json.status_code == 400 and "not JSON" in not_json.text
    assert no_query.status_code == 400 and "has no `query`" in no_query.text
    assert not_an_object.status_code == 400
    assert no_type.status_code == 415
    assert too_big.status_code == 413
    for response in (not_utf8, not_json, no_query, no_type, too_big):
        assert response.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}


async def test_get_runs_queries_and_refuses_mutations(client: httpx.AsyncClient) -> None:
    query = await client.get(
        "/graphql",
        params={
            "query": "query ($id: ID!) { account(id: $id) { id } }",
            "variables": json.dumps({"id": "acc-1"}),
        },
    )
    mutation = await client.get(
        "/graphql",
        params={"query": 'mutation { unmerge(id: "x", reason: "r") { action } }'},
    )

    assert without_budget(query.json()) == {"data": {"account": {"id": "acc-1"}}}
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"


def test_graphql_http_server_audit_passes_without_warnings(
    settings: Settings, seeded: None
) -> None:
    assert (AUDIT / "node_modules" / "graphql-http").is_dir(), "run scripts/setup.sh (npm ci)"
    with served(settings) as server:
        done = subprocess.run(
            ["node", str(AUDIT / "audit.mjs"), server.graphql],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failures"] == [] and report["warnings"] == []
    assert report["ok"] >= 40
