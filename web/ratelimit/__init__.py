"""Per-key rate limiting with GCRA (generic cell rate algorithm), chosen by the store URL.

GCRA keeps one number per key, the theoretical arrival time (TAT): a request of cost n at time
`now` is allowed when TAT + n·T − B·T <= now (T = 1/rate, B = burst) and then moves TAT to
max(TAT, now) + n·T. A refused request learns exactly when it would pass: Retry-After.

The backend follows the broadcast store URL, as the `limits` library chooses its storage:

    redis:// rediss://   one Lua script on the Redis clock: shared by every worker and machine
    sqlite:///path       a row per key in that database file (WAL, BEGIN IMMEDIATE): shared by
                         every worker on the machine
    memory://, none      in the worker's memory: with W gunicorn workers a key may get up to
                         W × the rate (start-up says so)

A shared backend that fails never fails a request: the limiter lets traffic through, logs the
outage once and tries again after `retry_after` seconds. A new backend is one module plus one
line in _BACKENDS.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

log = logging.getLogger("msgcheck.web.ratelimit")

__all__ = ["Decision", "RateLimiter", "SharedRateLimiter", "gcra", "open_limiter", "MemoryRateLimiter",
           "SQLiteRateLimiter", "RedisRateLimiter", "redis_client_url", "sqlite_path"]


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

    def _hit(self, key: str, cost: int) -> Decision:  # pragma: no cover - abstract
        raise NotImplementedError

    def failed(self, exc: BaseException) -> None:
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


from .memory import MemoryRateLimiter  # noqa: E402
from .redis_limiter import RedisRateLimiter, redis_client_url  # noqa: E402
from .sqlite_limiter import SQLiteRateLimiter, sqlite_path  # noqa: E402


def _memory(url, rate, burst, clock):
    return MemoryRateLimiter(rate, burst, **({"clock": clock} if clock else {}))


def _sqlite(url, rate, burst, clock):
    return SQLiteRateLimiter(rate, burst, sqlite_path(url), **({"clock": clock} if clock else {}))


def _redis(url, rate, burst, clock):
    client_url, timeout, prefix = redis_client_url(url)
    return RedisRateLimiter(rate, burst, client_url, prefix=f"{prefix}:rl", timeout=timeout, clock=clock)


_BACKENDS: dict[str, Callable[..., RateLimiter]] = {
    "": _memory, "memory": _memory, "sqlite": _sqlite, "redis": _redis, "rediss": _redis,
}


def open_limiter(store_url: str | None, rate: float, burst: int,
                 clock: Callable[[], float] | None = None) -> RateLimiter | None:
    """The limiter for this store URL; None when rate is 0 (limiting off). `clock` (seconds)
    replaces the backend's own clock: tests move time by hand."""
    if not rate:
        return None
    scheme = urlsplit(store_url).scheme.lower() if store_url else ""
    opener = _BACKENDS.get(scheme, _memory)  # open_store has already rejected unknown schemes
    return opener(store_url, rate, burst, clock)
