"""`graph-platform db start | stop | status`: the project-managed local Neo4j."""

from __future__ import annotations

import json
import logging
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.errors import ServerError
from graph_platform.local_neo4j import LocalNeo4j, ServerStatus
from graph_platform.runtime import Runtime
from graph_platform.settings import get_settings

db_app = typer.Typer(
    help="Run the local Neo4j (fetched from Maven Central on first start), or check GP_NEO4J_URI.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")

console = Console(highlight=False)


@db_app.callback()
def _logging() -> None:
    """Show the server's warnings (stale pid file, forced kill) on stderr."""
    logging.basicConfig(
        level=logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=Console(stderr=True), show_time=False, show_path=False)],
    )


@db_app.command()
def start() -> None:
    """Start the local Neo4j and wait until it answers; report it if it is already running."""
    settings = get_settings()
    if settings.neo4j_uri:
        status = Runtime(settings).server_status()
        if not status.running:
            raise ServerError(
                f"the external Neo4j at {status.uri} (GP_NEO4J_URI) does not answer: "
                f"{status.problem}"
            )
        console.print(
            f"GP_NEO4J_URI is set: using the external Neo4j at {status.uri}; nothing started."
        )
        _print(status)
        return
    status = LocalNeo4j(settings).start()
    if status.start_seconds is None:
        console.print("[bold]Neo4j is already running.[/]")
    else:
        console.print(f"[bold green]Neo4j started[/] in {status.start_seconds:.1f} s.")
    _print(status)


@db_app.command()
def stop() -> None:
    """Stop the local Neo4j (a no-op if it is not running)."""
    settings = get_settings()
    if settings.neo4j_uri:
        console.print(
            f"GP_NEO4J_URI is set: the external Neo4j at {settings.neo4j_uri} is not managed "
            "here; nothing stopped."
        )
        return
    server = LocalNeo4j(settings)
    began = time.monotonic()
    if server.stop():
        console.print(
            f"[bold]Neo4j stopped[/] in {time.monotonic() - began:.1f} s ({server.home})."
        )
    else:
        console.print(f"Neo4j is not running ({server.home}); nothing to stop.")


@db_app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Report whether Neo4j runs, where, which version, and the store size."""
    result = Runtime().server_status()
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    _print(result)


def _print(status: ServerStatus) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    state = "[green]running[/]" if status.running else "[yellow]stopped[/]"
    if status.external:
        state += " (external, GP_NEO4J_URI)"
    table.add_row("status", state)
    table.add_row("uri", status.uri)
    table.add_row("user", status.user)
    if status.password_file is not None:
        table.add_row("password", f"in {status.password_file}")
    if status.version is not None:
        table.add_row("version", f"Neo4j {status.version} {status.edition or ''}".rstrip())
    if status.pid is not None:
        table.add_row("pid", str(status.pid))
    if status.home is not None:
        table.add_row("home", str(status.home))
    if status.store_bytes is not None:
        table.add_row("store", _size(status.store_bytes))
    if status.start_seconds is not None:
        table.add_row("started in", f"{status.start_seconds:.1f} s")
    if status.problem is not None:
        table.add_row("problem", f"[red]{escape(status.problem)}[/]")
    console.print(table)


def _size(count: int) -> str:
    size, unit = float(count), 0
    while size >= 1024 and unit < 3:
        size, unit = size / 1024, unit + 1
    return f"{count} B" if unit == 0 else f"{size:.1f} {('KiB', 'MiB', 'GiB')[unit - 1]}"
