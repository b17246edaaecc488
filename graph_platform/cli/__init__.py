"""The `graph-platform` command line: one sub-module per command group, assembled on `app`."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape

from graph_platform.cli.app import app
from graph_platform.errors import GraphPlatformError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the console script: expected errors print as one clear message, exit 1."""
    from graph_platform.cli import (  # noqa: F401  (importing registers the commands)
        audit,
        coordination,
        db,
        enrich,
        export,
        keys,
        load,
        resolve,
        schema,
        serve,
        stats,
        synth,
    )

    try:
        app()
    except GraphPlatformError as error:
        # Whole lines (no wrapping in a pipe or a log), the message's own text never markup.
        console = Console(stderr=True, soft_wrap=True)
        console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        sys.exit(1)
