"""The web routes on their own (no browser, no database): pages, assets, headers, not-built page."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.applications import Starlette

from graph_platform.web import graphiql_page, web_routes
from graph_platform.web.pages import CONTENT_SECURITY_POLICY


def _client(static: Path) -> httpx.AsyncClient:
    app = Starlette(routes=web_routes(static))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://web.test")


async def test_chart_page_and_assets_are_served_with_this_host_only(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>chart</title>", encoding="utf-8")
    (tmp_path / "assets" / "chart-abc123.js").write_text("console.log(1)", encoding="utf-8")
    async with _client(tmp_path) as client:
        page = await client.get("/")
        asset = await client.get("/assets/chart-abc123.js")
        missing = await client.get("/assets/nope.js")
    assert page.status_code == 200
    assert "<title>chart</title>" in page.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert page.headers["cache-control"] == "no-cache"
    assert asset.status_code == 200
    assert asset.text == "console.log(1)"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert missing.status_code == 404


async def test_an_unbuilt_client_says_how_to_build_it(tmp_path: Path) -> None:
    async with _client(tmp_path / "static") as client:
        page = await client.get("/")
    assert page.status_code == 503
    assert "bash scripts/setup.sh" in page.text
    ide = graphiql_page(tmp_path / "static")
    assert ide.status_code == 503
    assert b"graphiql.html is missing" in ide.body
