"""Synthetic accounts as the users file lists them, and the personas whose handles vary.

Small accounts appear hashed (id, display name and screen name are all the same hash, as in the
real releases); accounts above 5,000 followers keep a clear numeric id, handle and display name.
A persona is one actor's prominent identity re-registered under handle variants (TEN_GOP,
ten_gop, TEN_GOP_) — distinct accounts that entity resolution should link.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from graph_platform.synth.actor import Actor
from graph_platform.synth.mint import CLEAR_ID_FOLLOWERS, IdMint
from graph_platform.synth.vocabulary import (
    DESCRIPTIONS,
    EMOJI,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    REPORTED_LOCATIONS,
    T_CO_ALPHABET,
)

USER_COLUMNS: tuple[str, ...] = (
    "userid",
    "user_display_name",
    "user_screen_name",
    "user_reported_location",
    "user_profile_description",
    "user_profile_url",
    "follower_count",
    "following_count",
    "account_creation_date",
    "account_language",
)


@dataclass(frozen=True)
class Persona:
    """A prominent identity of an actor: base handle (TEN_GOP) and display name parts."""

    handle: str
    region_code: str
    region: str
    topic: str

    def handle_variant(self, n: int) -> str:
        """The n-th handle spelling: as is, lower case, trailing underscore, then numbered."""
        forms = (self.handle, self.handle.lower(), f"{self.handle}_", f"{self.handle}2")
        return forms[n % len(forms)]

    def display_variant(self, n: int) -> str:
        forms = (
            f"{self.region} {self.topic}",
            f"{self.region} {self.topic} 🇺🇸",
            f"{self.region_code} {self.topic}",
            f"{self.region} {self.topic} (Unofficial)",
        )
        return forms[n % len(forms)]


@dataclass(frozen=True)
class SynthAccount:
    """One account of a release; `handle` is the real screen name even when the file hashes it."""

    userid: str
    handle: str
    display_name: str
    reported_location: str
    description: str
    profile_url: str
    followers: int
    following: int
    created: date
    language: str
    persona: str | None = None

    @property
    def hashed(self) -> bool:
        return self.followers <= CLEAR_ID_FOLLOWERS

    @property
    def screen_name(self) -> str:
        """The screen name as the archive writes it (the id hash for small accounts)."""
        return self.userid if self.hashed else self.handle

    @property
    def shown_name(self) -> str:
        return self.userid if self.hashed else self.display_name

    def user_row(self) -> list[str]:
        """The account's row of the users file, in USER_COLUMNS order."""
        return [
            self.userid,
            self.shown_name,
            self.screen_name,
            self.reported_location,
            self.description,
            self.profile_url,
            str(self.followers),
            str(self.following),
            self.created.isoformat(),
            self.language,
        ]


class AccountFactory:
    """Makes the accounts of one actor's releases, created in the years before `before`."""

    def __init__(self, rng: random.Random, mint: IdMint, actor: Actor, before: date) -> None:
        self.rng = rng
        self.mint = mint
        self.actor = actor
        self.before = before

    def t_co(self) -> str:
        return "https://t.co/" + "".join(self.rng.choices(T_CO_ALPHABET, k=10))

    def _created(self) -> date:
        return self.before - timedelta(days=self.rng.randrange(30, 8 * 365))

    def _handle(self, first: str, last: str) -> str:
        style = self.rng.randrange(4)
        if style == 0:  # auto-generated, like CathyTo47590555
            handle = f"{first}{last[:2]}{self.rng.randrange(10**7, 10**8)}"
        elif style == 1:
            handle = f"{first}_{last}"
        elif style == 2:
            handle = f"{first.lower()}{last.lower()}{self.rng.randrange(10, 100)}"
        else:
            handle = f"{last}{first[0]}_{self.rng.randrange(1, 1000)}"
        return handle[:15]

    def account(self, key: str) -> SynthAccount:
        """An ordinary account; about one in eight is large enough to keep its clear id."""
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        followers = min(int(math.exp(rng.gauss(6.5, 1.8))), 3_000_000)
        return self._make(
            key,
            handle=self._handle(first, last),
            display=f"{first} {last}" + (f" {rng.choice(EMOJI)}" if rng.random() < 0.2 else ""),
            followers=followers,
        )

    def persona_account(self, key: str, persona: Persona, variant: int) -> SynthAccount:
        """The `variant`-th account of a persona: large (clear id), with a handle variant."""
        followers = self.rng.randrange(CLEAR_ID_FOLLOWERS + 1_000, 150_000)
        return self._make(
            key,
            handle=persona.handle_variant(variant),
            display=persona.display_variant(variant),
            followers=followers,
            persona=persona.handle,
        )

    def _make(
        self, key: str, handle: str, display: str, followers: int, persona: str | None = None
    ) -> SynthAccount:
        rng = self.rng
        created = self._created()
        hashed = followers <= CLEAR_ID_FOLLOWERS
        userid = self.mint.hashed_user_id(key) if hashed else self.mint.clear_user_id(created.year)
        description = rng.choice(DESCRIPTIONS).format(place=rng.choice(PLACES), name=display)
        return SynthAccount(
            userid=userid,
            handle=handle,
            display_name=display,
            reported_location=rng.choice(REPORTED_LOCATIONS),
            description=description,
            profile_url=self.t_co() if rng.random() < 0.3 else "",
            followers=followers,
            following=int(math.exp(rng.gauss(5.5, 1.2))),
            created=created,
            language=rng.choice(self.actor.languages),
            persona=persona,
        )
