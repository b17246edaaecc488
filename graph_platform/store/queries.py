"""The named-query registry: every Cypher query the platform runs, read once from `queries/`.

`queries/attribution/for_account.cypher` is the query `attribution.for_account`. Each file starts
with comment lines saying what the query returns and one `// params: a, b` line; loading checks
the declared parameters against the `$names` the text uses and reports every problem at once.
This module is the only place that turns file text into `LiteralString`: callers pass a name and
parameters, so user input never becomes query text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString, cast

import neo4j

from graph_platform.errors import DefinitionError, Problem, QueryError

#: Where a query declares its parameters: `// params: account_id, limit` (empty for none).
PARAMS_LINE = re.compile(r"^//\s*params\s*:(?P<names>.*)$")
_NAME_PART = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Comments, string literals and quoted identifiers are skipped; what remains is searched for
# `$name` and `` $`quoted name` `` parameters.
_CYPHER_TOKEN = re.compile(
    r"""//[^\n]*
      | /\*.*?\*/
      | '(?:[^'\\]|\\.)*'
      | "(?:[^"\\]|\\.)*"
      | `(?:[^`]|``)*`
      | \$(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|`(?P<quoted>(?:[^`]|``)*)`)
    """,
    re.VERBOSE | re.DOTALL,
)

SessionRunner = neo4j.Session | neo4j.Transaction | neo4j.ManagedTransaction
AsyncSessionRunner = neo4j.AsyncSession | neo4j.AsyncTransaction | neo4j.AsyncManagedTransaction


@dataclass(frozen=True)
class NamedQuery:
    """One query file: its name, what it returns, its declared parameters and its text."""

    name: str
    path: Path
    description: str
    params: tuple[str, ...]
    text: LiteralString


def parameters_used(text: str) -> set[str]:
    """The `$parameters` a Cypher text refers to, ignoring comments and string literals."""
    used: set[str] = set()
    for match in _CYPHER_TOKEN.finditer(text):
        if match["name"]:
            used.add(match["name"])
        elif match["quoted"] is not None:
            used.add(match["quoted"].replace("``", "`"))
    return used


def _query_name(relative: Path) -> str | None:
    parts = [*relative.parent.parts, relative.stem]
    return ".".join(parts) if all(_NAME_PART.match(part) for part in parts) else None


def _parse(directory: Path, path: Path, problems: list[Problem]) -> NamedQuery | None:
    """Read one query file; problems are appended, and None returned if it is unusable."""
    file = str(path)
    name = _query_name(path.relative_to(directory))
    if name is None:
        problems.append(
            Problem(file, "-", "folder and file names must be lower_snake_case", "rename it")
        )
        return None
    before = len(problems)

    def problem(key: str, message: str, suggestion: str = "") -> None:
        problems.append(Problem(file, key, message, suggestion, type=name))

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem("-", f"cannot be read: {error}")
        return None

    header: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        header.append(stripped)
    params_lines = [m for m in map(PARAMS_LINE.match, header) if m]
    description = " ".join(
        line.lstrip("/").strip() for line in header if not PARAMS_LINE.match(line)
    ).strip()
    if not description:
        problem(
            "header", "no header comment saying what the query returns", "start with '// Returns …'"
        )
    if len(params_lines) != 1:
        problem(
            "// params",
            "the header needs exactly one params line"
            + (" (found several)" if params_lines else ""),
            "add '// params: a, b' (or '// params:' for none) to the header",
        )
    declared = [n.strip() for n in params_lines[0]["names"].split(",")] if params_lines else []
    declared = [n for n in declared if n]
    for param in declared:
        if not _PARAM_NAME.match(param):
            problem(f"${param}", "is not a valid parameter name", "use letters, digits and _")
    for param in sorted({p for p in declared if declared.count(p) > 1}):
        problem(f"${param}", "is declared more than once", "declare each parameter once")

    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    if not body.strip():
        problem("-", "has no query after the header")
    used = parameters_used(text)
    if params_lines:
        for param in sorted(used - set(declared)):
            close = difflib.get_close_matches(param, declared, n=1)
            hint = f"did you mean ${close[0]}?" if close else f"add {param} to the params line"
            problem(f"${param}", "is used in the query but not declared in '// params:'", hint)
        for param in sorted(set(declared) - used):
            problem(f"${param}", "is declared in '// params:' but never used", "remove it")
    if len(problems) > before:
        return None
    # The one place file text becomes a LiteralString: the file is reviewed code, not input.
    # (mypy treats LiteralString as str, so it calls the cast redundant; pyright does not.)
    literal = cast(LiteralString, text)  # type: ignore[redundant-cast]
    return NamedQuery(name, path, description, tuple(declared), literal)


class QueryRegistry:
    """All named queries, checked at load; hands out `neo4j.Query` objects by name and runs them."""

    def __init__(
        self, queries: Mapping[str, NamedQuery], default_timeout: float | None = None
    ) -> None:
        self._queries = dict(sorted(queries.items()))
        self.default_timeout = default_timeout

    @classmethod
    def load(cls, directory: Path, default_timeout: float | None = None) -> QueryRegistry:
        """Read every `*.cypher` file under `directory`; one DefinitionError lists all problems.

        `default_timeout` (seconds) applies to queries run through a session or driver when the
        caller gives none.
        """
        if not directory.is_dir():
            raise DefinitionError(
                "the queries",
                [Problem(str(directory), "-", "no such directory", "set GP_QUERIES_DIR")],
            )
        problems: list[Problem] = []
        queries: dict[str, NamedQuery] = {}
        for path in sorted(directory.rglob("*.cypher")):
            query = _parse(directory, path, problems)
            if query is not None:
                queries[query.name] = query
        if not queries and not problems:
            problems.append(Problem(str(directory), "-", "no *.cypher query files found"))
        if problems:
            raise DefinitionError(f"the queries at {directory}", problems)
        return cls(queries, default_timeout)

    @property
    def names(self) -> tuple[str, ...]:
        """Every query name, sorted."""
        return tuple(self._queries)

    def __contains__(self, name: object) -> bool:
        return name in self._queries

    def get(self, name: str) -> NamedQuery:
        """The query called `name`, or a QueryError suggesting the closest name."""
        try:
            return self._queries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._queries, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise QueryError(f"unknown query {name!r}{hint}") from None

    def query(self, name: str, timeout: float | None = None) -> neo4j.Query:
        """The query as a `neo4j.Query` tagged `{"query": name}` (visible in SHOW TRANSACTIONS)."""
        return neo4j.Query(
            self.get(name).text,
            metadata={"query": name},
            timeout=self.default_timeout if timeout is None else timeout,
        )

    def parameters(self, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """`params` checked against the query's declaration: all declared, nothing else."""
        declared = self.get(name).params
        missing = [p for p in declared if p not in params]
        unknown = sorted(set(params) - set(declared))
        if missing or unknown:
            parts = [f"missing {', '.join(missing)}" if missing else ""]
            parts.append(f"unknown {', '.join(unknown)}" if unknown else "")
            expected = ", ".join(declared) or "none"
            raise QueryError(
                f"query {name!r} called with wrong parameters: "
                f"{'; '.join(p for p in parts if p)} (it takes: {expected})"
            )
        return dict(params)

    def run(self, runner: SessionRunner, name: str, /, **params: Any) -> list[neo4j.Record]:
        """Run a query in a session or transaction and return all its records."""
        checked = self.parameters(name, params)
        if isinstance(runner, neo4j.Session):
            return list(runner.run(self.query(name), checked))
        # Transactions carry metadata and timeout for the whole transaction, not per query.
        return list(runner.run(self.get(name).text, checked))

    async def run_async(
        self, runner: AsyncSessionRunner, name: str, /, **params: Any
    ) -> list[neo4j.Record]:
        """Async `run`: run a query in an async session or transaction, return all its records."""
        checked = self.parameters(name, params)
        if isinstance(runner, neo4j.AsyncSession):
            result = await runner.run(self.query(name), checked)
        else:
            result = await runner.run(self.get(name).text, checked)
        return [record async for record in result]

    def read(
        self, driver: neo4j.Driver, database: str, name: str, /, **params: Any
    ) -> list[neo4j.Record]:
        """Run a read query through the driver: retried on transient errors, routed to readers."""
        result = driver.execute_query(
            self.query(name),
            self.parameters(name, params),
            routing_=neo4j.RoutingControl.READ,
            database_=database,
        )
        return result.records

    async def read_async(
        self, driver: neo4j.AsyncDriver, database: str, name: str, /, **params: Any
    ) -> list[neo4j.Record]:
        """Async `read`: retried on transient errors, routed to readers."""
        result = await driver.execute_query(
            self.query(name),
            self.parameters(name, params),
            routing_=neo4j.RoutingControl.READ,
            database_=database,
        )
        return result.records
