"""GraphQL over a coordination run on the real Neo4j: ties of an account and of an operation,
groups, the evidence behind a tie, suggestions and their review."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
from asgi_lifespan import LifespanManager

from graph_platform.access.principal import OPERATOR
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.run import CoordinationRunner
from graph_platform.api import create_app
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.synth.coshare import CoShareConfig, generate_coshares, write_tweets_csv

SMALL = CoShareConfig(
    seed=11, messages=1500, accounts=150, originals=200, days=2, groups=4, group_size=(4, 5),
    events=(5, 6), member_organic=2.0, burst_accounts=40, burst_minutes=10,
)  # fmt: skip


@pytest.fixture
def coordinated(empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path) -> dict[str, Any]:
    """The small synthetic file loaded, two reshare-group members without PART_OF, one run."""
    data = generate_coshares(SMALL)
    path = write_tweets_csv(data, tmp_path / "apitest_202403_1_tweets_csv_hashed.csv")
    runtime = Runtime(settings)
    mapping = Mapping.load("twitter_io_tweets", settings.loaders_dir, runtime.model)
    Loader(mapping, runtime.writer(empty_graph), tmp_path / "q", batch_size=500).load([path])
    group = next(members for kind, members in data.groups if kind == "reshare")
    with empty_graph.session(database=settings.neo4j_database) as session:
        ids = dict(session.run("MATCH (a:Account) RETURN a.platform_id, a.id").values())
        session.run(
            "MATCH (a:Account)-[r:PART_OF]->() WHERE a.platform_id IN $ids DELETE r",
            ids=group[:2],
        ).consume()
    runner = CoordinationRunner(
        empty_graph, runtime.database, runtime.queries, runtime.writer(empty_graph)
    )
    summary = runner.run(CoordinationParameters(min_repetitions=3))  # as in test_run_graph
    return {
        "members": [ids[m] for m in group],
        "unattributed": ids[group[0]],
        "run": summary.record.run_id,
        "groups": sum(1 for g in summary.groups if g.coordinated),
    }


@pytest.fixture
async def ask(settings: Settings, coordinated: dict[str, Any]) -> AsyncIterator[Any]:
    async with (
        LifespanManager(create_app(Runtime(settings))) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://api.test"
        ) as client,
    ):

        async def post(query: str, headers: dict[str, str] | None = None, **variables: Any) -> Any:
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
            )
            assert response.status_code == 200, response.text
            return response.json()

        yield post


TIE = (
    "account partner weight accountWeight partnerWeight confidence runId "
    "evidence { kind object accountPost partnerPost accountTime partnerTime }"
)


async def test_ties_groups_evidence_and_suggestions(ask: Any, coordinated: dict[str, Any]) -> None:
    member = coordinated["members"][2]
    answer = await ask(
        f"query($a: ID) {{ coordinatedAccounts(accountId: $a) {{ {TIE} }} }}", a=member
    )
    ties = answer["data"]["coordinatedAccounts"]
    partners = {t["partner"] for t in ties}
    assert len(partners & set(coordinated["members"])) >= 2
    assert all(t["account"] == member and t["weight"] >= 2 and t["evidence"] for t in ties)
    assert {e["kind"] for t in ties for e in t["evidence"]} >= {"reshare"}

    tie = next(t for t in ties if t["partner"] in coordinated["members"])
    answer = await ask(
        f"query($a: ID!, $b: ID!) {{ coordinationEvidence(accountId: $a, partnerId: $b) "
        f"{{ {TIE} }} }}",
        a=tie["partner"], b=member,
    )  # fmt: skip
    reverse = answer["data"]["coordinationEvidence"]
    assert (reverse["account"], reverse["accountWeight"]) == (tie["partner"], tie["partnerWeight"])
    assert [e["partnerPost"] for e in reverse["evidence"]] == [
        e["accountPost"] for e in tie["evidence"]
    ]

    answer = await ask("{ coordinationGroups { id runId size density coordinated members } }")
    groups = answer["data"]["coordinationGroups"]
    assert len(groups) == coordinated["groups"] == 4
    assert all(g["coordinated"] and g["runId"] == coordinated["run"] for g in groups)
    # The reshare group's core: only its members, the unattributed one among them (a member
    # tied to the others by a single tie is trimmed off the core, see analytics/groups.py).
    planted = set(coordinated["members"])
    assert any(
        set(g["members"]) <= planted and coordinated["unattributed"] in g["members"]
        and g["size"] >= 3
        for g in groups
    )  # fmt: skip

    answer = await ask(
        "query($a: ID!) { coordinationSuggestions(accountId: $a) "
        "{ operation status confidence partners } }",
        a=coordinated["unattributed"],
    )  # fmt: skip
    (suggestion,) = answer["data"]["coordinationSuggestions"]
    assert suggestion["status"] == "pending" and suggestion["confidence"] >= 0.9
    # Attribution shows the suggestion, marked inferred (never as a source's fact).
    answer = await ask(
        "query($a: ID!) { attribution(accountId: $a) { nodes { inferred confidence "
        "operation { id } hops { type inferred confidence } } } }",
        a=coordinated["unattributed"],
    )
    suggested = [
        p for p in answer["data"]["attribution"]["nodes"]
        if p["operation"]["id"] == suggestion["operation"]
    ]  # fmt: skip
    assert suggested and all(p["inferred"] for p in suggested)
    assert all(
        h["inferred"] == (h["type"] == "SUGGESTED_PART_OF") for p in suggested for h in p["hops"]
    )
    first = suggested[0]["hops"][0]
    assert first["type"] == "SUGGESTED_PART_OF"
    assert first["confidence"] == pytest.approx(suggestion["confidence"])
    assert suggested[0]["confidence"] == pytest.approx(
        math.prod(h["confidence"] for h in suggested[0]["hops"])
    )
    answer = await ask(
        "mutation($a: ID!, $o: ID!) { reviewSuggestion(accountId: $a, operationId: $o, "
        'confirm: true, reason: "same campaign") { status reviewedBy reviewReason } }',
        a=coordinated["unattributed"], o=suggestion["operation"],
    )  # fmt: skip
    assert answer["data"]["reviewSuggestion"] == {  # no keys configured: the local operator
        "status": "confirmed", "reviewedBy": OPERATOR.name, "reviewReason": "same campaign",
    }  # fmt: skip


async def test_coordination_arguments_are_checked(ask: Any, coordinated: dict[str, Any]) -> None:
    answer = await ask("{ coordinatedAccounts { account } }")
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    answer = await ask(
        'mutation { reviewSuggestion(accountId: "x", operationId: "y", confirm: false, '
        'reason: "r") { status } }'
    )
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"
