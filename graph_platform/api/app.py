"""The API application: GraphQL at /graphql (GraphiQL in a browser) and a health check.

The app is declared in one place; the Neo4j driver, the query registry and the schema are made
in its lifespan, so importing this module touches neither the network nor the definitions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import neo4j
import neo4j.exceptions
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graph_platform.api.context import ApiContext
from graph_platform.api.reader import GraphReader
from graph_platform.api.schema import build_schema
from graph_platform.runtime import Runtime
from graph_platform.store.queries import QueryRegistry

log = logging.getLogger(__name__)

#: Seconds /healthz waits for Neo4j before it reports the API unavailable.
HEALTH_TIMEOUT = 5.0


class GraphQLView(GraphQL[ApiContext, None]):
    """Strawberry's ASGI GraphQL app, handing resolvers a typed `ApiContext` per request."""

    def __init__(
        self,
        schema: strawberry.Schema,
        driver: neo4j.AsyncDriver,
        registry: QueryRegistry,
        database: str,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.driver = driver
        self.registry = registry
        self.database = database

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> ApiContext:
        analyst = request.headers.get("x-analyst")
        return ApiContext(self.driver, self.database, self.registry, analyst)


class LifespanState(TypedDict):
    """What the lifespan makes, available to every request as `request.state`."""

    graphql: GraphQLView
    reader: GraphReader


class GraphQLEndpoint:
    """The /graphql route: hands each request to the GraphQL view the lifespan built.

    A class instance, not a function, so that Starlette passes it raw ASGI calls.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        view: GraphQLView = scope["state"]["graphql"]
        await view(scope, receive, send)


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
            yield {
                "graphql": GraphQLView(schema, driver, runtime.queries, runtime.database),
                "reader": GraphReader(driver, runtime.database, runtime.queries),
            }

    return Starlette(
        routes=[
            Route("/graphql", GraphQLEndpoint(), name="graphql"),
            Route("/healthz", healthz, methods=["GET"], name="healthz"),
        ],
        lifespan=lifespan,
    )
