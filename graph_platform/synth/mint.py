"""Identifiers shaped like the real archive's: hashed and clear user ids, snowflake tweet ids.

Twitter published small accounts (≤ 5,000 followers) under a base64-encoded SHA-256 hash and
larger ones under their numeric id. Tweet ids are snowflakes: milliseconds since Twitter's epoch
in the high bits, so a tweet's id tells its time to the millisecond even where `tweet_time`
only gives the minute.
"""

from __future__ import annotations

import base64
import hashlib
import random

TWITTER_EPOCH_MS = 1_288_834_974_657
_SEQUENCE_BITS = 22
#: Accounts above this many followers keep their clear id (and handle) in the archives.
CLEAR_ID_FOLLOWERS = 5_000


def snowflake_ms(tweet_id: int) -> int:
    """Unix time in milliseconds at which the snowflake `tweet_id` was minted."""
    return (tweet_id >> _SEQUENCE_BITS) + TWITTER_EPOCH_MS


class IdMint:
    """Mints unique ids for one run; deterministic for a seed."""

    def __init__(self, seed: int, rng: random.Random) -> None:
        self.seed = seed
        self.rng = rng
        self._clear_ids: set[str] = set()
        self._tweets = 0

    def hashed_user_id(self, key: str) -> str:
        """A base64 SHA-256 digest, as the archives give small accounts' ids (44 characters)."""
        digest = hashlib.sha256(f"synth:{self.seed}:{key}".encode()).digest()
        return base64.b64encode(digest).decode("ascii")

    def clear_user_id(self, created_year: int) -> str:
        """A numeric user id; accounts made since 2016 get snowflake-sized ones, like Twitter's."""
        while True:
            if created_year >= 2016:
                candidate = str(
                    self.rng.randrange(700_000_000_000_000_000, 1_200_000_000_000_000_000)
                )
            else:
                candidate = str(self.rng.randrange(10_000_000, 4_900_000_000))
            if candidate not in self._clear_ids:
                self._clear_ids.add(candidate)
                return candidate

    def tweet_id(self, unix_ms: int) -> int:
        """A snowflake for a tweet at `unix_ms`; a counter in the low bits keeps each one unique."""
        self._tweets += 1
        sequence = self._tweets & ((1 << _SEQUENCE_BITS) - 1)
        return ((unix_ms - TWITTER_EPOCH_MS) << _SEQUENCE_BITS) | sequence
