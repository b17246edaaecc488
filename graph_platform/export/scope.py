"""What an export covers: an operation, the neighbourhood of ids, a canonical entity, or all.

An export is the subgraph a scope induces: its nodes and every relationship between two of them.
Scopes are written `operation:ID`, `neighbourhood:ID[,ID…][@DEPTH]`, `canonical:ID` or `all`,
the same on the command line and in the API's `scope` parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_platform.errors import ScopeError

#: Deepest neighbourhood an export expands (each hop can multiply the nodes by a hub's degree).
MAX_DEPTH = 3


@dataclass(frozen=True)
class WholeGraph:
    """Every node and relationship of the graph."""

    def __str__(self) -> str:
        return "all"


@dataclass(frozen=True)
class OperationScope:
    """An influence operation with its accounts (PART_OF), their posts (POSTED), the nodes the
    operation links to directly (actors, techniques, targets, narratives, platforms) and the
    Sources that assert the operation or its relationships (its evidence)."""

    id: str

    def __str__(self) -> str:
        return f"operation:{self.id}"


@dataclass(frozen=True)
class NeighbourhoodScope:
    """The nodes within `depth` hops of `ids`, in either direction."""

    ids: tuple[str, ...]
    depth: int = 1

    def __str__(self) -> str:
        return f"neighbourhood:{','.join(self.ids)}@{self.depth}"


@dataclass(frozen=True)
class CanonicalScope:
    """A canonical entity (ResolvedEntity) with the records resolved to it; `id` may also name
    one of its member records."""

    id: str

    def __str__(self) -> str:
        return f"canonical:{self.id}"


Scope = WholeGraph | OperationScope | NeighbourhoodScope | CanonicalScope


def parse_scope(text: str) -> Scope:
    """The scope written as `text`; ScopeError saying the accepted forms when it is not one."""
    kind, _, rest = text.strip().partition(":")
    rest = rest.strip()
    if kind == "all" and not rest:
        return WholeGraph()
    if kind == "operation" and rest:
        return OperationScope(rest)
    if kind == "canonical" and rest:
        return CanonicalScope(rest)
    if kind == "neighbourhood" and rest:
        ids_text, _, depth_text = rest.partition("@")
        ids = tuple(i.strip() for i in ids_text.split(",") if i.strip())
        try:
            depth = int(depth_text) if depth_text else 1
        except ValueError:
            raise ScopeError(f"scope {text!r}: depth {depth_text!r} is not a number") from None
        if not ids:
            raise ScopeError(f"scope {text!r}: give at least one id")
        if not 0 <= depth <= MAX_DEPTH:
            raise ScopeError(f"scope {text!r}: depth must be 0 to {MAX_DEPTH}, not {depth}")
        return NeighbourhoodScope(ids, depth)
    raise ScopeError(
        f"unknown scope {text!r}: use all, operation:ID, canonical:ID or "
        "neighbourhood:ID[,ID…][@DEPTH]"
    )
