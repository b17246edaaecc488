"""A page of the app as the browser tests use it: what it requested, its counts, screenshots."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request

from graph_platform.settings import PROJECT_ROOT

#: Where the browser tests leave screenshots and exports (git-ignored with .graph_platform/).
ARTEFACTS = PROJECT_ROOT / ".graph_platform" / "artefacts" / "web"


class Visit:
    """A page of the app, with every request it made, for assertions on what it loaded."""

    def __init__(self, page: Page, base: str, key: str) -> None:
        self.page = page
        self.base = base
        self.key = key
        self.requests: list[Request] = []
        page.on("request", lambda request: self.requests.append(request))

    def other_hosts(self) -> set[str]:
        """Hosts other than the app's that the page asked for (must stay empty: offline-first)."""
        own = urlsplit(self.base).netloc
        return {
            urlsplit(r.url).netloc
            for r in self.requests
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != own
        }

    def open_chart(self, fragment: str = "") -> None:
        """Loads the chart, enters the key in the dialog, waits until the page is ready."""
        self.page.goto(f"{self.base}/{fragment}")
        self.page.locator("#api-key").fill(self.key)
        self.page.locator("#key-save").click()
        self.page.locator("body[data-ready=true]").wait_for(timeout=60_000)

    def nodes(self) -> int:
        return int(self.page.locator("body").get_attribute("data-nodes") or 0)

    def edges(self) -> int:
        return int(self.page.locator("body").get_attribute("data-edges") or 0)

    def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def nodes_outside_view(self) -> list[str]:
        """Captions of chart nodes that sigma draws outside the chart's visible area."""
        self.page.wait_for_timeout(900)  # layout (400 ms) and camera (300 ms) animations
        outside: list[str] = self.page.evaluate(
            """() => { const app = window.graphPlatform; const sigma = app.engine.sigma;
            const { width, height } = sigma.getDimensions();
            return app.engine.graph.nodes().filter((id) => {
              const p = sigma.graphToViewport(app.engine.graph.getNodeAttributes(id));
              return p.x < 0 || p.y < 0 || p.x > width || p.y > height;
            }).map((id) => app.engine.graph.getNodeAttribute(id, "label")); }"""
        )
        return outside
