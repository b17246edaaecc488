"""`Exporter`: one scope of the graph written in one format, to a file, a folder or a stream.

The formats and their mappings (`exports/<format>.yaml`) are checked when the exporter is made,
so a bad mapping fails at start-up, naming file and key. Every export streams: the scope is read
page by page (ScopeReader) and written as it is read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import neo4j

from graph_platform.errors import DefinitionError, Problem, ScopeError
from graph_platform.export import ftm, stix
from graph_platform.export.csv_tables import CsvWriter, write_zip, zip_chunks
from graph_platform.export.format import ExportCounts, FormatWriter
from graph_platform.export.ftm import FtmWriter
from graph_platform.export.gexf import GexfWriter
from graph_platform.export.graphml import GraphmlWriter
from graph_platform.export.mapping import FormatMapping, load_format_mapping
from graph_platform.export.records import Visibility
from graph_platform.export.scope import Scope
from graph_platform.export.scope_reader import EDGE_CHUNK, ScopeReader
from graph_platform.export.stix import StixWriter
from graph_platform.model import Model
from graph_platform.store.queries import QueryRegistry

#: Writers by format name, and the checks of their mappings against the format's vocabulary.
STREAM_WRITERS: dict[str, Callable[[FormatMapping], FormatWriter]] = {
    "stix": StixWriter,
    "ftm": FtmWriter,
    "graphml": GraphmlWriter,
    "gexf": GexfWriter,
}
FORMATS = (*STREAM_WRITERS, "csv")
CHECKS: dict[str, Callable[[FormatMapping], list[Problem]]] = {
    "stix": stix.check,
    "ftm": ftm.check,
}


def load_mappings(directory: Path, model: Model) -> dict[str, FormatMapping]:
    """Every format's mapping, checked; one DefinitionError lists the problems of all."""
    mappings: dict[str, FormatMapping] = {}
    problems: list[Problem] = []
    for name in FORMATS:
        try:
            mappings[name] = load_format_mapping(name, directory, model, CHECKS.get(name))
        except DefinitionError as error:
            problems += error.problems
    if problems:
        raise DefinitionError(f"the export mappings at {directory}", problems)
    return mappings


@dataclass
class Exporter:
    """Exports scopes of the graph behind `driver`; `visibility` is the caller's clearance."""

    driver: neo4j.Driver
    registry: QueryRegistry
    model: Model
    mappings: dict[str, FormatMapping]
    database: str = "neo4j"
    page_size: int = 2000
    visibility: Visibility = field(default_factory=Visibility)
    edge_chunk: int = EDGE_CHUNK

    def writer(self, format_name: str) -> FormatWriter | CsvWriter:
        """A fresh writer for one export in `format_name`."""
        if format_name not in FORMATS:
            raise ScopeError(f"unknown export format {format_name!r}: use {', '.join(FORMATS)}")
        mapping = self.mappings[format_name]
        return CsvWriter(mapping) if format_name == "csv" else STREAM_WRITERS[format_name](mapping)

    def reader(self, writer: FormatWriter | CsvWriter) -> ScopeReader:
        return ScopeReader(
            self.driver,
            self.registry,
            self.model,
            self.database,
            self.page_size,
            self.visibility,
            writer.incoming,
            writer.target_keys,
            self.edge_chunk,
        )

    def stream(self, writer: FormatWriter | CsvWriter, scope: Scope) -> Iterator[bytes]:
        """The export's bytes as they are made (CSV: a zip of its tables, made in a temporary
        folder first)."""
        reader = self.reader(writer)
        if isinstance(writer, CsvWriter):
            with tempfile.TemporaryDirectory(prefix="gp-export-") as directory:
                files = writer.write(reader.items(scope), Path(directory))
                yield from zip_chunks(files)
            return
        yield from writer.chunks(reader.items(scope), reader.sources())

    def to_path(self, format_name: str, scope: Scope, target: Path) -> ExportCounts:
        """Write the export to `target` (CSV: a folder, or a zip when it ends in .zip)."""
        writer = self.writer(format_name)
        if isinstance(writer, CsvWriter) and target.suffix.lower() != ".zip":
            writer.write(self.reader(writer).items(scope), target)
            return writer.counts
        if isinstance(writer, CsvWriter):
            with tempfile.TemporaryDirectory(prefix="gp-export-") as directory:
                files = writer.write(self.reader(writer).items(scope), Path(directory))
                write_zip(files, target)
            return writer.counts
        partial = target.with_name(target.name + ".partial")
        with partial.open("wb") as out:
            for chunk in self.stream(writer, scope):
                out.write(chunk)
        partial.replace(target)
        return writer.counts


def export_name(format_name: str, scope: Scope, now: datetime | None = None) -> str:
    """A file name for an export: graph_platform-<scope>-<UTC time>.<suffix>."""
    suffix = {"stix": ".json", "ftm": ".ijson", "graphml": ".graphml", "gexf": ".gexf"}
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    kind = str(scope).split(":", 1)[0]
    return f"graph_platform-{kind}-{stamp}{suffix.get(format_name, '.zip')}"
