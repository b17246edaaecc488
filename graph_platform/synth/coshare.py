"""Co-sharing activity with planted coordination, for testing and benchmarking its detection.

Organic accounts reshare earlier posts (Zipf-popular, a lognormal delay after the original) and
write posts of their own (some with a Zipf-popular URL or hashtag); how active an account is
follows a Zipf law too. Planted groups act together again and again: in each event most members
share the same new post, URL or campaign hashtag, or post near-identical text, within
`jitter_seconds` of each other. One "breaking news" burst has thousands of organic accounts share
one story (its URL, a reshare of the outlet's post) within minutes, so a detector must tell a
crowd from a group. Everything is drawn from one seeded generator: the same config, the same
messages. Memory holds the columns (about 150 bytes a message).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from graph_platform.synth.mint import IdMint
from graph_platform.synth.text import TextMaker
from graph_platform.synth.timeline import TWEET_COLUMNS
from graph_platform.synth.vocabulary import ADJECTIVES, PLACES, URL_WORDS

GroupKind = Literal["reshare", "url", "hashtag", "text"]
GROUP_KINDS: tuple[GroupKind, ...] = ("reshare", "url", "hashtag", "text")
#: Columns of the coordination-network-toolkit's CSV input (its `preprocess --format csv`).
TOOLKIT_COLUMNS = ("message_id", "user_id", "username", "repost_id", "reply_id", "message",
                   "timestamp", "urls")  # fmt: skip


@dataclass(frozen=True)
class CoShareConfig:
    """Parameters of one synthetic co-sharing run; the same config yields the same messages."""

    seed: int = 1
    messages: int = 1_000_000
    accounts: int = 50_000
    originals: int = 200_000
    days: int = 30
    start: datetime = datetime(2024, 3, 1, tzinfo=UTC)
    #: Organic messages that reshare a post; the rest are posts of the account's own.
    reshare_share: float = 0.8
    object_zipf: float = 1.0
    account_zipf: float = 1.0
    delay_median_seconds: float = 1800.0
    #: Own posts with a URL / with a hashtag (drawn from Zipf-popular pools).
    url_share: float = 0.3
    hashtag_share: float = 0.3
    groups: int = 30
    group_size: tuple[int, int] = (5, 12)
    events: tuple[int, int] = (8, 12)
    #: Chance that a member takes part in one event of its group.
    participation: float = 0.8
    jitter_seconds: int = 20
    group_kinds: tuple[GroupKind, ...] = GROUP_KINDS
    #: Organic shares each planted account makes besides its group's events (on average).
    member_organic: float = 10.0
    burst_accounts: int = 3000
    burst_minutes: int = 30
    #: Give own posts a text (off for a pure reshare input, e.g. the peer benchmark).
    texts: bool = True

    def __post_init__(self) -> None:
        problems = []
        low, high = self.group_size
        if not 2 <= low <= high:
            problems.append("group_size must be (low, high) with 2 <= low <= high")
        if not 1 <= self.events[0] <= self.events[1]:
            problems.append("events must be (low, high) with 1 <= low <= high")
        if not 0 < self.participation <= 1:
            problems.append("participation must be in (0, 1]")
        if self.burst_accounts > self.accounts:
            problems.append("burst_accounts must not exceed accounts")
        if self.messages < 10 or self.accounts < 10 or self.originals < 1:
            problems.append("messages and accounts must be at least 10, originals at least 1")
        if problems:
            raise ValueError("; ".join(problems))


@dataclass
class CoShareData:
    """The messages in time order, parallel columns, and the ground truth."""

    message_id: NDArray[np.int64]
    account: list[str]
    time: NDArray[np.int64]  # unix seconds
    reshare_of: list[str | None]  # id of the reshared post
    text: list[str]
    urls: list[list[str]]
    hashtags: list[list[str]]
    #: Planted groups: kind and member accounts.
    groups: list[tuple[GroupKind, list[str]]] = field(default_factory=list)
    #: Organic accounts that took part in the burst, and the burst's time span (unix seconds).
    burst_accounts: set[str] = field(default_factory=set)
    burst_span: tuple[int, int] = (0, 0)

    def __len__(self) -> int:
        return len(self.message_id)

    @property
    def planted_accounts(self) -> set[str]:
        return {member for _, members in self.groups for member in members}


def _zipf_weights(n: int, exponent: float, rng: np.random.Generator) -> NDArray[np.float64]:
    """Zipf probabilities over `n` items in a random order (rank 1 is a random item)."""
    weights = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    rng.shuffle(weights)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


class _Builder:
    """Collects messages from the generators below, then orders them by time."""

    def __init__(self) -> None:
        self.account: list[str] = []
        self.time: list[int] = []
        self.reshare_of: list[str | None] = []
        self.text: list[str] = []
        self.urls: list[list[str]] = []
        self.hashtags: list[list[str]] = []

    def add(
        self,
        account: str,
        time: int,
        reshare_of: str | None = None,
        text: str = "",
        urls: list[str] | None = None,
        hashtags: list[str] | None = None,
    ) -> None:
        self.account.append(account)
        self.time.append(time)
        self.reshare_of.append(reshare_of)
        self.text.append(text)
        self.urls.append(urls or [])
        self.hashtags.append(hashtags or [])


def generate_coshares(config: CoShareConfig) -> CoShareData:
    """All messages of `config`: organic background, planted group events, the burst."""
    rng = np.random.default_rng(config.seed)
    text_rng = random.Random(f"coshare-text:{config.seed}")
    texts = TextMaker(text_rng)
    start = int(config.start.timestamp())
    span = config.days * 86_400
    organic = [f"u{i:07d}" for i in rng.permutation(config.accounts)]
    built = _Builder()

    planted: list[tuple[GroupKind, list[str]]] = []
    for g in range(config.groups):
        size = int(rng.integers(config.group_size[0], config.group_size[1] + 1))
        kind = config.group_kinds[g % len(config.group_kinds)]
        planted.append((kind, [f"c{g:04d}m{k:02d}" for k in range(size)]))
    members = [m for _, group in planted for m in group]
    event_messages = sum(
        len(group) * (config.events[0] + config.events[1]) / 2 * config.participation
        for _, group in planted
    )
    burst_messages = round(config.burst_accounts * 1.3)
    member_organic = round(len(members) * config.member_organic)
    background = config.messages - round(event_messages) - burst_messages - member_organic
    if background < config.messages // 2:
        raise ValueError("planted events and the burst leave too few background messages")

    _plant_groups(config, planted, built, rng, texts, start, span)
    crowd, burst_span = _burst(config, organic, built, rng, texts, start, span)
    # Organic background; planted accounts take part in it as light users.
    weights = _zipf_weights(config.accounts, config.account_zipf, rng)
    authors = rng.choice(config.accounts, size=background, p=weights)
    author_names = [organic[i] for i in authors.tolist()]
    author_names += [members[i] for i in rng.integers(0, len(members), member_organic).tolist()]
    total = len(author_names)
    popularity = _zipf_weights(config.originals, config.object_zipf, rng)
    original_time = start + rng.integers(-86_400, span, config.originals)
    is_reshare = rng.random(total) < config.reshare_share
    target = rng.choice(config.originals, size=total, p=popularity)
    delay = rng.lognormal(np.log(config.delay_median_seconds), 1.5, total).astype(np.int64)
    reshare_time = np.minimum(original_time[target] + 1 + delay, start + span - 1)
    reshare_time = np.maximum(reshare_time, start)
    own_time = start + rng.integers(0, span, total)
    url_pool = _zipf_weights(50_000, 1.0, rng)
    tag_pool = _zipf_weights(2_000, 1.0, rng)
    with_url = rng.random(total) < config.url_share
    with_tag = rng.random(total) < config.hashtag_share
    url_pick = rng.choice(50_000, size=total, p=url_pool)
    tag_pick = rng.choice(2_000, size=total, p=tag_pool)
    for i, author in enumerate(author_names):
        if is_reshare[i]:
            built.add(author, int(reshare_time[i]), reshare_of=f"o{int(target[i])}")
        else:
            built.add(
                author,
                int(own_time[i]),
                text=texts.sentence() if config.texts else "",
                urls=[f"https://news.example/{int(url_pick[i])}"] if with_url[i] else [],
                hashtags=[f"topic{int(tag_pick[i])}"] if with_tag[i] else [],
            )
    order = np.argsort(np.asarray(built.time, dtype=np.int64), kind="stable")
    data = CoShareData(
        message_id=np.arange(1, len(order) + 1, dtype=np.int64) + 10_000_000,
        account=[built.account[i] for i in order],
        time=np.asarray(built.time, dtype=np.int64)[order],
        reshare_of=[built.reshare_of[i] for i in order],
        text=[built.text[i] for i in order],
        urls=[built.urls[i] for i in order],
        hashtags=[built.hashtags[i] for i in order],
        groups=planted,
        burst_accounts=crowd,
        burst_span=burst_span,
    )
    return data


def _plant_groups(
    config: CoShareConfig,
    planted: list[tuple[GroupKind, list[str]]],
    built: _Builder,
    rng: np.random.Generator,
    texts: TextMaker,
    start: int,
    span: int,
) -> None:
    """Each group's events: most members share one new object within the jitter."""
    for g, (kind, group) in enumerate(planted):
        campaign = f"{ADJECTIVES[g % len(ADJECTIVES)]}{PLACES[g % len(PLACES)]}{g}".lower()
        campaign = "".join(c for c in campaign if c.isalnum())
        events = int(rng.integers(config.events[0], config.events[1] + 1))
        for e in range(events):
            at = start + int(rng.integers(3600, span - 3600))
            base = texts.sentence()
            url = f"https://{URL_WORDS[g % len(URL_WORDS)]}.example/{g}/{e}"
            for member in group:
                if rng.random() >= config.participation:
                    continue
                when = at + int(rng.integers(0, config.jitter_seconds + 1))
                if kind == "reshare":
                    built.add(member, when, reshare_of=f"p{g}-{e}")
                elif kind == "url":
                    built.add(member, when, text=texts.near_copy(base), urls=[url])
                elif kind == "hashtag":
                    built.add(member, when, text=texts.sentence(), hashtags=[campaign])
                else:
                    built.add(member, when, text=texts.near_copy(base))


