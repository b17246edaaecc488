"""The GraphQL schema: types generated from the ontology, and the queries and mutations over them.

`build_schema(model)` runs at start-up. The exported SDL is committed as `schema.graphql` beside
this module (regenerate with `python -m graph_platform.api`), and a test checks that it
matches, so every change to the API shows in review.
"""

from __future__ import annotations

import logging
from pathlib import Path

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from graph_platform.api.attribution import attribution_fields
from graph_platform.api.caller import caller_fields
from graph_platform.api.coordination import coordination_fields
from graph_platform.api.entity_type import entity_types
from graph_platform.api.error_codes import ErrorCodes, is_unexpected
from graph_platform.api.explore_fields import explore_fields
from graph_platform.api.graph_types import graph_types
from graph_platform.api.relationship_type import relationship_types
from graph_platform.api.resolution import resolution_fields
from graph_platform.api.type_factory import TypeFactory
from graph_platform.errors import DefinitionError, Problem
from graph_platform.model import Model

log = logging.getLogger(__name__)

#: The committed SDL of the schema built from the project's ontology.
SCHEMA_FILE = Path(__file__).with_name("schema.graphql")
SCHEMA_HEADER = (
    "# The GraphQL API, generated from ontology/ by `python -m graph_platform.api`.\n"
    "# Do not edit: change the ontology or graph_platform/api and regenerate.\n\n"
)
#: Node and edge types the API's own queries need; the ontology must define them.
REQUIRED_TYPES = ("Account", "InfluenceOperation", "Source", "ResolvedEntity", "CoordinationGroup")
REQUIRED_EDGES = ("PartOf", "AttributedTo", "ResolvedTo")
#: Parsed and validated documents kept per schema (partners send the same queries again).
DOCUMENT_CACHE = 1024


class GraphSchema(strawberry.Schema):
    """A schema that logs only unexpected errors (a client's mistake is not a server error), each
    as one short line: the field, the exception's type and the start of its message. Cypher
    texts and tracebacks stay out of the log at the default level (a Neo4j error quotes the
    query); at DEBUG the traceback follows."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unexpected(error):
                cause = error.original_error or error
                first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
                path = ".".join(str(p) for p in error.path or ()) or "-"
                log.error(
                    "unexpected error at %s: %s: %.200s", path, type(cause).__name__, first_line
                )
                log.debug("traceback of the error at %s", path, exc_info=cause)


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
    return GraphSchema(
        query=query,
        mutation=mutation,
        types=list(entities.values()),
        extensions=[
            ErrorCodes,
            lambda: ParserCache(maxsize=DOCUMENT_CACHE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
        ],
    )


def schema_sdl(model: Model) -> str:
    """The schema for `model` as the text committed in schema.graphql."""
    return SCHEMA_HEADER + build_schema(model).as_str() + "\n"


def write_schema_file(model: Model, path: Path = SCHEMA_FILE) -> Path:
    """Write the SDL of `model` (the project's ontology) to `path`."""
    path.write_text(schema_sdl(model), encoding="utf-8")
    return path
