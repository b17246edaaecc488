"""Deterministic node ids: the same type, namespace and key values always make the same id.

Loaders, enrichment and entity resolution all derive ids this way, so every write is an
idempotent MERGE and a record found again from another file lands on the same node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def node_id(type_name: str, namespace: str, keys: Sequence[str]) -> str:
    """Readable type prefix plus a hash of namespace and key values: `account:3f2a…`."""
    digest = hashlib.sha256("\x1f".join([type_name, namespace, *keys]).encode()).hexdigest()
    return f"{type_name.lower()}:{digest[:32]}"
