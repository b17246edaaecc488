"""The ontology as a resolved model: node and edge types with inherited properties.

Loaded in two phases after followthemoney's `Model.generate`: every file is parsed first, then
references (`extends`, edge ends, lookups) are resolved, and every problem found is reported at
once, each naming file, type, key and a suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from graph_platform.errors import DefinitionError, Problem, did_you_mean, validation_problems
from graph_platform.model.type_spec import PropertySpec, PropertyType, TypeSpec

#: The roots every node type and every edge type descend from.
NODE_ROOT = "Entity"
EDGE_ROOT = "Relationship"


@dataclass(frozen=True)
class Property:
    name: str
    type: PropertyType
    description: str
    required: bool
    multiple: bool
    owner: str  # the type that declares it
    #: False keeps it from partners even on a shareable type; None: as its type.
    shareable: bool | None = None


@dataclass(frozen=True)
class NodeType:
    name: str
    description: str
    abstract: bool
    ancestors: tuple[str, ...]  # nearest first, up to Entity
    properties: dict[str, Property]
    lookups: tuple[tuple[str, ...], ...]
    shareable: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        """Neo4j labels of a node of this type: its own, its abstract ancestors', and Entity."""
        return (self.name, *self.ancestors) if self.name != NODE_ROOT else (NODE_ROOT,)

    @cached_property
    def name_properties(self) -> tuple[str, ...]:
        """Its name-like properties, in declaration order: what a caption is made of."""
        return tuple(n for n, p in self.properties.items() if p.type is PropertyType.NAME)

    def caption(self, properties: Mapping[str, object], fallback: str) -> str:
        """Display name of a node of this type: its first name-like value, else `fallback`."""
        for key in self.name_properties:
            value = properties.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            if value not in (None, ""):
                return str(value)
        return fallback


@dataclass(frozen=True)
class EdgeType:
    name: str
    label: str
    description: str
    abstract: bool
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: dict[str, Property]
    #: API field on the source types that follows it (both directions when symmetric).
    forward: str | None = None
    #: API field on the target types that follows it backwards (None when symmetric).
    reverse: str | None = None
    symmetric: bool = False
    shareable: bool = False


@dataclass(frozen=True)
class Model:
    node_types: dict[str, NodeType]
    edge_types: dict[str, EdgeType]

    def node(self, name: str) -> NodeType:
        """The node type called `name`, or an error suggesting the closest one."""
        if name not in self.node_types:
            raise KeyError(f"unknown node type {name!r}{_suggest(name, self.node_types)}")
        return self.node_types[name]

    def edge(self, name_or_label: str) -> EdgeType:
        """The edge type by name (`PartOf`) or Neo4j label (`PART_OF`)."""
        for edge in self.edge_types.values():
            if name_or_label in (edge.name, edge.label):
                return edge
        names = [*self.edge_types, *(e.label for e in self.edge_types.values())]
        raise KeyError(f"unknown edge type {name_or_label!r}{_suggest(name_or_label, names)}")

    def concrete_nodes(self) -> list[NodeType]:
        return [t for t in self.node_types.values() if not t.abstract]

    def concrete_edges(self) -> list[EdgeType]:
        return [t for t in self.edge_types.values() if not t.abstract]

    def type_of(self, labels: Iterable[str]) -> NodeType:
        """The most specific node type of a node with `labels` (Entity if none is known)."""
        known = [self.node_types[label] for label in labels if label in self.node_types]
        return max(known, key=lambda t: len(t.ancestors), default=self.node_types[NODE_ROOT])

    def common_type(self, names: Iterable[str]) -> str:
        """The most specific node type all `names` are (LegalEntity, Location → Entity)."""
        first, *rest = names
        for candidate in self.node(first).labels:
            if all(self.is_a(name, candidate) for name in rest):
                return candidate
        return NODE_ROOT

    def shareable_labels(self) -> frozenset[str]:
        """The node types partners may see."""
        return frozenset(t.name for t in self.concrete_nodes() if t.shareable)

    def shareable_rel_types(self) -> frozenset[str]:
        """The relationship types partners may see."""
        return frozenset(t.label for t in self.concrete_edges() if t.shareable)

    def shareable_fields(self) -> frozenset[str]:
        """The properties partners may see on the node types they may see."""
        return frozenset(
            name
            for t in self.concrete_nodes()
            if t.shareable
            for name, prop in t.properties.items()
            if prop.shareable is not False
        )

    def is_a(self, node_type: str, ancestor: str) -> bool:
        """True when `node_type` is `ancestor` or descends from it."""
        return ancestor in self.node(node_type).labels


