"""What every format writer shares: counts of what it wrote and dropped, chunked output, and a
spool for formats that must write all nodes before the first edge.

A writer turns the scope's stream of nodes and edges into bytes, yielded in chunks of about
`CHUNK` bytes so that a file or an HTTP response receives them as they are made.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar, Protocol

from graph_platform.export.mapping import FormatMapping
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode

#: Bytes a writer gathers before it yields them.
CHUNK = 1 << 16


@dataclass
class ExportCounts:
    """What an export wrote, and what it left out (by what and why)."""

    nodes: int = 0
    edges: int = 0
    objects: int = 0  # records of the format (STIX objects, FtM entities, table rows)
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)

    def drop(self, what: str, why: str) -> None:
        self.dropped[(what, why)] += 1

    def summary(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "objects": self.objects,
            "dropped": [
                {"what": what, "why": why, "count": count}
                for (what, why), count in sorted(self.dropped.items())
            ],
        }


class FormatWriter(Protocol):
    """One export in one format: `chunks` writes the items, `counts` says what it did."""

    name: ClassVar[str]
    media_type: ClassVar[str]
    suffix: ClassVar[str]
    counts: ExportCounts

    @property
    def incoming(self) -> tuple[str, ...]:
        """Edge types the format carries on their target node (read with that node)."""
        ...

    @property
    def target_keys(self) -> tuple[str, ...]:
        """Target node properties the format needs with each edge."""
        ...

    def chunks(
        self, items: Iterable[ExportItem], sources: Mapping[str, Mapping[str, Any]]
    ) -> Iterator[bytes]:
        """The export's bytes; `sources` are the visible Source nodes' properties by id."""
        ...


class Output:
    """Text gathered and handed out as UTF-8 chunks of about CHUNK bytes."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)

    def full(self) -> bool:
        return self._size >= CHUNK

    def take(self) -> bytes:
        data = "".join(self._parts).encode("utf-8")
        self._parts, self._size = [], 0
        return data


class Spool:
    """A temporary file that holds text written now and read back later (edges, for formats
    whose nodes must all come first), so that neither is kept in memory."""

    def __init__(self) -> None:
        # Closed by replay(), which the writer always runs to the end.
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._output = Output()

    def write(self, text: str) -> None:
        self._output.write(text)
        if self._output.full():
            self._file.write(self._output.take())

    def replay(self) -> Iterator[bytes]:
        """Everything written, in chunks; the spool is closed afterwards."""
        self._file.write(self._output.take())
        self._file.seek(0)
        try:
            while chunk := self._file.read(CHUNK):
                yield chunk
        finally:
            self._file.close()


def nodes_then_edges(
    out: Output,
    items: Iterable[ExportItem],
    node: Callable[[ExportNode], str],
    edge: Callable[[ExportEdge], str],
    between: str,
    end: str,
) -> Iterator[bytes]:
    """The stream's nodes as they come, then `between`, its edges (spooled meanwhile), and
    `end`, in chunks: the order of the XML graph formats, which list every node first."""
    edges = Spool()
    edges.write(between)
    for item in items:
        if isinstance(item, ExportNode):
            out.write(node(item))
        else:
            edges.write(edge(item))
        if out.full():
            yield out.take()
    yield out.take()
    yield from edges.replay()
    out.write(end)
    yield out.take()


def label_of(props: Mapping[str, Any], mapping: FormatMapping, fallback: str) -> str:
    """A node's display label: its first non-empty property among the mapping's
    `label_properties`, else `fallback` (its id)."""
    for prop in mapping.spec.options.get("label_properties", ()):
        value = props.get(prop)
        if value not in (None, "", []):
            return str(value[0] if isinstance(value, list) else value)
    return fallback
