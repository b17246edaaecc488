"""`graph-platform audit tail | search`: the API's audit trail (one JSON line per request)."""

from __future__ import annotations

import json
from collections import deque
from datetime import datetime
from typing import Annotated, Any

import typer

from graph_platform.access.audit import AuditLog
from graph_platform.cli.app import app
from graph_platform.settings import get_settings

audit_app = typer.Typer(help="The audit trail of every API request.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def _line(entry: dict[str, Any], as_json: bool) -> str:
    if as_json:
        return json.dumps(entry, ensure_ascii=False)
    codes = ",".join(entry.get("error_codes") or []) or "-"
    return (
        f"{entry['time']}  {entry['status']}  {entry['key']} ({entry['role']})  "
        f"{entry.get('operation_type') or '-'} {entry.get('operation') or '-'}  "
        f"{entry['duration_ms']} ms  {entry['response_bytes']} B  {codes}"
    )


@audit_app.command()
def tail(
    lines: Annotated[int, typer.Option("-n", min=1, help="How many of the last entries.")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the entries as JSON lines.")
    ] = False,
) -> None:
    """The last entries of the audit trail."""
    log = AuditLog(get_settings().audit_path)
    for entry in deque(log.entries(), maxlen=lines):
        typer.echo(_line(entry, as_json))


@audit_app.command()
def search(
    key: Annotated[str | None, typer.Option(help="A principal id (key:…, jwt:…).")] = None,
    operation: Annotated[str | None, typer.Option(help="An operation name.")] = None,
    status: Annotated[int | None, typer.Option(help="An HTTP status.")] = None,
    since: Annotated[datetime | None, typer.Option(help="Entries at or after this time.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the entries as JSON lines.")
    ] = False,
) -> None:
    """Entries matching every filter given."""
    log = AuditLog(get_settings().audit_path)
    for entry in log.search(key, operation, status, since):
        typer.echo(_line(entry, as_json))
