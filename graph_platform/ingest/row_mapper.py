"""One source row through a bound mapping: its entities' records, its edges, what it set aside.

Every value problem names the mapping key and the column it read (the quarantine entry adds the
file and row): `entities.account.seen (column attribution_date): '11/7/2018' is not a date/time
…`. Ids are checked as they are read: a key or an identifier property read straight from a
column (or list item) that a spreadsheet rounded (see rounding.py) is set aside, never used. A
set-aside key makes the entity take its `fallback` id; the reason is kept on the node (in
`id_set_aside`, where its type declares it) and in the row's result, which the load summary
counts.
"""

from __future__ import annotations

from collections.abc import Mapping as Mapped
from dataclasses import dataclass, field
from typing import Any

from graph_platform.errors import ValueProblem
from graph_platform.ingest.extract import extract, holds, parse_value
from graph_platform.ingest.mapping_spec import (
    ConditionSpec,
    EntitySpec,
    MappingSpec,
    RelationshipSpec,
    ValueSpec,
)
from graph_platform.ingest.readers import SourceRow
from graph_platform.ingest.rounding import IdCensus
from graph_platform.ingest.value import as_datetime
from graph_platform.model import Model, Property, PropertyType, node_id
from graph_platform.store.records import EdgeRecord, NodeRecord

#: Without a file's census an id is judged on its own (scientific notation, decimal forms).
_NO_CENSUS = IdCensus()
_SEEN = Property("seen", PropertyType.DATETIME, "", False, False, "")
#: The property a node type declares to keep the reason its platform id was set aside.
SET_ASIDE_PROPERTY = "id_set_aside"


@dataclass(frozen=True)
class SetAside:
    """A value read from the row but not used: the mapping key, the column, and why."""

    key: str
    column: str | None
    reason: str


@dataclass
class RowResult:
    """What mapping a row did besides its records: values set aside, and the ids of the
    attribution-checked entity's nodes (see MappingSpec.attribution_check)."""

    set_aside: list[SetAside] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


@dataclass
class Instance:
    name: str
    records: list[NodeRecord]
    written: bool  # False for a ref: its records only carry the id edges point at


def where(spec: ValueSpec) -> str:
    """How an error names a value's origin: ` (column x)`, ` (list item)` or nothing."""
    if spec.column is not None:
        return f" (column {spec.column})"
    return " (list item)" if spec.item else ""


def _items(each: ValueSpec) -> str:
    return f"{each.column or each.template or 'each'} (items)"


def census_name(spec: ValueSpec, each: ValueSpec | None) -> str | None:
    """The census entry an id value is judged by: its column, or the `each` list it is an item
    of; None when there is no such list to count (the id is then judged on its own)."""
    if spec.column is not None:
        return spec.column
    return _items(each) if each is not None else None


def census_source(spec: ValueSpec, each: ValueSpec | None) -> tuple[str, ValueSpec] | None:
    """The census entry of an id value and the value the survey counts for it."""
    if spec.column is not None:
        return spec.column, ValueSpec(column=spec.column)
    return (_items(each), each) if each is not None else None


