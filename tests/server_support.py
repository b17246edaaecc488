"""Running `graph-platform serve` in a child process for tests that speak real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from graph_platform.settings import Settings

START_TIMEOUT = 90.0
#: The `graph-platform` console script, run by this interpreter.
CLI = (sys.executable, "-c", "from graph_platform.cli import main; main()")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(settings: Settings) -> dict[str, str]:
    """The test settings as GP_* variables, so the child process reads the same ones."""
    variables = {
        f"GP_{k.upper()}": str(v) for k, v in settings.model_dump().items() if v is not None
    }
    return {**os.environ, **variables}


def wait_until_healthy(base: str, server: subprocess.Popen[str]) -> None:
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


@dataclass
class Served:
    base: str
    process: subprocess.Popen[str]

    @property
    def graphql(self) -> str:
        return f"{self.base}/graphql"


@contextmanager
def served(settings: Settings, *arguments: str) -> Iterator[Served]:
    """`graph-platform serve` on a free port of 127.0.0.1 until the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), *arguments],
        env=environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_healthy(base, process)
        yield Served(base, process)
    finally:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=30)


def without_budget(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without the budget every executed request reports (checked to be there)."""
    extensions = answer.pop("extensions", None)
    if "data" in answer:
        assert extensions is not None and set(extensions["rateLimit"]) == {
            "limit",
            "remaining",
            "resetSeconds",
            "cost",
        }, answer
    return answer
