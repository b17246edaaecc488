"""Binding a loader mapping to the ontology and the reader registry before any row is read.

Every disagreement is collected, each naming the mapping file, the key and a suggestion that
lists the valid names, so one run reports them all: unknown reader kinds and options, node and
edge types, properties, transforms, entity references, edge ends of the wrong type, map values
that are no type or no confidence, `each:` over a plain text cell without a separator, and
misuse of `ref`, `id_type`, `when` and `end_of_period`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from graph_platform.errors import Problem, ValueProblem, did_you_mean
from graph_platform.ingest.extract import parse_value
from graph_platform.ingest.mapping_spec import EntitySpec, MappingSpec, RelationshipSpec, ValueSpec
from graph_platform.ingest.readers import READERS, Reader
from graph_platform.ingest.value import TRANSFORMS
from graph_platform.model import Model, Property

#: Most valid names a suggestion lists.
_LISTED = 40


def suggest(name: str, candidates: Iterable[str], listed: bool = True) -> str:
    """`did you mean 'x'?` (when one is close) and, if `listed`, the valid names."""
    names = sorted(set(candidates))
    close = did_you_mean(name, names)
    if not listed:
        return close
    valid = ", ".join(names[:_LISTED]) + (
        f" … ({len(names)} in all)" if len(names) > _LISTED else ""
    )
    hint = f"{close} " if close else ""
    return f"{hint}valid: {valid}" if names else close


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The spec class inside an annotation (`ValueSpec | None`, `str | ValueSpec`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _is_container(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_container(a) for a in typing.get_args(annotation))
    return origin in (dict, tuple, list)


def known_keys(loc: Sequence[str | int]) -> list[str]:
    """The keys valid where a validation error's location `loc` points (its last part)."""
    model: type[BaseModel] = MappingSpec
    annotation: Any = None
    for part in loc[:-1]:
        if annotation is not None and _is_container(annotation) and part not in model.model_fields:
            annotation = None  # a dict key or a list index inside the container
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            continue  # a union member's tag such as `ValueSpec`
        inner = _model_of(field.annotation)
        if inner is None:
            return []
        model, annotation = inner, field.annotation
    return [field.alias or name for name, field in model.model_fields.items()]


def possible_types(entity: EntitySpec) -> list[str]:
    """Every node type an entity can take: its `type`, or the values of its type's map."""
    if isinstance(entity.type, str):
        return [entity.type]
    spec = entity.type
    found = [*(spec.map or {}).values(), spec.default, spec.literal]
    return list(dict.fromkeys(str(t) for t in found if t is not None))


