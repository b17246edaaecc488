"""The named-query registry: every Cypher query the platform runs, read once from `queries/`.

`queries/attribution/for_account.cypher` is the query `attribution.for_account`. Each file starts
with comment lines saying what the query returns and one `// params: a, b` line; loading checks
the declared parameters against the `$names` the text uses and reports every problem at once.
This module is the only place that turns file text into `LiteralString`: callers pass a name and
parameters, so user input never becomes query text.

A template declares `// slots: rel_type` and writes `{{rel_type}}` where an identifier goes that
Cypher cannot take as a parameter (a relationship type in MERGE). `filled(name, rel_type=…)`
makes the query for one identifier; only identifiers pass (letters, digits and _), and callers
take them from the validated ontology, never from input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, LiteralString, cast

import neo4j

from graph_platform.errors import DefinitionError, Problem, QueryError, did_you_mean

#: Where a query declares its parameters: `// params: account_id, limit` (empty for none).
PARAMS_LINE = re.compile(r"^//\s*params\s*:(?P<names>.*)$")
#: Where a template declares its slots: `// slots: rel_type`.
SLOTS_LINE = re.compile(r"^//\s*slots\s*:(?P<names>.*)$")
_SLOT = re.compile(r"\{\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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
    #: Identifier slots of a template (empty for a plain query).
    slots: tuple[str, ...] = ()


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
    slots_lines = [m for m in map(SLOTS_LINE.match, header) if m]
    description = " ".join(
        line.lstrip("/").strip()
        for line in header
        if not PARAMS_LINE.match(line) and not SLOTS_LINE.match(line)
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

    slots = [n.strip() for n in slots_lines[0]["names"].split(",")] if slots_lines else []
    slots = [n for n in slots if n]
    used_slots = {m["name"] for m in _SLOT.finditer(text)}
    for slot in sorted(used_slots - set(slots)):
        problem(f"{{{{{slot}}}}}", "is used but not declared in '// slots:'", "declare it")
    for slot in sorted(set(slots) - used_slots):
        problem(f"{{{{{slot}}}}}", "is declared in '// slots:' but never used", "remove it")
    if len(slots_lines) > 1:
        problem("// slots", "the header has several slots lines", "keep one")

    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    if not body.strip():
        problem("-", "has no query after the header")
    used = parameters_used(text)
    if params_lines:
        for param in sorted(used - set(declared)):
            hint = did_you_mean(param, declared, form="${}".format)
            hint = hint or f"add {param} to the params line"
            problem(f"${param}", "is used in the query but not declared in '// params:'", hint)
        for param in sorted(set(declared) - used):
            problem(f"${param}", "is declared in '// params:' but never used", "remove it")
    if len(problems) > before:
        return None
    # The one place file text becomes a LiteralString: the file is reviewed code, not input.
    # (mypy treats LiteralString as str, so it calls the cast redundant; pyright does not.)
    literal = cast(LiteralString, text)  # type: ignore[redundant-cast]
    return NamedQuery(name, path, description, tuple(declared), literal, tuple(slots))


class QueryRegistry:
    """All named queries, checked at load; hands out `neo4j.Query` objects by name and runs them."""

    def __init__(
        self, queries: Mapping[str, NamedQuery], default_timeout: float | None = None
    ) -> None:
        self._queries = dict(sorted(queries.items()))
        self.default_timeout = default_timeout
        self._filled: dict[tuple[str, tuple[tuple[str, str], ...]], NamedQuery] = {}

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
            hint = did_you_mean(name, self._queries)
            raise QueryError(f"unknown query {name!r}{'; ' + hint if hint else ''}") from None

    def filled(self, name: str, **slots: str) -> NamedQuery:
        """Template `name` with its slots filled by identifiers (from the ontology, never input)."""
        template = self.get(name)
        if set(slots) != set(template.slots):
            raise QueryError(f"template {name!r} has slots {', '.join(template.slots) or 'none'}")
        for slot, value in slots.items():
            if not _IDENTIFIER.match(value):
                raise QueryError(f"template {name!r}: {slot}={value!r} is not an identifier")
        key = (name, tuple(sorted(slots.items())))
        query = self._filled.get(key)
        if query is None:
            text = _SLOT.sub(lambda match: slots[match["name"]], template.text)
            label = ",".join(f"{k}={v}" for k, v in sorted(slots.items()))
            # Filled with identifiers only (checked above): still reviewed text, not input.
            literal = cast(LiteralString, text)  # type: ignore[redundant-cast]
            query = self._filled[key] = replace(
                template, name=f"{name}[{label}]", text=literal, slots=()
            )
        return query

    def _named(self, query: str | NamedQuery) -> NamedQuery:
        named = self.get(query) if isinstance(query, str) else query
        if named.slots:
            raise QueryError(f"template {named.name!r} must be filled before it runs")
        return named

    def text(self, query: str | NamedQuery) -> LiteralString:
        """The text to run in a transaction (which carries metadata and timeout for all)."""
        return self._named(query).text

    def query(self, query: str | NamedQuery, timeout: float | None = None) -> neo4j.Query:
        """The query as a `neo4j.Query` tagged `{"query": name}` (visible in SHOW TRANSACTIONS)."""
        named = self._named(query)
        return neo4j.Query(
            named.text,
            metadata={"query": named.name},
            timeout=self.default_timeout if timeout is None else timeout,
        )

    def parameters(self, query: str | NamedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
        """`params` checked against the query's declaration: all declared, nothing else."""
        named = self._named(query)
        missing = [p for p in named.params if p not in params]
        unknown = sorted(set(params) - set(named.params))
        if missing or unknown:
            parts = [f"missing {', '.join(missing)}" if missing else ""]
            parts.append(f"unknown {', '.join(unknown)}" if unknown else "")
            expected = ", ".join(named.params) or "none"
            raise QueryError(
                f"query {named.name!r} called with wrong parameters: "
                f"{'; '.join(p for p in parts if p)} (it takes: {expected})"
            )
        return dict(params)

    def run(
        self, runner: SessionRunner, query: str | NamedQuery, /, **params: Any
    ) -> list[neo4j.Record]:
        """Run a query in a session or transaction and return all its records."""
        checked = self.parameters(query, params)
        if isinstance(runner, neo4j.Session):
            return list(runner.run(self.query(query), checked))
        return list(runner.run(self.text(query), checked))

    async def run_async(
        self, runner: AsyncSessionRunner, query: str | NamedQuery, /, **params: Any
    ) -> list[neo4j.Record]:
        """`run` in an async session or transaction."""
        checked = self.parameters(query, params)
        if isinstance(runner, neo4j.AsyncSession):
            result = await runner.run(self.query(query), checked)
        else:
            result = await runner.run(self.text(query), checked)
        return [record async for record in result]

    def read(
        self, driver: neo4j.Driver, database: str, query: str | NamedQuery, /, **params: Any
    ) -> list[neo4j.Record]:
        """Run a read query through the driver: retried on transient errors, routed to readers."""
        return driver.execute_query(
            self.query(query),
            self.parameters(query, params),
            routing_=neo4j.RoutingControl.READ,
            database_=database,
        ).records

    async def read_async(
        self, driver: neo4j.AsyncDriver, database: str, query: str | NamedQuery, /, **params: Any
    ) -> list[neo4j.Record]:
        """`read` through an async driver."""
        result = await driver.execute_query(
            self.query(query),
            self.parameters(query, params),
            routing_=neo4j.RoutingControl.READ,
            database_=database,
        )
        return result.records
