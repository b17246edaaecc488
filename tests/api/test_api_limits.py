"""Limits, budgets, identities and the audit, over HTTP against the real Neo4j: heavy requests are
refused before they run, a key over its budget gets 429 while other keys do not, bearer JWTs of a
test identity provider are checked, keys are managed by the CLI, and every request is audited."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import neo4j
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.asymmetric import rsa
from graphql import OperationDefinitionNode, parse
from typer.testing import CliRunner

import graph_platform.cli.keys
import graph_platform.cli.serve  # noqa: F401  (registers `serve`)
from graph_platform.access.audit import AuditEntry, AuditLog
from graph_platform.access.keys import ApiKeys
from graph_platform.api import create_app
from graph_platform.api.query_limits import CostModel, measure
from graph_platform.cli.app import app as cli
from graph_platform.explore.reader import GraphReader
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings, get_settings

SMALL = {"query": '{ account(id: "acc-1") { id } }'}


@pytest.fixture
def keys(seeded: None, driver: neo4j.Driver, settings: Settings) -> dict[str, str]:
    store = ApiKeys(driver, Runtime(settings).queries, settings.neo4j_database)
    return {
        "heavy": store.create("heavy user", "partner", "RED", "test")[1],
        "other": store.create("other user", "partner", "RED", "test")[1],
        "analyst": store.create("analyst", "analyst", "RED", "test")[1],
    }


async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
        yield client


@pytest.fixture
async def client(settings: Settings, keys: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async for made in _client(settings):
        yield made


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_thousand_aliases_are_refused_before_anything_runs(
    client: httpx.AsyncClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    rows = GraphReader.rows

    async def counted(self: GraphReader, query: Any, /, **params: Any) -> list[neo4j.Record]:
        sent.append(str(query))
        return await rows(self, query, **params)

    monkeypatch.setattr(GraphReader, "rows", counted)
    aliases = " ".join(f'a{i}: account(id: "acc-1") {{ id }}' for i in range(1000))
    few = " ".join(f'a{i}: account(id: "acc-1") {{ id }}' for i in range(31))
    refused = await client.post(
        "/graphql", json={"query": f"{{ {aliases} }}"}, headers=_as(keys["heavy"])
    )
    small = await client.post("/graphql", json=SMALL, headers=_as(keys["other"]))

    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["message"] == "the query is 33893 characters long; the most is 20000"
    assert sent == ["explore.nodes"]  # only the other key's small query reached the database
    assert small.status_code == 200 and small.json()["data"] == {"account": {"id": "acc-1"}}
    shorter = await client.post(
        "/graphql", json={"query": f"{{ {few} }}"}, headers=_as(keys["heavy"])
    )
    assert shorter.json()["errors"][0]["message"] == "the operation's aliases is 31; the most is 30"


def _nested(levels: int) -> str:
    """An account's operations' accounts' operations' …: `levels` fields deep, `id` last."""
    cycle = ["partOf(first: 1)", "nodes", "accounts(first: 1)", "nodes"]
    fields = ['account(id: "acc-1")', *(cycle[i % 4] for i in range(levels - 2)), "id"]
    query = fields[-1]
    for field in reversed(fields[:-1]):
        query = f"{field} {{ {query} }}"
    return f"{{ {query} }}"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "{ accounts(first: 10000) { nodes { posts(first: 500) { nodes { id } } } } }",
            "the operation's estimated cost is 10020001; the most is 50000",
        ),
        (_nested(16), "the operation's depth is 16; the most is 15"),
    ],
)
async def test_heavy_operations_are_refused_with_their_measure(
    client: httpx.AsyncClient, keys: dict[str, str], query: str, message: str
) -> None:
    response = await client.post("/graphql", json={"query": query}, headers=_as(keys["heavy"]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == message
    allowed = await client.post(
        "/graphql", json={"query": _nested(15)}, headers=_as(keys["analyst"])
    )
    assert allowed.status_code == 200, allowed.text


async def test_a_large_body_is_refused_unread(
    client: httpx.AsyncClient, keys: dict[str, str]
) -> None:
    body = json.dumps({"query": "{ " + "a: __typename " * 100_000 + "}"})  # ~1.4 MB
    response = await client.post(
        "/graphql",
        content=body,
        headers={**_as(keys["heavy"]), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert (await client.get("/healthz")).status_code == 200


async def test_over_budget_is_429_for_that_key_only(
    settings: Settings, keys: dict[str, str]
) -> None:
    tight = settings.model_copy(update={"api_budget": 500, "api_budget_window": 600.0})
    async for client in _client(tight):
        answers = [
            await client.post("/graphql", json=SMALL, headers=_as(keys["heavy"])) for _ in range(6)
        ]
        other = await client.post("/graphql", json=SMALL, headers=_as(keys["other"]))

    statuses = [a.status_code for a in answers]
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]  # 4 × (100 + 2) fit in 500
    assert [int(a.headers["ratelimit-remaining"]) for a in answers[:4]] == [398, 296, 194, 92]
    assert int(answers[4].headers["retry-after"]) > 0
    assert answers[4].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert answers[0].json()["extensions"]["rateLimit"]["cost"] == 102
    assert other.status_code == 200


async def test_every_request_is_audited(
    client: httpx.AsyncClient, keys: dict[str, str], settings: Settings
) -> None:
    before = sum(1 for _ in settings.audit_path.open()) if settings.audit_path.is_file() else 0
    await client.post(
        "/graphql",
        json={
            "query": "query Who($id: ID!) { account(id: $id) { id } }",
            "variables": {"id": "acc-1"},
        },
        headers=_as(keys["analyst"]),
    )
    await client.post("/graphql", json=SMALL)  # no credential: 401
    await client.post(
        "/graphql",
        json={"query": 'mutation { unmerge(id: "x", reason: "r") { action } }'},
        headers=_as(keys["other"]),
    )  # a partner may not: 403
    entries = [json.loads(line) for line in settings.audit_path.open()][before:]

    assert [(e["status"], e["role"], e["operation"]) for e in entries] == [
        (200, "analyst", "Who"),
        (401, "-", None),
        (403, "partner", None),
    ]
    first = entries[0]
    assert first["variables"] == {"id": "…"}  # redacted by default
    assert first["query_sha256"] and first["key"].startswith("key:") and first["duration_ms"] > 0
    assert entries[2]["operation_type"] == "mutation"


def _jwks(tmp_path: Path) -> tuple[Any, Path]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [{**public, "kid": "test-key", "use": "sig"}]}))
    return private, path


async def test_bearer_jwts_of_the_identity_provider(
    settings: Settings, seeded: None, tmp_path: Path
) -> None:
    private, jwks = _jwks(tmp_path)
    configured = settings.model_copy(
        update={
            "jwt_issuer": "https://idp.test",
            "jwt_audience": "graph-platform",
            "jwt_jwks": str(jwks),
        }
    )
    now = datetime.now(UTC)
    claims = {
        "iss": "https://idp.test",
        "aud": "graph-platform",
        "sub": "alice",
        "name": "Alice",
        "gp_role": "partner",
        "gp_clearance": "TLP:RED",
        "exp": now + timedelta(minutes=5),
    }

    def token(**changes: Any) -> str:
        return jwt.encode(
            {**claims, **changes}, private, algorithm="RS256", headers={"kid": "test-key"}
        )

    (tmp_path / "other").mkdir()
    other_private, _ = _jwks(tmp_path / "other")
    async for client in _client(configured):
        good = await client.post("/graphql", json=SMALL, headers=_as(token()))
        expired = await client.post(
            "/graphql", json=SMALL, headers=_as(token(exp=now - timedelta(minutes=1)))
        )
        audience = await client.post("/graphql", json=SMALL, headers=_as(token(aud="someone-else")))
        forged = await client.post(
            "/graphql",
            json=SMALL,
            headers=_as(
                jwt.encode(claims, other_private, algorithm="RS256", headers={"kid": "test-key"})
            ),
        )
        unsigned = await client.post(
            "/graphql", json=SMALL, headers=_as(jwt.encode(claims, None, algorithm="none"))
        )
        anonymous = await client.post("/graphql", json=SMALL)

    assert good.status_code == 200, good.text
    assert good.json()["data"] == {"account": {"id": "acc-1"}}, good.text
    for refused in (expired, audience, forged, unsigned, anonymous):
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_keys_are_made_listed_and_revoked_by_the_cli(
    settings: Settings, empty_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in settings.model_dump().items():
        if value is not None:
            monkeypatch.setenv(f"GP_{name.upper()}", str(value))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        made = runner.invoke(
            cli, ["keys", "create", "--name", "Acme", "--role", "partner", "--clearance", "green"]
        )
        listed = runner.invoke(cli, ["keys", "list"])
        key_id = made.output.split()[1]
        revoked = runner.invoke(cli, ["keys", "revoke", key_id])
        after = runner.invoke(cli, ["keys", "list"])
        bad_role = runner.invoke(
            cli, ["keys", "create", "--name", "X", "--role", "boss", "--clearance", "RED"]
        )
    finally:
        get_settings.cache_clear()

    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    assert token.startswith(f"gpk_{key_id}_") and len(token) > 40
    assert "Acme" in listed.output and "partner" in listed.output and "GREEN" in listed.output
    assert token not in listed.output
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert after.exit_code == 0
    (record,) = ApiKeys(empty_graph, Runtime(settings).queries, settings.neo4j_database).list()
    assert record.key_id == key_id and record.revoked_at is not None
    assert bad_role.exit_code != 0


def test_serve_refuses_the_network_in_open_mode(
    settings: Settings, empty_graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in settings.model_dump().items():
        if value is not None:
            monkeypatch.setenv(f"GP_{name.upper()}", str(value))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8999"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code != 0
    assert "refusing to listen on 0.0.0.0" in str(result.exception) + result.output


def test_the_audit_file_is_made_again_after_rotation(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit" / "api.jsonl")
    entry = AuditEntry(
        time="2026-12-06T00:00:00+00:00",
        key="key:1",
        name="n",
        role="analyst",
        via="key",
        operation="Q",
        operation_type="query",
        query_sha256=None,
        variables=None,
        duration_ms=1.0,
        response_bytes=2,
        status=200,
    )
    log.append(entry)
    log.path.rename(tmp_path / "audit" / "api.jsonl.1")  # what logrotate does
    log.append(replace(entry, key="key:2"))
    assert [e["key"] for e in log.entries()] == ["key:2"]
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    shutil.rmtree(tmp_path / "audit")  # the folder too
    log.append(entry)
    assert [e["key"] for e in log.entries()] == ["key:1"]


def test_fragments_on_other_object_types_are_priced_as_alternatives() -> None:
    document = parse(
        'query { neighbourhood(ids: ["x"], limit: 100) { nodes { id '
        "... on Account { handle displayName followers } ... on Post { text } "
        "...Entity } } } fragment Entity on Node { id }"
    )
    operation = document.definitions[0]
    fragments = {d.name.value: d for d in document.definitions[1:]}
    assert isinstance(operation, OperationDefinitionNode)
    model = CostModel({"neighbourhood": 1}, frozenset({"Account", "Post", "Neighbourhood"}))
    found = measure(operation, fragments, None, model)
    # The page of 100 nodes, each: id, Node's id and the dearest type (Account's three fields;
    # summing every type's fields would say 6, and grow with each type the ontology gains).
    assert found.cost == 1 + 100 * (1 + (1 + 1 + 3))
    assert found.fields == 1 + 1 + 1 + 1 + 3 + 1  # every field is still counted
