"""`graph-platform export FORMAT OUT --scope …`: a scope of the graph in an exchange format."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.export import FORMATS, Visibility, parse_scope
from graph_platform.runtime import Runtime


@app.command()
def export(
    format_name: Annotated[
        str, typer.Argument(metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}.")
    ],
    out: Annotated[
        Path,
        typer.Argument(help="File to write (csv: a folder, or a .zip)."),
    ],
    scope: Annotated[
        str,
        typer.Option(
            help="all, operation:ID, canonical:ID or neighbourhood:ID,ID…@DEPTH (depth 0-3)."
        ),
    ] = "all",
    only_source: Annotated[
        list[str] | None,
        typer.Option(help="Export only what these Source ids assert (repeat the option)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Write SCOPE of the graph as FORMAT to OUT, with provenance; list what the format drops."""
    if format_name not in FORMATS:
        raise typer.BadParameter(f"{format_name!r} is not one of {', '.join(FORMATS)}")
    parsed = parse_scope(scope)
    runtime = Runtime()
    visibility = Visibility(frozenset(only_source) if only_source else None)
    runtime.export_mappings  # noqa: B018  (checked before connecting: a bad mapping fails first)
    began = time.perf_counter()
    with runtime.driver() as driver:
        counts = runtime.exporter(driver, visibility).to_path(format_name, parsed, out)
    seconds = time.perf_counter() - began
    summary = {"format": format_name, "scope": str(parsed), "out": str(out), **counts.summary()}
    summary["seconds"] = round(seconds, 2)
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    console = Console()
    console.print(
        f"{format_name} → {out}: {counts.nodes:,} nodes and {counts.edges:,} relationships "
        f"of scope {parsed} read, {counts.objects:,} written in {seconds:.1f} s",
        highlight=False,
    )
    if counts.dropped:
        table = Table("left out", "count", "why", title=f"what {format_name} cannot carry")
        for (what, why), count in sorted(counts.dropped.items()):
            table.add_row(what, f"{count:,}", why)
        console.print(table)
