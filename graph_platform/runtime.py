"""The composition root: what every entry point (CLI, API, benchmarks, tests) builds from settings.

`Runtime(settings)` knows where the ontology, the named queries and the Neo4j server are; it
loads the model and the query registry once, on first use, and opens drivers and writers with
the configured database, timeouts and concurrency. Nothing below it reads settings: `store`,
`model`, `ingest`, `nlp`, `resolve` and `analytics` take what they need as arguments.

The server is GP_NEO4J_URI's when set (Docker, Aura, a `neo4j://` cluster: URIs pass through
unchanged, so routing works), else the project's local Neo4j, whose generated password the
local-server wing keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph_platform.errors import ConfigurationError, ServerError
from graph_platform.export import Exporter, Visibility, load_mappings
from graph_platform.export.mapping import FormatMapping
from graph_platform.local_neo4j import LOCAL_USER, LocalNeo4j, ServerStatus, query_version
from graph_platform.model import Model, get_model
from graph_platform.settings import Settings, get_settings
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.writer import GraphWriter, WriteObserver

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


class Runtime:
    """Settings turned into the platform's parts: model, queries, drivers, writers."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    @cached_property
    def model(self) -> Model:
        """The ontology (errors name file, type and key)."""
        return get_model(self.settings.ontology_dir)

    @cached_property
    def queries(self) -> QueryRegistry:
        """Every named query, with the configured timeout."""
        return QueryRegistry.load(self.settings.queries_dir, self.settings.query_timeout)

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    @property
    def resolution_dir(self) -> Path:
        """Where the entity-resolution settings of each kind live."""
        return self.settings.resolution_dir

    def connection(self) -> Connection:
        return connection(self.settings)

    def driver(self) -> neo4j.Driver:
        """A driver for the configured server; the caller closes it (`with runtime.driver()`)."""
        conn = self.connection()
        return neo4j.GraphDatabase.driver(
            conn.uri,
            auth=conn.auth,
            user_agent=_USER_AGENT,
            notifications_min_severity=self.settings.neo4j_notifications,
        )

    def async_driver(self) -> neo4j.AsyncDriver:
        """An asyncio driver for the configured server; the caller closes it."""
        conn = self.connection()
        return neo4j.AsyncGraphDatabase.driver(
            conn.uri,
            auth=conn.auth,
            user_agent=_USER_AGENT,
            notifications_min_severity=self.settings.neo4j_notifications,
        )

    def writer(
        self,
        driver: neo4j.Driver,
        *,
        recent_limit: int = 100_000,
        observer: WriteObserver | None = None,
    ) -> GraphWriter:
        """A writer as the settings configure it: database, timeout, node transactions."""
        return GraphWriter(
            driver,
            self.model,
            self.queries,
            self.database,
            timeout=self.settings.query_timeout,
            recent_limit=recent_limit,
            node_transactions=self.settings.node_transactions,
            observer=observer,
        )

    @cached_property
    def export_mappings(self) -> dict[str, FormatMapping]:
        """How the ontology becomes each export format (exports/), checked against both."""
        return load_mappings(self.settings.exports_dir, self.model)

    def exporter(self, driver: neo4j.Driver, visibility: Visibility | None = None) -> Exporter:
        """An exporter reading in the configured page size, for a caller who sees `visibility`
        (default: everything)."""
        return Exporter(
            driver,
            self.queries,
            self.model,
            self.export_mappings,
            self.database,
            self.settings.export_page_size,
            visibility or Visibility(),
        )

    def server_status(self) -> ServerStatus:
        """The external server's status when GP_NEO4J_URI is set, else the local server's."""
        if not self.settings.neo4j_uri:
            return LocalNeo4j(self.settings).status()
        conn = self.connection()
        status = ServerStatus(running=False, uri=conn.uri, user=conn.user, external=True)
        try:
            with neo4j.GraphDatabase.driver(
                conn.uri, auth=conn.auth, user_agent=_USER_AGENT, connection_timeout=10.0
            ) as driver:
                version, edition = query_version(driver, conn.database)
        except (Neo4jError, DriverError, ServerError, OSError, ValueError) as error:
            return replace(status, problem=f"{type(error).__name__}: {error}")
        return replace(status, running=True, version=version, edition=edition)
