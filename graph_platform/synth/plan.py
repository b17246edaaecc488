"""The planted structure of a run, decided before any row is written.

Each release is one operation of an actor: its accounts (some of them handle variants of the
actor's personas) and its coordinated groups. A group is a set of member accounts that, in each
of its events, post within a few seconds of each other: the same URL, the same campaign hashtag,
a retweet of the same tweet, or near-identical text. Decoys post the same URL or hashtag hours
later, so only the time window tells coordination from coincidence.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from graph_platform.synth.account import AccountFactory, Persona, SynthAccount
from graph_platform.synth.actor import PERSONA_REGIONS, PERSONA_TOPICS, Actor, actor_for_release
from graph_platform.synth.config import SynthConfig
from graph_platform.synth.mint import IdMint
from graph_platform.synth.vocabulary import ADJECTIVES, FIRST_NAMES, LAST_NAMES, PLACES, URL_WORDS

GroupKind = Literal["url", "hashtag", "retweet", "text"]
KINDS: tuple[GroupKind, ...] = ("url", "hashtag", "retweet", "text")
Role = Literal["member", "leader", "decoy"]

_HOUR_MS = 3_600_000
_DAY_MS = 24 * _HOUR_MS


@dataclass
class EventPlan:
    """One burst of a group; `tweets` (and the retweeted `target_tweet`) are filled when written."""

    at_ms: int
    value: str  # the URL, hashtag or base text; empty for retweets (the target is minted later)
    accounts: list[SynthAccount]
    tweets: list[int] = field(default_factory=list)
    target_tweet: int | None = None


@dataclass
class Decoy:
    """A non-member posting a group's URL or hashtag outside its time window."""

    account: SynthAccount
    at_ms: int
    value: str
    tweet: int | None = None


@dataclass
class GroupPlan:
    id: str
    kind: GroupKind
    members: list[SynthAccount]
    leader: SynthAccount | None  # the account whose tweets a retweet group amplifies
    hashtag: str | None  # the campaign hashtag of a hashtag group
    events: list[EventPlan] = field(default_factory=list)
    decoys: list[Decoy] = field(default_factory=list)


@dataclass(frozen=True)
class PlantedTweet:
    """A tweet the timeline must write at `at_ms` for a group's event or decoy."""

    at_ms: int
    order: int
    account: SynthAccount
    group: GroupPlan
    event: int
    role: Role


@dataclass
class ReleasePlan:
    index: int
    release: str
    actor: Actor
    affiliation: str  # the name variant this release gives its actor
    accounts: list[SynthAccount]
    tweets: int
    start_ms: int
    end_ms: int
    takedown: date  # when the release was published (a month after its last planned day)
    groups: list[GroupPlan] = field(default_factory=list)
    planted: list[PlantedTweet] = field(default_factory=list)

    @property
    def background(self) -> int:
        return self.tweets - len(self.planted)


@dataclass(frozen=True)
class ExternalAccount:
    """An account outside every release that tweets get mentioned in, replied to or retweeted."""

    userid: str
    handle: str


