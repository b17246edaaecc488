"""Helpers of the export tests: the test graph as comparable values (nodes and edges named by
their key properties, so that a graph and its round trip through an export and a loader, which
mints other ids, compare), and wiping it between the two."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j

from graph_platform.export import Exporter
from graph_platform.ingest.loader import LoadSummary
from graph_platform.settings import Settings

#: `load(loader, *files)` into the test graph (emptied once per test).
Load = Callable[..., LoadSummary]
#: `make_exporter(visibility=None, page_size=7, edge_chunk=EDGE_CHUNK)`.
MakeExporter = Callable[..., Exporter]


def _plain(value: Any) -> Any:
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, list):
        return tuple(sorted(_plain(v) for v in value))
    return value


def nodes_by_name(
    driver: neo4j.Driver, settings: Settings, label: str, keys: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """{name: {key: value}} of the nodes with `label` (name: name, else title, else id)."""
    records, _, _ = driver.execute_query(
        "MATCH (n:$($label)) RETURN coalesce(n.name, n.title, n.id) AS name, properties(n) AS p",
        label=label,
        database_=settings.neo4j_database,
    )
    return {r["name"]: {k: _plain(r["p"].get(k)) for k in keys} for r in records}


def edges_by_name(driver: neo4j.Driver, settings: Settings) -> set[tuple[str, str, str]]:
    """(type, source name, target name) of every edge; a payment is named by its date and
    amount."""
    name = "coalesce({0}.name, {0}.handle, toString({0}.date) + ' ' + {0}.amount_eur, {0}.id)"
    records, _, _ = driver.execute_query(
        f"MATCH (a)-[r]->(b) RETURN type(r) AS type, {name.format('a')} AS a, "
        f"{name.format('b')} AS b",
        database_=settings.neo4j_database,
    )
    return {(r["type"], r["a"], r["b"]) for r in records}


def wipe(driver: neo4j.Driver, settings: Settings) -> None:
    """Delete every node of the test graph (the schema stays)."""
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def scalar(driver: neo4j.Driver, settings: Settings, query: str, **params: Any) -> Any:
    """The single value a test query returns."""
    records, _, _ = driver.execute_query(query, params, database_=settings.neo4j_database)
    return records[0][0]