class _Binder:
    def __init__(self, file: str, spec: MappingSpec, model: Model) -> None:
        self.file = file
        self.spec = spec
        self.model = model
        self.reader: Reader | None = None
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, suggestion: str = "") -> None:
        self.problems.append(Problem(self.file, key, message, suggestion))

    def values(self, key: str, specs: list[tuple[str, ValueSpec | None]]) -> None:
        for vkey, value in specs:
            if value is None:
                continue
            for transform in value.transform:
                if transform not in TRANSFORMS:
                    self.problem(
                        f"{key}.{vkey}.transform",
                        f"unknown transform {transform!r}",
                        suggest(transform, TRANSFORMS),
                    )
            if value.end_of_period and not value.format:
                self.problem(f"{key}.{vkey}.end_of_period", "end_of_period needs a format")

    def mapped_values(self, key: str, spec: ValueSpec, prop: Property) -> None:
        """Each value of a property's `map` (and its default) must read as the property's type."""
        for word, value in [*(spec.map or {}).items(), ("default", spec.default)]:
            if value is None or isinstance(value, list):
                continue
            try:
                parse_value(value, prop, spec)
            except ValueProblem as problem:
                self.problem(f"{key}.map", f"{word!r} maps to {value!r}: {problem}")

    def source(self) -> None:
        kind = self.spec.source.kind
        if kind not in READERS:
            self.problem("source.kind", f"unknown reader kind {kind!r}", suggest(kind, READERS))
            return
        try:
            self.reader = READERS[kind](self.spec.source.options)
        except ValueError as error:
            self.problem("source.options", str(error))

    def provenance(self) -> None:
        name = self.spec.provenance
        if name not in self.spec.entities:
            self.problem(
                "provenance", f"no entity named {name!r}", suggest(name, self.spec.entities)
            )
            return
        entity = self.spec.entities[name]
        if entity.type != "Source" or entity.ref:
            self.problem("provenance", "the provenance entity must be a Source that is not a ref")

    def node_types(self, key: str, entity: EntitySpec) -> list[str]:
        """The entity's possible types that exist (each unknown one reported)."""
        usable = [t.name for t in self.model.concrete_nodes()]
        found = []
        for name in possible_types(entity):
            node = self.model.node_types.get(name)
            if node is None or (node.abstract and not entity.ref):
                hint = " (an abstract type only for a ref)" if node is not None else ""
                self.problem(
                    f"{key}.type", f"unknown node type {name!r}{hint}", suggest(name, usable)
                )
            else:
                found.append(name)
        return found

    def entity(self, name: str, entity: EntitySpec) -> None:
        key = f"entities.{name}"
        found = self.node_types(key, entity)
        if not found:
            return
        if entity.id_type is not None:
            for type_name in found:
                node = self.model.node_types[type_name]
                if entity.id_type not in self.model.node_types or not self.model.is_a(
                    type_name, entity.id_type
                ):
                    self.problem(
                        f"{key}.id_type",
                        f"id_type must be {type_name} or a type it extends",
                        f"one of {', '.join((type_name, *node.ancestors))}",
                    )
        if entity.ref and (entity.properties or entity.seen):
            self.problem(key, "a ref entity writes no node: it takes no properties or seen")
        for pname, spec in entity.properties.items():
            lacking = [t for t in found if pname not in self.model.node_types[t].properties]
            if lacking:
                valid = set.intersection(*(set(self.model.node_types[t].properties) for t in found))
                self.problem(
                    f"{key}.properties.{pname}",
                    f"{' and '.join(lacking)} has no property {pname!r}",
                    suggest(pname, valid),
                )
            else:
                self.mapped_values(
                    f"{key}.properties.{pname}",
                    spec,
                    self.model.node_types[found[0]].properties[pname],
                )
        for i, condition in enumerate(entity.when):
            if condition.item and entity.each is None:
                self.problem(f"{key}.when.{i}", "tests the list item, but there is no each")
        self.each(key, entity.each)
        fallback = entity.fallback.keys if entity.fallback else ()
        self.values(
            key,
            [(f"keys.{i}", k) for i, k in enumerate(entity.keys)]
            + [(f"fallback.keys.{i}", k) for i, k in enumerate(fallback)]
            + [(f"properties.{n}", v) for n, v in entity.properties.items()]
            + [(f"when.{i}", c) for i, c in enumerate(entity.when)]
            + [("each", entity.each), ("seen", entity.seen)]
            + [
                (k, v)
                for k, v in (("type", entity.type), ("namespace", entity.namespace))
                if isinstance(v, ValueSpec)
            ],
        )

    def each(self, key: str, each: ValueSpec | None) -> None:
        """`each:` over a plain text cell would make one item of "a, b": ask for a separator."""
        if each is None or each.column is None or each.split or each.transform:
            return
        if self.reader is not None and self.reader.list_valued(each.column) is False:
            self.problem(
                f"{key}.each",
                f"column {each.column!r} is a plain text cell: each would make one item of "
                "it, however many it lists",
                f'declare its separator (each: {{column: {each.column}, split: ","}}) or '
                "name the column in the reader's list_columns",
            )

    def confidence(self, key: str, rel: RelationshipSpec) -> None:
        spec = rel.confidence
        if not isinstance(spec, ValueSpec):
            return
        for word, value in [
            *(spec.map or {}).items(),
            ("default", spec.default),
            ("literal", spec.literal),
        ]:
            if value is None:
                continue
            if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
                self.problem(
                    f"{key}.confidence",
                    f"{word!r} maps to {value!r}, not a confidence between 0 and 1",
                )

    def relationships(self) -> None:
        for i, rel in enumerate(self.spec.relationships):
            key = f"relationships.{i}"
            try:
                edge = self.model.edge(rel.type)
            except KeyError as error:
                self.problem(
                    f"{key}.type", str(error.args[0]), suggest(rel.type, self.model.edge_types)
                )
                continue
            for end, allowed in (("source", edge.sources), ("target", edge.targets)):
                ename = getattr(rel, end)
                if ename not in self.spec.entities:
                    self.problem(
                        f"{key}.{end}",
                        f"no entity named {ename!r}",
                        suggest(ename, self.spec.entities),
                    )
                    continue
                entity = self.spec.entities[ename]
                verb = "is" if isinstance(entity.type, str) else "can be"
                for etype in possible_types(entity):
                    if etype in self.model.node_types and not any(
                        self.model.is_a(etype, a) for a in allowed
                    ):
                        self.problem(
                            f"{key}.{end}",
                            f"{edge.label} {end} must be {' or '.join(allowed)}, "
                            f"{ename} {verb} {etype}",
                        )
            for pname, spec in rel.properties.items():
                if pname not in edge.properties:
                    self.problem(
                        f"{key}.properties.{pname}",
                        f"{edge.name} has no property {pname!r}",
                        suggest(pname, edge.properties),
                    )
                else:
                    self.mapped_values(f"{key}.properties.{pname}", spec, edge.properties[pname])
            for j, condition in enumerate(rel.when):
                if condition.item:
                    self.problem(
                        f"{key}.when.{j}", "a relationship's when tests the row, not items"
                    )
            self.confidence(key, rel)
            confidence = rel.confidence if isinstance(rel.confidence, ValueSpec) else None
            self.values(
                key,
                [(f"properties.{n}", v) for n, v in rel.properties.items()]
                + [(f"when.{j}", c) for j, c in enumerate(rel.when)]
                + [("seen", rel.seen), ("confidence", confidence)],
            )

    def attribution_check(self) -> None:
        check = self.spec.attribution_check
        if check is None:
            return
        if check.entity not in self.spec.entities:
            self.problem(
                "attribution_check.entity",
                f"no entity named {check.entity!r}",
                suggest(check.entity, self.spec.entities),
            )
            return
        for type_name in possible_types(self.spec.entities[check.entity]):
            node = self.model.node_types.get(type_name)
            if node is not None and "actor_status" not in node.properties:
                self.problem(
                    "attribution_check.entity",
                    f"{check.entity} is a {type_name}, which has no actor_status to record",
                    "name the InfluenceOperation entity",
                )


def bind_problems(file: str, spec: MappingSpec, model: Model) -> list[Problem]:
    """Every way `spec` disagrees with the ontology or the reader registry."""
    binder = _Binder(file, spec, model)
    binder.source()
    binder.provenance()
    for name, entity in spec.entities.items():
        binder.entity(name, entity)
    binder.relationships()
    binder.attribution_check()
    return binder.problems
