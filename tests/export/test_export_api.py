"""The export route of the API: an export streamed over HTTP, errors before any byte; the caller
authenticated, charged to their budget and audited once per export."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import neo4j
import networkx as nx
from asgi_lifespan import LifespanManager
from export_support import Load, scalar

from graph_platform.access.keys import ApiKeys
from graph_platform.api import create_app
from graph_platform.api.service import REQUEST_CHARGE
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings


@asynccontextmanager
async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the API app for `settings`, its lifespan run."""
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
        yield client


async def test_exports_stream_over_http_and_bad_requests_say_why(
    load: Load, empty_graph: neo4j.Driver, settings: Settings, shared_data: Path
) -> None:
    load("stix", shared_data / "stix/oasis_campaign_threat_actor_example.json")
    nodes = scalar(empty_graph, settings, "MATCH (n) RETURN count(n)")
    edges = scalar(empty_graph, settings, "MATCH ()-[r]->() RETURN count(r)")
    operation = scalar(
        empty_graph, settings, "MATCH (o:InfluenceOperation) RETURN o.id ORDER BY o.name LIMIT 1"
    )
    async with _client(settings) as client:
        reply = await client.get("/export/graphml", params={"scope": "all"})
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("application/graphml+xml")
        assert reply.headers["content-disposition"].startswith(
            'attachment; filename="graph_platform-all-'
        )
        graph = nx.read_graphml(io.BytesIO(reply.content))
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges)
        reply = await client.get("/export/stix", params={"scope": f"operation:{operation}"})
        assert reply.status_code == 200
        names = {o.get("name") for o in json.loads(reply.content)["objects"]}
        assert "Operation Bran Flakes" in names and "Operation Raisin Bran" not in names
        reply = await client.get("/export/stix", params={"scope": "operation:nothing"})
        assert (reply.status_code, reply.json()) == (
            404,
            {"error": "no influence operation with id 'nothing'", "code": "NOT_FOUND"},
        )
        reply = await client.get("/export/ftm", params={"scope": "everything"})
        assert reply.status_code == 400 and "unknown scope 'everything'" in reply.json()["error"]
        reply = await client.get("/export/pdf")
        assert reply.status_code == 404 and reply.json()["formats"] == [
            "stix",
            "ftm",
            "graphml",
            "gexf",
            "csv",
        ]
        reply = await client.get("/export/csv", params={"scope": "all"})
        assert reply.status_code == 200 and reply.content[:2] == b"PK"


async def test_exports_are_authenticated_priced_like_requests_and_audited(
    load: Load, empty_graph: neo4j.Driver, settings: Settings, shared_data: Path
) -> None:
    load("stix", shared_data / "stix/oasis_campaign_threat_actor_example.json")
    token = ApiKeys(empty_graph, Runtime(settings).queries, settings.neo4j_database).create(
        "exporter", "analyst", "RED", "test"
    )[1]
    bearer = {"Authorization": f"Bearer {token}"}
    cost = REQUEST_CHARGE + settings.api_max_cost  # an export is priced as the costliest query
    # room for two exports; a window so long that the refill while the test runs stays < 10
    tight = settings.model_copy(update={"api_budget": 2 * cost + 50, "api_budget_window": 1e6})
    audit = settings.audit_path
    before = sum(1 for _ in audit.open()) if audit.is_file() else 0
    async with _client(tight) as client:
        nobody = await client.get("/export/graphml", params={"scope": "all"})
        first = await client.get("/export/graphml", params={"scope": "all"}, headers=bearer)
        missing = await client.get("/export/stix", params={"scope": "operation:x"}, headers=bearer)
        over = await client.get("/export/csv", params={"scope": "all"}, headers=bearer)
    entries = [json.loads(line) for line in audit.open()][before:]

    assert nobody.status_code == 401 and nobody.json()["code"] == "UNAUTHENTICATED"
    assert first.status_code == 200 and nx.read_graphml(io.BytesIO(first.content))
    assert cost + 50 <= int(first.headers["ratelimit-remaining"]) < cost + 60
    assert missing.status_code == 404 and 50 <= int(missing.headers["ratelimit-remaining"]) < 60
    assert over.status_code == 429 and over.json()["code"] == "RATE_LIMITED"
    assert int(over.headers["retry-after"]) > 0 and over.content[:1] == b"{"
    assert [(e["status"], e["role"], e["operation"], e["operation_type"]) for e in entries] == [
        (401, "-", "export", "graphml"),
        (200, "analyst", "export", "graphml"),
        (404, "analyst", "export", "stix"),
        (429, "analyst", "export", "csv"),
    ]
    done = entries[1]
    assert done["response_bytes"] == len(first.content) and done["error_codes"] == []
    assert done["key"].startswith("key:") and done["duration_ms"] > 0
    assert done["variables"] == {"format": "…", "scope": "…"}  # redacted by default
    assert [e["error_codes"] for e in entries[2:]] == [["NOT_FOUND"], ["RATE_LIMITED"]]
