"""Connections to the platform's Neo4j: the external server of GP_NEO4J_URI, else the local one.

URIs pass through unchanged, so `neo4j://` routing URIs of a cluster or Aura work like `bolt://`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph_platform.errors import ConfigurationError, ServerError
from graph_platform.settings import Settings
from graph_platform.store.server import LOCAL_USER, LocalNeo4j, ServerStatus, query_version

_USER_AGENT = "graph_platform/0.1"


@dataclass(frozen=True)
class Connection:
    """Where and as whom to connect; `external` when it comes from GP_NEO4J_URI."""

    uri: str
    user: str
    password: str | None = field(repr=False)
    database: str
    external: bool

    @property
    def auth(self) -> tuple[str, str] | None:
        return None if self.password is None else (self.user, self.password)


def connection(settings: Settings) -> Connection:
    """GP_NEO4J_URI/USER/PASSWORD when the URI is set, else the local server's URI and password."""
    if settings.neo4j_uri:
        return Connection(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            external=True,
        )
    local = LocalNeo4j(settings)
    password = local.password()
    if password is None:
        raise ConfigurationError(
            f"the local Neo4j in {local.home} was never started (no {local.auth_file}): run "
            "`graph-platform db start`, or set GP_NEO4J_URI (and GP_NEO4J_USER/PASSWORD) to use "
            "another server."
        )
    return Connection(
        uri=local.uri,
        user=LOCAL_USER,
        password=password,
        database=settings.neo4j_database,
        external=False,
    )


def open_driver(settings: Settings) -> neo4j.Driver:
    """A driver for the configured server; the caller closes it."""
    conn = connection(settings)
    return neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth, user_agent=_USER_AGENT)


def open_async_driver(settings: Settings) -> neo4j.AsyncDriver:
    """An asyncio driver for the configured server; the caller closes it."""
    conn = connection(settings)
    return neo4j.AsyncGraphDatabase.driver(conn.uri, auth=conn.auth, user_agent=_USER_AGENT)


def server_status(settings: Settings) -> ServerStatus:
    """The external server's status when GP_NEO4J_URI is set, else the local server's."""
    if not settings.neo4j_uri:
        return LocalNeo4j(settings).status()
    conn = connection(settings)
    status = ServerStatus(running=False, uri=conn.uri, user=conn.user, external=True)
    try:
        with neo4j.GraphDatabase.driver(
            conn.uri, auth=conn.auth, user_agent=_USER_AGENT, connection_timeout=10.0
        ) as driver:
            version, edition = query_version(driver, conn.database)
    except (Neo4jError, DriverError, ServerError, OSError, ValueError) as error:
        return replace(status, problem=f"{type(error).__name__}: {error}")
    return replace(status, running=True, version=version, edition=edition)