@dataclass
class RunPlan:
    config: SynthConfig
    releases: list[ReleasePlan]
    personas: list[tuple[Actor, Persona, list[tuple[str, SynthAccount]]]]
    external: list[ExternalAccount]
    mint: IdMint


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def plan_run(config: SynthConfig) -> RunPlan:
    """Everything planted in a run; deterministic for `config` (the seed included)."""
    rng = random.Random(f"synth-plan:{config.seed}")
    mint = IdMint(config.seed, rng)
    start = datetime.combine(config.start, time(), tzinfo=UTC)
    end = start + timedelta(days=config.days)
    takedown = end + timedelta(days=31)
    start_ms, end_ms = _ms(start), _ms(end)

    release_names: list[str] = []
    actors: list[tuple[Actor, str]] = []
    for r in range(config.releases):
        actor, affiliation = actor_for_release(r)
        stem = f"{config.prefix}_{actor.slug}_{takedown:%Y%m}"
        nth = sum(1 for name in release_names if name.startswith(stem + "_")) + 1
        release_names.append(f"{stem}_{nth}")
        actors.append((actor, affiliation))
    accounts_per_release = _split(config.total_accounts, config.releases)

    # Personas first: their handle variants are spread over the releases of their actor.
    combos = [
        (code, region, tcode, topic)
        for code, region in PERSONA_REGIONS
        for tcode, topic in PERSONA_TOPICS
        if len(f"{code}_{tcode}") <= 13
    ]
    rng.shuffle(combos)
    persona_slots: dict[int, list[tuple[Persona, int]]] = {r: [] for r in range(config.releases)}
    personas: list[tuple[Actor, Persona, list[tuple[str, SynthAccount]]]] = []
    for actor in dict.fromkeys(a for a, _ in actors):
        own = [r for r, (a, _) in enumerate(actors) if a is actor]
        size = sum(accounts_per_release[r] for r in own)
        for _ in range(min(max(size // 150, 1), 8)):
            if not combos:
                break
            code, region, tcode, topic = combos.pop()
            persona = Persona(f"{code}_{tcode}", code, region, topic)
            personas.append((actor, persona, []))
            for variant in range(3 if size >= 60 else 2):
                persona_slots[own[variant % len(own)]].append((persona, variant))

    by_persona = {p.handle: accounts for _, p, accounts in personas}
    releases = []
    for r, (actor, affiliation) in enumerate(actors):
        name = release_names[r]
        factory = AccountFactory(rng, mint, actor, config.start)
        accounts: list[SynthAccount] = []
        for persona, variant in persona_slots[r]:
            account = factory.persona_account(f"{name}:p{len(accounts)}", persona, variant)
            by_persona[persona.handle].append((name, account))
            accounts.append(account)
        accounts += [
            factory.account(f"{name}:{i}") for i in range(accounts_per_release[r] - len(accounts))
        ]
        rng.shuffle(accounts)
        release = ReleasePlan(
            r, name, actor, affiliation, accounts, 0, start_ms, end_ms, takedown.date()
        )
        releases.append(release)
    for release, tweets in zip(releases, _split(config.tweets, config.releases), strict=True):
        release.tweets = tweets
        _plan_groups(release, config, random.Random(f"synth-groups:{config.seed}:{release.index}"))

    external = []
    for _ in range(200):
        handle = f"{rng.choice(FIRST_NAMES)}{rng.choice(LAST_NAMES)}"[:15]
        external.append(ExternalAccount(mint.clear_user_id(2012), handle))
    return RunPlan(config, releases, personas, external, mint)


def _plan_groups(release: ReleasePlan, config: SynthConfig, rng: random.Random) -> None:
    """Groups, their events and decoys until `coordination` of the release's tweets are planted."""
    budget = round(release.tweets * config.coordination)
    accounts = release.accounts
    if budget < config.group_size[0]:
        return
    high = max(min(config.group_size[1], len(accounts) - 2), 3)
    low = min(config.group_size[0], high)
    for g in range(min(max(len(accounts) // 20, 4), 100)):
        kind = KINDS[g % len(KINDS)]
        members = rng.sample(accounts, rng.randint(low, high))
        member_ids = {a.userid for a in members}
        hashtag = None
        if kind == "hashtag":
            words = f"{rng.choice(ADJECTIVES).title()}{rng.choice(PLACES)}{release.index}{g}"
            hashtag = "".join(c for c in words if c.isalnum())
        leader = None
        if kind == "retweet":
            leader = rng.choice([a for a in accounts if a.userid not in member_ids])
        release.groups.append(GroupPlan(f"{release.release}:g{g}", kind, members, leader, hashtag))
    release.planted = _plan_events(release, config, rng, budget)


def _plan_events(
    release: ReleasePlan, config: SynthConfig, rng: random.Random, budget: int
) -> list[PlantedTweet]:
    """Events round-robin over the groups until the budget of planted tweets is spent."""
    window_ms = config.window_seconds * 1000
    earliest, latest = release.start_ms + 3 * _HOUR_MS, release.end_ms - window_ms
    planted: list[PlantedTweet] = []

    def plant(at: int, account: SynthAccount, group: GroupPlan, e: int, role: Role) -> None:
        planted.append(PlantedTweet(at, len(planted), account, group, e, role))

    while len(planted) < budget:
        added = 0
        for g, group in enumerate(release.groups):
            size = max(3, rng.randint(math.ceil(0.7 * len(group.members)), len(group.members)))
            if len(planted) >= budget or len(planted) + size + 2 > release.tweets:
                break
            e = len(group.events)
            at = rng.randrange(earliest, latest)
            value = group.hashtag or ""
            if group.kind == "url":
                place = "".join(c for c in rng.choice(PLACES).lower() if c.isalnum())
                value = (
                    f"https://{rng.choice(release.actor.domains)}/{rng.choice(URL_WORDS)}/"
                    f"{rng.choice(ADJECTIVES)}-{place}-{release.index}-{g}-{e}"
                )
            event = EventPlan(at, value, rng.sample(group.members, size))
            group.events.append(event)
            offsets = sorted(rng.randrange(window_ms + 1) for _ in event.accounts)
            for account, offset in zip(event.accounts, offsets, strict=True):
                plant(at + offset - offsets[0], account, group, e, "member")  # first opens it
            if group.leader is not None:
                plant(
                    at - rng.randrange(2 * 60_000, 2 * _HOUR_MS), group.leader, group, e, "leader"
                )
            if group.kind in ("url", "hashtag") and rng.random() < 0.3:
                decoy_at = at + rng.randrange(_HOUR_MS, 3 * _DAY_MS)
                member_ids = {a.userid for a in group.members}
                if decoy_at < release.end_ms:
                    outsider = rng.choice(
                        [a for a in release.accounts if a.userid not in member_ids]
                    )
                    group.decoys.append(Decoy(outsider, decoy_at, value))
                    plant(decoy_at, outsider, group, len(group.decoys) - 1, "decoy")
            added += 1
        if added == 0:
            break
    planted.sort(key=lambda p: (p.at_ms, p.order))
    return planted
