"""API test fixtures: the seeded attribution graph and an HTTP client on the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager
from server_support import Served, served, without_budget

from graph_platform.api import create_app
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.schema import apply_schema

#: Test-only named queries: wipe the database, seed the attribution graph.
FIXTURE_QUERIES = Path(__file__).with_name("cypher")
LOADED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def fixture_queries() -> QueryRegistry:
    return QueryRegistry.load(FIXTURE_QUERIES)


@pytest.fixture
def seeded(driver: neo4j.Driver, settings: Settings, fixture_queries: QueryRegistry) -> None:
    """A wiped database holding only tests/api/cypher/seed_graph.cypher."""
    with driver.session(database=settings.neo4j_database) as session:
        fixture_queries.run(session, "wipe")
        fixture_queries.run(session, "seed_graph", loaded_at=LOADED_AT)


@pytest.fixture
async def client(settings: Settings, seeded: None) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client speaking ASGI to the app, inside its real lifespan."""
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
        yield client


Ask = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def ask(client: httpx.AsyncClient) -> Ask:
    """`await ask(query, **variables)`: POST to /graphql, return the JSON answer (data, errors)."""

    async def post(query: str, **variables: Any) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return without_budget(response.json())

    return post


#: The real samples the end-to-end tests load (loader, path under shared data or the repo).
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
