"""Serves the built front-end: the link chart at `/`, its assets at `/assets/`, and the bundled
GraphiQL page that the API's /graphql shows to a browser.

The assets are built from `web/` (TypeScript, Vite) into `static/` by `scripts/setup.sh`
(`npm ci` + `npm run build`, skipped when up to date); they are not committed. Every page is
sent with a Content-Security-Policy that allows this host only, so the browser itself refuses
anything from another host (no CDN, offline-first).
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

#: Where `npm run build` (in web/) writes the pages and their assets.
STATIC_DIR = Path(__file__).resolve().parent / "static"

#: This host only. Workers: the layout's worker is made from a blob: URL (ForceAtlas2 worker).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
)

_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>graph_platform</title>
<h1>The web client is not built</h1>
<p>{page} is missing from {static}. Run <code>bash scripts/setup.sh</code> (or
<code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>) and restart the API.</p>
<p>The GraphQL API answers POST requests at <code>/graphql</code> meanwhile.</p>"""


def _page(static_dir: Path, name: str) -> HTMLResponse:
    path = static_dir / name
    if not path.is_file():
        body = _NOT_BUILT.format(page=name, static=static_dir)
        return HTMLResponse(body, status_code=503, headers=_SECURITY_HEADERS)
    headers = {**_SECURITY_HEADERS, "Cache-Control": "no-cache"}
    return HTMLResponse(path.read_text(encoding="utf-8"), headers=headers)


def graphiql_page(static_dir: Path = STATIC_DIR) -> HTMLResponse:
    """The bundled GraphiQL page (the API's /graphql renders it for a browser's GET)."""
    return _page(static_dir, "graphiql.html")


class _Assets:
    """Hashed build assets: cached for a year (a new build has new names), with the headers."""

    def __init__(self, directory: Path) -> None:
        self.files = StaticFiles(directory=directory, check_dir=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"cache-control", b"public, max-age=31536000, immutable"))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.files(scope, receive, send_with_headers)


def web_routes(static_dir: Path = STATIC_DIR) -> list[BaseRoute]:
    """Routes the API app includes: `/` (the link chart) and `/assets/` (its files)."""

    async def chart(request: Request) -> Response:
        return _page(static_dir, "index.html")

    return [
        Route("/", chart, methods=["GET"], name="chart"),
        Mount("/assets", app=_Assets(static_dir / "assets"), name="assets"),
    ]
