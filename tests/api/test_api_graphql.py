"""The GraphQL API against the seeded graph in real Neo4j, through the app and its lifespan."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Ask = Callable[..., Awaitable[dict[str, Any]]]

ATTRIBUTION = """
query ($accountId: ID!) {
  attribution(accountId: $accountId) {
    totalCount
    nodes {
      confidence actorStatus inferred
      account { id handle }
      operation { id name releaseId }
      partOf { confidence firstSeen lastSeen sources { id title url publisher publishedAt } }
      actor {
        __typename id labels caption
        # One nullability per field name: `name` on both types in one selection.
        ... on LegalEntity { name aliases country }
        ... on Location { name countryCode }
      }
      attributedTo { confidence firstSeen lastSeen sources { id title publisher } }
      hops { type from to }
    }
  }
}
"""
ACCOUNT = """
query ($id: ID, $platform: String, $handle: String) {
  account(id: $id, platform: $platform, handle: $handle) {
    __typename id handle handleKey platform followers following createdAt firstSeen sources
    labels caption idHashed
  }
}
"""

TWITTER_IO = {
    "id": "src-twitter-io",
    "title": "Twitter information operations release ira_201810",
    "url": "https://transparency.example/ira_201810",
    "publisher": "Twitter",
    "publishedAt": "2018-10-17T00:00:00+00:00",
}


async def test_attribution_returns_ranked_paths_with_evidence(ask: Ask) -> None:
    answer = await ask(ATTRIBUTION, accountId="acc-1")

    assert "errors" not in answer, answer
    assert answer["data"]["attribution"]["totalCount"] == 3
    paths = answer["data"]["attribution"]["nodes"]
    assert [(p["operation"]["id"], p["actor"] and p["actor"]["id"]) for p in paths] == [
        ("op-ira", "org-ira"),
        ("op-ira", "loc-ru"),
        ("op-other", None),
    ]
    best, second, unattributed = paths
    assert best["confidence"] == 0.9 * 0.8
    assert second["confidence"] == 0.9 * 0.6
    assert unattributed["confidence"] == 0.5
    assert [p["actorStatus"] for p in paths] == ["KNOWN", "KNOWN", "UNKNOWN"]
    assert not any(p["inferred"] for p in paths)
    assert best["hops"] == [
        {"type": "PART_OF", "from": "acc-1", "to": "op-ira"},
        {"type": "ATTRIBUTED_TO", "from": "op-ira", "to": "org-ira"},
    ]
    assert unattributed["hops"] == [{"type": "PART_OF", "from": "acc-1", "to": "op-other"}]
    assert best["account"] == {"id": "acc-1", "handle": "IRA_Troll"}
    assert best["operation"] == {"id": "op-ira", "name": "IRA", "releaseId": "ira_201810"}
    assert best["partOf"] == {
        "confidence": 0.9,
        "firstSeen": "2015-01-01T00:00:00+00:00",
        "lastSeen": "2017-11-30T00:00:00+00:00",
        "sources": [TWITTER_IO],
    }
    assert best["actor"] == {
        "__typename": "Organisation",
        "id": "org-ira",
        "labels": ["Entity", "LegalEntity", "Organisation"],
        "caption": "Internet Research Agency",
        "name": "Internet Research Agency",
        "aliases": ["IRA", "Glavset"],
        "country": ["ru"],
    }
    # Sources come ordered by id; an id without a Source node ('src-missing') is left out.
    assert best["attributedTo"] == {
        "confidence": 0.8,
        "firstSeen": "2018-10-17T00:00:00+00:00",
        "lastSeen": None,
        "sources": [
            {"id": "src-lab-report", "title": "Inside the troll factory", "publisher": "Lab"},
            {"id": "src-twitter-io", "title": TWITTER_IO["title"], "publisher": "Twitter"},
        ],
    }
    assert second["actor"] == {
        "__typename": "Location",
        "id": "loc-ru",
        "labels": ["Entity", "Location"],
        "caption": "Russia",
        "name": "Russia",
        "countryCode": "RU",
    }
    assert [s["id"] for s in second["attributedTo"]["sources"]] == ["src-news"]
    assert unattributed["actor"] is None
    assert unattributed["attributedTo"] is None
    assert [s["id"] for s in unattributed["partOf"]["sources"]] == ["src-lab-report"]


async def test_attribution_is_empty_for_unattributed_or_unknown_accounts(ask: Ask) -> None:
    empty = {"data": {"attribution": {"totalCount": 0, "nodes": []}}}
    assert (await ask(ATTRIBUTION, accountId="acc-2")) == empty
    assert (await ask(ATTRIBUTION, accountId="no-such-account")) == empty
    # An operation's id is not an account's.
    assert (await ask(ATTRIBUTION, accountId="op-ira")) == empty


async def test_attribution_pages_through_the_ranked_paths(ask: Ask) -> None:
    query = """query ($after: String) { attribution(accountId: "acc-1", first: 2, after: $after) {
        edges { cursor node { confidence } } pageInfo { hasNextPage endCursor } } }"""
    first = (await ask(query))["data"]["attribution"]
    assert [e["node"]["confidence"] for e in first["edges"]] == [0.9 * 0.8, 0.9 * 0.6]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await ask(query, after=first["pageInfo"]["endCursor"]))["data"]["attribution"]
    assert [e["node"]["confidence"] for e in rest["edges"]] == [0.5]
    assert rest["pageInfo"]["hasNextPage"] is False


def _account(answer: dict[str, Any]) -> dict[str, Any] | None:
    assert "errors" not in answer, answer
    account: dict[str, Any] | None = answer["data"]["account"]
    return account


async def test_account_by_id_has_typed_properties(ask: Ask) -> None:
    account = _account(await ask(ACCOUNT, id="acc-1"))

    assert account == {
        "__typename": "Account",
        "id": "acc-1",
        "handle": "IRA_Troll",
        "handleKey": "ira_troll",
        "platform": "twitter",
        "followers": 1200,
        "following": 310,
        "createdAt": "2014-06-01T08:30:00+00:00",
        "firstSeen": "2015-01-01T00:00:00+00:00",
        "sources": ["src-twitter-io"],
        "labels": ["Account", "Entity"],
        "caption": "IRA_Troll",
        "idHashed": False,
    }


async def test_account_by_handle_ignores_case_and_at_sign(ask: Ask) -> None:
    for handle in ("IRA_Troll", "ira_troll", "@Ira_TROLL", " ira_troll "):
        account = _account(await ask(ACCOUNT, platform="twitter", handle=handle))
        assert account is not None and account["id"] == "acc-1", handle
    account = _account(await ask(ACCOUNT, platform="Twitter", handle="bystander"))
    assert account is not None and account["id"] == "acc-2"


async def test_not_found_is_null_not_an_error(ask: Ask) -> None:
    assert _account(await ask(ACCOUNT, id="no-such-account")) is None
    assert _account(await ask(ACCOUNT, platform="twitter", handle="nobody")) is None
    assert _account(await ask(ACCOUNT, platform="mastodon", handle="ira_troll")) is None
    # An id of another type is not an account.
    assert _account(await ask(ACCOUNT, id="op-ira")) is None
    operation = await ask("query ($id: ID!) { operation(id: $id) { id } }", id="acc-1")
    assert operation == {"data": {"operation": None}}


async def test_operation_by_id(ask: Ask) -> None:
    answer = await ask(
        "query ($id: ID!) { operation(id: $id) { __typename id name caption attributedCountry } }",
        id="op-ira",
    )
    assert answer == {
        "data": {
            "operation": {
                "__typename": "InfluenceOperation",
                "id": "op-ira",
                "name": "IRA",
                "caption": "IRA",
                "attributedCountry": "Russia",
            }
        }
    }


async def test_entity_resolves_to_its_concrete_type(ask: Ask) -> None:
    query = "query ($id: ID!) { entity(id: $id) { __typename id caption } }"
    found = {
        id: (await ask(query, id=id))["data"]["entity"]
        for id in ("acc-1", "org-ira", "loc-ru", "src-news", "platform-twitter", "nope")
    }
    assert found == {
        "acc-1": {"__typename": "Account", "id": "acc-1", "caption": "IRA_Troll"},
        "org-ira": {
            "__typename": "Organisation",
            "id": "org-ira",
            "caption": "Internet Research Agency",
        },
        "loc-ru": {"__typename": "Location", "id": "loc-ru", "caption": "Russia"},
        "src-news": {
            "__typename": "Source",
            "id": "src-news",
            "caption": "Officials point at Moscow",
        },
        "platform-twitter": {
            "__typename": "Platform",
            "id": "platform-twitter",
            "caption": "twitter",
        },
        "nope": None,
    }


async def test_bad_account_arguments_are_a_clear_error(ask: Ask) -> None:
    for variables in ({}, {"platform": "twitter"}, {"handle": "x"}, {"id": "acc-1", "handle": "x"}):
        answer = await ask(ACCOUNT, **variables)
        assert answer["data"] == {"account": None}, variables
        assert [e["message"] for e in answer["errors"]] == [
            "account: give either `id`, or both `platform` and `handle`"
        ], variables
        assert answer["errors"][0]["path"] == ["account"]
        assert answer["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_a_missing_required_argument_is_rejected_before_running(ask: Ask) -> None:
    answer = await ask("{ attribution { totalCount } }")
    assert "data" not in answer or answer["data"] is None
    assert len(answer["errors"]) == 1
    assert "accountId" in answer["errors"][0]["message"]
    assert answer["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}


async def test_a_variable_of_the_wrong_type_says_so(ask: Ask) -> None:
    """A client's variable mistake is named, with its code, never "Unexpected error."."""
    answer = await ask(
        'query($first: Int!) { reviewQueue(kind: "Person", first: $first) { hasNextPage } }',
        first="twenty",
    )
    assert len(answer["errors"]) == 1
    error = answer["errors"][0]
    assert error["message"] == (
        "Variable '$first' has invalid value: Int cannot represent non-integer value: 'twenty'"
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
