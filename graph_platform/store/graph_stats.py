"""Counts of nodes by label and relationships by type, through the named stats queries."""

from __future__ import annotations

import neo4j

from graph_platform.store.queries import QueryRegistry


def graph_stats(
    driver: neo4j.Driver, queries: QueryRegistry, database: str
) -> dict[str, dict[str, int]]:
    """{"nodes": {label: count}, "relationships": {type: count}}, largest first."""
    nodes = queries.read(driver, database, "graph.stats_nodes")
    relationships = queries.read(driver, database, "graph.stats_relationships")
    return {
        "nodes": {r["label"]: r["count"] for r in nodes},
        "relationships": {r["type"]: r["count"] for r in relationships},
    }
