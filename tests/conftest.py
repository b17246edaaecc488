"""Test session fixtures: one real Neo4j for the whole session, wiped between tests.

The server is the project's own local Neo4j (fetched from Maven Central on first use) on a test
port and home (GP_TEST_NEO4J_PORT, default 7688; GP_TEST_NEO4J_HOME, default
.graph_platform/test-neo4j), unless GP_NEO4J_URI points at another server. An unreachable
server fails the tests; nothing here skips.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from server_support import Served, served
from typer.testing import CliRunner

from graph_platform.errors import ServerError
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.local_neo4j import LocalNeo4j, ServerStatus
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings, get_settings
from graph_platform.store.schema import apply_schema

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


def _test_settings() -> Settings:
    # Keys and markings are read again on every request (tests create and revoke them), and
    # the API's audit trail goes to a file of the tests' own.
    overrides: dict[str, object] = {
        "access_cache_seconds": 0.0,
        # A query planned for the first time on a machine this busy can take seconds.
        "api_query_timeout": 60.0,
        "audit_file": PROJECT_ROOT / ".graph_platform/test-audit/api.jsonl",
    }
    if not os.environ.get("GP_NEO4J_URI"):
        overrides["neo4j_port"] = int(os.environ.get("GP_TEST_NEO4J_PORT", "7688"))
        home = os.environ.get("GP_TEST_NEO4J_HOME")
        overrides["neo4j_home"] = (
            Path(home) if home else PROJECT_ROOT / ".graph_platform/test-neo4j"
        )
    return Settings(**overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"shared data not found at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[ServerStatus]:
    """The session's Neo4j: GP_NEO4J_URI's server if set, else the local test server.

    The local one is started here and stopped at the end, unless another test session (holding a
    shared lock on the same home) still uses it. An unreachable server raises, never skips.
    """
    if settings.neo4j_uri:
        status = Runtime(settings).server_status()
        if not status.running:
            raise ServerError(
                f"GP_NEO4J_URI={settings.neo4j_uri} does not answer: {status.problem}"
            )
        yield status
        return
    server = LocalNeo4j(settings)
    server.home.mkdir(parents=True, exist_ok=True)
    with (server.home / ".sessions.lock").open("a") as sessions:
        fcntl.flock(sessions, fcntl.LOCK_SH)
        status = server.start()
        yield status
        try:
            fcntl.flock(sessions, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another session still uses the server; the last one stops it
        server.stop()


@pytest.fixture(scope="session")
def driver(settings: Settings, neo4j_server: ServerStatus) -> Iterator[neo4j.Driver]:
    """A session-wide driver for `neo4j_server`."""
    with Runtime(settings).driver() as session_driver:
        session_driver.verify_connectivity()
        yield session_driver


@pytest.fixture
def empty_graph(driver: neo4j.Driver, settings: Settings) -> Iterator[neo4j.Driver]:
    """The test database wiped, with the ontology's schema applied."""
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    apply_schema(driver, get_model(settings.ontology_dir), settings.neo4j_database)
    yield driver


@pytest.fixture(scope="session")
def explain_flags(
    settings: Settings, neo4j_server: ServerStatus
) -> Iterator[Callable[[str, dict[str, Any]], list[str]]]:
    """EXPLAIN a query on the real Neo4j (it must plan) and return the descriptions of its
    deprecation and performance notifications (a clean query has none). Its driver asks for
    every notification (the platform's drivers ask for none by default)."""
    noisy = settings.model_copy(update={"neo4j_notifications": "INFORMATION"})

    with Runtime(noisy).driver() as explain_driver:

        def explain(text: str, params: dict[str, Any]) -> list[str]:
            with explain_driver.session(database=settings.neo4j_database) as session:
                summary = session.run(neo4j.Query("EXPLAIN " + text), params).consume()
            assert summary.plan is not None
            return [
                status.status_description
                for status in summary.gql_status_objects
                if status.is_notification
                and status.classification
                in (
                    neo4j.NotificationClassification.DEPRECATION,
                    neo4j.NotificationClassification.PERFORMANCE,
                )
            ]

        yield explain


#: The real samples the end-to-end tests (API over HTTP, browser) load (loader, path under shared
#: data or the repo).
SAMPLES = (
    ("twitter_io_releases", "operations/twitter_io_releases.csv"),
    ("twitter_io_tweets", "twitter_io/russia_201901_1_tweets_sample.csv"),
    ("twitter_io_users", "tests/fixtures/russia_201901_1_users_csv_hashed.csv"),
    ("ftm", "ftm/donations.ijson"),
    ("misp_threat_actors", "actors/misp_threat_actor_galaxy.json"),
    ("stix", "stix/oasis_campaign_threat_actor_example.json"),
)


@pytest.fixture(scope="module")
def sample_graph(
    driver: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> neo4j.Driver:
    """The test database wiped and loaded with the real samples, once per test module (the
    module's tests only read it)."""
    runtime = Runtime(settings)
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    apply_schema(driver, runtime.model, runtime.database)
    quarantine = tmp_path_factory.mktemp("quarantine")
    for loader, relative in SAMPLES:
        path = PROJECT_ROOT / relative if relative.startswith("tests/") else shared_data / relative
        mapping = Mapping.load(loader, settings.loaders_dir, runtime.model)
        summary = Loader(mapping, runtime.writer(driver), quarantine, settings.batch_size).load(
            [path]
        )
        assert summary.loaded > 0, (loader, summary)
    with driver.session(database=settings.neo4j_database) as session:
        session.run("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()").consume()
    return driver


@pytest.fixture(scope="module")
def sample_server(settings: Settings, sample_graph: neo4j.Driver) -> Iterator[Served]:
    """`graph-platform serve` over the sample graph, on a free port of 127.0.0.1."""
    with served(settings) as server:
        yield server


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[CliRunner]:
    """A runner whose `get_settings()` reads the test server's settings, with its own state
    directory (quarantine files, checkpoints) under the test's tmp_path."""
    if not settings.neo4j_uri:
        monkeypatch.setenv("GP_NEO4J_HOME", str(settings.local_neo4j_home))
        monkeypatch.setenv("GP_NEO4J_PORT", str(settings.neo4j_port))
    monkeypatch.setenv("GP_STATE_DIR", str(tmp_path / "state"))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
