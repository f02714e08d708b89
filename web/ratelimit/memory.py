"""The in-process limiter: no store, or memory://. Each gunicorn worker keeps its own TATs, so a
key may get up to workers × the rate; `msgcheck serve` says so at start-up."""
from __future__ import annotations

import threading
import time
from typing import Callable

from .base import ALLOWED, Decision, RateLimiter, gcra


class MemoryRateLimiter(RateLimiter):
    backend = "memory"
    shared = False

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        super().__init__(rate, burst)
        self.clock = clock
        self._tat: dict[str, float] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, cost: int = 1) -> Decision:
        cost = self.units(cost)
        with self._lock:
            now = self.clock()
            allowed, new_tat, wait = gcra(self._tat.get(key), now, 1.0 / self.rate, self.burst, cost)
            if new_tat is not None:
                self._tat[key] = new_tat
            if not allowed:
                return Decision(False, wait)
            if len(self._tat) > 10_000:  # keys whose TAT has passed hold no state worth keeping
                self._tat = {k: v for k, v in self._tat.items() if v > now}
            return ALLOWED
