"""The named-query registry: every Cypher query the platform runs, read once from `queries/`.

`queries/attribution/for_account.cypher` is the query `attribution.for_account`. Loading reads
every file, expands fragment calls and checks each query's declared parameters against the
`$names` its text uses, reporting every problem at once (query_file.py says what a file holds).
Only reviewed files become query text (`LiteralString`): callers pass a name and parameters, so
user input never becomes query text.

A template declares `// slots: rel_type` and writes `{{rel_type}}` where an identifier goes that
Cypher cannot take as a parameter (a relationship type in MERGE, a quantifier's bound).
`filled(name, rel_type=…)` makes the query for one value; only identifiers (letters, digits and
_) and whole numbers up to 999 pass, and callers take them from the validated ontology or from
checked integers, never from input text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, LiteralString, cast

import neo4j

from graph_platform.errors import DefinitionError, Problem, QueryError, did_you_mean
from graph_platform.store.async_read import autocommit_read
from graph_platform.store.query_file import (
    NamedQuery,
    check,
    check_fragment,
    expand,
    parameters_used,
    read_file,
)

__all__ = ["AsyncSessionRunner", "NamedQuery", "QueryRegistry", "SessionRunner", "parameters_used"]

SessionRunner = neo4j.Session | neo4j.Transaction | neo4j.ManagedTransaction
AsyncSessionRunner = neo4j.AsyncSession | neo4j.AsyncTransaction | neo4j.AsyncManagedTransaction
_SLOT = re.compile(r"\{\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: What a slot may be filled with: an identifier, or a small whole number (a path length bound).
_SLOT_VALUE = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]{1,3})$")


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
        files = [
            read_file(directory, path, problems) for path in sorted(directory.rglob("*.cypher"))
        ]
        fragments = {f.fragment_name: f for f in files if f is not None and f.is_fragment}
        for fragment in fragments.values():
            check_fragment(fragment, problems)
        queries: dict[str, NamedQuery] = {}
        for file in files:
            if file is None or file.is_fragment:
                continue
            query = check(file, expand(file, fragments, problems), problems)
            if query is not None:
                queries[query.name] = query
        if not queries and not problems:
            problems.append(Problem(str(directory), "-", "no *.cypher query files found"))
        if problems:
            raise DefinitionError(f"the queries at {directory}", problems)
        return cls(queries, default_timeout)

    def with_timeout(self, seconds: float) -> QueryRegistry:
        """The same queries, run with another default timeout (the API's shorter one)."""
        return QueryRegistry(self._queries, seconds)

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
        """Template `name` with its slots filled by identifiers or whole numbers."""
        template = self.get(name)
        if set(slots) != set(template.slots):
            raise QueryError(f"template {name!r} has slots {', '.join(template.slots) or 'none'}")
        for slot, value in slots.items():
            if not _SLOT_VALUE.match(value):
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
        """`read` through an async driver, as one auto-commit query (async_read.py says why)."""
        return await autocommit_read(
            driver, database, self.query(query), self.parameters(query, params)
        )
