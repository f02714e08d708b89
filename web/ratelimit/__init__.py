"""Per-key rate limiting with GCRA (generic cell rate algorithm), chosen by the store URL.

GCRA keeps one number per key, the theoretical arrival time (TAT): a request of cost n at time
`now` is allowed when TAT + n·T − B·T <= now (T = 1/rate, B = burst) and then moves TAT to
max(TAT, now) + n·T. A refused request learns exactly when it would pass: Retry-After.

The backend follows the broadcast store URL, as the `limits` library chooses its storage:

    redis:// rediss://   one Lua script on the Redis clock: shared by every worker and machine
    redis+cluster://     the same script on a Redis Cluster, in the slot of the API key's key
    sqlite:///path       a row per key in that database file (WAL, BEGIN IMMEDIATE): shared by
                         every worker on the machine
    memory://, none      in the worker's memory: with W gunicorn workers a key may get up to
                         W × the rate (start-up says so)

A shared backend that fails never fails a request: the limiter lets traffic through, logs the
outage once and tries again after `retry_after` seconds. A new backend is one module plus one
line in _BACKENDS.
"""
from __future__ import annotations

from typing import Callable

from checker.storage import parse_store_url

from .base import ALLOWED, Decision, RateLimiter, SharedRateLimiter, gcra
from .memory import MemoryRateLimiter
from .redis_cluster_limiter import RedisClusterRateLimiter
from .redis_limiter import RedisRateLimiter, redis_client_url
from .sqlite_limiter import SQLiteRateLimiter, sqlite_path

__all__ = ["ALLOWED", "Decision", "RateLimiter", "SharedRateLimiter", "gcra", "open_limiter", "MemoryRateLimiter",
           "SQLiteRateLimiter", "RedisRateLimiter", "RedisClusterRateLimiter", "redis_client_url", "sqlite_path"]



def _memory(url, rate, burst, clock):
    return MemoryRateLimiter(rate, burst, **({"clock": clock} if clock else {}))


def _sqlite(url, rate, burst, clock):
    return SQLiteRateLimiter(rate, burst, sqlite_path(url), **({"clock": clock} if clock else {}))


def _redis(url, rate, burst, clock):
    client_url, timeout, prefix = redis_client_url(url)
    return RedisRateLimiter(rate, burst, client_url, prefix=f"{prefix}:rl", timeout=timeout, clock=clock)


def _redis_cluster(url, rate, burst, clock):
    u = parse_store_url(url)
    return RedisClusterRateLimiter(rate, burst, url, prefix=f"{u.prefix or 'msgcheck'}:rl", timeout=u.timeout or 0.25,
                                   clock=clock)


_BACKENDS: dict[str, Callable[..., RateLimiter]] = {
    "": _memory, "memory": _memory, "sqlite": _sqlite, "redis": _redis, "rediss": _redis,
    "redis+cluster": _redis_cluster, "rediss+cluster": _redis_cluster,
}


def open_limiter(store_url: str | None, rate: float, burst: int,
                 clock: Callable[[], float] | None = None) -> RateLimiter | None:
    """The limiter for this store URL; None when rate is 0 (limiting off). `clock` (seconds)
    replaces the backend's own clock: tests move time by hand."""
    if not rate:
        return None
    scheme = parse_store_url(store_url).scheme if store_url else ""
    opener = _BACKENDS.get(scheme, _memory)  # open_store has already rejected unknown schemes
    return opener(store_url, rate, burst, clock)
