"""The composition root: GP_NEO4J_URI passes through unchanged, otherwise the local server's
password; drivers, status, and the parts it builds from settings."""

from __future__ import annotations

import socket
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

import graph_platform.cli.db  # noqa: F401  (registers `db` on the app)
from graph_platform.cli.app import app
from graph_platform.errors import ConfigurationError
from graph_platform.local_neo4j import LocalNeo4j, ServerStatus
from graph_platform.runtime import Runtime, connection
from graph_platform.settings import Settings, get_settings


def external(settings: Settings, uri: str, password: str | None = "secret") -> Settings:
    return settings.model_copy(
        update={"neo4j_uri": uri, "neo4j_user": "analyst", "neo4j_password": password}
    )


def as_external(settings: Settings) -> Settings:
    """The session server seen through GP_NEO4J_URI/USER/PASSWORD, as for Docker or Aura."""
    conn = connection(settings)
    return settings.model_copy(
        update={"neo4j_uri": conn.uri, "neo4j_user": conn.user, "neo4j_password": conn.password}
    )


@pytest.mark.parametrize(
    ("uri", "driver_type"),
    [
        ("neo4j://cluster.example.org:7687", neo4j.Neo4jDriver),
        ("neo4j+s://abcd1234.databases.neo4j.io", neo4j.Neo4jDriver),
        ("bolt://db.example.org:7687", neo4j.BoltDriver),
    ],
)
def test_external_uri_passes_through(
    settings: Settings, uri: str, driver_type: type[neo4j.Driver]
) -> None:
    conn = connection(external(settings, uri))

    assert (conn.uri, conn.user, conn.password, conn.external) == (uri, "analyst", "secret", True)
    assert conn.database == settings.neo4j_database
    with Runtime(external(settings, uri)).driver() as driver:  # routing drivers connect lazily
        assert isinstance(driver, driver_type)


def test_external_server_without_password_uses_no_auth(settings: Settings) -> None:
    assert connection(external(settings, "bolt://db:7687", password=None)).auth is None


def test_local_server_never_started_is_a_configuration_error(
    settings: Settings, tmp_path: Path
) -> None:
    fresh = settings.model_copy(update={"neo4j_uri": None, "neo4j_home": tmp_path / "neo4j"})

    with pytest.raises(ConfigurationError, match=r"was never started.*graph-platform db start"):
        connection(fresh)


def test_session_connection(settings: Settings, neo4j_server: ServerStatus) -> None:
    conn = connection(settings)

    assert conn.uri == neo4j_server.uri
    if settings.neo4j_uri:  # the tests run against GP_NEO4J_URI
        assert conn.external and conn.password == settings.neo4j_password
    else:  # the local test server, with the password it stored
        assert conn.uri == f"bolt://127.0.0.1:{settings.neo4j_port}"
        assert conn.user == "neo4j" and not conn.external
        assert conn.password == LocalNeo4j(settings).password()


def test_runtime_driver_runs_a_query(driver: neo4j.Driver, settings: Settings) -> None:
    records = driver.execute_query("RETURN 40 + 2 AS n", database_=settings.neo4j_database).records

    assert records[0]["n"] == 42


async def test_runtime_async_driver_runs_a_query(
    settings: Settings, neo4j_server: ServerStatus
) -> None:
    async with Runtime(settings).async_driver() as driver:
        result = await driver.execute_query("RETURN 40 + 2 AS n", database_=settings.neo4j_database)

    assert result.records[0]["n"] == 42


def test_status_of_an_external_server(settings: Settings, neo4j_server: ServerStatus) -> None:
    status = Runtime(as_external(settings)).server_status()

    assert status.running and status.external
    assert status.version == neo4j_server.version
    assert status.pid is None and status.home is None


def test_status_of_an_unreachable_external_server(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once the socket is closed

    status = Runtime(external(settings, f"bolt://127.0.0.1:{port}")).server_status()

    assert not status.running and status.external
    assert status.problem is not None and "ServiceUnavailable" in status.problem


def test_cli_start_with_an_external_server_starts_nothing(
    settings: Settings, neo4j_server: ServerStatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    ext = as_external(settings)
    monkeypatch.setenv("GP_NEO4J_URI", str(ext.neo4j_uri))
    monkeypatch.setenv("GP_NEO4J_USER", ext.neo4j_user)
    monkeypatch.setenv("GP_NEO4J_PASSWORD", str(ext.neo4j_password))
    get_settings.cache_clear()
    try:
        started = CliRunner().invoke(app, ["db", "start"])
        stopped = CliRunner().invoke(app, ["db", "stop"])
    finally:
        get_settings.cache_clear()

    assert started.exit_code == 0, started.output
    assert "using the external Neo4j" in " ".join(started.output.split())
    assert stopped.exit_code == 0
    assert "nothing stopped" in " ".join(stopped.output.split())
    assert Runtime(settings).server_status().running  # the session server was left alone


def test_runtime_builds_the_writer_from_settings(settings: Settings, driver: neo4j.Driver) -> None:
    tuned = settings.model_copy(update={"node_transactions": 3, "query_timeout": 7.5})
    runtime = Runtime(tuned)

    writer = runtime.writer(driver)

    assert (writer.node_transactions, writer.timeout) == (3, 7.5)
    assert writer.database == tuned.neo4j_database
    assert writer.model is runtime.model and writer.queries is runtime.queries
    assert runtime.queries.default_timeout == 7.5


@pytest.mark.parametrize(("setting", "expected"), [("OFF", 0), ("WARNING", 1)])
def test_driver_notifications_are_off_unless_asked_for(
    settings: Settings, neo4j_server: ServerStatus, setting: str, expected: int
) -> None:
    runtime = Runtime(settings.model_copy(update={"neo4j_notifications": setting}))
    with runtime.driver() as driver, driver.session(database=runtime.database) as session:
        summary = session.run("MATCH (n:NoSuchLabelAnywhere) RETURN n").consume()

    warnings = [s for s in summary.gql_status_objects if s.is_notification]
    assert len(warnings) == expected, [s.status_description for s in warnings]
