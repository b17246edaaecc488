"""schemathesis fuzzing of the GraphQL schema (the committed schema.graphql) against
`graph-platform serve` with a partner key cleared GREEN, on the marked graph: every generated
query of every root field answers without a server error, and nothing above GREEN or outside
what partners may see (a Person, the AMBER and RED sources' nodes and values) ever appears."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import hypothesis
import neo4j
import pytest
import schemathesis
from hypothesis import HealthCheck
from server_support import Served, served

from graph_platform.access.keys import ApiKeys
from graph_platform.api import SCHEMA_FILE
from graph_platform.api.query_limits import PARTNER_FIELDS
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.queries import QueryRegistry

SCHEMA = schemathesis.graphql.from_path(SCHEMA_FILE)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
#: What a GREEN partner must never see: hidden nodes, a hidden source's value, a Person.
HIDDEN = (
    "acc-amber",
    "Amber only",
    "Amber Name",
    "op-red",
    "Red Op",
    "person-jane",
    "Jane Doe",
    "src-amber",
    "src-red",
    "loc-atlantis",
    "Atlantis",
    "public.csv",
)


@pytest.fixture(scope="module")
def partner(
    driver: neo4j.Driver, settings: Settings, fixture_queries: QueryRegistry
) -> Iterator[tuple[Served, str]]:
    with driver.session(database=settings.neo4j_database) as session:
        fixture_queries.run(session, "wipe")
        fixture_queries.run(
            session, "seed_marked", loaded_at=datetime.fromisoformat("2024-05-01T12:00:00+00:00")
        )
    keys = ApiKeys(driver, Runtime(settings).queries, settings.neo4j_database)
    token = keys.create("fuzzing partner", "partner", "GREEN", "test")[1]
    generous = settings.model_copy(update={"api_budget": 10_000_000})
    with served(generous) as server:
        yield server, token


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.label for o in OPERATIONS])
def test_fuzzed_queries_never_fail_or_leak(
    partner: tuple[Served, str], operation: schemathesis.APIOperation
) -> None:
    server, token = partner
    statuses: list[int] = []

    @hypothesis.settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @hypothesis.given(case=operation.as_strategy())
    def check(case: schemathesis.Case) -> None:
        response = case.call(base_url=server.graphql, headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status_code)
        assert response.status_code < 500, (case.body, response.text)
        answer = response.json()
        assert "data" in answer or "errors" in answer, response.text
        for hidden in HIDDEN:
            assert hidden not in response.text, (hidden, case.body, response.text)
        if response.status_code == 200 and answer.get("errors"):
            codes = {e.get("extensions", {}).get("code") for e in answer["errors"]}
            assert "INTERNAL_SERVER_ERROR" not in codes, (case.body, response.text)

    check()
    field = operation.label.split(".")[1]
    if operation.label.startswith("Query.") and field in PARTNER_FIELDS:
        assert 200 in statuses, statuses  # the queries reached the resolvers
    else:
        assert set(statuses) == {403}, statuses  # refused before they ran
