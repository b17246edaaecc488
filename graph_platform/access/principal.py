"""Who is asking: an API key's holder, a JWT's subject, or (in open mode, on loopback only and
with no keys configured) the local operator."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # everything, including key management
    ANALYST = "analyst"  # reads, and records resolution decisions and claims
    PARTNER = "partner"  # reads only the types and fields the ontology marks shareable


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: who (`id`, `name`), what they may do, how far they see."""

    id: str
    name: str
    role: Role
    clearance: str
    via: str  # "key", "jwt" or "open"

    @property
    def may_decide(self) -> bool:
        """Record entity-resolution decisions (analysts and admins)."""
        return self.role in (Role.ADMIN, Role.ANALYST)

    @property
    def is_partner(self) -> bool:
        return self.role is Role.PARTNER


#: The caller in open mode: nothing is configured to say who anyone is, so the local operator.
OPERATOR = Principal("open", "local operator", Role.ADMIN, "RED", "open")
