"""`graph-platform stats [--json]`: node counts by label and relationship counts by type."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.runtime import Runtime
from graph_platform.store.graph_stats import graph_stats


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Print how many nodes each label and relationships each type has."""
    runtime = Runtime()
    with runtime.driver() as driver:
        counts = graph_stats(driver, runtime.queries, runtime.database)
    if as_json:
        typer.echo(json.dumps(counts, indent=2))
        return
    console = Console()
    for kind in ("nodes", "relationships"):
        table = Table(kind[:-1] if kind == "nodes" else "type", "count", title=kind)
        for name, count in counts[kind].items():
            table.add_row(name, f"{count:,}")
        console.print(table)
