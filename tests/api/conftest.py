"""API test fixtures: the seeded attribution graph and an HTTP client on the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager
from server_support import without_budget

from graph_platform.api import create_app
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry

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
