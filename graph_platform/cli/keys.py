"""`graph-platform keys create | list | revoke`: API keys for partners, analysts and admins."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph_platform.access.keys import ApiKeys
from graph_platform.cli.app import app
from graph_platform.model.tlp import TLP
from graph_platform.runtime import Runtime

keys_app = typer.Typer(
    help="API keys: who may call the API, with which role and clearance.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")


def _keys(runtime: Runtime) -> ApiKeys:
    return ApiKeys(runtime.driver(), runtime.queries, runtime.database)


@keys_app.command()
def create(
    name: Annotated[str, typer.Option(help="Who or what holds the key (recorded with decisions).")],
    role: Annotated[str, typer.Option(help="admin, analyst (may record decisions) or partner.")],
    clearance: Annotated[str, typer.Option(help=f"TLP the holder may see: {', '.join(TLP)}.")],
) -> None:
    """Make a key and print it once: it is stored only as a hash."""
    runtime = Runtime()
    store = _keys(runtime)
    try:
        record, token = store.create(name, role, clearance, getpass.getuser())
    finally:
        store.driver.close()
    console = Console(highlight=False)
    console.print(f"key {record.key_id} for {record.name}: {record.role.value}, {record.clearance}")
    console.print("Give this to its holder now; it is not shown again:")
    typer.echo(token)


@keys_app.command("list")
def list_keys() -> None:
    """Every key with its role, clearance, creation and revocation (never a secret)."""
    runtime = Runtime()
    store = _keys(runtime)
    try:
        records = store.list()
    finally:
        store.driver.close()
    table = Table("key id", "name", "role", "clearance", "created", "by", "revoked")
    for r in records:
        table.add_row(
            r.key_id,
            r.name,
            r.role.value,
            r.clearance,
            f"{r.created_at:%Y-%m-%d %H:%M}" if r.created_at else "-",
            r.created_by or "-",
            f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "",
        )
    Console().print(table)


@keys_app.command()
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (keys list shows them).")],
) -> None:
    """Revoke a key: requests with it are refused within a few seconds (GP_ACCESS_CACHE_SECONDS)."""
    runtime = Runtime()
    store = _keys(runtime)
    try:
        store.revoke(key_id)
    finally:
        store.driver.close()
    Console(highlight=False).print(f"key {key_id} revoked")
