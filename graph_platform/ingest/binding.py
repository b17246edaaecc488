"""Binding a loader mapping to the ontology and the reader registry before any row is read.

Every disagreement is collected, each naming the mapping file, the key and a suggestion, so one
run reports them all: unknown reader kinds and options, node and edge types, properties,
transforms, entity references, edge ends of the wrong type, and misuse of `ref`, `id_type`,
`when` and `end_of_period`.
"""

from __future__ import annotations

from graph_platform.errors import Problem, did_you_mean
from graph_platform.ingest.mapping_spec import EntitySpec, MappingSpec, ValueSpec
from graph_platform.ingest.readers import READERS
from graph_platform.ingest.value import TRANSFORMS
from graph_platform.model import Model


class _Binder:
    def __init__(self, file: str, spec: MappingSpec, model: Model) -> None:
        self.file = file
        self.spec = spec
        self.model = model
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
                        did_you_mean(transform, TRANSFORMS),
                    )
            if value.end_of_period and not value.format:
                self.problem(f"{key}.{vkey}.end_of_period", "end_of_period needs a format")

    def source(self) -> None:
        kind = self.spec.source.kind
        if kind not in READERS:
            self.problem(
                "source.kind",
                f"unknown reader kind {kind!r}",
                did_you_mean(kind, READERS) or f"one of {sorted(READERS)}",
            )
            return
        try:
            READERS[kind](self.spec.source.options)
        except ValueError as error:
            self.problem("source.options", str(error))

    def provenance(self) -> None:
        name = self.spec.provenance
        if name not in self.spec.entities:
            self.problem(
                "provenance", f"no entity named {name!r}", did_you_mean(name, self.spec.entities)
            )
            return
        entity = self.spec.entities[name]
        if entity.type != "Source" or entity.ref:
            self.problem("provenance", "the provenance entity must be a Source that is not a ref")

    def entity(self, name: str, entity: EntitySpec) -> None:
        key = f"entities.{name}"
        node = self.model.node_types.get(entity.type)
        if node is None or (node.abstract and not entity.ref):
            usable = [t.name for t in self.model.concrete_nodes()]
            hint = " (an abstract type only for a ref)" if node is not None else ""
            self.problem(
                f"{key}.type",
                f"unknown node type {entity.type!r}{hint}",
                did_you_mean(entity.type, usable),
            )
            return
        if entity.id_type is not None and (
            entity.id_type not in self.model.node_types
            or not self.model.is_a(entity.type, entity.id_type)
        ):
            self.problem(
                f"{key}.id_type",
                f"id_type must be {entity.type} or a type it extends",
                f"one of {', '.join((entity.type, *node.ancestors))}",
            )
        if entity.ref and (entity.properties or entity.seen):
            self.problem(key, "a ref entity writes no node: it takes no properties or seen")
        for pname in entity.properties:
            if pname not in node.properties:
                self.problem(
                    f"{key}.properties.{pname}",
                    f"{entity.type} has no property {pname!r}",
                    did_you_mean(pname, node.properties),
                )
        for i, condition in enumerate(entity.when):
            if condition.item and entity.each is None:
                self.problem(f"{key}.when.{i}", "tests the list item, but there is no each")
        self.values(
            key,
            [("keys", k) for k in entity.keys]
            + [(f"properties.{n}", v) for n, v in entity.properties.items()]
            + [(f"when.{i}", c) for i, c in enumerate(entity.when)]
            + [("each", entity.each), ("seen", entity.seen)],
        )

    def relationships(self) -> None:
        for i, rel in enumerate(self.spec.relationships):
            key = f"relationships.{i}"
            try:
                edge = self.model.edge(rel.type)
            except KeyError as error:
                self.problem(f"{key}.type", str(error.args[0]))
                continue
            for end, allowed in (("source", edge.sources), ("target", edge.targets)):
                ename = getattr(rel, end)
                if ename not in self.spec.entities:
                    self.problem(
                        f"{key}.{end}",
                        f"no entity named {ename!r}",
                        did_you_mean(ename, self.spec.entities),
                    )
                    continue
                etype = self.spec.entities[ename].type
                if etype in self.model.node_types and not any(
                    self.model.is_a(etype, a) for a in allowed
                ):
                    self.problem(
                        f"{key}.{end}",
                        f"{edge.label} {end} must be {' or '.join(allowed)}, {ename} is {etype}",
                    )
            for pname in rel.properties:
                if pname not in edge.properties:
                    self.problem(
                        f"{key}.properties.{pname}",
                        f"{edge.name} has no property {pname!r}",
                        did_you_mean(pname, edge.properties),
                    )
            for j, condition in enumerate(rel.when):
                if condition.item:
                    self.problem(
                        f"{key}.when.{j}", "a relationship's when tests the row, not items"
                    )
            self.values(
                key,
                [(f"properties.{n}", v) for n, v in rel.properties.items()]
                + [(f"when.{j}", c) for j, c in enumerate(rel.when)]
                + [("seen", rel.seen)],
            )


def bind_problems(file: str, spec: MappingSpec, model: Model) -> list[Problem]:
    """Every way `spec` disagrees with the ontology or the reader registry."""
    binder = _Binder(file, spec, model)
    binder.source()
    binder.provenance()
    for name, entity in spec.entities.items():
        binder.entity(name, entity)
    binder.relationships()
    return binder.problems
