"""`graph-platform serve`: uvicorn in a child process, asked over real HTTP on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys

import httpx
from server_support import CLI, environment, free_port, wait_until_healthy, without_budget

from graph_platform.settings import Settings


def test_serve_answers_graphql_over_http(settings: Settings, seeded: None) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_healthy(base, server)
        response = httpx.post(
            f"{base}/graphql",
            json={
                "query": "query ($id: ID!) { attribution(accountId: $id) "
                "{ nodes { confidence operation { id } actor { id } } } }",
                "variables": {"id": "acc-1"},
            },
            timeout=30.0,
        )
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)

    assert response.status_code == 200
    assert without_budget(response.json()) == {
        "data": {
            "attribution": {
                "nodes": [
                    {
                        "confidence": 0.9 * 0.8,
                        "operation": {"id": "op-ira"},
                        "actor": {"id": "org-ira"},
                    },
                    {
                        "confidence": 0.9 * 0.6,
                        "operation": {"id": "op-ira"},
                        "actor": {"id": "loc-ru"},
                    },
                    {"confidence": 0.5, "operation": {"id": "op-other"}, "actor": None},
                ]
            }
        }
    }
    assert f"GraphiQL: {base}/graphql" in output
    # SIGTERM stops it gracefully: the lifespan closes the driver (uvicorn then re-raises the
    # signal, so the exit status is -SIGTERM rather than 0).
    assert "Application shutdown complete." in output


FROZEN_AFTER_START = """
import asyncio, gc, sys
from asgi_lifespan import LifespanManager
from graph_platform.api import create_app

async def started(only_app: bool) -> int:
    async with LifespanManager(create_app(only_app=only_app)):
        return gc.get_freeze_count()

print(asyncio.run(started(sys.argv[1] == "only")))
"""


def test_the_served_app_freezes_what_start_up_made(settings: Settings) -> None:
    """`serve`'s app (the process's only one) takes what start-up made out of the collector's
    passes; an app among others (tests) leaves the collector alone."""
    counts = {
        how: int(
            subprocess.run(
                [sys.executable, "-c", FROZEN_AFTER_START, how],
                env=environment(settings),
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout
        )
        for how in ("only", "among")
    }
    assert counts["only"] > 100_000 and counts["among"] == 0
