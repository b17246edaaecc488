"""Counts of nodes by label and relationships by type, through the named stats queries."""

from __future__ import annotations

import neo4j

from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry


def graph_stats(driver: neo4j.Driver, settings: Settings) -> dict[str, dict[str, int]]:
    """{"nodes": {label: count}, "relationships": {type: count}}, largest first."""
    registry = QueryRegistry.load(settings.queries_dir, settings.query_timeout)
    database = settings.neo4j_database
    nodes = registry.read(driver, database, "graph.stats_nodes")
    relationships = registry.read(driver, database, "graph.stats_relationships")
    return {
        "nodes": {r["label"]: r["count"] for r in nodes},
        "relationships": {r["type"]: r["count"] for r in relationships},
    }
