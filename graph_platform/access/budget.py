"""Per-key budgets: each key may spend `capacity` cost units per `window` seconds (a token
bucket refilled continuously); a request that would overspend is refused with the seconds until
it fits. State is per API process (behind a load balancer, a shared store would hold it).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the bucket is full again (or, when refused, until this fits)


class Budget:
    def __init__(self, capacity: int, window: float) -> None:
        self.capacity = capacity
        self.window = window
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def spend(self, key: str, cost: int) -> Allowance:
        rate = self.capacity / self.window
        with self._lock:
            now = time.monotonic()
            level, at = self._buckets.get(key, (float(self.capacity), now))
            level = min(self.capacity, level + (now - at) * rate)
            if cost > level:
                self._buckets[key] = (level, now)
                wait = (cost - level) / rate if cost <= self.capacity else self.window
                return Allowance(False, self.capacity, int(level), max(1, round(wait)))
            level -= cost
            self._buckets[key] = (level, now)
            full_in = (self.capacity - level) / rate
            return Allowance(True, self.capacity, int(level), round(full_in))
