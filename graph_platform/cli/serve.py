"""`graph-platform serve`: the GraphQL API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from graph_platform.api import create_app
from graph_platform.cli.app import app
from graph_platform.runtime import Runtime


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to listen on (default: GP_API_HOST).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port to listen on (default: GP_API_PORT).", min=1, max=65535),
    ] = None,
) -> None:
    """Serve the GraphQL API; open /graphql in a browser for GraphiQL."""
    runtime = Runtime()
    settings = runtime.settings
    host = host or settings.api_host
    port = port or settings.api_port
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"GraphiQL: http://{shown}:{port}/graphql")
    uvicorn.run(create_app(runtime), host=host, port=port)
