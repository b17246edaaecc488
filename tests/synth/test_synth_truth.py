"""The planted structure can be recovered from the files alone, as the ground truth says."""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections import defaultdict
from datetime import datetime
from typing import Any

import pytest

from graph_platform.synth import SynthConfig, SynthResult, generate, snowflake_ms

CONFIG = SynthConfig(seed=23, tweets=8_000, releases=4, coordination=0.1, window_seconds=5)
T_CO = re.compile(r"\s*https://t\.co/\w+")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return generate(CONFIG, tmp_path_factory.mktemp("synth"))


@pytest.fixture(scope="module")
def truth(run: SynthResult) -> dict[str, Any]:
    assert run.truth_file is not None
    document: dict[str, Any] = json.loads(run.truth_file.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def tweets(run: SynthResult) -> list[dict[str, str]]:
    rows = []
    for path in run.tweets_files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def _posts_of(tweets: list[dict[str, str]], kind: str, value: str) -> list[dict[str, str]]:
    """The tweets that carry `value` the way a group of `kind` shares it."""
    if kind == "url":
        return [t for t in tweets if f"'{value}'" in t["urls"]]
    if kind == "hashtag":
        return [t for t in tweets if f"'{value}'" in t["hashtags"]]
    return [t for t in tweets if t["retweet_tweetid"] == value]


def test_every_kind_of_group_is_planted_in_every_release(
    truth: dict[str, Any], run: SynthResult
) -> None:
    groups = truth["coordinated_groups"]
    for release in run.releases:
        kinds = {g["kind"] for g in groups if g["release"] == release.release}
        assert kinds == {"url", "hashtag", "retweet", "text"}
    planted = sum(len(e["tweets"]) for g in groups for e in g["events"])
    assert 0.08 * CONFIG.tweets <= planted <= 0.11 * CONFIG.tweets


def test_group_events_are_recovered_from_shared_values_within_the_window(
    truth: dict[str, Any], tweets: list[dict[str, str]]
) -> None:
    """Who posts an event's URL / hashtag / retweet within the window is exactly its accounts;
    decoys post the same value outside any window of the group."""
    window_ms = CONFIG.window_seconds * 1000
    checked = 0
    for group in truth["coordinated_groups"]:
        if group["kind"] == "text":
            continue
        members = set(group["members"])
        for event in group["events"]:
            start = _ms(event["at"])
            posts = _posts_of(tweets, group["kind"], event["value"])
            in_window = {
                t["userid"]
                for t in posts
                if start <= snowflake_ms(int(t["tweetid"])) <= start + window_ms
            }
            assert in_window == set(event["accounts"]) <= members
            assert len(in_window) >= 3
            checked += 1
        for decoy in group["decoys"]:
            assert decoy["account"] not in members
            at = _ms(decoy["at"])
            assert all(abs(at - _ms(e["at"])) > window_ms for e in group["events"])
            assert decoy["tweet"] in {
                t["tweetid"] for t in _posts_of(tweets, group["kind"], decoy["value"])
            }
    assert checked > 20


def test_retweet_groups_amplify_their_leader(
    truth: dict[str, Any], tweets: list[dict[str, str]]
) -> None:
    by_id = {t["tweetid"]: t for t in tweets}
    groups = [g for g in truth["coordinated_groups"] if g["kind"] == "retweet"]
    assert groups
    for group in groups:
        assert group["leader"] not in group["members"]
        for event in group["events"]:
            assert by_id[event["value"]]["userid"] == group["leader"]


def test_text_groups_post_near_identical_texts_within_the_window(
    truth: dict[str, Any], tweets: list[dict[str, str]]
) -> None:
    by_id = {t["tweetid"]: t for t in tweets}
    window_ms = CONFIG.window_seconds * 1000
    groups = [g for g in truth["coordinated_groups"] if g["kind"] == "text"]
    assert groups
    for group in groups:
        for event in group["events"]:
            posts = [by_id[t] for t in event["tweets"]]
            assert {p["userid"] for p in posts} == set(event["accounts"])
            times = [snowflake_ms(int(p["tweetid"])) for p in posts]
            assert max(times) - min(times) <= window_ms
            texts = [T_CO.sub("", p["tweet_text"]) for p in posts]
            for text in texts:
                same = difflib.SequenceMatcher(None, text.lower(), event["value"].lower())
                assert same.ratio() >= 0.8


def test_operations_list_every_account_of_their_release(
    truth: dict[str, Any], run: SynthResult, tweets: list[dict[str, str]]
) -> None:
    members = {o["release"]: set(o["members"]) for o in truth["operations"]}
    for release in run.releases:
        with release.users_file.open(encoding="utf-8", newline="") as handle:
            assert {u["userid"] for u in csv.DictReader(handle)} == members[release.release]
    authors: dict[str, set[str]] = defaultdict(set)
    for path in run.tweets_files:
        with path.open(encoding="utf-8", newline="") as handle:
            authors[path.name.split("_tweets_")[0]] |= {t["userid"] for t in csv.DictReader(handle)}
    for release, posted in authors.items():
        assert posted <= members[release]


def test_handle_variants_are_distinct_clear_accounts_of_one_persona(
    truth: dict[str, Any], run: SynthResult
) -> None:
    users = {}
    for path in run.users_files:
        with path.open(encoding="utf-8", newline="") as handle:
            users |= {u["userid"]: u for u in csv.DictReader(handle)}
    personas = truth["handle_variants"]
    assert personas
    for persona in personas:
        accounts = persona["accounts"]
        assert len(accounts) >= 2 and len({a["userid"] for a in accounts}) == len(accounts)
        handles = [users[a["userid"]]["user_screen_name"] for a in accounts]
        assert handles[0] == persona["persona"]  # TEN_GOP, then ten_gop, TEN_GOP_ …
        assert len(set(handles)) == len(handles)
        assert {h.lower().rstrip("_2") for h in handles} == {persona["persona"].lower()}


def test_actor_name_variants_are_what_the_release_index_attributes(
    truth: dict[str, Any], run: SynthResult
) -> None:
    assert run.index_file is not None
    with run.index_file.open(encoding="utf-8", newline="") as handle:
        affiliation = {
            r["users_filename"].split("_users")[0]: r["affiliation"] for r in csv.DictReader(handle)
        }
    ira = next(a for a in truth["actors"] if a["key"] == "ira")
    names = {r["name"] for r in ira["releases"]}
    assert names == {"Internet Research Agency", "IRA"}  # releases 0 and 1
    for actor in truth["actors"]:
        for release in actor["releases"]:
            assert affiliation[release["release"]] == release["name"]
            assert release["name"] in actor["variants"]
