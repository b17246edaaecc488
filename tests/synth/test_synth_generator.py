"""The synthetic archive: byte-for-byte determinism, the real format, counts and references."""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import tracemalloc
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from graph_platform.synth import TWEET_COLUMNS, SynthConfig, SynthResult, generate, snowflake_ms
from graph_platform.synth.account import USER_COLUMNS
from graph_platform.synth.index import INDEX_COLUMNS

CONFIG = SynthConfig(seed=11, tweets=6_000, releases=3, coordination=0.1)


def _digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return generate(CONFIG, tmp_path_factory.mktemp("synth"))


@pytest.fixture(scope="module")
def tweets(run: SynthResult) -> dict[str, dict[str, str]]:
    return {row["tweetid"]: row for path in run.tweets_files for row in _rows(path)}


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(
    run: SynthResult, tmp_path: Path
) -> None:
    again = generate(CONFIG, tmp_path / "again")
    assert again.truth_file is not None
    first = _digests(again.truth_file.parent)
    assert len(first) == 2 * CONFIG.releases + 2  # users + tweets per release, index, truth
    assert run.truth_file is not None
    assert _digests(run.truth_file.parent) == first
    other = generate(replace(CONFIG, seed=12), tmp_path / "other")
    assert other.truth_file is not None
    assert set(_digests(other.truth_file.parent).values()).isdisjoint(first.values())


def test_columns_quoting_and_file_names_follow_the_real_archive(
    run: SynthResult, shared_data: Path
) -> None:
    sample = shared_data / "twitter_io/russia_201901_1_tweets_sample.csv"
    real_header = sample.read_text(encoding="utf-8").split("\n", 1)[0]
    for release in run.releases:
        assert release.tweets_file.name == f"{release.release}_tweets_csv_hashed.csv"
        assert release.users_file.name == f"{release.release}_users_csv_hashed.csv"
        text = release.tweets_file.read_text(encoding="utf-8")
        assert text.split("\n", 1)[0] == real_header  # same 31 columns, every field quoted
        assert "\r" not in text
        header = release.users_file.read_text(encoding="utf-8").split("\n", 1)[0]
        assert header == ",".join(f'"{c}"' for c in USER_COLUMNS)
    assert len(TWEET_COLUMNS) == 31
    assert run.index_file is not None
    assert tuple(_rows(run.index_file)[0]) == INDEX_COLUMNS


def test_row_counts_add_up_per_release_and_in_total(run: SynthResult) -> None:
    assert [r.tweets for r in run.releases] == [2_000, 2_000, 2_000]
    assert sum(r.accounts for r in run.releases) == CONFIG.total_accounts
    for release in run.releases:
        assert len(_rows(release.tweets_file)) == release.tweets
        assert len(_rows(release.users_file)) == release.accounts
    assert run.index_file is not None
    index = {row["users_filename"]: row for row in _rows(run.index_file)}
    for release in run.releases:
        row = index[release.users_file.name]
        assert (int(row["accounts"]), int(row["tweets_count"])) == (
            release.accounts,
            release.tweets,
        )
        assert row["tweets_filename"] == release.tweets_file.name


def test_accounts_are_hashed_when_small_and_clear_when_large(
    run: SynthResult, tweets: dict[str, dict[str, str]]
) -> None:
    users = {row["userid"]: row for path in run.users_files for row in _rows(path)}
    hashed = [u for u in users.values() if int(u["follower_count"]) <= 5_000]
    clear = [u for u in users.values() if int(u["follower_count"]) > 5_000]
    assert hashed and clear
    for user in hashed:  # base64 of a SHA-256 digest, shown for name and handle too
        assert len(user["userid"]) == 44 and user["userid"].endswith("=")
        assert user["user_screen_name"] == user["user_display_name"] == user["userid"]
    for user in clear:
        assert user["userid"].isdigit() and user["user_screen_name"] != user["userid"]
    for row in tweets.values():  # every author is listed, with the same profile
        user = users[row["userid"]]
        assert row["user_screen_name"] == user["user_screen_name"]
        assert row["follower_count"] == user["follower_count"]


def test_tweet_values_parse_like_the_real_ones(tweets: dict[str, dict[str, str]]) -> None:
    for row in tweets.values():
        assert (row["latitude"], row["longitude"], row["poll_choices"]) == ("absent", "absent", "")
        assert len(row["tweet_time"]) == len("2017-08-06 08:15")
        assert snowflake_ms(int(row["tweetid"])) // 60_000 * 60_000 == _minute_ms(row)
        for column in ("hashtags", "urls", "user_mentions"):
            if row[column]:
                assert isinstance(ast.literal_eval(row[column]), list)
    retweets = [r for r in tweets.values() if r["is_retweet"] == "true"]
    assert retweets and all(r["tweet_text"].startswith("RT @") for r in retweets)
    assert all(len(r["tweet_text"]) <= 140 for r in retweets)


def _minute_ms(row: dict[str, str]) -> int:
    moment = datetime.strptime(row["tweet_time"], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def test_retweets_replies_and_quotes_point_at_earlier_generated_tweets(
    tweets: dict[str, dict[str, str]],
) -> None:
    inside = outside = 0
    for row in tweets.values():
        for column, author in (
            ("retweet_tweetid", "retweet_userid"),
            ("in_reply_to_tweetid", "in_reply_to_userid"),
            ("quoted_tweet_tweetid", None),
        ):
            target = row[column]
            if not target:
                continue
            assert int(target) < int(row["tweetid"])  # snowflakes: the target is older
            if target in tweets:
                inside += 1
                if author:
                    assert row[author] == tweets[target]["userid"]
            else:
                outside += 1
    assert inside > 3 * outside > 0


def test_memory_does_not_grow_with_the_number_of_tweets(tmp_path: Path) -> None:
    """Rows are streamed: 4× the tweets (same accounts, nothing planted) needs no more memory."""

    def peak(tweets: int) -> int:
        config = SynthConfig(seed=5, tweets=tweets, accounts=300, coordination=0.0)
        tracemalloc.start()
        generate(config, tmp_path / str(tweets))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(5_000), peak(20_000)
    assert large < 1.3 * small


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tweets": 0}, "tweets"),
        ({"releases": 0}, "releases"),
        ({"accounts": 5}, "accounts"),
        ({"coordination": 0.9}, "coordination"),
        ({"group_size": (2, 5)}, "group_size"),
        ({"prefix": "my_tweets"}, "prefix"),
        ({"start": date(2009, 1, 1)}, "start"),
    ],
)
def test_invalid_configs_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SynthConfig(**change)


def test_ground_truth_names_the_files_and_the_config(run: SynthResult) -> None:
    assert run.truth_file is not None
    truth = json.loads(run.truth_file.read_text(encoding="utf-8"))
    assert truth["config"]["seed"] == 11 and truth["config"]["tweets"] == 6_000
    assert [f["tweets_file"] for f in truth["files"]] == [p.name for p in run.tweets_files]
    assert [o["release"] for o in truth["operations"]] == [r.release for r in run.releases]


def test_second_precision_writes_the_snowflake_second(tmp_path: Path) -> None:
    config = SynthConfig(seed=2, tweets=300, time_precision="second", start=date(2019, 3, 1))
    run = generate(config, tmp_path)
    rows = _rows(run.tweets_files[0])
    assert len(rows) == 300
    for row in rows:
        assert row["tweet_time"] >= "2019-03-01" and len(row["tweet_time"]) == 19
        moment = datetime.strptime(row["tweet_time"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        assert int(moment.timestamp()) == snowflake_ms(int(row["tweetid"])) // 1000
