"""API keys: random, shown once, stored only as a SHA-256 of the secret, with a name, a role and
a clearance; revoked keys stay listed. A key reads `gpk_<key id>_<secret>`: the id finds the
record, the secret proves the holder (its hash compared in constant time).

Keys live in the graph's database as `GpApiKey` nodes (so every API replica sees the same keys)
and are managed with `graph-platform keys create | list | revoke`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import neo4j

from graph_platform.access.principal import Principal, Role
from graph_platform.errors import InvalidArguments, NotFound
from graph_platform.model.tlp import marking
from graph_platform.store.queries import QueryRegistry

_TOKEN = re.compile(r"^gpk_(?P<key_id>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{20,})$")


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    name: str
    role: Role
    clearance: str
    created_at: datetime | None = None
    created_by: str | None = None
    revoked_at: datetime | None = None

    @property
    def principal(self) -> Principal:
        return Principal(f"key:{self.key_id}", self.name, self.role, self.clearance, "key")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_token(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a token that looks like one of ours, else None."""
    match = _TOKEN.match(token.strip())
    return None if match is None else (match["key_id"], match["secret"])


def _native(value: object) -> datetime | None:
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, datetime) else None


def _record(row: neo4j.Record) -> KeyRecord:
    return KeyRecord(
        str(row["key_id"]),
        str(row["name"]),
        Role(row["role"]),
        str(row["clearance"]),
        _native(row.get("created_at")),
        row.get("created_by"),
        _native(row.get("revoked_at")),
    )


@dataclass(frozen=True)
class ApiKeys:
    """Create, list and revoke keys (the CLI), through the sync driver."""

    driver: neo4j.Driver
    queries: QueryRegistry
    database: str

    def create(
        self, name: str, role: str, clearance: str, created_by: str
    ) -> tuple[KeyRecord, str]:
        """A new key and its token, which is shown this once and never stored."""
        if not name.strip():
            raise InvalidArguments("a key needs a name (who or what holds it)")
        try:
            the_role = Role(role)
        except ValueError:
            raise InvalidArguments(
                f"role {role!r}: one of {', '.join(r.value for r in Role)}"
            ) from None
        record = KeyRecord(
            secrets.token_hex(6),
            name.strip(),
            the_role,
            marking(clearance),
            datetime.now(UTC),
            created_by,
        )
        secret = secrets.token_urlsafe(32)
        props = {
            "key_id": record.key_id,
            "name": record.name,
            "role": record.role.value,
            "clearance": record.clearance,
            "secret_hash": _hash(secret),
            "created_at": record.created_at,
            "created_by": created_by,
        }
        self.driver.execute_query(
            self.queries.query("access.key_save"), {"props": props}, database_=self.database
        )
        return record, f"gpk_{record.key_id}_{secret}"

    def list(self) -> list[KeyRecord]:
        return [
            _record(row) for row in self.queries.read(self.driver, self.database, "access.keys")
        ]

    def revoke(self, key_id: str) -> None:
        records, _, _ = self.driver.execute_query(
            self.queries.query("access.key_revoke"),
            {"key_id": key_id, "revoked_at": datetime.now(UTC)},
            database_=self.database,
        )
        if not records:
            raise NotFound(f"no API key {key_id!r} (graph-platform keys list shows them)")


async def verify_key(
    driver: neo4j.AsyncDriver, queries: QueryRegistry, database: str, token: str
) -> KeyRecord | None:
    """The live key a token proves, or None (unknown id, wrong secret, revoked)."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    key_id, secret = parsed
    rows = await queries.read_async(driver, database, "access.key_by_id", key_id=key_id)
    if not rows or rows[0]["revoked_at"] is not None:
        return None
    if not hmac.compare_digest(str(rows[0]["secret_hash"]), _hash(secret)):
        return None
    return _record(rows[0])
