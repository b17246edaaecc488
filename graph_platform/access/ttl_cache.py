"""A value recomputed at most every `seconds` (one computation at a time, others wait for it)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TtlValue(Generic[T]):
    def __init__(self, compute: Callable[[], Awaitable[T]], seconds: float) -> None:
        self.compute = compute
        self.seconds = seconds
        self._value: T | None = None
        self._at = -float("inf")
        self._lock = asyncio.Lock()

    async def get(self) -> T:
        if time.monotonic() - self._at < self.seconds and self._value is not None:
            return self._value
        async with self._lock:
            if time.monotonic() - self._at >= self.seconds or self._value is None:
                self._value = await self.compute()
                self._at = time.monotonic()
            return self._value

    def forget(self) -> None:
        self._at = -float("inf")
