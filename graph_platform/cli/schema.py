"""`graph-platform schema apply | show`: Neo4j constraints and indexes derived from ontology/."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.runtime import Runtime
from graph_platform.store.schema import apply_schema, schema_state

schema_app = typer.Typer(help="Neo4j constraints and indexes derived from the ontology.")
app.add_typer(schema_app, name="schema")


@schema_app.command("apply")
def apply() -> None:
    """Create missing constraints/indexes, replace changed ones, wait until all are online."""
    runtime = Runtime()
    with runtime.driver() as driver:
        report = apply_schema(driver, runtime.model, runtime.database)
    console = Console()
    console.print(
        f"schema: {len(report.created)} created, {len(report.unchanged)} unchanged, "
        f"{len(report.dropped)} dropped (stale)"
    )
    for name in report.created:
        console.print(f"  + {name}")
    for name in report.dropped:
        console.print(f"  - {name}")


@schema_app.command("show")
def show() -> None:
    """Print every derived constraint/index with its DDL and its state in the database."""
    runtime = Runtime()
    with runtime.driver() as driver:
        states = schema_state(driver, runtime.model, runtime.database)
    table = Table("name", "kind", "state", "statement")
    for item, state in states:
        table.add_row(item.name, item.kind, state, item.create)
    Console().print(table)
