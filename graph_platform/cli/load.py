"""`graph-platform load LOADER FILE…`: load source files with a mapping from loaders/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.ingest.checkpoint import Checkpoint
from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.runtime import Runtime


@app.command()
def load(
    loader: Annotated[str, typer.Argument(help="Loader name: a mapping file stem in loaders/.")],
    files: Annotated[
        list[Path],
        typer.Argument(help="Source files to load.", exists=True, dir_okay=False, readable=True),
    ],
    dry_run: Annotated[bool, typer.Option(help="Validate and map only; write nothing.")] = False,
    restart: Annotated[
        bool, typer.Option(help="Ignore the checkpoint of an interrupted load; start over.")
    ] = False,
    marking: Annotated[
        str | None,
        typer.Option(
            help="TLP marking (CLEAR, GREEN, AMBER, AMBER+STRICT, RED) of the files' Sources "
            "where a row gives none; overrides the loader's default."
        ),
    ] = None,
) -> None:
    """Load FILES with LOADER; bad rows go to the quarantine file with their reason."""
    runtime = Runtime()
    settings = runtime.settings
    mapping = Mapping.load(loader, settings.loaders_dir, runtime.model)
    if marking:
        mapping = mapping.marked(marking)
    console = Console()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} rows · {task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"load {loader}", total=None, rate="-")

        def advance(rows: int) -> None:
            progress.advance(task, rows)
            elapsed = progress.tasks[task].elapsed or 0.0
            rate = progress.tasks[task].completed / elapsed if elapsed else 0.0
            progress.update(task, rate=f"{rate:,.0f}")

        checkpoints = settings.state_dir / "checkpoints"
        if restart:
            for path in files:
                Checkpoint.clear(checkpoints, loader, path)
        if dry_run:
            summary = Loader(mapping, None, settings.quarantine_dir, settings.batch_size).load(
                files, advance
            )
        else:
            with runtime.driver() as driver:
                writer = runtime.writer(driver)
                summary = Loader(
                    mapping, writer, settings.quarantine_dir, settings.batch_size, checkpoints
                ).load(files, advance)
    _print_summary(console, summary, dry_run)


def _print_summary(console: Console, summary: LoadSummary, dry_run: bool) -> None:
    table = Table(
        "file",
        "read",
        "loaded",
        "quarantined",
        "resumed at row",
        "quarantine file",
        title=f"{summary.loader}{' (dry run)' if dry_run else ''}",
    )
    for f in summary.files:
        resumed = str(f.resumed_from + 1) if f.resumed_from else "-"
        table.add_row(
            f.file,
            str(f.read),
            str(f.loaded),
            str(f.quarantined),
            resumed,
            f.quarantine_file or "-",
        )
    console.print(table)
    w = summary.written
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    console.print(
        f"read {summary.read} = loaded {summary.loaded} + quarantined {summary.quarantined}; "
        f"nodes {w.nodes_created} created / {w.nodes_merged} merged, relationships "
        f"{w.relationships_created} created / {w.relationships_merged} merged; "
        f"{summary.seconds:.1f} s ({rate:,.0f} rows/s)"
    )
