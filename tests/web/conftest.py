"""Browser-test fixtures: the real samples loaded, the app served by `graph-platform serve` on
127.0.0.1, and Debian's headless Chromium driven by Playwright. Screenshots of each test go to
.graph_platform/artefacts/web/ (artefacts, not assertions)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import neo4j
import pytest
from chart_page import Visit
from playwright.sync_api import Browser, sync_playwright

from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.schema import apply_schema
from graph_platform.web import STATIC_DIR
from graph_platform.web.chromium import CHROMIUM, CHROMIUM_ARGS

#: The files scripts/run-sample.sh loads (the Twitter IO release index and a tweets sample).
SAMPLES = (
    ("twitter_io_releases", "operations/twitter_io_releases.csv"),
    ("twitter_io_tweets", "twitter_io/russia_201901_1_tweets_sample.csv"),
)
START_TIMEOUT = 60.0
CLI = (sys.executable, "-c", "from graph_platform.cli import main; main()")


@pytest.fixture(scope="module")
def sample_graph(
    driver: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The test database holding exactly the samples run-sample.sh loads."""
    runtime = Runtime(settings)
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    apply_schema(driver, runtime.model, runtime.database)
    quarantine = tmp_path_factory.mktemp("quarantine")
    for loader, file in SAMPLES:
        mapping = Mapping.load(loader, settings.loaders_dir, runtime.model)
        writer = runtime.writer(driver)
        summary = Loader(mapping, writer, quarantine, settings.batch_size).load(
            [shared_data / file]
        )
        assert summary.loaded > 0, f"{file}: nothing loaded"
    with driver.session(database=settings.neo4j_database) as session:
        # Search reads the full-text index, which catches up with writes eventually.
        session.run("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()").consume()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def live_app(settings: Settings, sample_graph: None) -> Iterator[str]:
    """`graph-platform serve` in a child process on a free 127.0.0.1 port; yields its base URL."""
    assert (STATIC_DIR / "index.html").is_file(), (
        f"the web client is not built in {STATIC_DIR}: run bash scripts/setup.sh"
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {f"GP_{k.upper()}": str(v) for k, v in settings.model_dump().items() if v is not None}
    server = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, "the API exited before answering"
            try:
                if httpx.get(f"{base}/healthz", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{base} not healthy within {START_TIMEOUT}s"
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (scripts/setup.sh installs it; no browser is downloaded)."""
    assert CHROMIUM.is_file(), (
        f"{CHROMIUM} is missing: run bash scripts/setup.sh (apt-get install chromium)"
    )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser: Browser, live_app: str, request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A fresh browser context (its own sessionStorage: a new analyst) on the live app."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield Visit(page, live_app)
    finally:
        Visit(page, live_app).screenshot(f"{request.node.name}-end")
        context.close()
