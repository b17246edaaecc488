"""The local Neo4j: fetched from Maven Central and run as a child process (used by the CLI, the
composition root and the tests; nothing else knows it exists)."""

from graph_platform.local_neo4j.server import LOCAL_USER, LocalNeo4j, ServerStatus, query_version

__all__ = ["LOCAL_USER", "LocalNeo4j", "ServerStatus", "query_version"]
