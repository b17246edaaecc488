"""Errors as a GraphQL client sees them: every error carries `extensions.code`, once, here.

- a `ClientError` raised by our code (bad arguments, not found, a decision that does not fit)
  keeps its message and answers its `code`;
- a request the schema rejects before anything runs (syntax, validation, a variable of the
  wrong type) is the client's mistake too: its message stays, with a code that says which;
- anything else is a fault of ours: the client sees "Unexpected error." and code
  INTERNAL_SERVER_ERROR, and the server log keeps the cause — one short line (the field, the
  exception's type, the start of its message; Cypher texts and tracebacks stay out of the log
  at the default level, as a Neo4j error quotes the query), the traceback at DEBUG. A client's
  mistake is not a server error and is not logged.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError

from graph_platform.errors import ClientError

log = logging.getLogger(__name__)

#: The message a client gets instead of the cause of an unexpected error.
UNEXPECTED = "Unexpected error."


def is_unexpected(error: GraphQLError) -> bool:
    """An error raised while resolving a field that is not a client's mistake."""
    return error.path is not None and not isinstance(error.original_error, ClientError)


def error_code(error: GraphQLError) -> str:
    """The `extensions.code` of an error (Apollo's codes where they fit)."""
    if isinstance(error.original_error, ClientError):
        return error.original_error.code
    if is_unexpected(error):
        return "INTERNAL_SERVER_ERROR"
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def coded(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors as the client gets them: each with its code, unexpected ones masked (and
    logged here, with their cause)."""
    shown = []
    for error in errors:
        unexpected = is_unexpected(error)
        if unexpected:
            _log_unexpected(error)
        extensions = {} if unexpected else dict(error.extensions or {})
        shown.append(
            GraphQLError(
                UNEXPECTED if unexpected else error.message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                original_error=None if unexpected else error.original_error,
                extensions={**extensions, "code": error_code(error)},
            )
        )
    return shown


def _log_unexpected(error: GraphQLError) -> None:
    cause = error.original_error or error
    first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    path = ".".join(str(p) for p in error.path or ()) or "-"
    log.error("unexpected error at %s: %s: %.200s", path, type(cause).__name__, first_line)
    log.debug("traceback of the error at %s", path, exc_info=cause)
