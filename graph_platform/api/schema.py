"""The GraphQL schema: entity types generated from the ontology, and the queries over them.

`build_schema(model)` runs at start-up. The exported SDL is committed as `schema.graphql` beside
this module (regenerate with `python -m graph_platform.api`), and a test checks that it
matches, so every change to the API shows in review.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from graph_platform.api.attribution import AttributionPath
from graph_platform.api.context import ApiContext
from graph_platform.api.entity_type import (
    entity_types,
    generated_type,
    list_of,
    nearest_common_type,
    optional,
    resolved_field,
)
from graph_platform.api.error_codes import ErrorCodes, is_unexpected
from graph_platform.api.node import EntityNode
from graph_platform.api.resolution import resolution_fields
from graph_platform.errors import DefinitionError, Problem
from graph_platform.model import NODE_ROOT, Model

#: The committed SDL of the schema built from the project's ontology.
SCHEMA_FILE = Path(__file__).with_name("schema.graphql")
SCHEMA_HEADER = (
    "# The GraphQL API, generated from ontology/ by `python -m graph_platform.api`.\n"
    "# Do not edit: change the ontology or graph_platform/api and regenerate.\n\n"
)
#: Node types the queries below return; the ontology must define them.
REQUIRED_TYPES = ("Account", "InfluenceOperation", "Source", "ResolvedEntity")

Info = strawberry.Info[ApiContext, None]


async def resolve_account(
    info: Info,
    id: Annotated[
        strawberry.ID | None, strawberry.argument(description="The account's id.")
    ] = None,
    platform: Annotated[
        str | None, strawberry.argument(description="Platform name (twitter, …); with handle.")
    ] = None,
    handle: Annotated[
        str | None, strawberry.argument(description="Handle in any case, with or without @.")
    ] = None,
) -> EntityNode | None:
    return await info.context.reader.account(id, platform, handle)


async def resolve_operation(info: Info, id: strawberry.ID) -> EntityNode | None:
    return await info.context.reader.operation(id)


async def resolve_entity(info: Info, id: strawberry.ID) -> EntityNode | None:
    return await info.context.reader.entity(id)


async def resolve_attribution(info: Info, account_id: strawberry.ID) -> list[AttributionPath]:
    return await info.context.reader.attribution(account_id)


class GraphSchema(strawberry.Schema):
    """A schema that logs only unexpected errors; a client's mistake is not a server error."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unexpected(error):
                StrawberryLogger.error(error, execution_context)


def build_schema(model: Model) -> strawberry.Schema:
    """The API for `model`: its node types, attribution paths and the root queries."""
    missing = [name for name in REQUIRED_TYPES if name not in model.node_types]
    if missing:
        raise DefinitionError(
            "the ontology as a GraphQL schema",
            [Problem(f"{n}.yaml", "-", "type needed by the API is missing") for n in missing],
        )
    entities = entity_types(model)
    account, operation = entities["Account"], entities["InfluenceOperation"]
    actor = entities[nearest_common_type(model, model.edge("ATTRIBUTED_TO").targets)]
    hop = generated_type(
        "Hop",
        "One relationship on a path, with the evidence for it.",
        {
            "confidence": strawberry.field(
                graphql_type=float,
                description="How sure its sources are, from 0 to 1 (0 when unstated).",
            ),
            "first_seen": strawberry.field(
                graphql_type=optional(datetime), description="Earliest time the data shows it."
            ),
            "last_seen": strawberry.field(
                graphql_type=optional(datetime), description="Latest time the data shows it."
            ),
            "sources": strawberry.field(
                graphql_type=list_of(entities["Source"]),
                description="The datasets and reports that assert it.",
            ),
        },
    )
    path = generated_type(
        "AttributionPath",
        "account -PART_OF-> operation -ATTRIBUTED_TO-> actor: one hypothesis of who is behind "
        "an account, with its evidence.",
        {
            "account": strawberry.field(graphql_type=account),
            "operation": strawberry.field(graphql_type=operation),
            "part_of": strawberry.field(graphql_type=hop, description="Account → operation."),
            "actor": strawberry.field(
                graphql_type=optional(actor), description="Null when the operation is unattributed."
            ),
            "attributed_to": strawberry.field(
                graphql_type=optional(hop), description="Operation → actor; null without actor."
            ),
            "confidence": strawberry.field(
                graphql_type=float, description="Product of the hops' confidences."
            ),
        },
    )
    resolution_queries, resolution_mutations = resolution_fields(entities)
    query = generated_type(
        "Query",
        "Questions to the graph.",
        {
            "account": resolved_field(
                resolve_account,
                optional(account),
                "An account by `id`, or by `platform` and `handle`; null if none.",
            ),
            "operation": resolved_field(
                resolve_operation,
                optional(operation),
                "An influence operation by id; null if none.",
            ),
            "entity": resolved_field(
                resolve_entity, optional(entities[NODE_ROOT]), "Any node by id; null if none."
            ),
            "attribution": resolved_field(
                resolve_attribution,
                list_of(path),
                "Who is behind an account: ranked paths, best first; empty if none.",
            ),
            **resolution_queries,
        },
    )
    mutation = generated_type(
        "Mutation", "Analysts' decisions, recorded with who, when and why.", resolution_mutations
    )
    return GraphSchema(
        query=query,
        mutation=mutation,
        types=list(entities.values()),
        extensions=[ErrorCodes],
    )


def schema_sdl(model: Model) -> str:
    """The schema for `model` as the text committed in schema.graphql."""
    return SCHEMA_HEADER + build_schema(model).as_str() + "\n"


def write_schema_file(model: Model, path: Path = SCHEMA_FILE) -> Path:
    """Write the SDL of `model` (the project's ontology) to `path`."""
    path.write_text(schema_sdl(model), encoding="utf-8")
    return path
