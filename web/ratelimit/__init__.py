"""Per-key rate limiting with GCRA (generic cell rate algorithm), in memory or in Redis.

GCRA keeps one number per key, the theoretical arrival time (TAT): a request of cost n at time
`now` is allowed when TAT + n·T − B·T <= now (T = 1/rate, B = burst) and then moves TAT to
max(TAT, now) + n·T. A refused request learns exactly when it would pass: Retry-After.

The backend follows the broadcast store URL: redis:// (or rediss://) shares the limit between
workers and machines through one atomic Lua script using the Redis server's clock; anything
else (memory://, sqlite://, none) keeps the limit in the worker's memory, so with W gunicorn
workers a key may get up to W × the rate. A Redis failure never fails a request: the limiter
lets traffic through, logs the outage once and tries Redis again after `retry_after` seconds.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

log = logging.getLogger("msgcheck.web.ratelimit")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0      # seconds until the same request would be allowed

    @property
    def retry_after_header(self) -> str:
        return str(max(1, math.ceil(self.retry_after)))


class RateLimiter:
    """Base: `hit(key, cost)` decides and, when allowed, consumes."""

    backend = "none"

    def __init__(self, rate: float, burst: int):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst = float(rate), int(burst)

    def hit(self, key: str, cost: int = 1) -> Decision:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass


class MemoryRateLimiter(RateLimiter):
    backend = "memory"

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        super().__init__(rate, burst)
        self.clock = clock
        self._tat: dict[str, float] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, cost: int = 1) -> Decision:
        cost = max(1, min(int(cost), self.burst))  # a request larger than the burst could never pass
        t = 1.0 / self.rate
        with self._lock:
            now = self.clock()
            tat = max(self._tat.get(key, now), now)
            new_tat = tat + cost * t
            allow_at = new_tat - self.burst * t
            if allow_at > now:
                return Decision(False, allow_at - now)
            self._tat[key] = new_tat
            if len(self._tat) > 10_000:  # keys whose TAT has passed hold no state worth keeping
                self._tat = {k: v for k, v in self._tat.items() if v > now}
            return Decision(True)


_LUA = r"""
local key = KEYS[1]
local t_us, burst_us, inc_us = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local new_tat = tat + inc_us
local allow_at = new_tat - burst_us
if allow_at > now then
  return {0, allow_at - now}
end
redis.call('SET', key, string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
return {1, 0}
"""


class RedisRateLimiter(RateLimiter):
    backend = "redis"

    def __init__(self, rate: float, burst: int, url: str, *, prefix: str = "msgcheck:rl",
                 timeout: float = 0.25, retry_after: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(rate, burst)
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._redis = redis
        self._client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                            retry=Retry(NoBackoff(), 0), retry_on_timeout=False)
        self._script = self._client.register_script(_LUA)
        self.prefix = prefix
        self.retry_after = retry_after
        self._monotonic = monotonic
        self._down_since: float | None = None
        self._lock = threading.Lock()

    def hit(self, key: str, cost: int = 1) -> Decision:
        cost = max(1, min(int(cost), self.burst))
        t_us = 1_000_000 / self.rate
        with self._lock:
            if self._down_since is not None and self._monotonic() - self._down_since < self.retry_after:
                return Decision(True)  # fail open while Redis is down
        try:
            allowed, wait_us = self._script(keys=[f"{self.prefix}:{key}"],
                                            args=[repr(t_us), repr(self.burst * t_us), repr(cost * t_us)])
        except self._redis.RedisError as exc:
            with self._lock:
                first = self._down_since is None
                self._down_since = self._monotonic()
            if first:
                log.warning("rate limiter: Redis failed (%s); requests are not rate limited until it "
                            "recovers", type(exc).__name__)
            return Decision(True)
        with self._lock:
            if self._down_since is not None:
                log.info("rate limiter: Redis reachable again; rate limiting resumes")
                self._down_since = None
        return Decision(bool(int(allowed)), int(wait_us) / 1_000_000)

    def close(self) -> None:
        self._client.close()


def redis_client_url(store_url: str) -> tuple[str, float, str]:
    """Split msgcheck's own ?timeout= and ?prefix= options off a store URL for redis-py."""
    parts = urlsplit(store_url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    timeout = float(params.pop("timeout", 0.25) or 0.25)
    prefix = params.pop("prefix", "msgcheck") or "msgcheck"
    return urlunsplit(parts._replace(query=urlencode(params))), timeout, prefix


def open_limiter(store_url: str | None, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> RateLimiter | None:
    """The limiter for this store URL; None when rate is 0 (limiting off)."""
    if not rate:
        return None
    scheme = (store_url or "").split("://", 1)[0].lower()
    if scheme in ("redis", "rediss"):
        url, timeout, prefix = redis_client_url(store_url)
        return RedisRateLimiter(rate, burst, url, prefix=f"{prefix}:rl", timeout=timeout)
    return MemoryRateLimiter(rate, burst, clock)
