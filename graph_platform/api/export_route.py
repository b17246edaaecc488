"""`GET /export/{format}?scope=…`: an export streamed to the caller as it is made.

The caller authenticates as for GraphQL (Authorization: Bearer <API key or JWT>; none needed in
open mode) and exports what their clearance lets them see: the scope the access layer builds
for them is applied inside the export's Cypher. An export spends the caller's budget like a
GraphQL request (429 with `Retry-After` when over it; `RateLimit-*` headers on every answer),
priced as the costliest query the API accepts (`GP_API_MAX_COST`, plus the per-request charge),
because it may read the whole graph. Each export writes one audit entry (operation `export`,
`operation_type` the format, the format and scope as variables under GP_AUDIT_VARIABLES),
refused ones included; a streamed one when its last byte is sent or the stream ends early, with
the bytes sent (and `EXPORT_INCOMPLETE` if it did not finish).

The response starts only once the scope's first page has been read, so a scope that names
nothing (or a bad format) is a 400/404 with a JSON error, never a broken download; after that
the bytes flow page by page (the writer runs in Starlette's thread pool).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

import neo4j.exceptions
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from graph_platform.access.audit import AuditEntry, shown_variables, who
from graph_platform.access.jwt_bearer import Unauthenticated
from graph_platform.access.principal import Principal
from graph_platform.api.service import REQUEST_CHARGE, GraphQLService
from graph_platform.errors import ClientError, NotFound
from graph_platform.export import FORMATS, Exporter, export_name, parse_scope
from graph_platform.runtime import Runtime

log = logging.getLogger(__name__)


@contextmanager
def export_state(runtime: Runtime) -> Iterator[Exporter]:
    """The exporter the route uses (a driver of its own: exports read with the sync driver in
    worker threads), its mappings checked at start-up."""
    with runtime.driver() as driver:
        yield runtime.exporter(driver)


@dataclasses.dataclass
class ExportRequest:
    """One export request, for its audit entry: who asked for what, since when."""

    request: Request
    service: GraphQLService
    format_name: str
    scope_text: str
    began: float = dataclasses.field(default_factory=time.perf_counter)
    principal: Principal | None = None

    def audit(self, status: int, sent: int, codes: list[str]) -> None:
        """Append this export's entry to the service's audit log."""
        principal, service = self.principal, self.service
        variables = {"format": self.format_name, "scope": self.scope_text}
        service.audit.append(
            AuditEntry(
                time=datetime.now(UTC).isoformat(),
                **who(principal),
                operation="export",
                operation_type=self.format_name,
                query_sha256=None,
                variables=shown_variables(variables, service.settings.audit_variables),
                duration_ms=round((time.perf_counter() - self.began) * 1000, 2),
                response_bytes=sent,
                status=status,
                error_codes=codes,
                client=self.request.client.host if self.request.client else None,
            )
        )

    def refuse(
        self, status: int, code: str, body: Mapping[str, object], headers: Mapping[str, str]
    ) -> Response:
        """A JSON error answer, audited."""
        response = JSONResponse({**body, "code": code}, status, dict(headers))
        self.audit(status, len(response.body), [code])
        return response

    async def streamed(self, first: bytes, chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
        """The export's bytes, audited when they end (or stop: a dropped client, a failure)."""
        sent, codes = 0, ["EXPORT_INCOMPLETE"]
        try:
            sent += len(first)
            yield first
            async for chunk in iterate_in_threadpool(chunks):
                sent += len(chunk)
                yield chunk
            codes = []
        finally:
            self.audit(200, sent, codes)


async def export_endpoint(request: Request) -> Response:
    service: GraphQLService = request.state.graphql
    export = ExportRequest(
        request, service, request.path_params["format"], request.query_params.get("scope", "all")
    )
    try:
        return await _answer(export)
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as failure:
        # Before the first byte (keys, markings, the first page): logged, never shown.
        name = type(failure).__name__
        log.error("export refused, database unavailable: %s: %.300s", name, failure)
        body = {"error": "the service is unavailable"}
        return export.refuse(503, "SERVICE_UNAVAILABLE", body, {})


async def _answer(export: ExportRequest) -> Response:
    request, service = export.request, export.service
    try:
        export.principal = principal = await service.authenticator.principal(
            request.headers.get("authorization")
        )
    except Unauthenticated as failure:
        challenge = {"WWW-Authenticate": 'Bearer realm="graph_platform"'}
        return export.refuse(401, "UNAUTHENTICATED", {"error": str(failure)}, challenge)
    if export.format_name not in FORMATS:
        body = {"error": f"unknown export format {export.format_name!r}", "formats": list(FORMATS)}
        return export.refuse(404, "NOT_FOUND", body, {})
    cost = REQUEST_CHARGE + service.settings.api_max_cost
    allowance = service.budget.spend(principal.id, cost)
    headers = {
        "RateLimit-Limit": str(allowance.limit),
        "RateLimit-Remaining": str(allowance.remaining),
        "RateLimit-Reset": str(allowance.reset_seconds),
    }
    if not allowance.allowed:
        message = (
            f"over this key's budget of {allowance.limit} per "
            f"{service.settings.api_budget_window:g} s (an export costs {cost}): "
            f"retry in {allowance.reset_seconds} s"
        )
        retry = {**headers, "Retry-After": str(allowance.reset_seconds)}
        return export.refuse(429, "RATE_LIMITED", {"error": message}, retry)
    base: Exporter = request.state.exporter
    exporter = dataclasses.replace(base, visibility=await service.scopes.scope(principal))
    try:
        scope = parse_scope(export.scope_text)
        writer = exporter.writer(export.format_name)
        chunks = exporter.stream(writer, scope)
        first = await run_in_threadpool(next, chunks, b"")
    except ClientError as error:
        status = 404 if isinstance(error, NotFound) else 400
        return export.refuse(status, error.code, {"error": str(error)}, headers)
    filename = export_name(export.format_name, scope)
    return StreamingResponse(
        export.streamed(first, chunks),
        media_type=writer.media_type,
        headers={**headers, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


ROUTES = [Route("/export/{format}", export_endpoint, methods=["GET"], name="export")]
