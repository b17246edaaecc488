"""Export mappings: how the ontology becomes each exchange format, read from `exports/`.

One reviewed YAML file per format (`exports/stix.yaml` …). A typed format (STIX, FtM) lists
every concrete node and edge type of the ontology, mapped or dropped with the reason, and every
property of a mapped type; a property graph format (GraphML, GEXF, CSV) `carries_all`. Every
format says how it carries each provenance field or why it drops it. Loading checks all of it
against the ontology (and the format's own vocabulary, through the format's `check`) and
reports every problem at once, naming file, key and a suggestion, so a new ontology property
fails start-up until each format has a decision for it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph_platform.errors import DefinitionError, Problem
from graph_platform.export.records import EDGE_PROVENANCE, NODE_PROVENANCE
from graph_platform.model import EdgeType, Model, NodeType

#: Provenance every format must carry or drop with a reason.
PROVENANCE_FIELDS = (
    "sources",
    "origins",
    "first_seen",
    "last_seen",
    "loaded_at",
    "confidence",
    "claims",
    "marking",
)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variants(_Spec):
    """The target type chosen by a property's value (an Organisation's `kind`)."""

    property: str
    cases: dict[str, str]


class NodeMap(_Spec):
    to: str | None = None
    variants: Variants | None = None
    #: Properties without which the format cannot make the object (it is then left out).
    requires: tuple[str, ...] = ()
    constants: dict[str, Any] = Field(default_factory=dict)
    properties: dict[str, str] = Field(default_factory=dict)
    dropped: dict[str, str] = Field(default_factory=dict)
    drop: str | None = None


class Carried(_Spec):
    """An edge written as a property of one end's entity, naming the other end."""

    end: Literal["source", "target"]
    property: str


class EdgeMap(_Spec):
    to: str | None = None
    #: Target node type → the name used instead of `to` (STIX originates-from for places).
    by_target: dict[str, str] = Field(default_factory=dict)
    #: Properties of an interval entity naming the edge's ends (FtM Membership: member, …).
    source: str | None = None
    target: str | None = None
    carried: Carried | None = None
    properties: dict[str, str] = Field(default_factory=dict)
    dropped: dict[str, str] = Field(default_factory=dict)
    drop: str | None = None


class ProvenanceMap(_Spec):
    carried: dict[str, str] = Field(default_factory=dict)
    dropped: dict[str, str] = Field(default_factory=dict)


class FormatSpec(_Spec):
    description: str
    carries_all: bool = False
    provenance: ProvenanceMap
    options: dict[str, Any] = Field(default_factory=dict)
    nodes: dict[str, NodeMap] = Field(default_factory=dict)
    edges: dict[str, EdgeMap] = Field(default_factory=dict)


@dataclass(frozen=True)
class Dropped:
    """Something of the ontology a format cannot carry, and why."""

    what: str  # "Post", "Account.followers", "PartOf", "provenance.claims"
    why: str


@dataclass(frozen=True)
class FormatMapping:
    """A validated mapping of the ontology to one format."""

    format: str
    file: Path
    spec: FormatSpec
    model: Model

    def node(self, type_name: str) -> NodeMap | None:
        """The node type's mapping, or None when the format drops the type."""
        mapped = self.spec.nodes.get(type_name)
        return None if mapped is None or mapped.drop else mapped

    def edge(self, type_name: str) -> EdgeMap | None:
        """The edge type's mapping, or None when the format drops the type."""
        mapped = self.spec.edges.get(type_name)
        return None if mapped is None or mapped.drop else mapped

    def option(self, key: str) -> Any:
        return self.spec.options[key]

    def dropped(self) -> list[Dropped]:
        """Everything the format cannot carry, with the reason the mapping gives."""
        found = [Dropped(f"provenance.{k}", v) for k, v in self.spec.provenance.dropped.items()]
        for kind in (self.spec.nodes, self.spec.edges):
            for name, mapped in kind.items():
                if mapped.drop:
                    found.append(Dropped(name, mapped.drop))
                found.extend(Dropped(f"{name}.{p}", why) for p, why in mapped.dropped.items())
        return sorted(found, key=lambda d: d.what)


