"""Posts out of Neo4j into Arrow batches of shares and texts, a page at a time.

Each page of `coordination.*` rows (a post, its author, time, text and the ids of the objects it
shares) becomes one RecordBatch of shares and one of texts. A share's time is the post's
`created_at`, to the millisecond where the platform's id says it: Twitter's archives give
`tweet_time` to the minute, but a tweet id is a snowflake that carries the millisecond (used
when it agrees with `created_at` within a minute). Reshares have no text of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j
import neo4j.time
import pyarrow as pa

from graph_platform.analytics.graph_queries import GraphQueries
from graph_platform.analytics.share_table import SHARE_SCHEMA, TEXT_SCHEMA, ShareTable
from graph_platform.synth.mint import snowflake_ms

#: Row field → object kind.
OBJECT_FIELDS = (
    ("urls", "url"),
    ("domains", "domain"),
    ("hashtags", "hashtag"),
    ("reshares", "reshare"),
    ("quotes", "quote"),
    ("replies", "reply"),
)
_MINUTE_MS = 60_000


def _millis(value: Any) -> int:
    if isinstance(value, neo4j.time.DateTime):
        value = value.to_native()
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    return round(value.timestamp() * 1000)


def share_time_ms(platform: str | None, platform_id: str | None, created_at: Any) -> int:
    """The post's time in ms: the Twitter snowflake's when it agrees with `created_at`."""
    created = _millis(created_at)
    if platform == "twitter" and platform_id and platform_id.isdigit():
        precise = snowflake_ms(int(platform_id))
        if abs(precise - created) < _MINUTE_MS:
            return precise
    return created


@dataclass
class PostPage:
    """One page of posts as Arrow, and the checkpoint of its last post."""

    shares: pa.RecordBatch
    texts: pa.RecordBatch
    posts: int
    last_loaded_at: Any
    last_id: str | None


def to_page(rows: Sequence[Any]) -> PostPage:
    """Rows of a coordination.posts_* query as a page of shares and texts."""
    shares: dict[str, list[Any]] = {name: [] for name in SHARE_SCHEMA.names}
    texts: dict[str, list[Any]] = {name: [] for name in TEXT_SCHEMA.names}
    for row in rows:
        post, account = row["id"], row["account"]
        at = share_time_ms(row["platform"], row["platform_id"], row["created_at"])
        for field, kind in OBJECT_FIELDS:
            for obj in row[field] or ():
                shares["message"].append(post)
                shares["account"].append(account)
                shares["kind"].append(kind)
                shares["object"].append(obj)
                shares["time_ms"].append(at)
        if row["text"] and not row["is_reshare"] and not row["reshares"]:
            texts["message"].append(post)
            texts["account"].append(account)
            texts["time_ms"].append(at)
            texts["text"].append(row["text"])
    last = rows[-1] if rows else None
    return PostPage(
        pa.RecordBatch.from_pydict(shares, SHARE_SCHEMA),
        pa.RecordBatch.from_pydict(texts, TEXT_SCHEMA),
        len(rows),
        last["loaded_at"] if last else None,
        last["id"] if last else None,
    )


def collect(pages: Iterable[PostPage]) -> tuple[ShareTable, int]:
    """Pages joined into one ShareTable, and the number of posts."""
    shares, texts, posts = [], [], 0
    for page in pages:
        shares.append(page.shares)
        texts.append(page.texts)
        posts += page.posts
    return ShareTable.from_batches(shares, texts), posts


class PostExport:
    """Reads posts for coordination runs through the named queries, in pages."""

    def __init__(self, graph: GraphQueries, page_size: int = 5000) -> None:
        self.graph = graph
        self.page_size = page_size

    def after(
        self,
        after_loaded_at: Any,
        after_id: str | None,
        until_loaded_at: Any,
        platform: str | None,
    ) -> Iterator[PostPage]:
        """Pages of the posts loaded after a checkpoint (None: from the start) up to a time."""
        while True:
            rows = self.graph.read(
                "coordination.posts_after",
                after_loaded_at=after_loaded_at,
                after_id=after_id,
                until_loaded_at=until_loaded_at,
                platform=platform,
                limit=self.page_size,
            )
            if not rows:
                return
            page = to_page(rows)
            yield page
            if len(rows) < self.page_size:
                return
            after_loaded_at, after_id = page.last_loaded_at, page.last_id

    def of_accounts(
        self, accounts: Sequence[str], until_loaded_at: Any, platform: str | None
    ) -> Iterator[PostPage]:
        """Every post of `accounts`, a page of accounts at a time."""
        return self._batched(
            "coordination.posts_of_accounts", "accounts", accounts, self.page_size // 50,
            until_loaded_at=until_loaded_at, platform=platform,
        )  # fmt: skip

    def sharing(
        self, windows: Sequence[dict[str, Any]], until_loaded_at: Any, platform: str | None
    ) -> Iterator[PostPage]:
        """Posts sharing the objects of `windows` ({object, start, end}) within their times."""
        return self._batched(
            "coordination.posts_sharing", "windows", windows, self.page_size // 10,
            until_loaded_at=until_loaded_at, platform=platform,
        )  # fmt: skip

    def with_text_between(
        self, ranges: Sequence[dict[str, Any]], until_loaded_at: Any, platform: str | None
    ) -> Iterator[PostPage]:
        """Posts with text created within one of `ranges` ({start, end})."""
        return self._batched(
            "coordination.posts_with_text_between", "ranges", ranges, self.page_size // 10,
            until_loaded_at=until_loaded_at, platform=platform,
        )  # fmt: skip

    def _batched(
        self, name: str, key: str, items: Sequence[Any], step: int, **params: Any
    ) -> Iterator[PostPage]:
        step = max(step, 1)
        for start in range(0, len(items), step):
            yield to_page(
                self.graph.read(name, **{key: list(items[start : start + step])}, **params)
            )
