"""Streams the tweets of one release in time order: background activity around planted events.

Background tweets are spread uniformly over the release's span (drawn as running order
statistics, so nothing is held in memory); planted tweets are merged in at their time. Retweets,
replies and quotes point at recent tweets of the same release (a bounded ring of them) or, now
and then, at outside accounts' tweets that are not in the file — as in the real archives.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate

from graph_platform.synth.account import SynthAccount
from graph_platform.synth.config import SynthConfig
from graph_platform.synth.mint import IdMint
from graph_platform.synth.plan import ExternalAccount, PlantedTweet, ReleasePlan
from graph_platform.synth.text import TextMaker
from graph_platform.synth.vocabulary import CLIENTS, URL_WORDS

TWEET_COLUMNS: tuple[str, ...] = (
    "tweetid", "userid", "user_display_name", "user_screen_name", "user_reported_location",
    "user_profile_description", "user_profile_url", "follower_count", "following_count",
    "account_creation_date", "account_language", "tweet_language", "tweet_text", "tweet_time",
    "tweet_client_name", "in_reply_to_userid", "in_reply_to_tweetid", "quoted_tweet_tweetid",
    "is_retweet", "retweet_userid", "retweet_tweetid", "latitude", "longitude", "quote_count",
    "reply_count", "like_count", "retweet_count", "hashtags", "urls", "user_mentions",
    "poll_choices",
)  # fmt: skip
_RECENT = 2_000
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class _Posted:
    """What a later retweet, reply or quote needs to know about a tweet."""

    tweet_id: int
    userid: str
    handle: str
    text: str
    language: str
    hashtags: tuple[str, ...]
    urls: tuple[str, ...]
    mentions: tuple[str, ...]


@dataclass
class ReleaseStats:
    """Totals of the written tweets, for the release index."""

    tweets: int = 0
    first_ms: int | None = None
    last_ms: int | None = None
    quotes: int = 0
    replies: int = 0
    likes: int = 0
    retweets: int = 0
    hashtags: Counter[str] = field(default_factory=Counter)
    domains: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    clients: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)


def _py_list(values: tuple[str, ...] | list[str]) -> str:
    """A Python list literal as the archives write it: numbers bare, hashes and words quoted."""
    return "[" + ", ".join(v if v.isdigit() else repr(v) for v in values) + "]"


class Timeline:
    """The rows of one release's tweets file, in TWEET_COLUMNS order."""

    def __init__(
        self,
        release: ReleasePlan,
        config: SynthConfig,
        mint: IdMint,
        external: list[ExternalAccount],
    ) -> None:
        self.release = release
        self.config = config
        self.mint = mint
        self.external = external
        self.rng = random.Random(f"synth-timeline:{config.seed}:{release.index}")
        self.text = TextMaker(self.rng)
        self.stats = ReleaseStats()
        accounts = release.accounts
        self._prefix = {a.userid: a.user_row() for a in accounts}
        self._client = {a.userid: self.rng.choice(CLIENTS) for a in accounts}
        self._cum_weights = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(accounts))))
        tags = self.release.actor.hashtags
        self._tag_weights = list(accumulate(1.0 / (i + 1) for i in range(len(tags))))
        self._recent: deque[_Posted] = deque(maxlen=_RECENT)
        self._targets: dict[tuple[str, int], _Posted] = {}
        self._time_format = (
            "%Y-%m-%d %H:%M" if config.time_precision == "minute" else ("%Y-%m-%d %H:%M:%S")
        )

    def rows(self) -> Iterator[list[str]]:
        """Every tweet of the release, background and planted, in time order."""
        rng = self.rng
        planted = self.release.planted
        p = 0
        remaining = self.release.background
        now, end = float(self.release.start_ms), float(self.release.end_ms)
        while remaining:
            now += (end - now) * (1.0 - rng.random() ** (1.0 / remaining))
            remaining -= 1
            at = int(now)
            while p < len(planted) and planted[p].at_ms <= at:
                yield self._planted(planted[p])
                p += 1
            yield self._background(at)
        for tweet in planted[p:]:
            yield self._planted(tweet)

    # -- background -------------------------------------------------------------------------

    def _author(self) -> SynthAccount:
        accounts = self.release.accounts
        return self.rng.choices(accounts, cum_weights=self._cum_weights)[0]

    def _target(self, at: int) -> _Posted:
        """A recent tweet of the release, or (one time in five) an outside account's tweet."""
        rng = self.rng
        if self._recent and rng.random() < 0.8:
            return self._recent[rng.randrange(len(self._recent))]
        outsider = rng.choice(self.external)
        message = self.text.message("en")
        tweet_id = self.mint.tweet_id(at - rng.randrange(60_000, 30 * _DAY_MS))
        return _Posted(tweet_id, outsider.userid, outsider.handle, message.text, "en", (), (), ())

    def _background(self, at: int) -> list[str]:
        rng = self.rng
        author = self._author()
        roll = rng.random()
        if roll < 0.22:
            return self._retweet(at, author, self._target(at))
        if roll < 0.29:
            return self._original(at, author, quoted=self._target(at))
        if roll < 0.38:
            return self._original(at, author, reply_to=self._target(at))
        return self._original(at, author)

    def _hashtags(self) -> list[str]:
        rng = self.rng
        count = rng.choice((0, 0, 0, 1, 1, 2, 3))
        tags = rng.choices(self.release.actor.hashtags, cum_weights=self._tag_weights, k=count)
        return list(dict.fromkeys(tags))

    def _url(self) -> str:
        rng = self.rng
        return (
            f"https://{rng.choice(self.release.actor.domains)}/{rng.choice(URL_WORDS)}/"
            f"{rng.randrange(1, 20_000)}"
        )

    def _mentions(self, author: SynthAccount) -> list[tuple[str, str]]:
        """(userid, handle) of accounts a tweet mentions: outsiders or the release's own."""
        rng = self.rng
        if rng.random() >= 0.2:
            return []
        if rng.random() < 0.7:
            outsider = rng.choice(self.external)
            return [(outsider.userid, outsider.handle)]
        other = self._author()
        return [] if other.userid == author.userid else [(other.userid, other.handle)]

    def _original(
        self,
        at: int,
        author: SynthAccount,
        *,
        quoted: _Posted | None = None,
        reply_to: _Posted | None = None,
        hashtags: list[str] | None = None,
        urls: list[str] | None = None,
        text: str | None = None,
        language: str | None = None,
    ) -> list[str]:
        """A tweet of the author's own (optionally a quote or reply) with generated parts."""
        rng = self.rng
        tags = self._hashtags() if hashtags is None else hashtags
        links = ([self._url()] if rng.random() < 0.35 else []) if urls is None else urls
        mentioned = self._mentions(author)
        if reply_to is not None:
            mentioned = [(reply_to.userid, reply_to.handle), *mentioned]
        if text is None:
            message = self.text.message(author.language)
            if rng.random() < 0.04 and (tags or links):
                body, language = "", "und"
            else:
                body, language = message.text, message.language
            media = 1 if rng.random() < 0.15 else 0
            text = self.text.compose(
                body,
                tags,
                len(links) + media + (1 if quoted else 0),
                [h for _, h in mentioned],
                newline=rng.random() < 0.1,
            )
        tweet_id = self.mint.tweet_id(at)
        mention_ids = list(dict.fromkeys(u for u, _ in mentioned))
        posted = _Posted(
            tweet_id, author.userid, author.handle, text, language or "en",
            tuple(tags), tuple(links), tuple(mention_ids),
        )  # fmt: skip
        if reply_to is None:
            self._recent.append(posted)
        counts = [int(rng.expovariate(1 / m)) for m in (0.3, 0.6, 3.0, 2.0)]
        return self._row(
            posted,
            at,
            reply_to=reply_to,
            quoted=quoted.tweet_id if quoted else None,
            counts=counts,
        )

    def _retweet(self, at: int, author: SynthAccount, target: _Posted) -> list[str]:
        tweet_id = self.mint.tweet_id(at)
        mentions = tuple(dict.fromkeys((target.userid, *target.mentions)))
        posted = _Posted(
            tweet_id, author.userid, author.handle, self.text.retweet(target.handle, target.text),
            target.language, target.hashtags, target.urls, mentions,
        )  # fmt: skip
        return self._row(posted, at, retweet_of=target, counts=[0, 0, 0, 0])

    # -- planted ----------------------------------------------------------------------------

    def _planted(self, tweet: PlantedTweet) -> list[str]:
        group, account, at = tweet.group, tweet.account, tweet.at_ms
        if tweet.role == "decoy":
            decoy = group.decoys[tweet.event]
            if group.kind == "url":
                row = self._original(at, account, urls=[decoy.value])
            else:
                row = self._original(at, account, hashtags=[decoy.value])
            decoy.tweet = int(row[0])
            return row
        event = group.events[tweet.event]
        if tweet.role == "leader":
            row = self._original(at, account, urls=[])
            target = self._recent[-1]
            self._targets[(group.id, tweet.event)] = target
            event.target_tweet = target.tweet_id
            return row
        match group.kind:
            case "url":
                row = self._original(at, account, urls=[event.value])
            case "hashtag":
                extra = [h for h in self._hashtags()[:1] if h != event.value]
                row = self._original(at, account, hashtags=[event.value, *extra])
            case "retweet":
                row = self._retweet(at, account, self._targets[(group.id, tweet.event)])
            case "text":
                if not event.value:  # the message the group copies, drawn at its first tweet
                    body = self.text.sentence()
                    event.value = self.text.compose(body, self._hashtags(), 0, [], False)
                text = f"{self.text.near_copy(event.value)} {self.text.t_co()}"
                tags = [w[1:] for w in event.value.split(" ") if w.startswith("#")]
                row = self._original(at, account, hashtags=tags, urls=[], text=text)
        event.tweets.append(int(row[0]))
        return row

    # -- the row ----------------------------------------------------------------------------

    def _row(
        self,
        posted: _Posted,
        at: int,
        *,
        reply_to: _Posted | None = None,
        quoted: int | None = None,
        retweet_of: _Posted | None = None,
        counts: list[int],
    ) -> list[str]:
        when = datetime.fromtimestamp(at / 1000, UTC)
        client = self._client[posted.userid]
        self._count(posted, when, at, client, counts)
        empty = not (posted.hashtags or posted.urls or posted.mentions)
        lists = (
            ["", "", ""]
            if empty and self.rng.random() < 0.1
            else [repr(list(posted.hashtags)), repr(list(posted.urls)), _py_list(posted.mentions)]
        )
        return [
            str(posted.tweet_id),
            *self._prefix[posted.userid],
            posted.language,
            posted.text,
            when.strftime(self._time_format),
            client,
            reply_to.userid if reply_to else "",
            str(reply_to.tweet_id) if reply_to else "",
            str(quoted) if quoted else "",
            "true" if retweet_of else "false",
            retweet_of.userid if retweet_of else "",
            str(retweet_of.tweet_id) if retweet_of else "",
            "absent",
            "absent",
            *map(str, counts),
            *lists,
            "",
        ]

    def _count(
        self, posted: _Posted, when: datetime, at: int, client: str, counts: list[int]
    ) -> None:
        s = self.stats
        s.tweets += 1
        s.first_ms = at if s.first_ms is None else min(s.first_ms, at)
        s.last_ms = at if s.last_ms is None else max(s.last_ms, at)
        s.quotes += counts[0]
        s.replies += counts[1]
        s.likes += counts[2]
        s.retweets += counts[3]
        s.hashtags.update(posted.hashtags)
        s.domains.update(u.split("/")[2] for u in posted.urls)
        s.languages[posted.language] += 1
        s.clients[client] += 1
        s.months[f"{when.year}-{when.month:02d}"] += 1
