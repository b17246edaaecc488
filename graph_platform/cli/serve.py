"""`graph-platform serve`: the GraphQL API under uvicorn.

It refuses to listen beyond loopback while nothing says who a caller is (no API key in the graph
and no identity provider): anyone reaching the port would be the operator. `--open-to-network`
overrides that, with a warning.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer
import uvicorn

from graph_platform.api import create_app
from graph_platform.cli.app import app
from graph_platform.errors import ConfigurationError
from graph_platform.runtime import Runtime


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _anyone_identified(runtime: Runtime) -> bool:
    settings = runtime.settings
    if settings.jwt_issuer and settings.jwt_audience and settings.jwt_jwks:
        return True
    with runtime.driver() as driver:
        return bool(runtime.queries.read(driver, runtime.database, "access.keys"))


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to listen on (default: GP_API_HOST).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port to listen on (default: GP_API_PORT).", min=1, max=65535),
    ] = None,
    open_to_network: Annotated[
        bool,
        typer.Option(help="Listen beyond loopback even with no API key or identity provider."),
    ] = False,
) -> None:
    """Serve the GraphQL API; open /graphql in a browser for GraphiQL."""
    runtime = Runtime()
    settings = runtime.settings
    host = host or settings.api_host
    port = port or settings.api_port
    if not is_loopback(host) and not _anyone_identified(runtime):
        if not open_to_network:
            raise ConfigurationError(
                f"refusing to listen on {host}: no API key exists and no identity provider is "
                "set, so anyone reaching the port could read and change everything. Create a key "
                "(graph-platform keys create …), set GP_JWT_*, or pass --open-to-network."
            )
        typer.secho(
            f"warning: listening on {host} in open mode: every caller is the operator",
            fg="red",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"GraphiQL: http://{shown}:{port}/graphql")
    # No access log: the audit trail (GP_AUDIT_FILE) records every request, with who asked.
    uvicorn.run(create_app(runtime, only_app=True), host=host, port=port, access_log=False)
