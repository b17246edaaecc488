"""Types of what is not a single node: provenance and claims, relationships as a chart draws
them (`GraphEdge`), subgraphs of neighbourhoods with their caps, and paths."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry

from graph_platform.api.type_factory import Member, TypeFactory, listed, member, nullable
from graph_platform.explore.neighbourhood import Subgraph
from graph_platform.explore.paths import Path
from graph_platform.explore.view import EdgeView, NodeView, as_datetime
from graph_platform.store.claims import Claim

Info = strawberry.Info[Any, None]


@strawberry.enum(description="Which way to follow relationships from a node.")
class Direction(Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@strawberry.type(description='A node whose neighbours were capped: the chart\'s "+N more".')
class Cap:
    id: strawberry.ID
    shown: int = strawberry.field(description="Neighbours in the answer.")
    total: int = strawberry.field(description="Neighbours the caller may see in all.")


async def _sources(root: NodeView, info: Info) -> list[NodeView]:
    loaded: list[NodeView] = await info.context.loaders.sources(root.sources)
    return loaded


async def _claim_source(root: Claim, info: Info) -> NodeView | None:
    found: NodeView | None = await info.context.loaders.nodes.load(root.source)
    return found


def _origins(root: NodeView) -> list[str]:
    return list(root.origins)


def _claims(root: NodeView) -> list[Claim]:
    return list(root.claims)


def _itself(root: Any) -> Any:
    return root


def _subgraph_nodes(root: Subgraph) -> list[NodeView]:
    return list(root.nodes.values())


def _subgraph_edges(root: Subgraph) -> list[EdgeView]:
    return list(root.edges.values())


def _caps(root: Subgraph) -> list[Cap]:
    return [Cap(id=strawberry.ID(c.id), shown=c.shown, total=c.total) for c in root.caps]


def _path_nodes(root: Path) -> list[NodeView]:
    return list(root.nodes)


def _path_edges(root: Path) -> list[EdgeView]:
    return list(root.edges)


def _length(root: Path) -> int:
    return root.length


def edge_members(edge_of: Callable[[Any], EdgeView] = _itself) -> dict[str, Member]:
    """The fields every relationship shows: confidence, seen range, load time, provenance;
    `edge_of` finds the EdgeView in the object the type resolves from."""

    async def sources(root: Any, info: Info) -> list[NodeView]:
        loaded: list[NodeView] = await info.context.loaders.sources(edge_of(root).sources)
        return loaded

    return {
        "confidence": member(
            nullable("float"),
            lambda root: edge_of(root).confidence,
            "How sure its sources are, 0 to 1 (null: unstated).",
        ),
        "first_seen": member(
            nullable("datetime"),
            lambda root: edge_of(root).first_seen,
            "Earliest time the data shows it.",
        ),
        "last_seen": member(
            nullable("datetime"),
            lambda root: edge_of(root).last_seen,
            "Latest time the data shows it.",
        ),
        "loaded_at": member(
            nullable("datetime"),
            lambda root: as_datetime(edge_of(root).properties.get("loaded_at")),
            "When it was first loaded.",
        ),
        "sources": member(listed("Source"), sources, "The datasets and reports asserting it."),
        "origins": member(
            listed("str"),
            lambda root: list(edge_of(root).origins),
            'Where each source stated it: "<source id> @ <file>#<row>".',
        ),
    }


def graph_types(factory: TypeFactory) -> None:
    """Provenance, Claim, GraphEdge, Subgraph and Path, over the entity types already made."""
    factory.add(Direction)
    factory.add(Cap)
    factory.make(
        "Claim",
        "One source's value of a property, kept where sources disagree.",
        {
            "source": member(nullable("Source"), _claim_source, "The source that says it."),
            "property": member(str, lambda root: root.prop, "The property (ontology name)."),
            "value": member(nullable("JSON"), lambda root: root.value, "What the source says."),
        },
    )
    factory.make(
        "Provenance",
        "Where a node comes from: the sources asserting it, where each did, what each claims.",
        {
            "sources": member(listed("Source"), _sources, "The datasets and reports asserting it."),
            "origins": member(
                listed("str"),
                _origins,
                'Where each source stated it: "<source id> @ <file>#<row>".',
            ),
            "claims": member(
                listed("Claim"), _claims, "Each source's values, where several sources assert it."
            ),
        },
    )
    factory.make(
        "GraphEdge",
        "A relationship as a link chart draws it, with its evidence.",
        {
            "id": member("ID", lambda root: root.id, "Stable over reads: type, start and end id."),
            "type": member(str, description="The relationship type (PART_OF, POSTED, …)."),
            "source": member("ID", description="Id of the node it starts at."),
            "target": member("ID", description="Id of the node it ends at."),
            **edge_members(),
        },
    )
    factory.make(
        "Subgraph",
        "Nodes and the relationships between them that a neighbourhood expansion met.",
        {
            "nodes": member(listed("Entity"), _subgraph_nodes),
            "edges": member(listed("GraphEdge"), _subgraph_edges),
            "truncated": member(bool, description="True when the answer hit its `limit`."),
            "capped": member(
                listed("Cap"), _caps, "Nodes with more neighbours than `limitPerNode` shown."
            ),
        },
    )
    factory.make(
        "Path",
        "A path between two nodes: its nodes and relationships in order.",
        {
            "nodes": member(listed("Entity"), _path_nodes),
            "edges": member(listed("GraphEdge"), _path_edges),
            "length": member(int, _length, "Number of relationships."),
        },
    )
