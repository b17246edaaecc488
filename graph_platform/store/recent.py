"""What a writer committed lately, so that records it has already written are not sent again.

Loading a takedown archive asserts the same platform, source, operation, account or hashtag on
row after row. A record is a no-op when this writer's last write of the same node or edge had the
same property values, at least its sources, a seen-range that covers its own and (for edges) at
least its confidence: the stored record then already holds everything the record would merge in
(sources only grow, the range only widens, a source's values replace its own, and this writer's
values were the last written). Nodes with values from several sources in one record are always
written. The map assumes no other writer changes the same records during a load (another load
writing them concurrently makes a skipped record's values older than "last written", not lost:
its source and range are already stored). Memory is bounded: least recently used entries beyond
`limit` are forgotten, and their records are simply written again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graph_platform.store.records import EdgeRecord, NodeRecord


@dataclass(slots=True)
class _Written:
    """One node's or edge's last write: values digest, sources, seen-range, confidence."""

    digest: int
    sources: frozenset[str]
    first_seen: datetime | None
    last_seen: datetime | None
    confidence: float | None = None

    def covers(self, new: _Written) -> bool:
        return (
            new.digest == self.digest
            and new.sources <= self.sources
            and (new.first_seen is None or _le(self.first_seen, new.first_seen))
            and (new.last_seen is None or _le(new.last_seen, self.last_seen))
            and (new.confidence is None or _le(new.confidence, self.confidence))
        )

    def then(self, new: _Written) -> _Written:
        """The stored state after `new` is written on top of this one."""
        return _Written(
            new.digest,
            self.sources | new.sources,
            _pick(min, self.first_seen, new.first_seen),
            _pick(max, self.last_seen, new.last_seen),
            _pick(max, self.confidence, new.confidence),
        )


def _le(low: Any, high: Any) -> bool:
    return low is not None and high is not None and bool(low <= high)


def _pick(choose: Any, a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else choose(a, b)


#: Value types hashed as they are; their type is hashed with them (1, 1.0 and True are equal).
_HASHABLE_TYPES = frozenset({str, int, float, bool, type(None)})


def _digest(props: dict[str, Any]) -> int:
    """Equal property maps give equal digests within a process: each value by its type and, for
    strings, numbers, booleans and null, itself (2x faster than hashing the whole map's repr, which
    lists, dates and datetimes still use, so that datetimes in different offsets differ)."""
    if not props:
        return 0
    return hash(
        tuple(
            sorted(
                [
                    (key, value.__class__, value)
                    if value.__class__ in _HASHABLE_TYPES
                    else (key, value.__class__, repr(value))
                    for key, value in props.items()
                ]
            )
        )
    )


def _node(node: NodeRecord) -> _Written | None:
    if not node.sources or len(node.claims) > 1:
        return None
    return _Written(_digest(node.props), frozenset(node.sources), node.first_seen, node.last_seen)


def _edge(edge: EdgeRecord) -> _Written | None:
    if not edge.sources:
        return None
    return _Written(
        _digest(edge.props),
        frozenset(edge.sources),
        edge.first_seen,
        edge.last_seen,
        edge.confidence,
    )


@dataclass
class Unwritten:
    """The records of a batch that still have to be written, and the state each leaves."""

    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    #: (node id or edge key, its write) per record above: computed once, remembered on commit.
    writes: list[tuple[object, _Written | None]] = field(default_factory=list)


class RecentWrites:
    """An LRU map from node id / edge key to this writer's last committed write of it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._written: OrderedDict[object, _Written] = OrderedDict()

    def _covered(self, key: object, new: _Written | None) -> bool:
        stored = self._written.get(key)
        if new is None or stored is None or not stored.covers(new):
            return False
        self._written.move_to_end(key)
        return True

    def has_node(self, node: NodeRecord) -> bool:
        """True when writing `node` again could not change the stored node."""
        return self._covered(node.id, _node(node))

    def has_edge(self, edge: EdgeRecord) -> bool:
        return self._covered(edge.key, _edge(edge))

    def select(self, nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord]) -> Unwritten:
        """The records of a batch that writing could change, in their order."""
        unwritten = Unwritten()
        for node in nodes:
            write = _node(node)
            if not self._covered(node.id, write):
                unwritten.nodes.append(node)
                unwritten.writes.append((node.id, write))
        for edge in edges:
            edge_write = _edge(edge)
            if not self._covered(edge.key, edge_write):
                unwritten.edges.append(edge)
                unwritten.writes.append((edge.key, edge_write))
        return unwritten

    def remember(self, written: Unwritten) -> None:
        """Record writes that committed (never call it before the commit)."""
        for key, write in written.writes:
            self._put(key, write)

    def _put(self, key: object, new: _Written | None) -> None:
        if self.limit <= 0:
            return
        stored = self._written.pop(key, None)
        if new is None:
            return
        self._written[key] = new if stored is None else stored.then(new)
        if len(self._written) > self.limit:
            self._written.popitem(last=False)

    def __len__(self) -> int:
        return len(self._written)
