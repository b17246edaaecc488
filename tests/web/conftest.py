"""Browser-test fixtures: `graph-platform serve` on 127.0.0.1 over the real samples (run-sample.sh's
release index and tweets, and the other samples tests/conftest.py loads), and Debian's headless
Chromium driven by Playwright. Screenshots go to .graph_platform/artefacts/web/ (artefacts, not
assertions)."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from chart_page import Visit
from playwright.sync_api import Browser, sync_playwright
from server_support import Served

from graph_platform.access.keys import ApiKeys
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.web import STATIC_DIR
from graph_platform.web.chromium import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def api_key(sample_graph: neo4j.Driver, settings: Settings) -> str:
    """A real analyst key (RED clearance) in the sample graph: the chart sends it as Bearer."""
    keys = ApiKeys(sample_graph, Runtime(settings).queries, settings.neo4j_database)
    return keys.create("browser tests", "analyst", "RED", "tests/web")[1]


@pytest.fixture(scope="module")
def live_app(sample_server: Served, api_key: str) -> str:
    """The base URL of `graph-platform serve` over the real samples (tests/conftest.py)."""
    assert (STATIC_DIR / "index.html").is_file(), (
        f"the web client is not built in {STATIC_DIR}: run bash scripts/setup.sh"
    )
    return sample_server.base


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
def visit(
    browser: Browser, live_app: str, api_key: str, request: pytest.FixtureRequest
) -> Iterator[Visit]:
    """A fresh browser context (its own sessionStorage: a new analyst) on the live app."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield Visit(page, live_app, api_key)
    finally:
        Visit(page, live_app, api_key).screenshot(f"{request.node.name}-end")
        context.close()
