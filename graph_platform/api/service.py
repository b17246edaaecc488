"""One GraphQL request, start to end: who asks (401 if nobody), what they send (the transport's
checks), whether they may and can afford it (403, 400 before anything runs, 429 over budget),
their scope, the execution, the `RateLimit` headers, and the audit entry — written for every
request, refused ones included."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import neo4j.exceptions
import strawberry
from graphql import FragmentDefinitionNode, OperationDefinitionNode
from starlette.requests import Request
from starlette.responses import Response

from graph_platform.access.audit import AuditEntry, AuditLog, query_hash, shown_variables, who
from graph_platform.access.authenticator import Authenticator
from graph_platform.access.budget import Budget
from graph_platform.access.jwt_bearer import Unauthenticated
from graph_platform.access.principal import Principal
from graph_platform.access.scope_builder import ScopeBuilder
from graph_platform.api.context import ApiContext
from graph_platform.api.execution import DocumentRunner
from graph_platform.api.narrowing import Needs
from graph_platform.api.prefetch import RelationshipPrefetch
from graph_platform.api.query_limits import CostModel, Limits, Measure, Refused, check
from graph_platform.api.transport import (
    GRAPHQL_RESPONSE,
    JSON,
    DocumentProblem,
    GraphQLRequest,
    RequestProblem,
    encode,
    parsed,
    read_get,
    read_post,
    respond,
    response_type,
)
from graph_platform.explore.reader import GraphReader
from graph_platform.model import Model
from graph_platform.settings import Settings

log = logging.getLogger(__name__)

#: Cost units every request is charged besides its estimate (so many cheap ones still add up).
REQUEST_CHARGE = 100


@dataclass
class Outcome:
    """What the audit records of a request, filled in as it goes."""

    principal: Principal | None = None
    request: GraphQLRequest | None = None
    operation: OperationDefinitionNode | None = None
    status: int = 200
    codes: list[str] = field(default_factory=list)


@dataclass
class GraphQLService:
    schema: strawberry.Schema
    reader: GraphReader
    model: Model
    authenticator: Authenticator
    scopes: ScopeBuilder
    settings: Settings
    audit: AuditLog
    cost_model: CostModel
    budget: Budget = field(init=False)
    limits: Limits = field(init=False)
    prefetch: RelationshipPrefetch = field(init=False)
    runner: DocumentRunner = field(init=False)
    needs: Needs = field(init=False)
    _running: dict[str, asyncio.Semaphore] = field(init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.budget = Budget(s.api_budget, s.api_budget_window)
        self.limits = Limits(
            s.api_max_depth,
            s.api_max_aliases,
            s.api_max_fields,
            s.api_max_cost,
            s.api_partner_introspection,
        )
        self._running = defaultdict(lambda: asyncio.Semaphore(s.api_key_concurrency))
        self.prefetch = RelationshipPrefetch(self.model)
        self.runner = DocumentRunner(self.schema)
        self.needs = Needs(self.model)

    async def handle(self, request: Request) -> Response:
        began = time.perf_counter()
        outcome = Outcome()
        media = JSON
        try:
            media = response_type(request.headers.get("accept"))
            response = await self._answer(request, media, outcome)
        except RequestProblem as failure:
            response = _error(failure.status, "BAD_REQUEST", str(failure), media, failure.headers)
        except Unauthenticated as failure:
            response = _error(401, "UNAUTHENTICATED", str(failure), media, _CHALLENGE)
        except Refused as refused:
            response = _error(refused.status, refused.code, str(refused), media, refused.headers)
        except DocumentProblem as failure:
            status = 400 if media == GRAPHQL_RESPONSE else 200
            response = _error(status, "GRAPHQL_VALIDATION_FAILED", str(failure), media)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as failure:
            # Before execution (keys, markings): the cause is logged, never shown.
            log.error(
                "request refused, database unavailable: %s: %.300s", type(failure).__name__, failure
            )
            response = _error(503, "SERVICE_UNAVAILABLE", "the service is unavailable", media)
        outcome.status = response.status_code
        self._audit(request, outcome, began, response)
        return response

    async def _answer(self, request: Request, media: str, outcome: Outcome) -> Response:
        outcome.principal = principal = await self.authenticator.principal(
            request.headers.get("authorization")
        )
        if request.method == "POST":
            graphql_request = await read_post(request, self.settings.api_max_body_bytes)
        elif request.method == "GET":
            graphql_request = read_get(request)
        else:
            raise RequestProblem(405, "use POST (or GET for queries)", {"Allow": "GET, POST"})
        outcome.request = graphql_request
        if len(graphql_request.query) > self.settings.api_max_query_chars:
            raise Refused(
                400,
                "QUERY_TOO_COMPLEX",
                f"the query is {len(graphql_request.query)} characters long; the most is "
                f"{self.settings.api_max_query_chars}",
            )
        outcome.operation = operation = graphql_request.operation()
        measured = self._check(graphql_request, operation, principal)
        allowance = self.budget.spend(principal.id, REQUEST_CHARGE + measured.cost)
        headers = {
            "RateLimit-Limit": str(allowance.limit),
            "RateLimit-Remaining": str(allowance.remaining),
            "RateLimit-Reset": str(allowance.reset_seconds),
        }
        if not allowance.allowed:
            refused = Refused(
                429,
                "RATE_LIMITED",
                f"over this key's budget of {allowance.limit} per "
                f"{self.settings.api_budget_window:g} s: retry in {allowance.reset_seconds} s",
            )
            refused.headers = {**headers, "Retry-After": str(allowance.reset_seconds)}
            raise refused
        async with self._running[principal.id]:
            result = await self._execute(graphql_request, principal)
        outcome.codes = [str((error.extensions or {}).get("code")) for error in result.errors or []]
        status, body = encode(result, media)
        body.setdefault("extensions", {})["rateLimit"] = {
            "limit": allowance.limit,
            "remaining": allowance.remaining,
            "resetSeconds": allowance.reset_seconds,
            "cost": REQUEST_CHARGE + measured.cost,
        }
        return respond(status, body, media, headers)

    def _check(
        self,
        graphql_request: GraphQLRequest,
        operation: OperationDefinitionNode | None,
        principal: Principal,
    ) -> Measure:
        if operation is None:  # a document that does not parse or name an operation
            return Measure(0, 0, 0, 0)
        document = parsed(graphql_request.query)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        return check(
            operation,
            fragments,
            graphql_request.variables,
            principal,
            self.limits,
            self.cost_model,
        )

    async def _execute(
        self, graphql_request: GraphQLRequest, principal: Principal
    ) -> strawberry.types.ExecutionResult:
        reader = GraphReader(
            self.reader.driver,
            self.reader.database,
            self.reader.registry,
            await self.scopes.scope(principal),
        )
        return await self.runner.run(
            graphql_request.query,
            graphql_request.variables,
            graphql_request.operation_name,
            ApiContext(reader, self.model, principal, self.prefetch, self.needs),
        )

    def _audit(self, request: Request, outcome: Outcome, began: float, response: Response) -> None:
        principal, graphql_request, operation = (
            outcome.principal,
            outcome.request,
            outcome.operation,
        )
        self.audit.append(
            AuditEntry(
                time=datetime.now(UTC).isoformat(),
                **who(principal),
                operation=(
                    operation.name.value
                    if operation and operation.name
                    else graphql_request.operation_name
                    if graphql_request
                    else None
                ),
                operation_type=operation.operation.value if operation else None,
                query_sha256=query_hash(graphql_request.query) if graphql_request else None,
                variables=shown_variables(
                    graphql_request.variables if graphql_request else None,
                    self.settings.audit_variables,
                ),
                duration_ms=round((time.perf_counter() - began) * 1000, 2),
                response_bytes=len(response.body),
                status=outcome.status,
                error_codes=outcome.codes,
                client=request.client.host if request.client else None,
            )
        )


_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="graph_platform"'}


def _error(
    status: int, code: str, message: str, media: str, headers: Mapping[str, str] | None = None
) -> Response:
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return respond(status, body, media, dict(headers or {}))