def _suggest(name: str, candidates: Iterable[str]) -> str:
    hint = did_you_mean(name, candidates)
    return f" ({hint})" if hint else ""


def _read_specs(directory: Path, problems: list[Problem]) -> dict[str, tuple[str, TypeSpec]]:
    """Phase one: parse every file into a spec; the file stem must be the type it defines."""
    specs: dict[str, tuple[str, TypeSpec]] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(directory), "-", "no *.yaml type files found"))
    for path in files:
        file = path.name
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            problems.append(Problem(file, "-", f"not valid YAML: {error}"))
            continue
        if not isinstance(document, dict) or len(document) != 1:
            problems.append(
                Problem(file, "-", "must hold exactly one type", f"start with '{path.stem}:'")
            )
            continue
        ((name, body),) = document.items()
        if name != path.stem:
            problems.append(
                Problem(file, name, "type name differs from the file name", f"call it {path.stem}")
            )
            continue
        try:
            specs[name] = (file, TypeSpec.model_validate(body))
        except ValidationError as error:
            problems.extend(validation_problems(error, file, type=name))
    return specs


class _Resolver:
    """Phase two: resolve inheritance and references over all parsed specs."""

    def __init__(self, specs: dict[str, tuple[str, TypeSpec]], problems: list[Problem]) -> None:
        self.specs = specs
        self.problems = problems

    def problem(self, name: str, key: str, message: str, suggestion: str = "") -> None:
        self.problems.append(Problem(self.specs[name][0], key, message, suggestion, type=name))

    def ancestors(self, name: str) -> tuple[str, ...]:
        chain: list[str] = []
        current = name
        while True:
            parents = self.specs[current][1].extends
            if not parents:
                return tuple(chain)
            if len(parents) > 1:
                self.problem(current, "extends", "only single inheritance is supported")
            parent = parents[0]
            if parent not in self.specs:
                self.problem(
                    current,
                    "extends",
                    f"unknown type {parent!r}",
                    did_you_mean(parent, self.specs),
                )
                return tuple(chain)
            if parent == name or parent in chain:
                self.problem(name, "extends", f"inheritance cycle through {parent!r}")
                return tuple(chain)
            chain.append(parent)
            current = parent

    def properties(self, name: str, ancestors: tuple[str, ...]) -> dict[str, Property]:
        merged: dict[str, Property] = {}
        for owner in (*reversed(ancestors), name):
            for prop_name, spec in self.specs[owner][1].properties.items():
                if prop_name in merged and merged[prop_name].type != spec.type:
                    self.problem(
                        owner,
                        f"properties.{prop_name}",
                        f"redefines the type inherited from {merged[prop_name].owner}",
                    )
                merged[prop_name] = _property(prop_name, spec, owner)
        return merged

    def check_shareable(self, nodes: dict[str, NodeType]) -> None:
        """Partners see fields by name: a name is shared on every shareable type or on none."""
        kept = {
            name: node.name
            for node in nodes.values()
            if node.shareable and not node.abstract
            for name, prop in node.properties.items()
            if prop.shareable is False
        }
        for node in nodes.values():
            if not node.shareable or node.abstract:
                continue
            for name, prop in node.properties.items():
                if name in kept and prop.shareable is not False:
                    self.problem(
                        prop.owner,
                        f"properties.{name}.shareable",
                        f"shared here but kept from partners on {kept[name]}",
                        "set shareable: false here too, or rename one",
                    )

    def check_fields(self, name: str, spec: TypeSpec) -> None:
        """A concrete edge names the API fields that traverse it, as its symmetry needs."""
        edge = spec.edge
        if edge is None or spec.abstract:
            return
        if edge.forward is None:
            self.problem(name, "edge.forward", "a concrete edge names its field", "forward: name")
        if edge.symmetric and edge.reverse is not None:
            self.problem(name, "edge.reverse", "a symmetric edge has one field", "remove reverse")
        if not edge.symmetric and edge.reverse is None:
            self.problem(
                name, "edge.reverse", "names the field on the target types", "reverse: name"
            )
        if edge.symmetric and set(edge.source) != set(edge.target):
            self.problem(name, "edge.symmetric", "a symmetric edge has the same types at both ends")

    def check_ends(self, name: str, key: str, ends: tuple[str, ...], nodes: set[str]) -> None:
        for end in ends:
            if end not in nodes:
                self.problem(name, key, f"unknown node type {end!r}", did_you_mean(end, nodes))

    def build(self) -> Model:
        nodes: dict[str, NodeType] = {}
        edges: dict[str, EdgeType] = {}
        for name, (_, spec) in self.specs.items():
            ancestors = self.ancestors(name)
            properties = self.properties(name, ancestors)
            is_edge = spec.edge is not None
            root = EDGE_ROOT if is_edge else NODE_ROOT
            broken = any(p.type == name and p.key == "extends" for p in self.problems)
            if name != root and root not in ancestors and not broken:
                self.problem(name, "extends", f"must descend from {root}", f"extends: {root}")
            if is_edge and spec.edge is not None:
                edges[name] = EdgeType(
                    name,
                    spec.edge.label,
                    spec.description,
                    spec.abstract,
                    spec.edge.source,
                    spec.edge.target,
                    properties,
                    spec.edge.forward,
                    spec.edge.reverse,
                    spec.edge.symmetric,
                    spec.shareable,
                )
                self.check_fields(name, spec)
            else:
                nodes[name] = NodeType(
                    name,
                    spec.description,
                    spec.abstract,
                    ancestors,
                    properties,
                    spec.lookups,
                    spec.shareable,
                )
                for lookup in spec.lookups:
                    for prop in lookup:
                        if prop not in properties:
                            self.problem(
                                name,
                                "lookups",
                                f"unknown property {prop!r}",
                                did_you_mean(prop, properties),
                            )
        self.check_shareable(nodes)
        labels: dict[str, str] = {}
        for edge in edges.values():
            self.check_ends(edge.name, "edge.source", edge.sources, set(nodes))
            self.check_ends(edge.name, "edge.target", edge.targets, set(nodes))
            if edge.label in labels:
                self.problem(edge.name, "edge.label", f"label also used by {labels[edge.label]}")
            labels[edge.label] = edge.name
        return Model(nodes, edges)


def _property(name: str, spec: PropertySpec, owner: str) -> Property:
    return Property(
        name, spec.type, spec.description, spec.required, spec.multiple, owner, spec.shareable
    )


def load_model(directory: Path) -> Model:
    """Read and resolve the ontology in `directory`; one DefinitionError lists all problems."""
    problems: list[Problem] = []
    if not directory.is_dir():
        raise DefinitionError(
            "the ontology",
            [Problem(str(directory), "-", "no such directory", "set GP_ONTOLOGY_DIR")],
        )
    specs = _read_specs(directory, problems)
    model = _Resolver(specs, problems).build()
    if problems:
        raise DefinitionError(f"the ontology at {directory}", problems)
    return model


def get_model(directory: Path) -> Model:
    """The ontology in `directory`, loaded once per directory."""
    return _cached_model(directory)


@cache
def _cached_model(directory: Path) -> Model:
    return load_model(directory)
