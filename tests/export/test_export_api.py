"""The export route of the API: an export streamed over HTTP, errors before any byte."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import neo4j
import networkx as nx
from asgi_lifespan import LifespanManager
from export_support import Load, scalar

from graph_platform.api import create_app
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings


async def test_exports_stream_over_http_and_bad_requests_say_why(
    load: Load, empty_graph: neo4j.Driver, settings: Settings, shared_data: Path
) -> None:
    load("stix", shared_data / "stix/oasis_campaign_threat_actor_example.json")
    nodes = scalar(empty_graph, settings, "MATCH (n) RETURN count(n)")
    edges = scalar(empty_graph, settings, "MATCH ()-[r]->() RETURN count(r)")
    operation = scalar(
        empty_graph, settings, "MATCH (o:InfluenceOperation) RETURN o.id ORDER BY o.name LIMIT 1"
    )
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
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
