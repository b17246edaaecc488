"""GraphQL over HTTP (the GraphQL-over-HTTP specification, as `graphql-http`'s audit checks it).

- POST with `Content-Type: application/json` (UTF-8); GET with `query`, `variables`,
  `operationName`, `extensions` in the URL, for queries only (a mutation over GET is 405).
- The answer's media type follows `Accept`: `application/graphql-response+json` when the client
  accepts it, else `application/json` (also for `*/*` or no Accept); neither → 406.
- A request that cannot run — a body that is not UTF-8 or not JSON, bad parameters, a document
  that does not parse or validate, variables of the wrong type, several operations without
  `operationName` — is 400 with `application/graphql-response+json` and carries no `data`;
  with `application/json` a document or variable problem is 200, as the specification asks.
- Everything else is 200, its errors (with `extensions.code`) beside the data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from starlette.requests import Request
from starlette.responses import Response

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
INVALID = "GRAPHQL_VALIDATION_FAILED"


class RequestProblem(Exception):
    """A request that is not a GraphQL request: answered with `status` and `message`."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None

    def operation(self) -> OperationDefinitionNode | None:
        """The operation the request runs: its one operation, or the one it names; None when
        the document does not parse or names nothing it holds (execution says so)."""
        try:
            document = parsed(self.query)
        except GraphQLError:
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if self.operation_name is None:
            if len(operations) > 1:
                raise DocumentProblem(
                    "Must provide operation name if query contains multiple operations."
                )
            return operations[0] if operations else None
        return next((o for o in operations if o.name and o.name.value == self.operation_name), None)


class DocumentProblem(Exception):
    """A document that cannot run as sent (answered like a validation error)."""


#: Most tokens a document may have: parsing is bounded before limits are even measured.
MAX_TOKENS = 10_000


@lru_cache(maxsize=1024)
def parsed(query: str) -> DocumentNode:
    """The parsed document of a query text (kept for the query's next request)."""
    return parse(query, max_tokens=MAX_TOKENS)


def response_type(accept: str | None) -> str:
    """The media type to answer with, from the Accept header (406 when none fits)."""
    if not accept:
        return JSON
    offered: list[tuple[float, str]] = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        offered.append((quality, media.lower()))
    for quality, media in sorted(offered, key=lambda item: -item[0]):
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    raise RequestProblem(406, f"cannot answer in {accept!r}: accept {GRAPHQL_RESPONSE} or {JSON}")


def _object(value: Any, name: str) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise RequestProblem(400, f"{name} must be a JSON object")


def _params(params: Mapping[str, Any]) -> GraphQLRequest:
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestProblem(400, "the request has no `query` (a GraphQL document as a string)")
    name = params.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestProblem(400, "operationName must be a string")
    return GraphQLRequest(
        query,
        _object(params.get("variables"), "variables"),
        name,
        _object(params.get("extensions"), "extensions"),
    )


async def read_post(request: Request, max_bytes: int) -> GraphQLRequest:
    """The GraphQL request in a POST body, or a RequestProblem saying what is wrong."""
    media, *params = (p.strip().lower() for p in request.headers.get("content-type", "").split(";"))
    if media != JSON:
        raise RequestProblem(415, f"send the request as {JSON} (Content-Type was {media!r})")
    charset = next((p.split("=", 1)[1] for p in params if p.startswith("charset=")), "utf-8")
    if charset.strip('"') not in ("utf-8", "utf8"):
        raise RequestProblem(415, f"send the request in UTF-8 (charset was {charset!r})")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise RequestProblem(413, f"the request body is over {max_bytes} bytes")
    body = await request.body()
    if len(body) > max_bytes:
        raise RequestProblem(413, f"the request body is over {max_bytes} bytes")
    if not body:
        raise RequestProblem(400, "the request body is empty")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestProblem(400, f"the request body is not UTF-8 (byte {error.start})") from None
    try:
        params = json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestProblem(400, f"the request body is not JSON: {error}") from None
    if not isinstance(params, dict):
        raise RequestProblem(400, "the request body must be a JSON object")
    return _params(params)


def read_get(request: Request) -> GraphQLRequest:
    """The GraphQL request in a GET's URL; only queries may run over GET."""
    params: dict[str, Any] = dict(request.query_params)
    for name in ("variables", "extensions"):
        if params.get(name):
            try:
                params[name] = json.loads(params[name])
            except json.JSONDecodeError:
                raise RequestProblem(400, f"{name} must be URL-encoded JSON") from None
    found = _params(params)
    operation = found.operation()
    if operation is not None and operation.operation is not OperationType.QUERY:
        raise RequestProblem(
            405, "only queries may be sent with GET: POST mutations", {"Allow": "POST"}
        )
    return found


def encode(result: strawberry.types.ExecutionResult, media: str) -> tuple[int, dict[str, Any]]:
    """Status and body of an executed request."""
    errors = [error.formatted for error in result.errors or []]
    request_error = result.data is None and any(error.path is None for error in result.errors or [])
    if request_error:
        return (400 if media == GRAPHQL_RESPONSE else 200), {"errors": errors}
    body: dict[str, Any] = {"data": result.data}
    if errors:
        body["errors"] = errors
    if result.extensions:
        body["extensions"] = result.extensions
    return 200, body


def respond(status: int, body: dict[str, Any], media: str, headers: Mapping[str, str]) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(content, status, headers=dict(headers), media_type=f"{media}; charset=utf-8")
