"""The platform's error hierarchy: every expected failure names what went wrong and where."""

from __future__ import annotations

from dataclasses import dataclass


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


class QueryError(GraphPlatformError):
    """A named query is unknown or called with the wrong parameters."""
