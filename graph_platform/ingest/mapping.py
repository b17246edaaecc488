"""A loader mapping bound to the ontology: turns one source row into node and edge records.

Binding happens before any row is read: unknown node/edge types, properties, entity references,
transforms and reader kinds are all reported at once, each naming the mapping file and key.
Node ids are deterministic: a hash of type, namespace and key values, so every source that names
the same thing with the same keys (the users and tweets files of a release) writes the same node.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph_platform.errors import DefinitionError, LoadError, Problem
from graph_platform.ingest.readers import READERS, Reader, SourceRow
from graph_platform.ingest.spec import EntitySpec, MappingSpec, RelationshipSpec, ValueSpec
from graph_platform.ingest.value import TRANSFORMS, ValueProblem, as_datetime, evaluate, parse
from graph_platform.model import Model, PropertyType
from graph_platform.store.writer import EdgeRecord, GraphBatch, NodeRecord


def node_id(type_name: str, namespace: str, keys: list[str]) -> str:
    """Deterministic node id: readable type prefix plus a hash of namespace and key values."""
    digest = hashlib.sha256("\x1f".join([type_name, namespace, *keys]).encode()).hexdigest()
    return f"{type_name.lower()}:{digest[:32]}"


def _suggest(name: str, candidates: Any) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


@dataclass
class _Instance:
    name: str
    records: list[NodeRecord]


class Mapping:
    """A validated loader mapping; `map_row` adds one row's records or raises ValueProblem."""

    def __init__(self, name: str, file: Path, spec: MappingSpec, model: Model) -> None:
        self.name = name
        self.file = file
        self.spec = spec
        self.model = model
        self.reader: Reader = READERS[spec.source.kind](spec.source.options)

    @classmethod
    def load(cls, name: str, loaders_dir: Path, model: Model) -> Mapping:
        """Read loaders/NAME.yaml and bind it to `model`, reporting every problem at once."""
        file = loaders_dir / f"{name}.yaml"
        if not file.is_file():
            known = sorted(p.stem for p in loaders_dir.glob("*.yaml"))
            hint = _suggest(name, known) or f"known loaders: {', '.join(known)}"
            raise LoadError(f"no loader named {name!r} (no {file}); {hint}")
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
                    "remove it or fix its spelling" if e["type"] == "extra_forbidden" else "",
                )
                for e in error.errors()
            ]
            raise DefinitionError(f"loader {name}", problems) from None
        problems = _bind_problems(file.name, spec, model)
        if problems:
            raise DefinitionError(f"loader {name}", problems)
        return cls(name, file, spec, model)

    def check_columns(self, path: Path) -> None:
        """Fail fast when the file lacks a column the mapping reads."""
        columns = set(self.reader.columns(path))
        problems = []
        for key, column in self._columns():
            if column not in columns:
                problems.append(
                    Problem(
                        self.file.name,
                        key,
                        f"column {column!r} not in {path.name}",
                        _suggest(column, columns),
                    )
                )
        if problems:
            raise DefinitionError(f"loader {self.name} against {path}", problems)

    def _columns(self) -> list[tuple[str, str]]:
        used: list[tuple[str, str]] = []
        for ename, entity in self.spec.entities.items():
            specs = [("keys", v) for v in entity.keys] + list(entity.properties.items())
            used += [(f"entities.{ename}.{k}", v.column) for k, v in specs if v.column]
            used += [
                (f"entities.{ename}.{k}", c)
                for k, c in (("each", entity.each), ("seen", entity.seen))
                if c
            ]
        for i, rel in enumerate(self.spec.relationships):
            if rel.seen:
                used.append((f"relationships.{i}.seen", rel.seen))
            used += [
                (f"relationships.{i}.{k}", v.column) for k, v in rel.properties.items() if v.column
            ]
        return used

    def _seen(self, column: str | None, row: SourceRow) -> Any:
        if column is None:
            return None
        return as_datetime(parse(row.values.get(column), PropertyType.DATETIME, False))

    def _props(
        self, type_props: Any, specs: dict[str, ValueSpec], row: SourceRow, item: Any
    ) -> dict[str, Any]:
        props = {}
        for pname, vspec in specs.items():
            prop = type_props[pname]
            try:
                value = parse(
                    evaluate(vspec, row.values, item), prop.type, prop.multiple, vspec.format
                )
            except ValueProblem as problem:
                where = vspec.column or ("list item" if vspec.item else "value")
                raise ValueProblem(f"{pname} ({where}): {problem}") from None
            if value is not None:
                props[pname] = value
        return props

    def _entity(
        self, ename: str, entity: EntitySpec, row: SourceRow, source_id: str | None
    ) -> _Instance:
        node_type = self.model.node(entity.type)
        items: list[Any] = [None]
        if entity.each:
            items = row.values.get(entity.each) or []
        seen = self._seen(entity.seen, row)
        records = []
        for item in items:
            keys = [evaluate(k, row.values, item) for k in entity.keys]
            if any(k in (None, "") for k in keys):
                if entity.optional or entity.each:
                    continue
                raise ValueProblem(f"entity {ename}: no value for its keys")
            record_id = node_id(entity.type, entity.namespace, [str(k) for k in keys])
            props = self._props(node_type.properties, entity.properties, row, item)
            sources = [source_id] if source_id else []
            records.append(NodeRecord(entity.type, record_id, props, sources, seen, seen))
        return _Instance(ename, records)

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
        for instance in instances.values():
            for record in instance.records:
                batch.add_node(record)
        for edge in edges:
            batch.add_edge(edge)

    def _edges(
        self, rel: RelationshipSpec, instances: dict[str, _Instance], row: SourceRow, source_id: str
    ) -> list[EdgeRecord]:
        edge_type = self.model.edge(rel.type)
        sources = instances[rel.source].records
        targets = instances[rel.target].records
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