def _suggest(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


class _Checker:
    """Checks a parsed format spec against the ontology, collecting problems."""

    def __init__(self, file: str, spec: FormatSpec, model: Model) -> None:
        self.file, self.spec, self.model = file, spec, model
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, suggestion: str = "") -> None:
        self.problems.append(Problem(self.file, key, message, suggestion))

    def check(self) -> list[Problem]:
        provenance = self.spec.provenance
        for name in PROVENANCE_FIELDS:
            if (name in provenance.carried) == (name in provenance.dropped):
                self.problem(
                    f"provenance.{name}",
                    "must be either carried or dropped, once",
                    "say how the format carries it, or why it drops it",
                )
        for name in {*provenance.carried, *provenance.dropped} - set(PROVENANCE_FIELDS):
            self.problem(
                f"provenance.{name}", "is not a provenance field", _suggest(name, PROVENANCE_FIELDS)
            )
        if self.spec.carries_all:
            if self.spec.nodes or self.spec.edges:
                self.problem("carries_all", "a format that carries all lists no nodes or edges")
            return self.problems
        concrete_nodes = {t.name: t for t in self.model.concrete_nodes()}
        concrete_edges = {t.name: t for t in self.model.concrete_edges()}
        self._types("nodes", self.spec.nodes, concrete_nodes)
        self._types("edges", self.spec.edges, concrete_edges)
        for name, node_map in self.spec.nodes.items():
            if name in concrete_nodes:
                self._node(name, node_map, concrete_nodes[name])
        for name, edge_map in self.spec.edges.items():
            if name in concrete_edges:
                self._edge(name, edge_map, concrete_edges[name])
        return self.problems

    def _types(self, section: str, listed: dict[str, Any], concrete: dict[str, Any]) -> None:
        for name in sorted(set(concrete) - set(listed)):
            self.problem(
                f"{section}.{name}", "is not listed", "map it, or drop it with `drop: <why>`"
            )
        for name in sorted(set(listed) - set(concrete)):
            self.problem(
                f"{section}.{name}",
                "is not a concrete type of the ontology",
                _suggest(name, concrete),
            )

    def _properties(
        self,
        key: str,
        mapped: NodeMap | EdgeMap,
        record_type: NodeType | EdgeType,
        provenance: frozenset[str],
    ) -> None:
        own = {p for p in record_type.properties if p not in provenance}
        for prop in sorted({*mapped.properties, *mapped.dropped} - own):
            self.problem(
                f"{key}.{prop}",
                f"is not a property of {record_type.name}",
                _suggest(prop, own),
            )
        if mapped.drop:
            if mapped.to or mapped.properties:
                self.problem(f"{key}.drop", "a dropped type maps nothing", "remove to / properties")
            return
        for prop in sorted(own - set(mapped.properties) - set(mapped.dropped)):
            self.problem(
                f"{key}.properties.{prop}",
                "is not listed",
                "map it under properties, or say why under dropped",
            )
        for prop in sorted(set(mapped.properties) & set(mapped.dropped)):
            self.problem(f"{key}.dropped.{prop}", "is both mapped and dropped")

    def _node(self, name: str, mapped: NodeMap, node_type: NodeType) -> None:
        key = f"nodes.{name}"
        self._properties(key, mapped, node_type, NODE_PROVENANCE)
        if not mapped.drop and not mapped.to:
            self.problem(key, "maps to nothing", "give `to:` or `drop: <why>`")
        if mapped.variants and mapped.variants.property not in node_type.properties:
            self.problem(f"{key}.variants.property", f"is not a property of {name}")
        for prop in mapped.requires:
            if prop not in mapped.properties:
                self.problem(f"{key}.requires.{prop}", "is not a mapped property")

    def _edge(self, name: str, mapped: EdgeMap, edge_type: EdgeType) -> None:
        key = f"edges.{name}"
        self._properties(key, mapped, edge_type, EDGE_PROVENANCE)
        ways = [bool(mapped.to), mapped.carried is not None, bool(mapped.drop)]
        if sum(ways) != 1:
            self.problem(key, "needs exactly one of to, carried, drop")
        if (mapped.source is None) != (mapped.target is None):
            self.problem(key, "give both source and target, or neither")
        for target in mapped.by_target:
            if target not in self.model.node_types:
                self.problem(
                    f"{key}.by_target.{target}",
                    "is not a node type",
                    _suggest(target, self.model.node_types),
                )


def load_format_mapping(
    format_name: str, directory: Path, model: Model, check: Any = None
) -> FormatMapping:
    """Read `exports/<format>.yaml` and check it against `model` (and the format's own `check`,
    a function of the mapping returning problems); one DefinitionError lists every problem."""
    path = directory / f"{format_name}.yaml"
    file = str(path)
    if not path.is_file():
        raise DefinitionError(
            f"the {format_name} export mapping",
            [Problem(file, "-", "no such file", "set GP_EXPORTS_DIR or add the mapping")],
        )
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = FormatSpec.model_validate(document)
    except yaml.YAMLError as error:
        raise DefinitionError(file, [Problem(file, "-", f"not valid YAML: {error}")]) from None
    except ValidationError as error:
        problems = [
            Problem(
                file,
                ".".join(str(part) for part in issue["loc"]) or "-",
                issue["msg"],
                "remove it or fix its spelling" if issue["type"] == "extra_forbidden" else "",
            )
            for issue in error.errors()
        ]
        raise DefinitionError(f"the {format_name} export mapping", problems) from None
    problems = _Checker(file, spec, model).check()
    mapping = FormatMapping(format_name, path, spec, model)
    if not problems and check is not None:
        problems = check(mapping)
    if problems:
        raise DefinitionError(f"the {format_name} export mapping", problems)
    return mapping
