"""The API application: GraphQL at /graphql (GraphiQL in a browser) and a health check.

The app is declared in one place; the Neo4j driver, the query registry and the schema are made
in its lifespan, so importing this module touches neither the network nor the definitions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypedDict

import neo4j
import neo4j.exceptions
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.http.ides import get_graphql_ide_html

from graph_platform.api.context import ApiContext
from graph_platform.api.schema import build_schema
from graph_platform.api.transport import GraphQLRequest, handle
from graph_platform.explore.reader import GraphReader
from graph_platform.model import Model
from graph_platform.runtime import Runtime

log = logging.getLogger(__name__)

#: Seconds /healthz waits for Neo4j before it reports the API unavailable.
HEALTH_TIMEOUT = 5.0
#: Largest request body accepted, in bytes.
MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True)
class GraphQLService:
    """What answers GraphQL requests: the schema, the reader and the ontology."""

    schema: strawberry.Schema
    reader: GraphReader
    model: Model

    async def execute(
        self, graphql_request: GraphQLRequest, request: Request
    ) -> strawberry.types.ExecutionResult:
        context = ApiContext(self.reader, self.model, request.headers.get("x-analyst"))
        return await self.schema.execute(
            graphql_request.query,
            variable_values=graphql_request.variables,
            context_value=context,
            operation_name=graphql_request.operation_name,
        )


class LifespanState(TypedDict):
    """What the lifespan makes, available to every request as `request.state`."""

    graphql: GraphQLService
    reader: GraphReader


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.method == "GET" and "text/html" in accept and not request.query_params


class GraphQLEndpoint:
    """The /graphql route: GraphQL over HTTP, or GraphiQL for a browser.

    A class instance, not a function, so that Starlette passes it raw ASGI calls.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response: Response
        if _wants_html(request):
            response = HTMLResponse(get_graphql_ide_html(graphql_ide="graphiql"))
        else:
            service: GraphQLService = scope["state"]["graphql"]
            response = await handle(request, service.execute, MAX_BODY_BYTES)
        await response(scope, receive, send)


async def healthz(request: Request) -> JSONResponse:
    """200 when Neo4j answers a query within HEALTH_TIMEOUT, else 503 (the cause is logged)."""
    reader: GraphReader = request.state.reader
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            await reader.ping()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, TimeoutError):
        log.exception("health check: Neo4j does not answer")
        return JSONResponse({"status": "unavailable", "neo4j": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "neo4j": "ok"})


def create_app(runtime: Runtime | None = None) -> Starlette:
    """The API for `runtime` (default: built from the environment's settings)."""
    runtime = runtime or Runtime()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[LifespanState]:
        schema = build_schema(runtime.model)
        async with runtime.async_driver() as driver:
            reader = GraphReader(driver, runtime.database, runtime.queries)
            yield {"graphql": GraphQLService(schema, reader, runtime.model), "reader": reader}

    return Starlette(
        routes=[
            Route("/graphql", GraphQLEndpoint(), name="graphql"),
            Route("/healthz", healthz, methods=["GET"], name="healthz"),
        ],
        lifespan=lifespan,
    )
