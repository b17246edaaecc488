"""The platform's error hierarchy: every expected failure names what went wrong and where.

Two branches matter to callers:
- `ClientError`: the caller's mistake (bad arguments, an unknown id, a decision that does not fit).
  Its message is meant for the caller; the API shows it with `extensions.code` = `code`, once,
  for every subclass, and never logs it as a server fault.
- every other `GraphPlatformError`: a problem of definitions, data, settings or the server, which
  the CLI prints without a trace and the API masks and logs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import ValidationError


class GraphPlatformError(Exception):
    """Base of every error the platform raises on purpose; the CLI prints these without a trace."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a definition file: where it is, what is wrong, what to do."""

    file: str
    key: str
    message: str
    suggestion: str = ""
    type: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: {self.type + ': ' if self.type else ''}{self.key}"
        hint = f" (suggestion: {self.suggestion})" if self.suggestion else ""
        return f"{where}: {self.message}{hint}"


def did_you_mean(name: str, candidates: Iterable[str], form: Callable[[str], str] = repr) -> str:
    """ "did you mean 'x'?" for the closest of `candidates` (shown by `form`), or ""."""
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f"did you mean {form(close[0])}?" if close else ""


def validation_problems(error: ValidationError, file: str, type: str = "") -> list[Problem]:
    """A pydantic error of a typed spec as Problems, each at its dotted key."""
    return [
        Problem(
            file,
            ".".join(str(part) for part in issue["loc"]) or "-",
            issue["msg"],
            "remove it or fix its spelling" if issue["type"] == "extra_forbidden" else "",
            type=type,
        )
        for issue in error.errors()
    ]


class DefinitionError(GraphPlatformError):
    """Definitions (ontology, loader mappings, queries) are invalid; lists every problem found."""

    def __init__(self, what: str, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in {what}:\n{lines}")


class ServerError(GraphPlatformError):
    """The local Neo4j server cannot be fetched, started, reached or stopped."""


class ConfigurationError(GraphPlatformError):
    """Settings or the environment are unusable (missing Java, bad variable, …)."""


class LoadError(GraphPlatformError):
    """A source file or mapping cannot be loaded at all (failing rows go to quarantine instead)."""


class ValueProblem(GraphPlatformError, ValueError):
    """A value in a row cannot be used; the row goes to quarantine with this reason."""


class QueryError(GraphPlatformError):
    """A named query is unknown or called with the wrong parameters (a bug, not a client's)."""


class ResolutionConflict(GraphPlatformError):
    """A Resolution contradicts an analyst's decision (it would merge a rejected pair)."""


class ClientError(GraphPlatformError):
    """The caller's mistake; the message says what they got wrong. `code` is the GraphQL
    `extensions.code` the API answers with."""

    code = "BAD_USER_INPUT"


class InvalidArguments(ClientError):
    """A request's arguments do not make a question."""


class NotFound(ClientError):
    """What the caller named does not exist (or is not visible to them: the same answer)."""

    code = "NOT_FOUND"


class DecisionError(ClientError):
    """A decision cannot be applied (unknown record, mixed types, nothing to split …)."""


class ScopeError(ClientError):
    """An export's scope or format is malformed (what names nothing is NotFound)."""
