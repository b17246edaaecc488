"""The app around the schema: health check, GraphiQL, and masking of unexpected errors."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph_platform.api import create_app
from graph_platform.api import loaders as lookup
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings

# Each app opens its own driver; `driver` makes sure the session's Neo4j is up.
pytestmark = pytest.mark.usefixtures("driver")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _request(
    settings: Settings,
    method: str,
    path: str,
    *,
    json: object = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """One request to a fresh app for `settings`, inside its lifespan."""
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):
        return await client.request(method, path, json=json, headers=headers)


async def test_healthz_is_ok_when_neo4j_answers(settings: Settings) -> None:
    response = await _request(settings, "GET", "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "neo4j": "ok"}


@pytest.mark.parametrize("broken", ["unreachable server", "missing database"])
async def test_healthz_is_503_when_neo4j_does_not_answer(
    settings: Settings, broken: str, caplog: pytest.LogCaptureFixture
) -> None:
    if broken == "unreachable server":
        update = {"neo4j_uri": f"bolt://127.0.0.1:{_free_port()}", "neo4j_password": "unused"}
    else:
        update = {"neo4j_database": "nosuchdatabase"}
    with caplog.at_level(logging.ERROR, logger="graph_platform.api.app"):
        response = await _request(settings.model_copy(update=update), "GET", "/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "neo4j": "unavailable"}
    assert "health check" in caplog.text


async def test_graphiql_is_served_to_browsers(settings: Settings) -> None:
    response = await _request(settings, "GET", "/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_an_unreachable_database_is_503_and_logged(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    broken = settings.model_copy(update={"neo4j_database": "nosuchdatabase"})
    with caplog.at_level(logging.ERROR):
        response = await _request(
            broken, "POST", "/graphql", json={"query": '{ account(id: "acc-1") { id } }'}
        )
    assert response.status_code == 503
    assert response.json()["errors"] == [
        {"message": "the service is unavailable", "extensions": {"code": "SERVICE_UNAVAILABLE"}}
    ]
    assert "nosuchdatabase" not in response.text
    assert "nosuchdatabase" in caplog.text  # the cause is in the server's log


@pytest.mark.usefixtures("empty_graph")  # no API keys stored: the app runs open
async def test_unexpected_errors_are_masked_for_clients_and_logged(
    settings: Settings, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail of the failure\nMATCH (n) RETURN n // the query")

    monkeypatch.setattr(lookup, "nodes_by_id", broken)
    with caplog.at_level(logging.ERROR):
        response = await _request(
            settings, "POST", "/graphql", json={"query": '{ account(id: "acc-1") { id } }'}
        )
    assert response.status_code == 200
    answer = response.json()
    assert answer["data"] == {"account": None}
    assert [(e["message"], e["path"], e["extensions"]) for e in answer["errors"]] == [
        ("Unexpected error.", ["account"], {"code": "INTERNAL_SERVER_ERROR"})
    ]
    assert "secret detail" not in response.text
    # The cause is in the server's log, as one line without the query text or a traceback.
    (logged,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged.getMessage() == (
        "unexpected error at account: RuntimeError: secret detail of the failure"
    )
    assert logged.exc_info is None and "MATCH" not in caplog.text


@pytest.mark.usefixtures("empty_graph")
async def test_in_open_mode_me_is_the_local_operator(settings: Settings) -> None:
    response = await _request(
        settings, "POST", "/graphql", json={"query": "{ me { name role clearance via mayDecide } }"}
    )
    assert response.json()["data"] == {
        "me": {
            "name": "local operator",
            "role": "admin",
            "clearance": "RED",
            "via": "open",
            "mayDecide": True,
        }
    }
