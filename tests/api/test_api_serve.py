"""`graph-platform serve`: uvicorn in a child process, asked over real HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from graph_platform.settings import Settings

START_TIMEOUT = 60.0
#: The `graph-platform` console script, run by this interpreter.
CLI = (sys.executable, "-c", "from graph_platform.cli import main; main()")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(settings: Settings) -> dict[str, str]:
    """The test settings as GP_* variables, so the child process reads the same ones."""
    variables = {
        f"GP_{k.upper()}": str(v) for k, v in settings.model_dump().items() if v is not None
    }
    return {**os.environ, **variables}


def _wait_until_healthy(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited before answering"
        try:
            if httpx.get(f"{base}/healthz", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"no healthy answer from {base} within {START_TIMEOUT}s")


def test_serve_answers_graphql_over_http(settings: Settings, seeded: None) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_healthy(base, server)
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
    assert response.json() == {
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
