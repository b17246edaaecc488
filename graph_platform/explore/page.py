"""Pages of results: the arguments every list takes, checked, and opaque cursors.

A cursor is the base64 of a small JSON array a list made itself (`["key", …]` or
`["offset", n]`); a client passes it back unchanged as `after`. Anything else is the client's
mistake and says so.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph_platform.errors import InvalidArguments

#: Most items one page of a relationship or of search results may hold.
MAX_PAGE = 500
#: Most nodes one page of a filtered list may hold (an export-sized page of accounts).
MAX_LIST = 10_000
DEFAULT_PAGE = 20


def encode_cursor(kind: str, value: Any) -> str:
    text = json.dumps([kind, value], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> Any:
    """The value of a cursor of `kind`, or None for no cursor; a bad one is a client error."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found, value = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidArguments(f"after: {cursor!r} is not a cursor this list gave") from None
    if found != kind:
        raise InvalidArguments(f"after: {cursor!r} is a cursor of another list")
    return value


def check_first(first: int, most: int = MAX_PAGE) -> int:
    if not 1 <= first <= most:
        raise InvalidArguments(f"first must be between 1 and {most}, got {first}")
    return first


@dataclass(frozen=True)
class Window:
    """Time and confidence filters of relationships (each off when None)."""

    since: datetime | None = None
    until: datetime | None = None
    as_of: datetime | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise InvalidArguments("since must not be after until")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise InvalidArguments("minConfidence must be between 0 and 1")

    def params(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "until": self.until,
            "as_of": self.as_of,
            "min_confidence": self.min_confidence,
        }
