"""A loader mapping bound to the ontology: turns one source row into node and edge records.

Binding happens before any row is read (binding.py): unknown node/edge types, properties, entity
references, transforms and reader kinds are all reported at once, each naming the mapping file
and key. Node ids are deterministic: a hash of type, namespace and key values, so every source
that names the same thing with the same keys (the users and tweets files of a release) writes the
same node. A `ref` entity computes such an id without writing the node, so a row can link to a
node another row writes (a STIX relationship to its campaign). A row that yields no node or edge
beyond its provenance is quarantined with the values its `when:` conditions tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph_platform.errors import (
    DefinitionError,
    LoadError,
    Problem,
    ValueProblem,
    did_you_mean,
    validation_problems,
)
from graph_platform.ingest.binding import bind_problems
from graph_platform.ingest.extract import extract, holds, parse_value
from graph_platform.ingest.mapping_spec import (
    ConditionSpec,
    EntitySpec,
    MappingSpec,
    RelationshipSpec,
    ValueSpec,
)
from graph_platform.ingest.readers import ANY_COLUMN, READERS, Reader, SourceRow
from graph_platform.ingest.value import as_datetime
from graph_platform.model import Model, Property, PropertyType, node_id
from graph_platform.model.tlp import marking
from graph_platform.store.records import EdgeRecord, GraphBatch, NodeRecord

_SEEN = Property("seen", PropertyType.DATETIME, "", False, False, "")


@dataclass
class _Instance:
    name: str
    records: list[NodeRecord]
    written: bool  # False for a ref: its records only carry the id edges point at


class Mapping:
    """A validated loader mapping; `map_row` adds one row's records or raises ValueProblem."""

    def __init__(self, name: str, file: Path, spec: MappingSpec, model: Model) -> None:
        self.name = name
        self.file = file
        self.spec = spec
        self.model = model
        self.reader: Reader = READERS[spec.source.kind](spec.source.options)

    def marked(self, tlp: str) -> Mapping:
        """This mapping with `tlp` as the marking of its Sources where a row gives none (the
        load's `--marking`: the user knows the file, the mapping only its format)."""
        spec = self.spec.model_copy(update={"marking": marking(tlp)})
        return Mapping(self.name, self.file, spec, self.model)

    @classmethod
    def load(cls, name: str, loaders_dir: Path, model: Model) -> Mapping:
        """Read loaders/NAME.yaml and bind it to `model`, reporting every problem at once."""
        file = loaders_dir / f"{name}.yaml"
        if not file.is_file():
            known = sorted(p.stem for p in loaders_dir.glob("*.yaml"))
            hint = did_you_mean(name, known) or f"known loaders: {', '.join(known)}"
            raise LoadError(f"no loader named {name!r} (no {file}); {hint}")
        try:
            document = yaml.safe_load(file.read_text(encoding="utf-8"))
            spec = MappingSpec.model_validate(document)
        except yaml.YAMLError as error:
            raise DefinitionError(f"loader {name}", [Problem(file.name, "-", str(error))]) from None
        except ValidationError as error:
            problems = validation_problems(error, file.name)
            raise DefinitionError(f"loader {name}", problems) from None
        problems = bind_problems(file.name, spec, model)
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
                did_you_mean(column, columns),
            )
            for key, column in self._columns()
            if column not in columns
        ]
        if problems:
            raise DefinitionError(f"loader {self.name} against {path}", problems)

    def _columns(self) -> list[tuple[str, str]]:
        used: list[tuple[str, str]] = []

        def add(key: str, specs: list[tuple[str, ValueSpec | None]]) -> None:
            used.extend((f"{key}.{k}", v.column) for k, v in specs if v and v.column)

        for ename, entity in self.spec.entities.items():
            add(
                f"entities.{ename}",
                [("keys", v) for v in entity.keys]
                + list(entity.properties.items())
                + [("when", c) for c in entity.when]
                + [("each", entity.each), ("seen", entity.seen)],
            )
        for i, rel in enumerate(self.spec.relationships):
            add(
                f"relationships.{i}",
                [*rel.properties.items(), *(("when", c) for c in rel.when), ("seen", rel.seen)],
            )
        return used

    def _seen(self, spec: ValueSpec | None, row: SourceRow, item: Any = None) -> Any:
        if spec is None:
            return None
        return as_datetime(parse_value(extract(spec, row.values, item), _SEEN, spec))

    def _props(
        self,
        type_props: dict[str, Property],
        specs: dict[str, ValueSpec],
        row: SourceRow,
        item: Any,
    ) -> dict[str, Any]:
        props = {}
        for pname, vspec in specs.items():
            try:
                value = parse_value(extract(vspec, row.values, item), type_props[pname], vspec)
            except ValueProblem as problem:
                where = vspec.column or ("list item" if vspec.item else "value")
                raise ValueProblem(f"{pname} ({where}): {problem}") from None
            if value is not None:
                props[pname] = value
        return props

    @staticmethod
    def _pass(conditions: tuple[ConditionSpec, ...], row: SourceRow, item: Any = None) -> bool:
        return all(holds(c, row.values, item) for c in conditions)

    def _entity(
        self, ename: str, entity: EntitySpec, row: SourceRow, source_id: str | None
    ) -> _Instance:
        instance = _Instance(ename, [], not entity.ref)
        if not self._pass(tuple(c for c in entity.when if not c.item), row):
            return instance
        items: list[Any] = [None]
        if entity.each:
            found = extract(entity.each, row.values)
            items = found if isinstance(found, list) else [] if found in (None, "") else [found]
        properties = self.model.node(entity.type).properties
        for item in items:
            if not self._pass(tuple(c for c in entity.when if c.item), row, item):
                continue
            keys = [extract(k, row.values, item) for k in entity.keys]
            if any(k in (None, "", []) for k in keys):
                if entity.optional or entity.each:
                    continue
                raise ValueProblem(f"entity {ename}: no value for its keys")
            record_id = node_id(
                entity.id_type or entity.type, entity.namespace, [str(k) for k in keys]
            )
            props = self._props(properties, entity.properties, row, item)
            if entity.type == "Source" and self.spec.marking and "marking" not in props:
                props["marking"] = self.spec.marking
            seen = self._seen(entity.seen, row, item)
            sources = [source_id] if source_id else []
            instance.records.append(NodeRecord(entity.type, record_id, props, sources, seen, seen))
        return instance

    def map_row(self, row: SourceRow, batch: GraphBatch) -> None:
        """Add the row's records to `batch`; raises ValueProblem (and adds nothing) if it can't."""
        provenance = self._entity(
            self.spec.provenance, self.spec.entities[self.spec.provenance], row, None
        )
        if not provenance.records:
            raise ValueProblem(f"no provenance ({self.spec.provenance}) for this row")
        source_id = provenance.records[0].id
        provenance.records[0].sources.append(source_id)
        instances = {provenance.name: provenance}
        for ename, entity in self.spec.entities.items():
            if ename != self.spec.provenance:
                instances[ename] = self._entity(ename, entity, row, source_id)
        edges = [
            e
            for rel in self.spec.relationships
            for e in self._edges(rel, instances, row, source_id)
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
            value = row.values.get(column)
            if value not in (None, "", []):
                text = repr(value)
                shown.append(f"{column}={text if len(text) <= 60 else text[:57] + '…'}")
        detail = f" ({', '.join(shown)})" if shown else ""
        return f"no entity or relationship of the mapping applies to this row{detail}"

    def _edges(
        self, rel: RelationshipSpec, instances: dict[str, _Instance], row: SourceRow, source_id: str
    ) -> list[EdgeRecord]:
        sources = instances[rel.source].records
        targets = instances[rel.target].records
        if not sources or not targets or not self._pass(rel.when, row):
            return []
        edge_type = self.model.edge(rel.type)
        src_each = self.spec.entities[rel.source].each
        if src_each and src_each == self.spec.entities[rel.target].each:
            pairs = list(zip(sources, targets, strict=False))
        else:
            pairs = [(s, t) for s in sources for t in targets]
        seen = self._seen(rel.seen, row)
        props = self._props(edge_type.properties, rel.properties, row, None)
        return [
            EdgeRecord(
                edge_type.label, s.id, t.id, dict(props), [source_id], rel.confidence, seen, seen
            )
            for s, t in pairs
        ]
