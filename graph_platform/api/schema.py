"""The GraphQL schema: types generated from the ontology, and the queries and mutations over them.

`build_schema(model)` runs at start-up. The exported SDL is committed as `schema.graphql` beside
this module (regenerate with `python -m graph_platform.api`), and a test checks that it
matches, so every change to the API shows in review. Requests run on it through
`execution.DocumentRunner`, which codes their errors (error_codes.py).
"""

from __future__ import annotations

from pathlib import Path

import strawberry

from graph_platform.api.attribution import attribution_fields
from graph_platform.api.caller import caller_fields
from graph_platform.api.coordination import coordination_fields
from graph_platform.api.direct_resolvers import resolve_directly
from graph_platform.api.entity_type import entity_types, resolve_by_labels
from graph_platform.api.explore_fields import explore_fields
from graph_platform.api.graph_types import graph_types
from graph_platform.api.relationship_type import relationship_types
from graph_platform.api.resolution import resolution_fields
from graph_platform.api.type_factory import TypeFactory
from graph_platform.errors import DefinitionError, Problem
from graph_platform.model import Model

#: The committed SDL of the schema built from the project's ontology.
SCHEMA_FILE = Path(__file__).with_name("schema.graphql")
SCHEMA_HEADER = (
    "# The GraphQL API, generated from ontology/ by `python -m graph_platform.api`.\n"
    "# Do not edit: change the ontology or graph_platform/api and regenerate.\n\n"
)
#: Node and edge types the API's own queries need; the ontology must define them.
REQUIRED_TYPES = ("Account", "InfluenceOperation", "Source", "ResolvedEntity", "CoordinationGroup")
REQUIRED_EDGES = ("PartOf", "AttributedTo", "ResolvedTo")


def _check(model: Model) -> None:
    problems = [
        Problem(f"{name}.yaml", "-", "type needed by the API is missing")
        for name in REQUIRED_TYPES
        if name not in model.node_types
    ] + [
        Problem(f"{name}.yaml", "-", "relationship needed by the API is missing")
        for name in REQUIRED_EDGES
        if name not in model.edge_types
    ]
    if problems:
        raise DefinitionError("the ontology as a GraphQL schema", problems)


def build_schema(model: Model) -> strawberry.Schema:
    """The API for `model`: its node types with their relationships, and the root fields."""
    _check(model)
    factory = TypeFactory()
    entities = entity_types(model, factory)
    relationship_types(model, factory)
    graph_types(factory)
    resolution_queries, resolution_mutations = resolution_fields(factory)
    coordination_queries, coordination_mutations = coordination_fields(factory)
    query = factory.make(
        "Query",
        "Questions to the graph.",
        {
            **explore_fields(model, factory),
            **attribution_fields(model, factory),
            **resolution_queries,
            **caller_fields(factory),
            **coordination_queries,
        },
    )
    mutation = factory.make(
        "Mutation",
        "Analysts' decisions, recorded with who, when and why.",
        {**resolution_mutations, **coordination_mutations},
    )
    schema = strawberry.Schema(query=query, mutation=mutation, types=list(entities.values()))
    resolve_by_labels(schema, model)
    resolve_directly(schema)
    return schema


def schema_sdl(model: Model) -> str:
    """The schema for `model` as the text committed in schema.graphql."""
    return SCHEMA_HEADER + build_schema(model).as_str() + "\n"


def write_schema_file(model: Model, path: Path = SCHEMA_FILE) -> Path:
    """Write the SDL of `model` (the project's ontology) to `path`."""
    path.write_text(schema_sdl(model), encoding="utf-8")
    return path
