"""The release index row of a synthetic release, in the columns of the real releases index.

One row per release, as `twitter_io_releases` reads it: the users file name (which carries the
release id), attribution (country and the affiliation as this release words it), totals and the
activity the tweets file shows. Columns no synthetic release has (media sizes, side files) are
left empty.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from graph_platform.synth.plan import ReleasePlan
from graph_platform.synth.timeline import ReleaseStats

INDEX_COLUMNS: tuple[str, ...] = (
    "users_filename", "accounts", "accounts_reported", "account_languages",
    "total_follower_count", "total_following_count", "users_information_size", "entry_date",
    "release_date", "attributed_country", "affiliation", "target_countries", "tweet_media_size",
    "description", "urls", "tweets_filename", "total_quote_count", "total_reply_count",
    "total_like_count", "total_retweet_count", "tweets_count", "hashtags", "hashtags_filename",
    "domains", "domains_filename", "georeverse_codes", "tweet_languages", "tweet_client_names",
    "first_tweet", "last_tweet", "activity_timeline", "tweets_information_size", "",
)  # fmt: skip
_REPORT_URL = "https://transparency.twitter.com/en/reports/information-operations.html"


def _top(counter: Counter[str], n: int | None = 25) -> str:
    return json.dumps(dict(counter.most_common(n)), ensure_ascii=True, separators=(",", ":"))


def _time(ms: int | None) -> str:
    return (
        "" if ms is None else datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:00")
    )


def index_row(
    release: ReleasePlan, stats: ReleaseStats, users_file: Path, tweets_file: Path
) -> list[str]:
    """The release's row in INDEX_COLUMNS order."""
    accounts = release.accounts
    return [
        users_file.name,
        str(len(accounts)),
        str(len(accounts)),
        _top(Counter(a.language for a in accounts), None),
        f"{float(sum(a.followers for a in accounts))}",
        f"{float(sum(a.following for a in accounts))}",
        str(users_file.stat().st_size),
        release.takedown.strftime("%d/%m/%Y"),
        release.takedown.strftime("%Y_%m"),
        release.actor.country,
        release.affiliation,
        "",
        "",
        f"{len(accounts)} accounts of a synthetic operation attributed to {release.affiliation}",
        _REPORT_URL,
        tweets_file.name,
        f"{float(stats.quotes)}",
        f"{float(stats.replies)}",
        f"{float(stats.likes)}",
        f"{float(stats.retweets)}",
        str(stats.tweets),
        _top(stats.hashtags),
        "",
        _top(stats.domains),
        "",
        "{}",
        _top(stats.languages, None),
        _top(stats.clients, None),
        _time(stats.first_ms),
        _time(stats.last_ms),
        json.dumps(dict(sorted(stats.months.items()))),
        str(tweets_file.stat().st_size),
        "",
    ]
