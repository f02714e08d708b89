"""GCRA and the limiter interface the backends implement (memory.py, sqlite_limiter.py,
redis_limiter.py); the package chooses a backend by store URL. A leaf: the backends import it,
not the package, so nothing imports in a circle."""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger("msgcheck.web.ratelimit")

__all__ = ["ALLOWED", "Decision", "RateLimiter", "SharedRateLimiter", "gcra"]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0      # seconds until the same request would be allowed

    @property
    def retry_after_header(self) -> str:
        return str(max(1, math.ceil(self.retry_after)))


ALLOWED = Decision(True)


def gcra(tat: float | None, now: float, interval: float, burst: int, cost: int) -> tuple[bool, float | None, float]:
    """One GCRA step in seconds -> (allowed, TAT to store or None, seconds to wait when refused).
    A TAT more than one burst ahead means the clock went back (or a file outlived a reboot): it
    is clamped to "burst just spent" and stored, so a clock step never locks a key out."""
    write = None
    if tat is None or tat < now:
        tat = now
    elif tat > now + burst * interval:
        tat = write = now + burst * interval
    new_tat = tat + cost * interval
    allow_at = new_tat - burst * interval
    if allow_at > now:
        return False, write, allow_at - now
    return True, new_tat, 0.0


class RateLimiter:
    """Base: `hit(key, cost)` decides and, when allowed, consumes."""

    backend = "none"
    #: whether every worker (process) sees the same allowance
    shared = False

    def __init__(self, rate: float, burst: int):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst = float(rate), int(burst)

    def units(self, cost: int) -> int:
        return max(1, min(int(cost), self.burst))  # a request larger than the burst could never pass

    def hit(self, key: str, cost: int = 1) -> Decision:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass


class SharedRateLimiter(RateLimiter):
    """A limiter on an outside store: fail open while the store is down, log the outage once."""

    shared = True

    def __init__(self, rate: float, burst: int, *, retry_after: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(rate, burst)
        self.retry_after = retry_after
        self._monotonic = monotonic
        self._down_since: float | None = None
        self._state_lock = threading.Lock()

    def hit(self, key: str, cost: int = 1) -> Decision:
        if self._down_since is not None:
            with self._state_lock:
                if self._down_since is not None and self._monotonic() - self._down_since < self.retry_after:
                    return ALLOWED
        try:
            d = self._hit(key, self.units(cost))
        except self.errors as exc:
            self.failed(exc)
            return ALLOWED
        if self._down_since is not None:
            self.recovered()
        return d

    errors: tuple[type[BaseException], ...] = ()
    #: called with each exception the store raises (the server counts them: web.metrics)
    on_error: Callable[[BaseException], None] | None = None

    def _hit(self, key: str, cost: int) -> Decision:  # pragma: no cover - abstract
        raise NotImplementedError

    def failed(self, exc: BaseException) -> None:
        if self.on_error is not None:
            self.on_error(exc)
        with self._state_lock:
            first = self._down_since is None
            self._down_since = self._monotonic()
        if first:
            log.warning("rate limiter: %s failed (%s); requests are not rate limited until it recovers",
                        self.backend, type(exc).__name__)

    def recovered(self) -> None:
        with self._state_lock:
            if self._down_since is None:
                return
            self._down_since = None
        log.info("rate limiter: %s reachable again; rate limiting resumes", self.backend)
