"""`graph-platform load LOADER FILE…`: load source files with a mapping from loaders/.

Exit status: 0 when every file loaded; 3 when a file loaded nothing (every row quarantined, or
no rows); 4 when a file quarantined more than `--max-quarantined` of its rows; 1 for an error
that stops the load (a bad mapping, an unreadable file), 2 for bad arguments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph_platform.cli.app import app
from graph_platform.cli.load_report import LoadReport
from graph_platform.ingest.checkpoint import Checkpoint
from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.runtime import Runtime

#: The default --max-quarantined. The shipped loaders quarantine at most 3.8 % of the shipped
#: real files' rows by design (STIX objects the ontology does not model; one truncated tweet
#: row is 0.2 %), while a wrong date format or a misspelt column quarantines every row: 10 %
#: leaves room above the first and fails long before the second.
MAX_QUARANTINED = 0.10
EXIT_LOADED_NOTHING = 3
EXIT_TOO_MANY_QUARANTINED = 4


def exit_status(summary: LoadSummary, max_quarantined: float) -> int:
    """0 when every file passed, else 3 if a file loaded nothing, else 4 (too many quarantined)."""
    failures = summary.failures(max_quarantined)
    if not failures:
        return 0
    if any(f.loaded == 0 for f, _ in failures):
        return EXIT_LOADED_NOTHING
    return EXIT_TOO_MANY_QUARANTINED


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
    max_quarantined: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Largest share of a file's rows (0-1) that may be quarantined before the load "
            "exits with status 4 (a file that loads nothing exits with 3).",
        ),
    ] = MAX_QUARANTINED,
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
    report = LoadReport(Console(), max_quarantined)
    checkpoints = settings.state_dir / "checkpoints"
    if restart:
        for path in files:
            Checkpoint.clear(checkpoints, loader, path)
    try:
        if dry_run:
            runner = Loader(mapping, None, settings.quarantine_dir, settings.batch_size)
            summary = runner.load(files, report)
        else:
            with runtime.driver() as driver:
                writer = runtime.writer(driver)
                runner = Loader(
                    mapping, writer, settings.quarantine_dir, settings.batch_size, checkpoints
                )
                summary = runner.load(files, report)
    finally:
        report.stop()
    report.print_summary(summary, dry_run)
    status = exit_status(summary, max_quarantined)
    if status:
        raise typer.Exit(status)
