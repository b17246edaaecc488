"""The inline extractors on real tweets of the Twitter IO sample and on edge cases."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

from graph_platform.nlp.inline import (
    TRANSFORMS,
    domain,
    hashtags,
    mentions,
    normalise_url,
    urls,
)
from graph_platform.nlp.language import language


@pytest.fixture(scope="module")
def tweets(shared_data: Path) -> dict[str, dict[str, str]]:
    """The sample's rows by tweet id."""
    path = shared_data / "twitter_io/russia_201901_1_tweets_sample.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return {row["tweetid"]: row for row in csv.DictReader(file)}


def _listed(value: str | None) -> list[object]:
    return list(ast.literal_eval(value)) if value and value.startswith("[") else []


def test_hashtags_equal_the_archive_column_on_every_row(tweets: dict[str, dict[str, str]]) -> None:
    assert len(tweets) == 408
    differ = [
        tid
        for tid, row in tweets.items()
        if hashtags(row["tweet_text"]) != _listed(row["hashtags"])
    ]
    assert differ == []
    assert hashtags(tweets["894109669869985793"]["tweet_text"]) == [
        "SyrianArmy",
        "Hama",
        "InsideSyriaMC",
    ]
    assert hashtags(tweets["841662351510249472"]["tweet_text"]) == [
        "الجعفري",
        "أستانا",
        "سورية_النظر_من_الداخل",
    ]
    # Every occurrence, as the archive lists them.
    assert hashtags(tweets["956214873175728128"]["tweet_text"]) == ["ReleaseTheMemo"] * 14


def test_mentions_are_handles_as_written_and_match_the_archive_counts(
    tweets: dict[str, dict[str, str]],
) -> None:
    differ = [
        tid
        for tid, row in tweets.items()
        if len(mentions(row["tweet_text"])) != len(_listed(row["user_mentions"]))
    ]
    assert differ == []
    assert mentions(tweets["801220339720036352"]["tweet_text"]) == ["StateDept"]
    assert mentions(tweets["744707979149185024"]["tweet_text"]) == ["__TRVPCOCAINE"]
    # A truncated retweet: the cut-off `@J…` is no handle.
    assert mentions(tweets["850236975940370433"]["tweet_text"]) == [
        "Sheep2Wolves",
        "JBurtonXP",
        "Cernovich",
        "PrisonPlanet",
    ]


def test_urls_are_kept_as_published_with_their_domain(tweets: dict[str, dict[str, str]]) -> None:
    text = tweets["894109669869985793"]["tweet_text"]
    assert urls(text) == ["https://t.co/epSlyp3W71", "https://t.co/dpk3ry60Gl"]
    assert [domain(u) for u in urls(text)] == ["t.co", "t.co"]
    assert urls(tweets["548749959605280769"]["tweet_text"]) == ["http://t.co/WU6zpuKdjE"]
    assert urls(tweets["801220339720036352"]["tweet_text"]) == []
    total = sum(len(urls(row["tweet_text"])) for row in tweets.values())
    assert total == 318


def test_url_edge_cases() -> None:
    text = "see https://bit.ly/3xYz). and www.Example.com/a?utm_source=x&b=1#top, https://t.co/ab…"
    assert urls(text) == ["https://bit.ly/3xYz", "www.Example.com/a?utm_source=x&b=1#top"]
    assert [domain(u) for u in urls(text)] == ["bit.ly", "example.com"]
    assert normalise_url("HTTPS://WWW.Example.COM:443/Path?a=1&utm_medium=x#y") == (
        "https://www.example.com/Path?a=1"
    )
    assert normalise_url("https://bit.ly/3xYz") == "https://bit.ly/3xYz"
    assert normalise_url("http://t.co") == "http://t.co/"
    assert domain("https://www.Example.com.") == "example.com"
    assert domain("not a url") is None


def test_tags_and_mentions_need_a_word_boundary() -> None:
    assert hashtags("#1 #a1 abc#x #Syria🚨#Hama &#39; #foo#bar") == ["a1", "Syria", "Hama"]
    assert mentions("mail me@x.org, cc @Foo, @bar! and @toolongforatwitterhandle_") == [
        "Foo",
        "bar",
    ]


def test_language_on_sample_texts(tweets: dict[str, dict[str, str]]) -> None:
    assert language(tweets["894109669869985793"]["tweet_text"]) == "en"
    assert language(tweets["841662351510249472"]["tweet_text"]) == "ar"
    assert language(tweets["1002465300271566849"]["tweet_text"]) == "fr"
    assert language("Обновленная версия кроссовера Kia Sportage – уже в продаже в России") == "ru"
    assert language(tweets["548749959605280769"]["tweet_text"]) is None  # a bare link
    assert language("@foo https://t.co/x 12") is None
    labelled = [r for r in tweets.values() if r["tweet_language"] not in ("", "und")]
    agree = sum(language(r["tweet_text"]) == r["tweet_language"] for r in labelled)
    assert len(labelled) == 274
    assert agree / len(labelled) >= 0.9


def test_transforms_are_offered_under_mapping_names() -> None:
    assert TRANSFORMS["text_hashtags"]("a #b") == ["b"]
    assert TRANSFORMS["text_mentions"]("hi @c") == ["c"]
    assert TRANSFORMS["text_urls"]("x http://t.co/d") == ["http://t.co/d"]
    assert TRANSFORMS["text_language"]("This is plainly an English sentence.") == "en"
    assert TRANSFORMS["url_domain"]("https://www.bbc.co.uk/x") == "bbc.co.uk"
