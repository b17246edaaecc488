"""The API's reads: one auto-commit query each, in read mode, after the driver's writes, and
retried on transient failures only."""

from __future__ import annotations

import socket
from itertools import pairwise

import neo4j
import pytest
from neo4j.exceptions import CypherSyntaxError, ServiceUnavailable

from graph_platform.local_neo4j import ServerStatus
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store import async_read
from graph_platform.store.async_read import autocommit_read


class Pauses:
    """Records the pauses between attempts instead of sleeping them."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> Pauses:
    recorded = Pauses()
    monkeypatch.setattr(async_read, "sleep", recorded)
    return recorded


async def test_a_read_returns_every_record(settings: Settings, neo4j_server: ServerStatus) -> None:
    async with Runtime(settings).async_driver() as driver:
        query = neo4j.Query("UNWIND range(1, $n) AS i RETURN i")
        records = await autocommit_read(driver, settings.neo4j_database, query, {"n": 3})

    assert [record["i"] for record in records] == [1, 2, 3]


async def test_a_read_sees_a_write_made_through_execute_query(
    settings: Settings, neo4j_server: ServerStatus
) -> None:
    async with Runtime(settings).async_driver() as driver:
        await driver.execute_query(
            "MERGE (m:AsyncReadMarker {id: 'after-write'}) SET m.seen = true",
            database_=settings.neo4j_database,
        )
        try:
            records = await autocommit_read(
                driver,
                settings.neo4j_database,
                neo4j.Query("MATCH (m:AsyncReadMarker {id: 'after-write'}) RETURN m.seen AS seen"),
                {},
            )
        finally:
            await driver.execute_query(
                "MATCH (m:AsyncReadMarker) DELETE m", database_=settings.neo4j_database
            )

    assert [record["seen"] for record in records] == [True]


async def test_a_read_is_refused_a_write(settings: Settings, neo4j_server: ServerStatus) -> None:
    async with Runtime(settings).async_driver() as driver:
        with pytest.raises(neo4j.exceptions.ClientError, match=r"(?i)write"):
            await autocommit_read(
                driver, settings.neo4j_database, neo4j.Query("CREATE (:AsyncReadMarker)"), {}
            )


async def test_a_mistake_is_raised_at_once(
    settings: Settings, neo4j_server: ServerStatus, pauses: Pauses
) -> None:
    async with Runtime(settings).async_driver() as driver:
        with pytest.raises(CypherSyntaxError):
            await autocommit_read(driver, settings.neo4j_database, neo4j.Query("RETURN"), {})

    assert pauses.taken == []


async def test_an_unreachable_server_is_retried_then_reported(
    pauses: Pauses, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once the socket is closed
    monkeypatch.setattr(async_read, "RETRY_SECONDS", 1.0)
    driver = neo4j.AsyncGraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", "-"))
    try:
        with pytest.raises(ServiceUnavailable):
            await autocommit_read(driver, "neo4j", neo4j.Query("RETURN 1"), {})
    finally:
        await driver.close()

    # pauses grow (0.1, 0.2, 0.4 … jittered ±20 %) until the next one would pass the deadline
    assert len(pauses.taken) >= 2
    assert all(later > earlier for earlier, later in pairwise(pauses.taken))
