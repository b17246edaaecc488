"""Errors as a GraphQL client sees them: every error carries `extensions.code`, once, here.

- a `ClientError` raised by our code (bad arguments, not found, a decision that does not fit)
  keeps its message and answers its `code`;
- a request the schema rejects before anything runs (syntax, validation, a variable of the
  wrong type) is the client's mistake too: its message stays, with a code that says which;
- anything else is a fault of ours: the client sees "Unexpected error." and code
  INTERNAL_SERVER_ERROR, and the server log keeps the cause (see schema.py).
"""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph_platform.errors import ClientError

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


class ErrorCodes(MaskErrors):
    """Strawberry's error masking, with the code of every error in `extensions`."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=UNEXPECTED)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        coded = []
        for error in errors:
            code = error_code(error)
            shown = self.anonymise_error(error) if is_unexpected(error) else error
            coded.append(
                GraphQLError(
                    shown.message,
                    nodes=shown.nodes,
                    source=shown.source,
                    positions=shown.positions,
                    path=shown.path,
                    original_error=shown.original_error,
                    extensions={**(shown.extensions or {}), "code": code},
                )
            )
        return coded
