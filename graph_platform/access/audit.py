"""The audit trail: one JSON line per GraphQL request, appended, never rewritten.

A file (JSON lines, opened in append mode) rather than nodes in the graph: the trail must record
requests even when the database is down or refuses them, must not be writable through the API
it audits, and is what log shippers and SIEMs read. Each API replica writes its own file.

An entry: time, key (principal id), name, role, via, operation name and type, SHA-256 of the
query text, variables (as GP_AUDIT_VARIABLES says: `full`, `redacted` — names kept, values
replaced — or `none`), duration, response bytes, HTTP status, error codes, client address.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from graph_platform.access.principal import Principal

VariablesPolicy = Literal["full", "redacted", "none"]


@dataclass(frozen=True)
class AuditEntry:
    time: str
    key: str
    name: str
    role: str
    via: str
    operation: str | None
    operation_type: str | None
    query_sha256: str | None
    variables: Any
    duration_ms: float
    response_bytes: int
    status: int
    error_codes: list[str] = field(default_factory=list)
    client: str | None = None


def who(principal: Principal | None) -> dict[str, str]:
    """An entry's fields that say who asked: key, name, role, via ("-" for a caller the request
    never authenticated)."""
    if principal is None:
        return dict.fromkeys(("key", "name", "role", "via"), "-")
    return {
        "key": principal.id,
        "name": principal.name,
        "role": principal.role.value,
        "via": principal.via,
    }


def query_hash(query: str | None) -> str | None:
    return None if query is None else hashlib.sha256(query.encode()).hexdigest()


def shown_variables(variables: Mapping[str, Any] | None, policy: VariablesPolicy) -> Any:
    if policy == "none" or variables is None:
        return None
    if policy == "redacted":
        return dict.fromkeys(variables, "…")
    return dict(variables)


class AuditLog:
    """Appends entries to `path` (one JSON object per line); reads them back for the CLI."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, entry: AuditEntry) -> None:
        # vars, not asdict: the fields are JSON values already, and asdict deep-copies them
        line = json.dumps(vars(entry), ensure_ascii=False, default=str) + "\n"
        with self._lock:
            # Opened per entry, so a rotated file is followed; its folder made only when missing
            # (a mkdir per request cost a syscall or two on the hot path).
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
            try:
                descriptor = os.open(self.path, flags, 0o600)
            except FileNotFoundError:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                descriptor = os.open(self.path, flags, 0o600)
            try:
                os.write(descriptor, line.encode("utf-8"))
            finally:
                os.close(descriptor)

    def entries(self) -> Iterator[dict[str, Any]]:
        if not self.path.is_file():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)

    def search(
        self,
        key: str | None = None,
        operation: str | None = None,
        status: int | None = None,
        since: datetime | None = None,
    ) -> Iterator[dict[str, Any]]:
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        for entry in self.entries():
            if key is not None and entry["key"] != key:
                continue
            if operation is not None and entry.get("operation") != operation:
                continue
            if status is not None and entry["status"] != status:
                continue
            if since is not None and datetime.fromisoformat(entry["time"]) < since:
                continue
            yield entry
