"""A loader mapping bound to the ontology: turns one source row into node and edge records.

Binding happens before any row is read (binding.py): unknown node/edge types, properties, entity
references, transforms and reader kinds are all reported at once, each naming the mapping file
and key. Node ids are deterministic: a hash of type, namespace and key values, so every source
that names the same thing with the same keys (the users and tweets files of a release) writes the
same node. A `ref` entity computes such an id without writing the node, so a row can link to a
node another row writes (a STIX relationship to its campaign). A row that yields no node or edge
beyond its provenance is quarantined with the values its `when:` conditions tested.

Before a file is loaded, `survey` reads it once to count its rows (for progress with a total)
and to take the census of the columns ids are read from (see rounding.py), so a column a
spreadsheet rounded is known before its first row is mapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph_platform.errors import DefinitionError, LoadError, Problem, ValueProblem
from graph_platform.ingest.binding import bind_problems, known_keys, possible_types, suggest
from graph_platform.ingest.extract import extract
from graph_platform.ingest.mapping_spec import MappingSpec, ValueSpec
from graph_platform.ingest.readers import ANY_COLUMN, READERS, Reader, SourceRow
from graph_platform.ingest.rounding import IdCensus
from graph_platform.ingest.row_mapper import (
    Instance,
    RowMapper,
    RowResult,
    census_source,
)
from graph_platform.model import Model, PropertyType, node_id
from graph_platform.model.tlp import marking
from graph_platform.store.records import GraphBatch

__all__ = ["Mapping", "Survey", "node_id"]


@dataclass
class Survey:
    """What reading a file once before loading it found: its rows, and the id census."""

    rows: int
    census: IdCensus


class Mapping:
    """A validated loader mapping; `map_row` adds one row's records or raises ValueProblem."""

    def __init__(self, name: str, file: Path, spec: MappingSpec, model: Model) -> None:
        self.name = name
        self.file = file
        self.spec = spec
        self.model = model
        self.reader: Reader = READERS[spec.source.kind](spec.source.options)
        self.census_sources = self._census_sources()

    def marked(self, tlp: str) -> Mapping:
        """This mapping with `tlp` as the marking of its Sources where a row gives none (the
        load's `--marking`: the user knows the file, the mapping only its format)."""
        spec = self.spec.model_copy(update={"marking": marking(tlp)})
        return Mapping(self.name, self.file, spec, self.model)

    @classmethod
    def load(cls, name: str, loaders_dir: Path, model: Model) -> Mapping:
        """Read loaders/NAME.yaml and bind it to `model`, reporting every problem at once."""
        file = loaders_dir / f"{name}.yaml"
        known = sorted(p.stem for p in loaders_dir.glob("*.yaml"))
        if not file.is_file():
            raise LoadError(f"no loader named {name!r} (no {file}); {suggest(name, known)}")
        try:
            document = yaml.safe_load(file.read_text(encoding="utf-8"))
            spec = MappingSpec.model_validate(document)
        except yaml.YAMLError as error:
            raise DefinitionError(f"loader {name}", [Problem(file.name, "-", str(error))]) from None
        except ValidationError as error:
            problems = [
                Problem(
                    file.name,
                    ".".join(map(str, e["loc"])),
                    e["msg"],
                    suggest(str(e["loc"][-1]), known_keys(e["loc"]))
                    if e["type"] == "extra_forbidden"
                    else "",
                )
                for e in error.errors()
            ]
            raise DefinitionError(f"loader {name}", problems) from None
        problems = bind_problems(file.name, spec, model)
        check = spec.attribution_check
        if check is not None and check.index not in known:
            problems.append(
                Problem(
                    file.name,
                    "attribution_check.index",
                    f"no loader named {check.index!r}",
                    suggest(check.index, known),
                )
            )
        if problems:
            raise DefinitionError(f"loader {name}", problems)
        return cls(name, file, spec, model)

    def check_columns(self, path: Path) -> None:
        """Fail fast when the file lacks a column the mapping reads.

        Schemaless sources (JSON) answer ANY_COLUMN: a path a record lacks reads as null.
        """
        columns = set(self.reader.columns(path))
        if ANY_COLUMN in columns:
            return
        problems = [
            Problem(
                self.file.name,
                key,
                f"column {column!r} not in {path.name}",
                suggest(column, columns, listed=False),
            )
            for key, column in self._columns()
            if column not in columns
        ]
        if problems:
            has = ", ".join(sorted(columns))
            raise DefinitionError(
                f"loader {self.name} against {path} (its columns: {has})", problems
            )

    def _value_specs(self) -> list[tuple[str, ValueSpec]]:
        """Every value spec of the mapping with its key (conditions included)."""
        found: list[tuple[str, ValueSpec]] = []

        def add(key: str, spec: ValueSpec | float | str | None) -> None:
            if isinstance(spec, ValueSpec):
                found.append((key, spec))

        for ename, entity in self.spec.entities.items():
            key = f"entities.{ename}"
            add(f"{key}.type", entity.type)
            add(f"{key}.namespace", entity.namespace)
            for i, spec in enumerate(entity.keys):
                add(f"{key}.keys.{i}", spec)
            if entity.fallback is not None:
                for i, spec in enumerate(entity.fallback.keys):
                    add(f"{key}.fallback.keys.{i}", spec)
            for pname, spec in entity.properties.items():
                add(f"{key}.properties.{pname}", spec)
            for i, condition in enumerate(entity.when):
                add(f"{key}.when.{i}", condition)
            add(f"{key}.each", entity.each)
            add(f"{key}.seen", entity.seen)
        for i, rel in enumerate(self.spec.relationships):
            key = f"relationships.{i}"
            add(f"{key}.confidence", rel.confidence)
            for pname, spec in rel.properties.items():
                add(f"{key}.properties.{pname}", spec)
            for j, condition in enumerate(rel.when):
                add(f"{key}.when.{j}", condition)
            add(f"{key}.seen", rel.seen)
        return found

    def _columns(self) -> list[tuple[str, str]]:
        return [(key, spec.column) for key, spec in self._value_specs() if spec.column]

    def _census_sources(self) -> dict[str, ValueSpec]:
        """The values ids are read from (keys, identifier properties), by census name."""
        sources: dict[str, ValueSpec] = {}
        for entity in self.spec.entities.values():
            declared = {
                name: prop
                for type_name in possible_types(entity)
                for name, prop in self.model.node(type_name).properties.items()
            }
            ids = [*entity.keys, *(entity.fallback.keys if entity.fallback else ())]
            ids += [
                spec
                for pname, spec in entity.properties.items()
                if pname in declared and declared[pname].type is PropertyType.IDENTIFIER
            ]
            for spec in ids:
                source = census_source(spec, entity.each) if spec.as_given else None
                if source is not None:
                    sources.setdefault(*source)
        return sources

    def survey(self, path: Path) -> Survey:
        """Read `path` once: its rows, and the census of the columns ids are read from."""
        census, rows = IdCensus(), 0
        for row in self.reader.rows(path):
            rows += 1
            if isinstance(row, SourceRow):
                for name, spec in self.census_sources.items():
                    try:
                        census.add(name, extract(spec, row.values))
                    except ValueProblem:
                        continue
        return Survey(rows, census)

    def map_row(
        self, row: SourceRow, batch: GraphBatch, census: IdCensus | None = None
    ) -> RowResult:
        """Add the row's records to `batch`; raises ValueProblem (and adds nothing) if it can't.

        `census` is the file's (from `survey`): without it an id is judged on its own.
        """
        mapper = RowMapper(self.spec, self.model, row, census)
        provenance = mapper.entity(
            self.spec.provenance, self.spec.entities[self.spec.provenance], None
        )
        if not provenance.records:
            raise ValueProblem(f"no provenance ({self.spec.provenance}) for this row")
        source_id = provenance.records[0].id
        provenance.records[0].sources.append(source_id)
        instances: dict[str, Instance] = {provenance.name: provenance}
        for ename, entity in self.spec.entities.items():
            if ename != self.spec.provenance:
                instances[ename] = mapper.entity(ename, entity, source_id)
        edges = [
            edge
            for index, rel in enumerate(self.spec.relationships)
            for edge in mapper.edges(index, rel, instances, source_id)
        ]
        others = [i for i in instances.values() if i is not provenance and i.written]
        if not edges and not any(i.records for i in others):
            raise ValueProblem(self._nothing_applies(row))
        where = f"{row.position.file}#{row.position.row}"
        for instance in instances.values():
            for record in instance.records if instance.written else ():
                record.origins = dict.fromkeys(record.sources, where)
                batch.add_node(record)
        for edge in edges:
            edge.origins = dict.fromkeys(edge.sources, where)
            batch.add_edge(edge)
        return mapper.result

    def _nothing_applies(self, row: SourceRow) -> str:
        """Why a row yields nothing: the values its entities' and edges' conditions tested."""
        tested = dict.fromkeys(
            c.column
            for conditions in (
                *(r.when for r in self.spec.relationships),
                *(e.when for e in self.spec.entities.values()),
            )
            for c in conditions
            if c.column and not c.item
        )
        shown = []
        for column in tested:
            value: Any = row.values.get(column)
            if value not in (None, "", []):
                text = repr(value)
                shown.append(f"{column}={text if len(text) <= 60 else text[:57] + '…'}")
        detail = f" ({', '.join(shown)})" if shown else ""
        return f"no entity or relationship of the mapping applies to this row{detail}"
