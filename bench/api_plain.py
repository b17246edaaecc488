"""Plain Starlette endpoints that run the API's named queries and answer the same fields as
JSON, with no GraphQL: `/accounts` is the baseline of bench/api.py's list goal; `/account?id=`
and `/neighbourhood?id=` show what any Python HTTP service over the async driver costs for
the account lookup and the 1-hop neighbourhood (the floors under the API's ratios to the raw
driver; no goal). `/neighbourhood` expands with the same explore code the API runs and
answers what bench/api.py's NEIGHBOURHOOD query selects.

Usage: python bench/api_plain.py PORT NEO4J_PORT NEO4J_HOME
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from graph_platform.api.narrowing import caption_keys
from graph_platform.explore.neighbourhood import Expansion, neighbourhood
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import NodeView
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.scope import Scope

FIELDS = ("id", "handle", "display_name", "platform", "followers")


def create(runtime: Runtime) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with runtime.async_driver() as driver:
            yield {"driver": driver}

    async def accounts(request: Request) -> JSONResponse:
        limit = int(request.query_params.get("limit", "10000"))
        records = await runtime.queries.read_async(
            request.state.driver,
            runtime.database,
            "explore.accounts_in_id_order",  # the read the API makes for an unfiltered list
            after=None,
            limit=limit + 1,
            with_total=False,
            # the properties it shows, as the API reads them (api/narrowing.py)
            scope=Scope.everything().narrowed(FIELDS, None).param(),
        )
        nodes = [NodeView.from_map(record["node"]) for record in records[:limit]]
        return JSONResponse(
            {"accounts": [{f: node.properties.get(f) for f in FIELDS} for node in nodes]}
        )

    async def account(request: Request) -> JSONResponse:
        records = await runtime.queries.read_async(
            request.state.driver,
            runtime.database,
            "explore.nodes",
            ids=[request.query_params["id"]],
            # the properties it shows, as the API reads them (api/narrowing.py)
            scope=Scope.everything().narrowed(FIELDS, None).param(),
        )
        nodes = [NodeView.from_map(record["node"]) for record in records]
        return JSONResponse(
            {"account": [{f: node.properties.get(f) for f in FIELDS} for node in nodes]}
        )

    async def one_hop(request: Request) -> JSONResponse:
        # the properties the GraphQL query shows (captions, edge confidences), as it reads them
        scope = Scope.everything().narrowed(caption_keys(runtime.model), {"confidence"})
        reader = GraphReader(request.state.driver, runtime.database, runtime.queries, scope)
        graph = await neighbourhood(reader, [request.query_params["id"]], Expansion(depth=1))
        nodes = [
            {"id": n.id, "caption": runtime.model.type_of(n.labels).caption(n.properties, n.id)}
            for n in graph.nodes.values()
        ]
        edges = [
            {"type": e.type, "source": e.source, "target": e.target, "confidence": e.confidence}
            for e in graph.edges.values()
        ]
        capped = [{"id": c.id, "total": c.total} for c in graph.caps]
        return JSONResponse({"nodes": nodes, "edges": edges, "capped": capped})

    return Starlette(
        routes=[
            Route("/accounts", accounts),
            Route("/account", account),
            Route("/neighbourhood", one_hop),
        ],
        lifespan=lifespan,
    )


if __name__ == "__main__":
    port, neo4j_port, home = sys.argv[1:4]
    settings = Settings(neo4j_port=int(neo4j_port), neo4j_home=Path(home))
    uvicorn.run(create(Runtime(settings)), host="127.0.0.1", port=int(port), log_level="warning")
