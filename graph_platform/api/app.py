"""The API application: GraphQL at /graphql (GraphiQL in a browser), the link chart at /,
a health check and the streamed exports at /export/{format} (export_route.py).

The app is declared in one place; the Neo4j driver, the query registry, the schema and the
access parts (authenticator, scopes, budgets, audit) are made in its lifespan, so importing this
module touches neither the network nor the definitions.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import neo4j
import neo4j.exceptions
import strawberry
from graphql import GraphQLObjectType
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from graph_platform.access.audit import AuditLog
from graph_platform.access.authenticator import Authenticator
from graph_platform.access.jwt_bearer import JwtBearer
from graph_platform.access.scope_builder import ScopeBuilder
from graph_platform.api.export_route import ROUTES as EXPORT_ROUTES
from graph_platform.api.export_route import export_state
from graph_platform.api.query_limits import PAGE_ARGUMENTS, CostModel
from graph_platform.api.schema import build_schema
from graph_platform.api.service import GraphQLService
from graph_platform.explore.reader import GraphReader
from graph_platform.export import Exporter
from graph_platform.model.tlp import marking
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.web import graphiql_page, web_routes

log = logging.getLogger(__name__)

#: Seconds /healthz waits for Neo4j before it reports the API unavailable.
HEALTH_TIMEOUT = 5.0


class LifespanState(TypedDict):
    """What the lifespan makes, available to every request as `request.state`."""

    graphql: GraphQLService
    reader: GraphReader
    exporter: Exporter


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
            response = graphiql_page()  # bundled from web/: nothing from another host
        else:
            service: GraphQLService = scope["state"]["graphql"]
            response = await service.handle(request)
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


def cost_model(schema: strawberry.Schema) -> CostModel:
    """Each field's default page (`first`, `limit`, `k`), by field name, and the schema's object
    types, for cost estimates."""
    defaults: dict[str, int] = {}
    objects: set[str] = set()
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        objects.add(graphql_type.name)
        for name, graphql_field in graphql_type.fields.items():
            for argument_name, argument in graphql_field.args.items():
                if argument_name in PAGE_ARGUMENTS and isinstance(argument.default_value, int):
                    defaults[name] = max(defaults.get(name, 1), argument.default_value)
    return CostModel(defaults, frozenset(objects))


def jwt_bearer(settings: Settings) -> JwtBearer | None:
    """The identity provider's bearer tokens, when issuer, audience and JWKS are all set."""
    if not (settings.jwt_issuer and settings.jwt_audience and settings.jwt_jwks):
        return None
    return JwtBearer(
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.jwt_jwks,
        settings.jwt_role_claim,
        settings.jwt_clearance_claim,
    )


def create_app(runtime: Runtime | None = None, *, only_app: bool = False) -> Starlette:
    """The API for `runtime` (default: built from the environment's settings).

    `only_app`: the process serves this app and nothing else (`graph-platform serve`). Once it
    has started, everything made so far (schema, ontology, driver: some 210,000 objects) is
    frozen out of the garbage collector's passes (`gc.freeze`): a full pass walks them all,
    ~100 ms on a quiet machine (250–290 ms measured under load) during which no request
    moves, about once every thousand requests. Not for tests, which make many apps in one
    process: frozen objects are never collected."""
    runtime = runtime or Runtime()
    settings = runtime.settings

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[LifespanState]:
        schema = build_schema(runtime.model)
        queries = runtime.queries.with_timeout(settings.api_query_timeout)
        async with runtime.async_driver() as driver:
            reader = GraphReader(driver, runtime.database, queries)
            ttl = settings.access_cache_seconds
            service = GraphQLService(
                schema,
                reader,
                runtime.model,
                Authenticator(driver, queries, runtime.database, jwt_bearer(settings), ttl),
                ScopeBuilder(
                    driver,
                    queries,
                    runtime.database,
                    runtime.model,
                    marking(settings.unmarked_source),
                    ttl,
                ),
                settings,
                AuditLog(settings.audit_path),
                cost_model(schema),
            )
            with export_state(runtime) as exporter:
                if only_app:
                    gc.collect()
                    gc.freeze()
                yield {"graphql": service, "reader": reader, "exporter": exporter}

    return Starlette(
        routes=[
            Route("/graphql", GraphQLEndpoint(), name="graphql"),
            Route("/healthz", healthz, methods=["GET"], name="healthz"),
            *EXPORT_ROUTES,
            *web_routes(),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=settings.api_cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                expose_headers=["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
            )
        ],
        lifespan=lifespan,
    )