class RowMapper:
    """Maps one row with the mapping `spec` bound to `model`; `census` is the file's id census
    (None: ids are judged on their own)."""

    def __init__(
        self, spec: MappingSpec, model: Model, row: SourceRow, census: IdCensus | None
    ) -> None:
        self.spec = spec
        self.model = model
        self.row = row
        self.values: Mapped[str, Any] = row.values
        self.census = census
        self.result = RowResult()
        #: What the entity being mapped set aside (one entry per column and reason).
        self.aside: list[SetAside] = []

    def set_aside(self, aside: SetAside) -> None:
        """Keep `aside` for the entity and, once per column and reason, for the row."""
        if all((a.column, a.reason) != (aside.column, aside.reason) for a in self.aside):
            self.aside.append(aside)
        if all((a.column, a.reason) != (aside.column, aside.reason) for a in self.result.set_aside):
            self.result.set_aside.append(aside)

    # values ------------------------------------------------------------------------------

    def raw(self, key: str, spec: ValueSpec, item: Any = None) -> Any:
        """The value `spec` takes from the row before parsing; errors name key and column."""
        try:
            return extract(spec, self.values, item)
        except ValueProblem as problem:
            raise ValueProblem(f"{key}{where(spec)}: {problem}") from None

    def parsed(self, key: str, spec: ValueSpec, prop: Property, raw: Any) -> Any:
        """`raw` as the ontology type of `prop`; errors name key and column."""
        try:
            return parse_value(raw, prop, spec)
        except ValueProblem as problem:
            raise ValueProblem(f"{key}{where(spec)}: {problem}") from None

    def value(self, key: str, spec: ValueSpec, prop: Property, item: Any = None) -> Any:
        return self.parsed(key, spec, prop, self.raw(key, spec, item))

    def checked_id(
        self, key: str, name: str, spec: ValueSpec, value: Any, each: ValueSpec | None
    ) -> Any:
        """`value` unless it is an id a spreadsheet rounded: then None, and the reason kept
        under the mapping key `key.name` (the reader's reason, for a column it set aside)."""
        if value is None:
            refused = self.row.set_aside.get(spec.column) if spec.column is not None else None
            if refused is not None:
                self.set_aside(SetAside(f"{key}.{name}", spec.column, refused))
            return None
        if not isinstance(value, str) or not spec.as_given:
            return value
        census = self.census or _NO_CENSUS
        reason = census.reason(census_name(spec, each) if self.census else None, value)
        if reason is None:
            return value
        self.set_aside(SetAside(f"{key}.{name}", spec.column, reason))
        return None

    def seen(self, key: str, spec: ValueSpec | None, item: Any = None) -> Any:
        if spec is None:
            return None
        return as_datetime(self.value(f"{key}.seen", spec, _SEEN, item))

    def passes(self, conditions: tuple[ConditionSpec, ...], item: Any = None) -> bool:
        return all(holds(c, self.values, item) for c in conditions)

    # entities ----------------------------------------------------------------------------

    def chosen(self, what: str, key: str, choice: ValueSpec, item: Any) -> str:
        """An entity's `type` or `namespace` (`what`) as its map chooses for this row."""
        key = f"{key}.{what}"
        chosen = self.raw(key, choice, item)
        if not isinstance(chosen, str) or not chosen:
            raise ValueProblem(f"{key}{where(choice)}: no value and no default for this row")
        return chosen

    def keys(
        self, key: str, specs: tuple[ValueSpec, ...], each: ValueSpec | None, item: Any
    ) -> list[str] | None:
        """The key values as text, or None when one has no value (or was set aside)."""
        found = []
        for i, spec in enumerate(specs):
            try:
                value = extract(spec, self.values, item)
            except ValueProblem as problem:
                raise ValueProblem(f"{key}.{i}{where(spec)}: {problem}") from None
            value = self.checked_id(key, str(i), spec, value, each)
            if value is None or value == "" or value == []:
                return None
            found.append(str(value))
        return found

    def entity(self, name: str, entity: EntitySpec, source_id: str | None) -> Instance:
        key = f"entities.{name}"
        instance = Instance(name, [], not entity.ref)
        if not self.passes(tuple(c for c in entity.when if not c.item)):
            return instance
        items: list[Any] = [None]
        if entity.each:
            found = self.raw(f"{key}.each", entity.each)
            items = found if isinstance(found, list) else [] if found in (None, "") else [found]
        checked = self.spec.attribution_check
        for item in items:
            if not self.passes(tuple(c for c in entity.when if c.item), item):
                continue
            self.aside = []
            namespace = entity.namespace
            if not isinstance(namespace, str):
                namespace = self.chosen("namespace", key, namespace, item)
            keys = self.keys(f"{key}.keys", entity.keys, entity.each, item)
            if keys is None and entity.fallback is not None:
                namespace = entity.fallback.namespace
                keys = self.keys(f"{key}.fallback.keys", entity.fallback.keys, entity.each, item)
            if keys is None:
                if entity.optional or entity.each:
                    continue
                raise ValueProblem(self._no_keys(name, self.aside))
            type_name = entity.type
            if not isinstance(type_name, str):
                type_name = self.chosen("type", key, type_name, item)
            record_id = node_id(entity.id_type or type_name, namespace, keys)
            declared = self.model.node_types[type_name].properties
            props = self.properties(key, declared, entity, item)
            if type_name == "Source" and self.spec.marking and "marking" not in props:
                props["marking"] = self.spec.marking  # the mapping's default; a row's wins
            aside = self.aside
            if aside and SET_ASIDE_PROPERTY in declared:
                props[SET_ASIDE_PROPERTY] = "; ".join(
                    f"{a.key}{_column(a)}: {a.reason}" for a in aside
                )
            seen = self.seen(key, entity.seen, item)
            sources = [source_id] if source_id else []
            instance.records.append(NodeRecord(type_name, record_id, props, sources, seen, seen))
            if checked is not None and checked.entity == name:
                self.result.checked.append(record_id)
        return instance

    @staticmethod
    def _no_keys(name: str, set_aside: list[SetAside]) -> str:
        if not set_aside:
            return f"entity {name}: no value for its keys"
        first = set_aside[0]
        return (
            f"entity {name}: its key {first.key}{_column(first)} was set aside: {first.reason} "
            "(a `fallback:` with other keys would load the row)"
        )

    def properties(
        self, key: str, declared: dict[str, Property], entity: EntitySpec, item: Any
    ) -> dict[str, Any]:
        props = {}
        for pname, spec in entity.properties.items():
            prop = declared[pname]
            try:
                raw = extract(spec, self.values, item)
                if prop.type is PropertyType.IDENTIFIER and not prop.multiple:
                    raw = self.checked_id(f"{key}.properties", pname, spec, raw, entity.each)
                value = parse_value(raw, prop, spec)
            except ValueProblem as problem:
                raise ValueProblem(f"{key}.properties.{pname}{where(spec)}: {problem}") from None
            if value is not None:
                props[pname] = value
        return props

    # relationships -----------------------------------------------------------------------

    def confidence(self, key: str, rel: RelationshipSpec) -> float:
        if not isinstance(rel.confidence, ValueSpec):
            return rel.confidence
        spec = rel.confidence
        value = self.raw(f"{key}.confidence", spec)
        try:
            number = float(str(value).replace(",", ".")) if value not in (None, "") else None
        except ValueError:
            number = None
        if number is None or not 0.0 <= number <= 1.0:
            raise ValueProblem(
                f"{key}.confidence{where(spec)}: {value!r} is not a confidence between 0 and 1"
            )
        return number

    def edges(
        self, index: int, rel: RelationshipSpec, instances: dict[str, Instance], source_id: str
    ) -> list[EdgeRecord]:
        key = f"relationships.{index}"
        sources = instances[rel.source].records
        targets = instances[rel.target].records
        if not sources or not targets or not self.passes(rel.when):
            return []
        edge_type = self.model.edge(rel.type)
        entities = self.spec.entities
        src_each = entities[rel.source].each
        if src_each and src_each == entities[rel.target].each:
            pairs = list(zip(sources, targets, strict=False))
        else:
            pairs = [(s, t) for s in sources for t in targets]
        seen = self.seen(key, rel.seen)
        confidence = self.confidence(key, rel)
        props = {}
        for pname, spec in rel.properties.items():
            value = self.value(f"{key}.properties.{pname}", spec, edge_type.properties[pname])
            if value is not None:
                props[pname] = value
        return [
            EdgeRecord(
                edge_type.label, s.id, t.id, dict(props), [source_id], confidence, seen, seen
            )
            for s, t in pairs
        ]


def _column(aside: SetAside) -> str:
    return f" (column {aside.column})" if aside.column else ""