def _burst(
    config: CoShareConfig,
    organic: list[str],
    built: _Builder,
    rng: np.random.Generator,
    texts: TextMaker,
    start: int,
    span: int,
) -> tuple[set[str], tuple[int, int]]:
    """Breaking news: organic accounts share one story within minutes (some twice: its URL in a
    post of their own and a reshare of the outlet's post). Returns the crowd and its time span."""
    at = start + span // 2
    end = at + config.burst_minutes * 60
    if not config.burst_accounts:
        return set(), (at, at)
    crowd = rng.choice(len(organic), size=config.burst_accounts, replace=False)
    scale = config.burst_minutes * 60 / 4
    for i in crowd.tolist():
        account = organic[i]
        shares = 2 if rng.random() < 0.3 else 1
        for s in range(shares):
            when = min(at + int(rng.exponential(scale)), end)
            if (s == 0) == (rng.random() < 0.5):
                built.add(account, when, reshare_of="o-burst")
            else:
                built.add(
                    account,
                    when,
                    text=texts.sentence() if config.texts else "",
                    urls=["https://outlet.example/breaking"],
                    hashtags=["breaking"],
                )
    return {organic[i] for i in crowd.tolist()}, (at, end)


def write_toolkit_csv(data: CoShareData, path: Path) -> Path:
    """The messages in the coordination-network-toolkit's CSV input format."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TOOLKIT_COLUMNS)
        for i in range(len(data)):
            writer.writerow(
                [
                    int(data.message_id[i]),
                    data.account[i],
                    data.account[i],
                    data.reshare_of[i] or "",
                    "",
                    data.text[i],
                    int(data.time[i]),
                    " ".join(data.urls[i]),
                ]
            )
    return path


def write_tweets_csv(
    data: CoShareData, path: Path, seed: int = 1, parts: list[tuple[Path, int, int]] | None = None
) -> Path:
    """The messages as a Twitter IO tweets file (TWEET_COLUMNS), loadable with the
    `twitter_io_tweets` loader: snowflake tweet ids carry the millisecond, `tweet_time` the
    second; reshared posts get snowflake ids of their own (minted an hour before the first
    reshare). `parts` ((path, start, end) message ranges) splits the messages over several
    files instead, with the same ids (for loading new posts later)."""
    mint = IdMint(seed, random.Random(f"coshare-ids:{seed}"))
    originals: dict[str, int] = {}
    column = {name: i for i, name in enumerate(TWEET_COLUMNS)}
    for part_path, start, end in parts or [(path, 0, len(data))]:
        with part_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(TWEET_COLUMNS)
            for i in range(start, end):
                at_ms = int(data.time[i]) * 1000
                row = [""] * len(TWEET_COLUMNS)
                row[column["tweetid"]] = str(mint.tweet_id(at_ms))
                row[column["userid"]] = data.account[i]
                row[column["user_screen_name"]] = data.account[i]
                row[column["tweet_time"]] = datetime.fromtimestamp(at_ms / 1000, UTC).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
                row[column["tweet_text"]] = data.text[i]
                reshared = data.reshare_of[i]
                row[column["is_retweet"]] = "true" if reshared else "false"
                if reshared:
                    if reshared not in originals:
                        originals[reshared] = mint.tweet_id(at_ms - 3_600_000)
                    row[column["retweet_tweetid"]] = str(originals[reshared])
                row[column["hashtags"]] = repr(data.hashtags[i])
                row[column["urls"]] = repr(data.urls[i])
                row[column["user_mentions"]] = "[]"
                writer.writerow(row)
    return path
