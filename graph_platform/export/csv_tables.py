"""CSV tables from a scope, for i2 Analyst's Notebook and spreadsheets.

One nodes table per node type (`Account.nodes.csv`) and one edges table per edge type
(`PartOf.edges.csv`), written side by side into a folder as the scope streams (a table is
opened when its first row comes). Headers are the words `exports/csv.yaml` gives, properties
title-cased ("Display Name"); dates are UTC text in the mapping's format and lists are joined
with its separator, so i2's import specifications and spreadsheets read them as they are. A zip
of the folder can be streamed (`zip_chunks`).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, ClassVar

from graph_platform.export.attributes import json_text, utc
from graph_platform.export.format import CHUNK, ExportCounts, label_of
from graph_platform.export.mapping import FormatMapping
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode
from graph_platform.model import EdgeType, NodeType

_NODE_PROVENANCE = ("sources", "origins", "first_seen", "last_seen", "loaded_at", "claims")
_EDGE_PROVENANCE = ("confidence", "sources", "origins", "first_seen", "last_seen", "loaded_at")


def _title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("_"))


class _Table:
    """One open CSV file and the property columns of its type."""

    def __init__(self, path: Path, header: list[str], props: list[str]) -> None:
        self.handle: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(header)
        self.props = props


class CsvWriter:
    """Writes the tables of one export into a folder."""

    name: ClassVar[str] = "csv"
    media_type: ClassVar[str] = "application/zip"
    suffix: ClassVar[str] = ".zip"

    def __init__(self, mapping: FormatMapping) -> None:
        self.mapping = mapping
        self.counts = ExportCounts()
        self.headers: dict[str, str] = mapping.option("headers")
        self.separator: str = mapping.option("list_separator")
        self.datetime_format: str = mapping.option("datetime_format")
        self._tables: dict[str, _Table] = {}

    @property
    def incoming(self) -> tuple[str, ...]:
        return ()

    @property
    def target_keys(self) -> tuple[str, ...]:
        return ()

    def write(self, items: Iterable[ExportItem], directory: Path) -> list[Path]:
        """Write every table into `directory` (made if needed); the files written, sorted."""
        directory.mkdir(parents=True, exist_ok=True)
        try:
            for item in items:
                if isinstance(item, ExportNode):
                    self._node(item, directory)
                else:
                    self._edge(item, directory)
        finally:
            for table in self._tables.values():
                table.handle.close()
        return sorted(directory / name for name in self._tables)

    def _value(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime):
            return utc(value).strftime(self.datetime_format)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return self.separator.join(self._value(v) for v in value)
        return str(value)

    def _table(self, directory: Path, name: str, record_type: NodeType | EdgeType) -> _Table:
        table = self._tables.get(name)
        if table is None:
            h = self.headers
            provenance = {"id", *_NODE_PROVENANCE, *_EDGE_PROVENANCE}
            props = [p for p in record_type.properties if p not in provenance]
            if isinstance(record_type, NodeType):
                first = [h["id"], h["type"], h["label"]]
                last = [h[p] for p in _NODE_PROVENANCE]
            else:
                first = [
                    h["link_type"],
                    h["source"],
                    h["source_type"],
                    h["target"],
                    h["target_type"],
                ]
                last = [h[p] for p in _EDGE_PROVENANCE]
            header = [*first, *(_title(p) for p in props), *last]
            table = self._tables[name] = _Table(directory / name, header, props)
        return table

    def _node(self, node: ExportNode, directory: Path) -> None:
        self.counts.nodes += 1
        self.counts.objects += 1
        table = self._table(directory, f"{node.type}.nodes.csv", self.mapping.model.node(node.type))
        p = node.provenance
        claims = [[c.source, c.prop, c.value] for c in node.claims]
        table.writer.writerow(
            [
                node.id,
                node.type,
                label_of(node.props, self.mapping, node.id),
                *(self._value(node.props.get(prop)) for prop in table.props),
                *map(self._value, (p.sources, p.origins, p.first_seen, p.last_seen, p.loaded_at)),
                json_text(claims) if claims else "",
            ]
        )

    def _edge(self, edge: ExportEdge, directory: Path) -> None:
        self.counts.edges += 1
        self.counts.objects += 1
        table = self._table(directory, f"{edge.type}.edges.csv", self.mapping.model.edge(edge.type))
        p = edge.provenance
        table.writer.writerow(
            [
                self.mapping.model.edge(edge.type).label,
                edge.source,
                edge.source_type,
                edge.target,
                edge.target_type,
                *(self._value(edge.props.get(prop)) for prop in table.props),
                *map(self._value, (edge.confidence, p.sources, p.origins, p.first_seen)),
                *map(self._value, (p.last_seen, p.loaded_at)),
            ]
        )


class _Pipe:
    """A write-only, unseekable sink whose bytes are taken as they come (zipfile then writes
    data descriptors instead of seeking back)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_chunks(files: Iterable[Path]) -> Iterator[bytes]:
    """A zip of `files` (by their names), streamed as it is compressed."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            with path.open("rb") as source, archive.open(path.name, "w") as member:
                while block := source.read(CHUNK):
                    member.write(block)
                    yield pipe.take()
    yield pipe.take()


def write_zip(files: Iterable[Path], target: Path) -> None:
    with target.open("wb") as out:
        for chunk in zip_chunks(files):
            out.write(chunk)
