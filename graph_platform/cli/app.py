"""Assembles the `graph-platform` typer application from the command modules."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="graph-platform",
    help="Knowledge-graph platform for tracing influence operations on Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
