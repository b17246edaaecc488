"""`GET /export/{format}?scope=…`: an export streamed to the caller as it is made.

The caller authenticates as for GraphQL (Authorization: Bearer <API key or JWT>; none needed in
open mode) and exports what their clearance lets them see: the scope the access layer builds
for them is applied inside the export's Cypher. The response starts only once the scope's first
page has been read, so a scope that names nothing (or a bad format) is a 400/404 with a JSON
error, never a broken download; after that the bytes flow page by page (Starlette runs the
writer in its thread pool).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from graph_platform.access.jwt_bearer import Unauthenticated
from graph_platform.api.service import GraphQLService
from graph_platform.errors import ClientError, NotFound
from graph_platform.export import FORMATS, Exporter, Visibility, export_name, parse_scope
from graph_platform.runtime import Runtime


@contextmanager
def export_state(runtime: Runtime) -> Iterator[Exporter]:
    """The exporter the route uses (a driver of its own: exports read with the sync driver in
    worker threads), its mappings checked at start-up."""
    with runtime.driver() as driver:
        yield runtime.exporter(driver)


async def caller_visibility(request: Request) -> Visibility:
    """What the caller may export: the scope of their clearance, as every read applies it;
    Unauthenticated when the credential does not hold."""
    service: GraphQLService = request.state.graphql
    principal = await service.authenticator.principal(request.headers.get("authorization"))
    return await service.scopes.scope(principal)


async def export_endpoint(request: Request) -> Response:
    format_name = request.path_params["format"]
    if format_name not in FORMATS:
        return JSONResponse(
            {"error": f"unknown export format {format_name!r}", "formats": list(FORMATS)},
            status_code=404,
        )
    try:
        visibility = await caller_visibility(request)
    except Unauthenticated as failure:
        return JSONResponse({"error": str(failure), "code": "UNAUTHENTICATED"}, status_code=401)
    base: Exporter = request.state.exporter
    exporter = Exporter(
        base.driver,
        base.registry,
        base.model,
        base.mappings,
        base.database,
        base.page_size,
        visibility,
    )
    try:
        scope = parse_scope(request.query_params.get("scope", "all"))
        writer = exporter.writer(format_name)
        chunks = exporter.stream(writer, scope)
        first = await run_in_threadpool(next, chunks, b"")
    except ClientError as error:
        status = 404 if isinstance(error, NotFound) else 400
        return JSONResponse({"error": str(error), "code": error.code}, status_code=status)
    filename = export_name(format_name, scope)
    return StreamingResponse(
        itertools.chain([first], chunks),
        media_type=writer.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


ROUTES = [Route("/export/{format}", export_endpoint, methods=["GET"], name="export")]
