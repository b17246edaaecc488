"""The GraphQL API (strawberry on starlette), its schema generated from the ontology."""

from graph_platform.api.app import create_app
from graph_platform.api.context import ApiContext
from graph_platform.api.schema import SCHEMA_FILE, build_schema, schema_sdl, write_schema_file

__all__ = [
    "SCHEMA_FILE",
    "ApiContext",
    "build_schema",
    "create_app",
    "schema_sdl",
    "write_schema_file",
]