def _bind_problems(file: str, spec: MappingSpec, model: Model) -> list[Problem]:
    """Every way `spec` disagrees with the ontology or the reader registry."""
    problems: list[Problem] = []

    def check_values(key: str, specs: list[tuple[str, ValueSpec]]) -> None:
        for vkey, value in specs:
            for transform in value.transform:
                if transform not in TRANSFORMS:
                    problems.append(
                        Problem(
                            file,
                            f"{key}.{vkey}.transform",
                            f"unknown transform {transform!r}",
                            _suggest(transform, TRANSFORMS),
                        )
                    )

    if spec.source.kind not in READERS:
        problems.append(
            Problem(
                file,
                "source.kind",
                f"unknown reader kind {spec.source.kind!r}",
                _suggest(spec.source.kind, READERS) or f"one of {sorted(READERS)}",
            )
        )
    else:
        try:
            READERS[spec.source.kind](spec.source.options)
        except ValueError as error:
            problems.append(Problem(file, "source.options", str(error)))
    if spec.provenance not in spec.entities:
        problems.append(
            Problem(
                file,
                "provenance",
                f"no entity named {spec.provenance!r}",
                _suggest(spec.provenance, spec.entities),
            )
        )
    elif spec.entities[spec.provenance].type != "Source":
        problems.append(Problem(file, "provenance", "the provenance entity must be a Source"))
    for ename, entity in spec.entities.items():
        key = f"entities.{ename}"
        if entity.type not in model.node_types or model.node_types[entity.type].abstract:
            concrete = [t.name for t in model.concrete_nodes()]
            problems.append(
                Problem(
                    file,
                    f"{key}.type",
                    f"unknown node type {entity.type!r}",
                    _suggest(entity.type, concrete),
                )
            )
            continue
        known = model.node_types[entity.type].properties
        for pname in entity.properties:
            if pname not in known:
                problems.append(
                    Problem(
                        file,
                        f"{key}.properties.{pname}",
                        f"{entity.type} has no property {pname!r}",
                        _suggest(pname, known),
                    )
                )
        check_values(
            key,
            [("keys", k) for k in entity.keys]
            + [(f"properties.{n}", v) for n, v in entity.properties.items()],
        )
    for i, rel in enumerate(spec.relationships):
        key = f"relationships.{i}"
        try:
            edge = model.edge(rel.type)
        except KeyError as error:
            problems.append(Problem(file, f"{key}.type", str(error.args[0])))
            continue
        for end, allowed in (("source", edge.sources), ("target", edge.targets)):
            ename = getattr(rel, end)
            if ename not in spec.entities:
                problems.append(
                    Problem(
                        file,
                        f"{key}.{end}",
                        f"no entity named {ename!r}",
                        _suggest(ename, spec.entities),
                    )
                )
                continue
            etype = spec.entities[ename].type
            if etype in model.node_types and not any(model.is_a(etype, a) for a in allowed):
                problems.append(
                    Problem(
                        file,
                        f"{key}.{end}",
                        f"{edge.label} {end} must be {' or '.join(allowed)}, {ename} is {etype}",
                    )
                )
        for pname in rel.properties:
            if pname not in edge.properties:
                problems.append(
                    Problem(
                        file,
                        f"{key}.properties.{pname}",
                        f"{edge.name} has no property {pname!r}",
                        _suggest(pname, edge.properties),
                    )
                )
    return problems
