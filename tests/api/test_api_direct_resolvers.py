"""Fields resolved directly (api/direct_resolvers.py) answer exactly as through strawberry's
wrapper, on the seeded attribution graph."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLObjectType

import graph_platform.api.schema as schema_module
from graph_platform.api.context import ApiContext
from graph_platform.api.direct_resolvers import resolve_directly
from graph_platform.api.execution import DocumentRunner
from graph_platform.api.schema import build_schema
from graph_platform.explore.reader import GraphReader
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings

NODE = """id caption labels firstSeen lastSeen loadedAt sources origins
  provenance { sources { id title } origins claims { property value source { id } } }"""
EDGE = "id type source target confidence firstSeen lastSeen loadedAt sources { id } origins"
#: Every kind of field: properties, captions, labels, provenance, relationship pages and their
#: edges, neighbourhood edges, caps, paths, attribution.
QUERIES = [
    f"""{{ account(id: "acc-1") {{ {NODE} handle followers createdAt
      partOf(first: 5) {{ totalCount pageInfo {{ hasNextPage endCursor }}
        edges {{ cursor type outgoing confidence firstSeen sources {{ id }} origins
          node {{ {NODE} name }} }} }} }} }}""",
    f"""{{ neighbourhood(ids: ["acc-1"], depth: 2, limitPerNode: 2) {{ truncated
      nodes {{ {NODE} ... on InfluenceOperation {{ name }} }}
      edges {{ {EDGE} }} capped {{ id shown total }} }} }}""",
    f"""{{ paths(from: "acc-1", to: "loc-ru", maxHops: 3, k: 3) {{ length
      nodes {{ id caption }} edges {{ {EDGE} }} }} }}""",
    """{ attribution(accountId: "acc-1") { totalCount nodes { confidence actorStatus
      operation { id name } actor { id caption } hops { type confidence } } } }""",
    '{ node(id: "op-ira") { id ... on InfluenceOperation { name accounts { totalCount } } } }',
]


def _wrapped_schema(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The schema with strawberry's per-field wrapper everywhere (nothing resolved directly)."""
    with monkeypatch.context() as patched:
        patched.setattr(schema_module, "resolve_directly", lambda schema: 0)
        return build_schema(Runtime(settings).model)


def test_only_fields_without_arguments_are_resolved_directly(settings: Settings) -> None:
    schema = build_schema(Runtime(settings).model)
    account = schema._schema.get_type("Account")
    assert isinstance(account, GraphQLObjectType)
    direct = {name for name, f in account.fields.items() if "direct" in f.resolve.__qualname__}
    assert {"handle", "caption", "provenance", "sources", "id"} <= direct
    assert "partOf" not in direct and account.fields["partOf"].args  # keeps strawberry's
    assert resolve_directly(schema) > 500  # generated types have many


@pytest.mark.usefixtures("seeded")
async def test_direct_fields_answer_as_strawberry_does(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Runtime(settings)
    runners = {
        "direct": DocumentRunner(build_schema(runtime.model)),
        "wrapped": DocumentRunner(_wrapped_schema(settings, monkeypatch)),
    }
    async with runtime.async_driver() as driver:
        reader = GraphReader(driver, runtime.database, runtime.queries)
        for query in QUERIES:
            answers = {
                name: await runner.run(query, None, None, ApiContext(reader, runtime.model))
                for name, runner in runners.items()
            }
            assert answers["direct"].errors is None, answers["direct"].errors
            assert answers["direct"].data == answers["wrapped"].data, query
            assert any(answers["direct"].data.values()), answers["direct"].data
